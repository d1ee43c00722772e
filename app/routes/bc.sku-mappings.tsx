import {
  Box,
  Button,
  Checkbox,
  Flex,
  H2,
  Input,
  Message,
  Panel,
  Select,
  Table,
  Text,
  type TableColumn,
} from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { loadSkuMappings, runSkuMappingAction } from "../.server/admin/sku-mappings";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { RouteLink } from "../components/bc/route-link";
import { messageType } from "../components/bc/tone";
import { DateTime } from "../components/date-time";
import { type useComponentRows, useSkuMappingsPage } from "../components/use-sku-mappings-page";

export const meta: MetaFunction = () => [{ title: "SKU mappings · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return json(loadSkuMappings(context.app, store, request));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status, headers } = await runSkuMappingAction(context.app, store, request);
  return json(result, { status, headers });
};

type MappingRow = ReturnType<typeof useSkuMappingsPage>["mappings"][number];

/** The shop SKU rows of a form: one for a plain mapping, several (with quantities) for a bundle. */
function ComponentFields({ rows, error }: { rows: ReturnType<typeof useComponentRows>; error?: string }) {
  return (
    <Flex flexDirection="column" flexGap="0.5rem">
      {rows.rows.map((r, i) => (
        <Flex key={i} flexDirection="row" alignItems="flex-end" flexGap="0.5rem">
          <Input
            label={i === 0 ? "BigCommerce SKU" : `BigCommerce SKU ${i + 1}`}
            name="shopSku"
            value={r.sku}
            onChange={(e) => rows.setRow(i, { sku: e.target.value })}
            error={i === 0 ? error : undefined}
          />
          <Input
            label="Quantity"
            name="quantity"
            type="number"
            min={1}
            value={r.quantity}
            onChange={(e) => rows.setRow(i, { quantity: e.target.value })}
          />
          {rows.rows.length > 1 ? (
            <Button type="button" variant="subtle" onClick={() => rows.removeRow(i)}>
              Remove
            </Button>
          ) : null}
        </Flex>
      ))}
      <Box>
        <Button type="button" variant="subtle" onClick={rows.addRow}>
          Add another shop SKU (bundle)
        </Button>
      </Box>
    </Flex>
  );
}

/** The store's SKU mappings (BigDesign): search, page, add (per marketplace or account, plain or bundle), edit, delete, CSV import and export. */
export default function SkuMappingsPage() {
  const page = useSkuMappingsPage();
  const { mappings, marketplaces, accounts, actionData } = page;
  const [marketplace, setMarketplace] = useState<string>(marketplaces[0]?.value ?? "amazon");
  const [accountId, setAccountId] = useState("");
  const [importConfirm, setImportConfirm] = useState(false);
  const { addRows, marketplaceSku, setMarketplaceSku } = page;

  const columns: TableColumn<MappingRow>[] = [
    { header: "Marketplace", hash: "marketplace", render: (m) => m.marketplaceName },
    { header: "Account", hash: "account", render: (m) => m.accountName ?? "All accounts" },
    { header: "Marketplace SKU", hash: "marketplaceSku", render: (m) => m.marketplaceSku },
    {
      header: "BigCommerce SKU",
      hash: "shopSku",
      render: (m) =>
        page.editing === m.id ? (
          <Form method="post" onSubmit={page.remember(false)}>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={m.id} />
            <ComponentFields rows={page.editRows} error={page.fieldError("shopSku")} />
            <Flex flexDirection="row" flexGap="0.5rem" marginTop="xSmall">
              <Button type="submit" isLoading={page.busy("update")}>
                Save
              </Button>
              <Button type="button" variant="subtle" onClick={() => page.stopEditing()}>
                Cancel
              </Button>
            </Flex>
          </Form>
        ) : (
          m.target
        ),
    },
    { header: "Added", hash: "createdAt", render: (m) => <DateTime value={m.createdAt} /> },
    {
      header: "",
      hash: "actions",
      align: "right",
      render: (m) => (
        <Flex flexDirection="row" flexGap="0.25rem" justifyContent="flex-end">
          <Button
            type="button"
            variant="subtle"
            aria-label={`Edit the mapping of ${m.marketplaceSku}`}
            onClick={() => page.startEditing(m)}
          >
            Edit
          </Button>
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
        </Flex>
      ),
    },
  ];

  return (
    <>
      <H2>SKU mappings</H2>
      {actionData ? (
        <Message
          type={messageType(actionData.tone)}
          marginBottom="medium"
          messages={[{ text: actionData.message }, ...(actionData.errors ?? []).map((text) => ({ text }))]}
          actions={actionData.confirm ? [{ text: "Map anyway", onClick: page.confirmLast }] : undefined}
        />
      ) : null}
      <Panel header="Mappings">
        <Form method="get">
          <Flex flexDirection="row" alignItems="flex-end" flexGap="0.5rem" marginBottom="medium">
            <Input label="Search SKUs" name="q" defaultValue={page.query} maxLength={255} />
            <Button type="submit" variant="secondary">
              Search
            </Button>
            <Text color="secondary60">
              {page.total} mapping{page.total === 1 ? "" : "s"}
            </Text>
          </Flex>
        </Form>
        {mappings.length === 0 ? (
          <Text color="secondary60">
            {page.query
              ? `No mapping matches ${page.query}.`
              : "No SKU mappings yet. When a listing's SKU differs from the product's SKU in BigCommerce, map it here or from the failed order."}
          </Text>
        ) : (
          <Table columns={columns} items={mappings} keyField="id" />
        )}
        {page.pages > 1 ? (
          <Flex flexDirection="row" flexGap="1rem" marginTop="medium" alignItems="center">
            {page.previousPage ? <RouteLink to={page.previousPage}>Previous</RouteLink> : null}
            <Text>
              Page {page.page} of {page.pages}
            </Text>
            {page.nextPage ? <RouteLink to={page.nextPage}>Next</RouteLink> : null}
          </Flex>
        ) : null}
      </Panel>
      <Panel header="Add a mapping">
        <Form method="post" onSubmit={page.remember(false)}>
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="marketplace" value={marketplace} />
          <input type="hidden" name="accountId" value={accountId} />
          <Flex flexDirection="column" flexGap="0.75rem">
            <Flex flexDirection="row" alignItems="flex-end" flexGap="0.75rem">
              <Select
                label="Marketplace"
                options={marketplaces.map((m) => ({ value: m.value, content: m.label }))}
                value={marketplace}
                onOptionChange={(v) => {
                  setMarketplace(v ?? "amazon");
                  setAccountId("");
                }}
                error={page.fieldError("marketplace")}
              />
              <Select
                label="Account"
                options={[
                  { value: "", content: "All accounts" },
                  ...accounts
                    .filter((a) => a.marketplace === marketplace)
                    .map((a) => ({ value: String(a.id), content: a.label })),
                ]}
                value={accountId}
                onOptionChange={(v) => setAccountId(v ?? "")}
                error={page.fieldError("account")}
              />
              <Input
                label="Marketplace SKU"
                name="marketplaceSku"
                value={marketplaceSku}
                onChange={(e) => setMarketplaceSku(e.target.value)}
                error={page.editing === null ? page.fieldError("marketplaceSku") : undefined}
              />
            </Flex>
            <ComponentFields rows={addRows} error={page.editing === null ? page.fieldError("shopSku") : undefined} />
            <Box>
              <Button type="submit" isLoading={page.busy("add")} disabled={!marketplaceSku.trim() || !addRows.filled}>
                Add mapping
              </Button>
            </Box>
          </Flex>
        </Form>
      </Panel>
      <Panel header="Import and export (CSV)">
        <Form method="post" encType="multipart/form-data" onSubmit={page.remember(true)}>
          <input type="hidden" name="intent" value="import" />
          <Text color="secondary60">
            Columns marketplace, account, marketplace_sku, shop_sku, quantity; one row per shop SKU (rows of the same
            marketplace SKU make a bundle), account empty for all accounts. A file with any bad row imports nothing. At
            most 512 KB.
          </Text>
          <Flex flexDirection="row" alignItems="center" flexGap="0.75rem">
            <input type="file" name="file" accept=".csv,text/csv" aria-label="CSV file" />
            <Checkbox
              label="Map SKUs the shop sells itself"
              name="confirm"
              value="1"
              checked={importConfirm}
              onChange={(e) => setImportConfirm(e.target.checked)}
            />
            <Button type="submit" isLoading={page.busy("import")}>
              Import CSV
            </Button>
            <a href={page.exportUrl} download>
              Export CSV
            </a>
          </Flex>
        </Form>
      </Panel>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
