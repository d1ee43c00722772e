import { Box, Button, Flex, H2, Panel, Table, Text, type TableColumn } from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { loadFailedWork, runFailedWorkAction } from "../.server/admin/failed-work";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { ActionResultMessage } from "../components/bc/action-result-message";
import { RouteLink } from "../components/bc/route-link";
import { DateTime } from "../components/date-time";

export const meta: MetaFunction = () => [{ title: "Failed work · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return json(loadFailedWork(context.app, store));
};

export const action = async ({ request, context }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status } = await runFailedWorkAction(context.app, store, request);
  return json(result, { status });
};

type FailedRow = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function columns(search: string): TableColumn<FailedRow>[] {
  return [
    { header: "Step", hash: "step", render: (r) => <Text bold>{r.step}</Text> },
    {
      header: "Order",
      hash: "order",
      render: (r) =>
        r.order ? <RouteLink to={`/bc/orders/${r.order.id}${search}`}>{r.order.marketplaceOrderId}</RouteLink> : "—",
    },
    { header: "Account", hash: "account", render: (r) => r.account ?? "—" },
    {
      header: "Why it failed",
      hash: "reason",
      render: (r) => (
        <Text color="danger" style={{ overflowWrap: "anywhere" }}>
          {r.reason}
        </Text>
      ),
    },
    { header: "Attempts", hash: "attempts", align: "right", render: (r) => r.attempts },
    { header: "Failed", hash: "failedAt", render: (r) => <DateTime value={r.failedAt} /> },
  ];
}

/** Every step that failed for good (BigDesign): why, for which order, and Retry for the chosen ones or all. */
export default function FailedWorkPage() {
  const { items, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [selected, setSelected] = useState<FailedRow[]>([]);
  const busy = navigation.state !== "idle";

  const retry = (ids: number[] | "all") => {
    const form = new FormData();
    if (ids === "all") form.set("intent", "retry-all");
    else {
      form.set("intent", "retry");
      for (const id of ids) form.append("id", String(id));
    }
    submit(form, { method: "post" });
    setSelected([]);
  };

  return (
    <>
      <H2>Failed work</H2>
      <Text color="secondary60">
        Steps that failed for good: no automatic retry would fix them. Fix the cause, then retry.
      </Text>
      <ActionResultMessage />
      <Panel
        header="Failed steps"
        action={total > 0 ? { text: `Retry all (${total})`, onClick: () => retry("all"), disabled: busy } : undefined}
      >
        {items.length === 0 ? (
          <Text color="secondary60">
            No failed work. Every step OrderBridge ran either succeeded or is still being retried by itself.
          </Text>
        ) : (
          <>
            {total > items.length ? (
              <Text color="secondary60">
                The newest {items.length} of {total} are shown; Retry all retries every one.
              </Text>
            ) : null}
            <Table
              columns={columns(location.search)}
              items={items}
              keyField="id"
              itemName="failed steps"
              selectable={{ selectedItems: selected, onSelectionChange: setSelected }}
              actions={
                <Flex flexDirection="row">
                  <Box>
                    <Button
                      variant="secondary"
                      disabled={selected.length === 0 || busy}
                      isLoading={busy}
                      onClick={() => retry(selected.map((r) => r.id))}
                    >
                      Retry selected
                    </Button>
                  </Box>
                </Flex>
              }
            />
          </>
        )}
      </Panel>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
