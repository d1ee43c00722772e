import { Badge, Box, Button, Flex, Panel, Select, Small, Text } from "@bigcommerce/big-design";
import { useLocation } from "@remix-run/react";
import {
  accountStatusLook,
  isConnectable,
  MARKETPLACE_CONNECTS,
  reconnectLabel,
  useMarketplaceConnect,
  type AccountSummary,
  type ConnectableMarketplace,
} from "../use-marketplace-connect";
import { RouteLink } from "./route-link";
import { badgeVariant } from "./tone";

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
  const { connect, busy, error, regionChoice } = useMarketplaceConnect(marketplace, "bigcommerce", region);
  return (
    <Box>
      <Flex flexDirection="row" flexGap="0.5rem" alignItems="center">
        {regionChoice ? (
          <Select
            aria-label="Amazon region"
            options={regionChoice.options.map((c) => ({ value: c.value, content: c.label }))}
            value={regionChoice.value}
            onOptionChange={(v: string) => regionChoice.set(v)}
          />
        ) : null}
        <Button variant="secondary" isLoading={busy} onClick={connect} marginBottom="none">
          {label}
        </Button>
      </Flex>
      {error ? (
        <Small color="danger" marginTop="xSmall" marginBottom="none">
          {error}
        </Small>
      ) : null}
    </Box>
  );
}

/** The store's marketplace accounts, and buttons to connect more (Shopify's twin: ../marketplace-accounts-card.tsx). */
export function MarketplaceAccountsPanel({ accounts }: { accounts: AccountSummary[] }) {
  // Keeps the sandbox's ?store= on the way to the account's page.
  const store = new URLSearchParams(useLocation().search).get("store");
  const query = store ? `?${new URLSearchParams({ store })}` : "";
  return (
    <Panel header="Marketplace accounts" marginBottom="medium">
      {accounts.length === 0 ? (
        <Text color="secondary60">No marketplace account connected yet.</Text>
      ) : (
        <Flex flexDirection="column" flexGap="0.5rem" marginBottom="medium">
          {accounts.map((a) => {
            const status = accountStatusLook(a);
            return (
              <Flex key={a.id} flexDirection="row" alignItems="center" flexGap="0.5rem">
                <RouteLink to={`/bc/accounts/${a.id}${query}`}>
                  {a.marketplaceName} · {a.name}
                </RouteLink>
                <Badge label={status.label} variant={badgeVariant(status.tone)} />
                {a.expired && isConnectable(a.marketplace) ? (
                  <ConnectButton marketplace={a.marketplace} label={reconnectLabel(a.marketplace)} region={a.region} />
                ) : null}
              </Flex>
            );
          })}
        </Flex>
      )}
      <Flex flexDirection="row" flexGap="0.75rem" flexWrap="wrap" alignItems="flex-start">
        {MARKETPLACE_CONNECTS.map((c) => (
          <ConnectButton key={c.marketplace} {...c} />
        ))}
      </Flex>
    </Panel>
  );
}
