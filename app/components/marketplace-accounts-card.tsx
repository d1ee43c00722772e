import { useFetcher, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";

export interface AccountSummary {
  id: number;
  name: string;
  marketplaceName: string;
  enabled: boolean;
}

const CONNECTABLE = [
  { marketplace: "ebay", label: "Connect eBay" },
  { marketplace: "etsy", label: "Connect Etsy" },
] as const;

/**
 * "Connect" asks the server for the marketplace's consent URL with a fresh state (POST /connect/<marketplace>),
 * then opens it in the top window: embedded in the Shopify admin, eBay and Etsy refuse to load in the frame.
 */
function ConnectButton({ marketplace, label }: (typeof CONNECTABLE)[number]) {
  const fetcher = useFetcher<{ authorizeUrl: string } | { error: string }>();
  const [searchParams] = useSearchParams();
  // Sandbox: `?shop=` picks the shop, so it goes along.
  const shop = searchParams.get("shop");
  const action = `/connect/${marketplace}${shop ? `?${new URLSearchParams({ shop })}` : ""}`;
  const data = fetcher.data;
  useEffect(() => {
    if (data && "authorizeUrl" in data) window.open(data.authorizeUrl, "_top");
  }, [data]);
  return (
    <BlockStack gap="100">
      <Button loading={fetcher.state !== "idle"} onClick={() => fetcher.submit(null, { method: "post", action })}>
        {label}
      </Button>
      {data && "error" in data ? (
        <Text as="p" tone="critical" variant="bodySm">
          {data.error}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** The shop's marketplace accounts, and buttons to connect more. */
export function MarketplaceAccountsCard({ accounts }: { accounts: AccountSummary[] }) {
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
            {accounts.map((a) => (
              <InlineStack key={a.id} gap="200" blockAlign="center">
                <Text as="span">
                  {a.marketplaceName} · {a.name}
                </Text>
                {a.enabled ? <Badge tone="success">Importing</Badge> : <Badge>Paused</Badge>}
              </InlineStack>
            ))}
          </BlockStack>
        )}
        <InlineStack gap="200">
          {CONNECTABLE.map((c) => (
            <ConnectButton key={c.marketplace} {...c} />
          ))}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
