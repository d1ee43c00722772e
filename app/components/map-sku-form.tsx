import { Form } from "@remix-run/react";
import { BlockStack, Button, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

/**
 * Polaris form of the Order page for an order that failed before reaching the shop: sell one of its marketplace SKUs
 * as a SKU the shop has (posts intent=map-sku; the mapping applies to later orders too, and the order is retried).
 */
export function MapSkuForm({ skus, platformName, busy }: { skus: string[]; platformName: string; busy: boolean }) {
  const [marketplaceSku, setMarketplaceSku] = useState(skus[0] ?? "");
  const [shopSku, setShopSku] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="map-sku" />
      <BlockStack gap="200">
        <Text as="p" variant="bodySm">
          The listing and the shop product have different SKUs? Sell the marketplace SKU as one your shop has; later
          orders use the same mapping.
        </Text>
        <InlineStack gap="200" blockAlign="end">
          <Select
            label="Marketplace SKU"
            name="marketplaceSku"
            options={skus}
            value={marketplaceSku}
            onChange={setMarketplaceSku}
          />
          <TextField
            label={`${platformName} SKU`}
            name="shopSku"
            value={shopSku}
            onChange={setShopSku}
            autoComplete="off"
          />
          <Button submit loading={busy} disabled={!shopSku.trim()}>
            Map SKU and retry
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
