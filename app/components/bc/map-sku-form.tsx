import { Box, Button, Flex, Input, Select, Small } from "@bigcommerce/big-design";
import { Form } from "@remix-run/react";
import { useState } from "react";

/**
 * BigDesign form of the Order page for an order that failed before reaching the store: sell one of its marketplace
 * SKUs as a SKU the store has (posts intent=map-sku; the mapping applies to later orders too, and the order is retried).
 */
export function MapSkuForm({ skus, busy }: { skus: string[]; busy: boolean }) {
  const [marketplaceSku, setMarketplaceSku] = useState(skus[0] ?? "");
  const [shopSku, setShopSku] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="map-sku" />
      <input type="hidden" name="marketplaceSku" value={marketplaceSku} />
      <Box marginTop="medium">
        <Small>
          The listing and the store product have different SKUs? Sell the marketplace SKU as one your store has; later
          orders use the same mapping.
        </Small>
        <Flex flexDirection="row" alignItems="flex-end" flexGap="0.75rem">
          <Select
            label="Marketplace SKU"
            options={skus.map((s) => ({ value: s, content: s }))}
            value={marketplaceSku}
            onOptionChange={(v) => setMarketplaceSku(v ?? "")}
          />
          <Input label="BigCommerce SKU" name="shopSku" value={shopSku} onChange={(e) => setShopSku(e.target.value)} />
          <Button type="submit" variant="secondary" isLoading={busy} disabled={!shopSku.trim()}>
            Map SKU and retry
          </Button>
        </Flex>
      </Box>
    </Form>
  );
}
