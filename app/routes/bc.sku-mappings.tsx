import { Box, Button, Flex, H2, Input, Panel, Select, Table, Text, type TableColumn } from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { loadSkuMappings, runSkuMappingAction } from "../.server/admin/sku-mappings";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { ActionResultMessage } from "../components/bc/action-result-message";
import { DateTime } from "../components/date-time";

export const meta: MetaFunction = () => [{ title: "SKU mappings · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return json(loadSkuMappings(context.app, store));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status } = await runSkuMappingAction(context.app, store, request);
  return json(result, { status });
};

type MappingRow = ReturnType<typeof useLoaderData<typeof loader>>["mappings"][number];

const COLUMNS: TableColumn<MappingRow>[] = [
  { header: "Marketplace", hash: "marketplace", render: (m) => m.marketplaceName },
  { header: "Marketplace SKU", hash: "marketplaceSku", render: (m) => m.marketplaceSku },
  { header: "BigCommerce SKU", hash: "shopSku", render: (m) => m.shopSku },
  { header: "Added", hash: "createdAt", render: (m) => <DateTime value={m.createdAt} /> },
  {
    header: "",
    hash: "delete",
    align: "right",
    render: (m) => (
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="id" value={m.id} />
        <Button
          type="submit"
          variant="subtle"
          actionType="destructive"
          aria-label={`Delete the mapping of ${m.marketplaceSku}`}
        >
          Delete
        </Button>
      </Form>
    ),
  },
];

/** The store's SKU mappings (BigDesign): add one ahead of any order, or delete one. */
export default function SkuMappingsPage() {
  const { mappings, marketplaces } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [marketplace, setMarketplace] = useState<string>(marketplaces[0]?.value ?? "amazon");
  const [marketplaceSku, setMarketplaceSku] = useState("");
  const [shopSku, setShopSku] = useState("");
  const adding = navigation.state !== "idle" && navigation.formData?.get("intent") === "add";

  return (
    <>
      <H2>SKU mappings</H2>
      <ActionResultMessage />
      <Panel header="Mappings">
        {mappings.length === 0 ? (
          <Text color="secondary60">
            No SKU mappings yet. When a listing's SKU differs from the product's SKU in BigCommerce, map it here or from
            the failed order.
          </Text>
        ) : (
          <Table columns={COLUMNS} items={mappings} keyField="id" />
        )}
      </Panel>
      <Panel header="Add a mapping">
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="marketplace" value={marketplace} />
          <Flex flexDirection="row" alignItems="flex-end" flexGap="0.75rem">
            <Select
              label="Marketplace"
              options={marketplaces.map((m) => ({ value: m.value, content: m.label }))}
              value={marketplace}
              onOptionChange={(v) => setMarketplace(v ?? "amazon")}
            />
            <Input
              label="Marketplace SKU"
              name="marketplaceSku"
              value={marketplaceSku}
              onChange={(e) => setMarketplaceSku(e.target.value)}
            />
            <Input
              label="BigCommerce SKU"
              name="shopSku"
              value={shopSku}
              onChange={(e) => setShopSku(e.target.value)}
            />
            <Box>
              <Button type="submit" isLoading={adding} disabled={!marketplaceSku.trim() || !shopSku.trim()}>
                Add mapping
              </Button>
            </Box>
          </Flex>
        </Form>
      </Panel>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
