import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import {
  Box,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link as PolarisLink,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { loadFailedWork, runFailedWorkAction } from "../.server/admin/failed-work";
import { requireShop } from "../.server/admin-auth";
import { ActionResultBanner } from "../components/action-result-banner";
import { DateTime } from "../components/date-time";

export const meta: MetaFunction = () => [{ title: "Failed work · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadFailedWork(context.app, shop));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status } = await runFailedWorkAction(context.app, shop, request);
  return json(result, { status });
};

/** Every step that failed for good (Polaris): why, for which order, and Retry for the chosen ones or all. */
export default function FailedWorkPage() {
  const { items, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(items);
  const busy = navigation.state !== "idle";

  const retry = (ids: string[] | "all") => {
    const form = new FormData();
    if (ids === "all") form.set("intent", "retry-all");
    else {
      form.set("intent", "retry");
      for (const id of ids) form.append("id", id);
    }
    submit(form, { method: "post" });
    clearSelection();
  };

  return (
    <Page
      title="Failed work"
      subtitle="Steps that failed for good: no automatic retry would fix them. Fix the cause, then retry."
      backAction={{ content: "Orders", url: `/app${location.search}` }}
      primaryAction={
        total > 0
          ? { content: `Retry all (${total})`, onAction: () => retry("all"), loading: busy, disabled: busy }
          : undefined
      }
    >
      <Layout>
        <ActionResultBanner />
        <Layout.Section>
          <Card padding="0">
            {total > items.length ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  The newest {items.length} of {total} are shown; Retry all retries every one.
                </Text>
              </Box>
            ) : null}
            <IndexTable
              resourceName={{ singular: "failed step", plural: "failed steps" }}
              itemCount={items.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[{ content: "Retry", onAction: () => retry(selectedResources) }]}
              loading={busy}
              emptyState={
                <EmptyState heading="No failed work" image="">
                  <p>Every step OrderBridge ran either succeeded or is still being retried by itself.</p>
                </EmptyState>
              }
              headings={[
                { title: "Step" },
                { title: "Order" },
                { title: "Account" },
                { title: "Why it failed" },
                { title: "Attempts", alignment: "end" },
                { title: "Failed" },
              ]}
            >
              {items.map((item, index) => (
                <IndexTable.Row
                  id={String(item.id)}
                  key={item.id}
                  position={index}
                  selected={selectedResources.includes(String(item.id))}
                >
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {item.step}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {item.order ? (
                      <PolarisLink url={`/app/orders/${item.order.id}${location.search}`} removeUnderline>
                        {item.order.marketplaceOrderId}
                      </PolarisLink>
                    ) : (
                      <Text as="span" tone="subdued">
                        —
                      </Text>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{item.account ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", maxWidth: "28rem" }}>
                      <Text as="span" tone="critical">
                        {item.reason}
                      </Text>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {item.attempts}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <DateTime value={item.failedAt} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
