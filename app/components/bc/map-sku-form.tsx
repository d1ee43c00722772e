import { Box, Button, Checkbox, Flex, Input, Select, Small } from "@bigcommerce/big-design";
import { Form, useActionData } from "@remix-run/react";
import type { SkuMappingActionResult } from "#app/.server/admin/sku-mapping-answers.ts";
import { useState } from "react";

/**
 * BigDesign form of the Order page for an order that failed before reaching the store: sell one of its marketplace
 * SKUs as a SKU the store has (posts intent=map-sku; the mapping applies to later orders too, and the order is retried),
 * for every account of the marketplace or this order's only. When the server asks for a confirmation (the store sells
 * that SKU itself), the next submit carries confirm=1. Bundles are made on the SKU mappings page.
 */
export function MapSkuForm({ skus, busy }: { skus: string[]; busy: boolean }) {
  const [marketplaceSku, setMarketplaceSku] = useState(skus[0] ?? "");
  const [shopSku, setShopSku] = useState("");
  const [accountOnly, setAccountOnly] = useState(false);
  const confirm = useActionData<SkuMappingActionResult>()?.confirm === true;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="map-sku" />
      <input type="hidden" name="marketplaceSku" value={marketplaceSku} />
      {confirm ? <input type="hidden" name="confirm" value="1" /> : null}
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
            {confirm ? "Map anyway and retry" : "Map SKU and retry"}
          </Button>
        </Flex>
        <Checkbox
          label="Only for this order's account"
          name="accountOnly"
          value="1"
          checked={accountOnly}
          onChange={(e) => setAccountOnly(e.target.checked)}
        />
      </Box>
    </Form>
  );
}
