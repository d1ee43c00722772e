import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation, useRouteError, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptySearchResult,
  IndexTable,
  Link as PolarisLink,
  Page,
  Tabs,
  Text,
  TextField,
  type TabProps,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState } from "react";
import { listAccounts } from "../../db/queries/marketplace-accounts";
import { countOrdersByStatus, listOrders } from "../../db/queries/orders";
import { requireShop } from "../.server/admin-auth";
import { FULFILLMENT_STATUSES, fulfillmentStatusLabel, type FulfillmentStatus } from "../.server/domain/fulfillment-status";
import { marketplaceName } from "../.server/domain/marketplace-names";
import { DateTime } from "../components/date-time";
import { ErrorPage, isAppBridgeResponse } from "../components/error-page";
import { FulfillmentStatusBadge } from "../components/fulfillment-status-badge";
import { formatMoney } from "../components/money";
import { useAutoRefresh } from "../components/use-auto-refresh";

const PAGE_SIZE = 25;
const MAX_SEARCH_LENGTH = 200;

export const meta: MetaFunction = () => [{ title: "Orders · OrderBridge" }];

function parseStatus(value: string | null): FulfillmentStatus | null {
  return (FULFILLMENT_STATUSES as readonly string[]).includes(value ?? "") ? (value as FulfillmentStatus) : null;
}

function parsePage(value: string | null): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { db } = context.app;
  const params = new URL(request.url).searchParams;
  const status = parseStatus(params.get("status"));
  const q = (params.get("q") ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  const page = parsePage(params.get("page"));

  const { orders, total } = listOrders(db, shop.id, {
    status,
    search: q || null,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const counts = countOrdersByStatus(db, shop.id);
  const accounts = listAccounts(db, shop.id);

  return json({
    status,
    q,
    page,
    pageSize: PAGE_SIZE,
    total,
    allCount: FULFILLMENT_STATUSES.reduce((sum, s) => sum + counts[s], 0),
    statuses: FULFILLMENT_STATUSES.map((s) => ({ status: s, label: fulfillmentStatusLabel(s), count: counts[s] })),
    // Only what the page shows: never credentials.
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      marketplaceName: marketplaceName(a.marketplace),
      enabled: a.enabled,
      lastPollError: a.lastPollError,
    })),
    orders: orders.map((o) => ({
      id: o.id,
      marketplaceOrderId: o.marketplaceOrderId,
      marketplaceName: marketplaceName(o.marketplace),
      shopOrderName: o.shopOrderName,
      buyerName: o.buyerName,
      total: formatMoney(o.totalAmount, o.currency),
      fulfillmentStatus: o.fulfillmentStatus,
      fulfillmentStatusLabel: fulfillmentStatusLabel(o.fulfillmentStatus),
      purchasedAt: o.purchasedAt,
    })),
  });
};

/** The current search params with some changed (null removes); always back to page 1 unless `page` is given. */
function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  next.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") next.delete(k);
    else next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : "";
}

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  useAutoRefresh();

  const [query, setQuery] = useState(data.q);
  useEffect(() => setQuery(data.q), [data.q]);

  const tabs: TabProps[] = [
    { id: "all", content: "All", badge: String(data.allCount), url: `/app${withParams(searchParams, { status: null })}` },
    ...data.statuses.map((s) => ({
      id: s.status,
      content: s.label,
      badge: String(s.count),
      url: `/app${withParams(searchParams, { status: s.status })}`,
    })),
  ];
  const selectedTab = 1 + data.statuses.findIndex((s) => s.status === data.status); // "All" (0) when no status

  const from = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const to = Math.min(data.total, data.page * data.pageSize);
  const hasPrevious = data.page > 1;
  const hasNext = data.page * data.pageSize < data.total;
  const pageUrl = (page: number) => `/app${withParams(searchParams, { page: page > 1 ? String(page) : null })}`;

  // Keeps the list's filters on the detail page, so "Orders" there leads back to the same view.
  const detailUrl = (id: number) => `/app/orders/${id}${location.search}`;

  const filtered = Boolean(data.status || data.q);
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app";
  const failingAccounts = data.accounts.filter((a) => a.lastPollError);

  const emptyState =
    data.allCount === 0 ? (
      <Box padding="800">
        <BlockStack gap="200" inlineAlign="center">
          <Text as="h2" variant="headingMd">
            No orders yet
          </Text>
          <Text as="p" tone="subdued" alignment="center">
            {data.accounts.length === 0
              ? "Connect a marketplace account: its orders will appear here as they are imported."
              : "Orders placed on your marketplace accounts will appear here as they are imported."}
          </Text>
        </BlockStack>
      </Box>
    ) : (
      <EmptySearchResult title="No orders found" description="Try another status or search term." withIllustration />
    );

  return (
    <Page
      title="Orders"
      subtitle={
        data.accounts.length
          ? `Imported from ${data.accounts.map((a) => `${a.marketplaceName} (${a.name})`).join(", ")}`
          : "No marketplace account connected yet"
      }
    >
      <BlockStack gap="400">
        {failingAccounts.map((a) => (
          <Banner key={a.id} tone="warning" title={`The last import from ${a.marketplaceName} (${a.name}) failed`}>
            <Text as="p">{a.lastPollError}</Text>
          </Banner>
        ))}
        <Card padding="0">
          <Tabs tabs={tabs} selected={selectedTab} />
          <Box padding="300" borderBlockStartWidth="025" borderColor="border-secondary">
            <Form method="get" role="search" aria-label="Search orders">
              {[...searchParams.entries()]
                .filter(([k]) => k !== "q" && k !== "page")
                .map(([k, v], i) => (
                  <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
                ))}
              <TextField
                label="Search orders"
                labelHidden
                name="q"
                value={query}
                onChange={setQuery}
                placeholder="Search by order number, shop order or buyer"
                autoComplete="off"
                maxLength={MAX_SEARCH_LENGTH}
                clearButton
                onClearButtonClick={() => {
                  setQuery("");
                  setSearchParams(
                    (prev) => {
                      const next = new URLSearchParams(prev);
                      next.delete("q");
                      next.delete("page");
                      return next;
                    },
                    { preventScrollReset: true },
                  );
                }}
                connectedRight={<Button submit>Search</Button>}
              />
            </Form>
          </Box>
          <IndexTable
            resourceName={{ singular: "order", plural: "orders" }}
            itemCount={data.orders.length}
            selectable={false}
            loading={loading}
            emptyState={emptyState}
            headings={[
              { title: "Order" },
              { title: "Marketplace" },
              { title: "Shop order" },
              { title: "Buyer" },
              { title: "Total", alignment: "end" },
              { title: "Status" },
              { title: "Purchased" },
            ]}
            pagination={
              data.total > 0
                ? {
                    hasPrevious,
                    hasNext,
                    previousURL: hasPrevious ? pageUrl(data.page - 1) : undefined,
                    nextURL: hasNext ? pageUrl(data.page + 1) : undefined,
                    label: filtered || data.total > data.pageSize ? `${from}–${to} of ${data.total}` : `${data.total} orders`,
                  }
                : undefined
            }
          >
            {data.orders.map((o, index) => (
              <IndexTable.Row id={String(o.id)} key={o.id} position={index}>
                <IndexTable.Cell>
                  <PolarisLink url={detailUrl(o.id)} dataPrimaryLink monochrome removeUnderline>
                    <Text as="span" variant="bodyMd" fontWeight="semibold">
                      {o.marketplaceOrderId}
                    </Text>
                  </PolarisLink>
                </IndexTable.Cell>
                <IndexTable.Cell>{o.marketplaceName}</IndexTable.Cell>
                <IndexTable.Cell>
                  {o.shopOrderName ?? (
                    <Text as="span" tone="subdued">
                      Not created yet
                    </Text>
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>{o.buyerName ?? <Text as="span" tone="subdued">—</Text>}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {o.total}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <FulfillmentStatusBadge status={o.fulfillmentStatus} label={o.fulfillmentStatusLabel} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <DateTime value={o.purchasedAt} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isAppBridgeResponse(error)) return boundary.error(error);
  return <ErrorPage error={error} />;
}
