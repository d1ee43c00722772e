import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { loadSkuMappings, runSkuMappingAction } from "../.server/admin/sku-mappings";
import { requireShop } from "../.server/admin-auth";
import { ActionResultBanner } from "../components/action-result-banner";
import { DateTime } from "../components/date-time";

export const meta: MetaFunction = () => [{ title: "SKU mappings · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadSkuMappings(context.app, shop));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status } = await runSkuMappingAction(context.app, shop, request);
  return json(result, { status });
};

/** The shop's SKU mappings (Polaris): add one ahead of any order, or delete one. */
export default function SkuMappingsPage() {
  const { mappings, marketplaces, platformName } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  const [marketplace, setMarketplace] = useState<string>(marketplaces[0]?.value ?? "amazon");
  const [marketplaceSku, setMarketplaceSku] = useState("");
  const [shopSku, setShopSku] = useState("");
  const adding = navigation.state !== "idle" && navigation.formData?.get("intent") === "add";

  return (
    <Page title="SKU mappings" backAction={{ content: "Orders", url: `/app${location.search}` }}>
      <Layout>
        <ActionResultBanner />
        <Layout.Section>
          <Card padding="0">
            {mappings.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  No SKU mappings yet. When a listing's SKU differs from the product's SKU in {platformName}, map it
                  here or from the failed order.
                </Text>
              </Box>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text"]}
                headings={["Marketplace", "Marketplace SKU", `${platformName} SKU`, "Added", ""]}
                rows={mappings.map((m) => [
                  m.marketplaceName,
                  m.marketplaceSku,
                  m.shopSku,
                  <DateTime key="at" value={m.createdAt} />,
                  <Form key="delete" method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={m.id} />
                    <Button
                      submit
                      variant="plain"
                      tone="critical"
                      accessibilityLabel={`Delete the mapping of ${m.marketplaceSku}`}
                    >
                      Delete
                    </Button>
                  </Form>,
                ])}
              />
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="add" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Add a mapping
                </Text>
                <InlineStack gap="300" blockAlign="end">
                  <Select
                    label="Marketplace"
                    name="marketplace"
                    options={marketplaces}
                    value={marketplace}
                    onChange={setMarketplace}
                  />
                  <TextField
                    label="Marketplace SKU"
                    name="marketplaceSku"
                    value={marketplaceSku}
                    onChange={setMarketplaceSku}
                    autoComplete="off"
                  />
                  <TextField
                    label={`${platformName} SKU`}
                    name="shopSku"
                    value={shopSku}
                    onChange={setShopSku}
                    autoComplete="off"
                  />
                  <Button
                    submit
                    variant="primary"
                    loading={adding}
                    disabled={!marketplaceSku.trim() || !shopSku.trim()}
                  >
                    Add mapping
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
