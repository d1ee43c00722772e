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
import { loadOrdersList, parseOrdersListQuery } from "../.server/admin/orders-list";
import { requireShop } from "../.server/admin-auth";
import { connectBanner } from "../.server/services/connect-state";
import { DateTime } from "../components/date-time";
import { ErrorPage, isAppBridgeResponse } from "../components/error-page";
import { FulfillmentStatusBadge } from "../components/fulfillment-status-badge";
import { MarketplaceAccountsCard } from "../components/marketplace-accounts-card";
import { pageRangeLabel, withParams } from "../components/list-url";
import { useAutoRefresh } from "../components/use-auto-refresh";

export const meta: MetaFunction = () => [{ title: "Orders · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  const params = new URL(request.url).searchParams;
  // `connect`: the banner after a marketplace connect (`?connected=` or `?connect_error=&marketplace=`).
  return json({ ...loadOrdersList(context.app, shop, parseOrdersListQuery(params)), connect: connectBanner(params) });
};

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  useAutoRefresh();

  const [query, setQuery] = useState(data.q);
  useEffect(() => setQuery(data.q), [data.q]);

  const tabs: TabProps[] = [
    {
      id: "all",
      content: "All",
      badge: String(data.allCount),
      url: `/app${withParams(searchParams, { status: null })}`,
    },
    ...data.statuses.map((s) => ({
      id: s.status,
      content: s.label,
      badge: String(s.count),
      url: `/app${withParams(searchParams, { status: s.status })}`,
    })),
  ];
  const selectedTab = 1 + data.statuses.findIndex((s) => s.status === data.status); // "All" (0) when no status

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
        {data.connect ? (
          <Banner
            tone={data.connect.tone}
            onDismiss={() =>
              setSearchParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  for (const k of ["connected", "connect_error", "marketplace"]) next.delete(k);
                  return next;
                },
                { replace: true, preventScrollReset: true },
              )
            }
          >
            <Text as="p">{data.connect.message}</Text>
          </Banner>
        ) : null}
        {data.authorizationNotices.map((n) => (
          <Banner key={n.key} tone="critical" title={n.title}>
            <Text as="p">{n.message}</Text>
          </Banner>
        ))}
        <MarketplaceAccountsCard accounts={data.accounts} />
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
                maxLength={data.maxSearchLength}
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
                    label: pageRangeLabel({ page: data.page, pageSize: data.pageSize, total: data.total, filtered }),
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
                <IndexTable.Cell>
                  {o.buyerName ?? (
                    <Text as="span" tone="subdued">
                      —
                    </Text>
                  )}
                </IndexTable.Cell>
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
