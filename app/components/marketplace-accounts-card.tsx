import { useLocation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
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

function ConnectButton({ marketplace, label }: { marketplace: ConnectableMarketplace; label: string }) {
  const { connect, busy, error } = useMarketplaceConnect(marketplace, "shopify");
  return (
    <BlockStack gap="100">
      <Button loading={busy} onClick={connect}>
        {label}
      </Button>
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
                    <ConnectButton marketplace={a.marketplace} label={reconnectLabel(a.marketplace)} />
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
