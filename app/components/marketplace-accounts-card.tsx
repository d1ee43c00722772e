import { useLocation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { polarisTone } from "./polaris-tone";
import {
  accountStatusLook,
  isConnectable,
  MARKETPLACE_CONNECTS,
  reconnectLabel,
  useMarketplaceConnect,
  type AccountSummary,
  type ConnectableMarketplace,
} from "./use-marketplace-connect";

/** Connect (or Reconnect, `region` given: the account's). Amazon's asks for the region first. */
export function ConnectButton({
  marketplace,
  label,
  region,
}: {
  marketplace: ConnectableMarketplace;
  label: string;
  region?: string;
}) {
  const { connect, busy, error, regionChoice } = useMarketplaceConnect(marketplace, "shopify", region);
  return (
    <BlockStack gap="100">
      <InlineStack gap="100" blockAlign="center">
        {regionChoice ? (
          <Select
            label="Amazon region"
            labelHidden
            options={regionChoice.options.map((c) => ({ value: c.value, label: c.label }))}
            value={regionChoice.value}
            onChange={regionChoice.set}
          />
        ) : null}
        <Button loading={busy} onClick={connect}>
          {label}
        </Button>
      </InlineStack>
      {error ? (
        <Text as="p" tone="critical" variant="bodySm">
          {error}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** The shop's marketplace accounts, and buttons to connect more (BigCommerce's twin: bc/marketplace-accounts-panel.tsx). */
export function MarketplaceAccountsCard({ accounts }: { accounts: AccountSummary[] }) {
  // Keeps the sandbox's ?shop= on the way to the account's page.
  const search = new URLSearchParams(useLocation().search).get("shop");
  const query = search ? `?${new URLSearchParams({ shop: search })}` : "";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Marketplace accounts
        </Text>
        {accounts.length === 0 ? (
          <Text as="p" tone="subdued">
            No marketplace account connected yet.
          </Text>
        ) : (
          <BlockStack gap="100">
            {accounts.map((a) => {
              const status = accountStatusLook(a);
              return (
                <InlineStack key={a.id} gap="200" blockAlign="center">
                  <Link url={`/app/accounts/${a.id}${query}`} removeUnderline>
                    {a.marketplaceName} · {a.name}
                  </Link>
                  <Badge tone={polarisTone(status.tone)}>{status.label}</Badge>
                  {a.expired && isConnectable(a.marketplace) ? (
                    <ConnectButton
                      marketplace={a.marketplace}
                      label={reconnectLabel(a.marketplace)}
                      region={a.region}
                    />
                  ) : null}
                </InlineStack>
              );
            })}
          </BlockStack>
        )}
        <InlineStack gap="200">
          {MARKETPLACE_CONNECTS.map((c) => (
            <ConnectButton key={c.marketplace} {...c} />
          ))}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
