import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { loadSkuMappings, runSkuMappingAction } from "../.server/admin/sku-mappings";
import { requireShop } from "../.server/admin-auth";
import { DateTime } from "../components/date-time";
import { type useComponentRows, useSkuMappingsPage, type ComponentRow } from "../components/use-sku-mappings-page";

export const meta: MetaFunction = () => [{ title: "SKU mappings · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadSkuMappings(context.app, shop, request));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status, headers } = await runSkuMappingAction(context.app, shop, request);
  return json(result, { status, headers });
};

/** The shop SKU rows of a form: one for a plain mapping, several (with quantities) for a bundle. */
function ComponentFields({
  rows,
  label,
  error,
}: {
  rows: ReturnType<typeof useComponentRows>;
  label: string;
  error?: string;
}) {
  return (
    <BlockStack gap="200">
      {rows.rows.map((r: ComponentRow, i: number) => (
        <InlineStack key={i} gap="200" blockAlign="end">
          <TextField
            label={i === 0 ? label : `${label} ${i + 1}`}
            name="shopSku"
            value={r.sku}
            onChange={(v) => rows.setRow(i, { sku: v })}
            autoComplete="off"
            error={i === 0 ? error : undefined}
          />
          <TextField
            label="Quantity"
            name="quantity"
            type="number"
            min={1}
            value={r.quantity}
            onChange={(v) => rows.setRow(i, { quantity: v })}
            autoComplete="off"
          />
          {rows.rows.length > 1 ? (
            <Button variant="plain" onClick={() => rows.removeRow(i)} accessibilityLabel={`Remove ${label} ${i + 1}`}>
              Remove
            </Button>
          ) : null}
        </InlineStack>
      ))}
      <InlineStack>
        <Button variant="plain" onClick={rows.addRow}>
          Add another shop SKU (bundle)
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

/** The shop's SKU mappings (Polaris): search, page, add (per marketplace or account, plain or bundle), edit, delete, CSV import and export. */
export default function SkuMappingsPage() {
  const page = useSkuMappingsPage();
  const { mappings, marketplaces, accounts, platformName, actionData } = page;
  const [marketplace, setMarketplace] = useState<string>(marketplaces[0]?.value ?? "amazon");
  const [accountId, setAccountId] = useState("");
  const [query, setQuery] = useState(page.query);
  const [importConfirm, setImportConfirm] = useState(false);
  const { addRows, marketplaceSku, setMarketplaceSku } = page;
  const accountOptions = [
    { value: "", label: "All accounts" },
    ...accounts.filter((a) => a.marketplace === marketplace).map((a) => ({ value: String(a.id), label: a.label })),
  ];

  return (
    <Page title="SKU mappings" backAction={{ content: "Orders", url: `/app${page.search}` }}>
      <Layout>
        {actionData ? (
          <Layout.Section>
            <Banner tone={actionData.tone === "critical" ? "critical" : actionData.tone}>
              <BlockStack gap="200">
                <Text as="p">{actionData.message}</Text>
                {actionData.errors?.length ? (
                  <ul>
                    {actionData.errors.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                ) : null}
                {actionData.confirm ? (
                  <InlineStack>
                    <Button onClick={page.confirmLast}>Map anyway</Button>
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <Form method="get">
              <InlineStack gap="200" blockAlign="end">
                <TextField
                  label="Search SKUs"
                  name="q"
                  value={query}
                  onChange={setQuery}
                  autoComplete="off"
                  maxLength={255}
                />
                <Button submit>Search</Button>
                <Text as="span" tone="subdued">
                  {page.total} mapping{page.total === 1 ? "" : "s"}
                </Text>
              </InlineStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {mappings.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  {page.query
                    ? `No mapping matches ${page.query}.`
                    : `No SKU mappings yet. When a listing's SKU differs from the product's SKU in ${platformName}, map it here or from the failed order.`}
                </Text>
              </Box>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                headings={["Marketplace", "Account", "Marketplace SKU", `${platformName} SKU`, "Added", ""]}
                rows={mappings.map((m) => [
                  m.marketplaceName,
                  m.accountName ?? "All accounts",
                  m.marketplaceSku,
                  page.editing === m.id ? (
                    <Form key="edit" method="post" onSubmit={page.remember(false)}>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="id" value={m.id} />
                      <BlockStack gap="200">
                        <ComponentFields
                          rows={page.editRows}
                          label={`${platformName} SKU`}
                          error={page.fieldError("shopSku")}
                        />
                        <InlineStack gap="200">
                          <Button submit variant="primary" loading={page.busy("update")}>
                            Save
                          </Button>
                          <Button onClick={() => page.stopEditing()}>Cancel</Button>
                        </InlineStack>
                      </BlockStack>
                    </Form>
                  ) : (
                    m.target
                  ),
                  <DateTime key="at" value={m.createdAt} />,
                  <InlineStack key="actions" gap="200">
                    <Button
                      variant="plain"
                      onClick={() => page.startEditing(m)}
                      accessibilityLabel={`Edit the mapping of ${m.marketplaceSku}`}
                    >
                      Edit
                    </Button>
                    <Form method="post">
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
                    </Form>
                  </InlineStack>,
                ])}
              />
            )}
            {page.pages > 1 ? (
              <Box padding="300">
                <Pagination
                  hasPrevious={page.previousPage !== null}
                  previousURL={page.previousPage ?? undefined}
                  hasNext={page.nextPage !== null}
                  nextURL={page.nextPage ?? undefined}
                  label={`Page ${page.page} of ${page.pages}`}
                />
              </Box>
            ) : null}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post" onSubmit={page.remember(false)}>
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
                    onChange={(v) => {
                      setMarketplace(v);
                      setAccountId("");
                    }}
                    error={page.fieldError("marketplace")}
                  />
                  <Select
                    label="Account"
                    name="accountId"
                    options={accountOptions}
                    value={accountId}
                    onChange={setAccountId}
                    error={page.fieldError("account")}
                  />
                  <TextField
                    label="Marketplace SKU"
                    name="marketplaceSku"
                    value={marketplaceSku}
                    onChange={setMarketplaceSku}
                    autoComplete="off"
                    error={page.editing === null ? page.fieldError("marketplaceSku") : undefined}
                  />
                </InlineStack>
                <ComponentFields
                  rows={addRows}
                  label={`${platformName} SKU`}
                  error={page.editing === null ? page.fieldError("shopSku") : undefined}
                />
                <InlineStack>
                  <Button
                    submit
                    variant="primary"
                    loading={page.busy("add")}
                    disabled={!marketplaceSku.trim() || !addRows.filled}
                  >
                    Add mapping
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post" encType="multipart/form-data" onSubmit={page.remember(true)}>
              <input type="hidden" name="intent" value="import" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Import and export (CSV)
                </Text>
                <Text as="p" tone="subdued">
                  Columns marketplace, account, marketplace_sku, shop_sku, quantity; one row per shop SKU (rows of the
                  same marketplace SKU make a bundle), account empty for all accounts. A file with any bad row imports
                  nothing. At most 512 KB.
                </Text>
                <InlineStack gap="300" blockAlign="center">
                  <input type="file" name="file" accept=".csv,text/csv" aria-label="CSV file" />
                  <Checkbox
                    label="Map SKUs the shop sells itself"
                    name="confirm"
                    value="1"
                    checked={importConfirm}
                    onChange={setImportConfirm}
                  />
                  <Button submit loading={page.busy("import")}>
                    Import CSV
                  </Button>
                  <Link to={page.exportUrl} reloadDocument>
                    Export CSV
                  </Link>
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
