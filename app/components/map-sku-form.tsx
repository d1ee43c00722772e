import { Form, useActionData } from "@remix-run/react";
import { BlockStack, Button, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { SkuMappingActionResult } from "../.server/admin/sku-mapping-answers";
import { useState } from "react";

/**
 * Polaris form of the Order page for an order that failed before reaching the shop: sell one of its marketplace SKUs
 * as a SKU the shop has (posts intent=map-sku; the mapping applies to later orders too, and the order is retried),
 * for every account of the marketplace or this order's only. When the server asks for a confirmation (the shop sells
 * that SKU itself), the next submit carries confirm=1. Bundles are made on the SKU mappings page.
 */
export function MapSkuForm({ skus, platformName, busy }: { skus: string[]; platformName: string; busy: boolean }) {
  const [marketplaceSku, setMarketplaceSku] = useState(skus[0] ?? "");
  const [shopSku, setShopSku] = useState("");
  const [accountOnly, setAccountOnly] = useState(false);
  const confirm = useActionData<SkuMappingActionResult>()?.confirm === true;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="map-sku" />
      {confirm ? <input type="hidden" name="confirm" value="1" /> : null}
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
            {confirm ? "Map anyway and retry" : "Map SKU and retry"}
          </Button>
        </InlineStack>
        <Checkbox
          label="Only for this order's account"
          name="accountOnly"
          value="1"
          checked={accountOnly}
          onChange={setAccountOnly}
        />
      </BlockStack>
    </Form>
  );
}
