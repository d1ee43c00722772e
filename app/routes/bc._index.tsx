import {
  Badge,
  Box,
  Flex,
  H2,
  H3,
  Link,
  Message,
  Panel,
  Search,
  Small,
  Table,
  Tabs,
  Text,
  type TableColumn,
} from "@bigcommerce/big-design";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate, useNavigation, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { controlPanelOrderUrl } from "../.server/admin/bigcommerce-links";
import { loadOrdersList, parseOrdersListQuery } from "../.server/admin/orders-list";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { connectBanner } from "../.server/services/connect-state";
import { ErrorPage } from "../components/bc/error-page";
import { MarketplaceAccountsPanel } from "../components/bc/marketplace-accounts-panel";
import { RouteLink } from "../components/bc/route-link";
import { badgeVariant, messageType } from "../components/bc/tone";
import { DateTime } from "../components/date-time";
import { pageRangeLabel, withParams } from "../components/list-url";
import { fulfillmentStatusLook } from "../components/order-looks";
import { useAutoRefresh } from "../components/use-auto-refresh";
import { useDismissConnectBanner } from "../components/use-marketplace-connect";

export const meta: MetaFunction = () => [{ title: "Orders · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const params = new URL(request.url).searchParams;
  const data = loadOrdersList(context.app, store, parseOrdersListQuery(params));
  return json({
    ...data,
    orders: data.orders.map((o) => ({
      ...o,
      controlPanelUrl: controlPanelOrderUrl(context.app, store, o.shopOrderId),
    })),
    // The banner after a marketplace connect (`?connected=` or `?connect_error=&marketplace=`).
    connect: connectBanner(params),
  });
};

type OrderRow = ReturnType<typeof useLoaderData<typeof loader>>["orders"][number];

const TABLE_ID = "orders-table";
/** Tab ids are DOM ids (BigDesign's Tabs sets them on the buttons), so they carry a prefix. */
const TAB_PREFIX = "status-tab-";

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const dismissConnectBanner = useDismissConnectBanner();
  useAutoRefresh();

  const [query, setQuery] = useState(data.q);
  useEffect(() => setQuery(data.q), [data.q]);

  // From the address bar, not the rendered searchParams: right after a navigation the URL is already new while
  // React's (transition) render with it may still be pending, and a quick second action would undo the first.
  const go = (changes: Record<string, string | null>) =>
    navigate(`/bc${withParams(new URLSearchParams(window.location.search), changes)}`, { preventScrollReset: true });
  const detailUrl = (id: number) => `/bc/orders/${id}${location.search}`;
  const filtered = Boolean(data.status || data.q);
  const loading = navigation.state === "loading" && navigation.location.pathname === "/bc";
  const failingAccounts = data.accounts.filter((a) => a.lastPollError);

  const tabs = [
    { id: `${TAB_PREFIX}all`, title: `All (${data.allCount})`, ariaControls: TABLE_ID },
    ...data.statuses.map((s) => ({
      id: `${TAB_PREFIX}${s.status}`,
      title: `${s.label} (${s.count})`,
      ariaControls: TABLE_ID,
    })),
  ];

  const columns: TableColumn<OrderRow>[] = [
    {
      header: "Order",
      hash: "order",
      render: (o) => (
        <RouteLink to={detailUrl(o.id)} data-primary-link>
          {o.marketplaceOrderId}
        </RouteLink>
      ),
    },
    { header: "Marketplace", hash: "marketplace", render: (o) => o.marketplaceName },
    {
      header: "Shop order",
      hash: "shopOrder",
      render: (o) =>
        !o.shopOrderName ? (
          <Small color="secondary60" marginBottom="none">
            Not created yet
          </Small>
        ) : o.controlPanelUrl ? (
          <Link href={o.controlPanelUrl} target="_blank" rel="noopener noreferrer" external>
            {o.shopOrderName}
          </Link>
        ) : (
          o.shopOrderName
        ),
    },
    { header: "Buyer", hash: "buyer", render: (o) => o.buyerName ?? "—" },
    { header: "Total", hash: "total", align: "right", render: (o) => o.total },
    {
      header: "Status",
      hash: "status",
      render: (o) => (
        <Badge
          label={o.fulfillmentStatusLabel}
          variant={badgeVariant(fulfillmentStatusLook(o.fulfillmentStatus).tone)}
        />
      ),
    },
    { header: "Purchased", hash: "purchased", render: (o) => <DateTime value={o.purchasedAt} /> },
  ];

  return (
    <>
      <Box marginBottom="large">
        <H2 marginBottom="xxSmall">Orders</H2>
        <Text color="secondary60" marginBottom="none">
          {data.accounts.length
            ? `Imported from ${data.accounts.map((a) => `${a.marketplaceName} (${a.name})`).join(", ")}`
            : "No marketplace account connected yet"}
        </Text>
      </Box>

      {data.connect ? (
        <Message
          type={messageType(data.connect.tone)}
          marginBottom="medium"
          messages={[{ text: data.connect.message }]}
          onClose={dismissConnectBanner}
        />
      ) : null}
      {data.authorizationNotices.map((n) => (
        <Message key={n.key} type="error" marginBottom="medium" header={n.title} messages={[{ text: n.message }]} />
      ))}
      <MarketplaceAccountsPanel accounts={data.accounts} />
      {failingAccounts.map((a) => (
        <Message
          key={a.id}
          type="warning"
          marginBottom="medium"
          header={`The last import from ${a.marketplaceName} (${a.name}) failed`}
          messages={[{ text: a.lastPollError ?? "" }]}
        />
      ))}

      <Panel>
        <Tabs
          items={tabs}
          activeTab={`${TAB_PREFIX}${data.status ?? "all"}`}
          onTabClick={(id) => {
            const status = id.slice(TAB_PREFIX.length);
            go({ status: status === "all" ? null : status });
          }}
        />
        <Box marginVertical="medium" role="search" aria-label="Search orders">
          <Search
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onSubmit={() => go({ q: query.trim() || null })}
            placeholder="Search by order number, shop order or buyer"
            aria-label="Search orders"
            maxLength={data.maxSearchLength}
          />
        </Box>
        <Box id={TABLE_ID} style={{ opacity: loading ? 0.6 : 1, transition: "opacity 120ms" }}>
          <Table
            columns={columns}
            items={data.orders}
            itemName={data.total === 1 ? "order" : "orders"}
            keyField="id"
            stickyHeader
            emptyComponent={
              <Flex flexDirection="column" alignItems="center" padding="xxLarge">
                <H3>{data.allCount === 0 ? "No orders yet" : "No orders found"}</H3>
                <Text color="secondary60">
                  {data.allCount > 0
                    ? "Try another status or search term."
                    : data.accounts.length === 0
                      ? "Connect a marketplace account: its orders will appear here as they are imported."
                      : "Orders placed on your marketplace accounts will appear here as they are imported."}
                </Text>
              </Flex>
            }
            pagination={
              data.total > 0
                ? {
                    currentPage: data.page,
                    itemsPerPage: data.pageSize,
                    itemsPerPageOptions: data.pageSizes,
                    totalItems: data.total,
                    label: "Orders pages",
                    onPageChange: (page) => {
                      if (page !== data.page) go({ page: page > 1 ? String(page) : null });
                    },
                    onItemsPerPageChange: (size) => go({ perPage: size === data.pageSizes[0] ? null : String(size) }),
                    getRangeLabel: () =>
                      pageRangeLabel({ page: data.page, pageSize: data.pageSize, total: data.total, filtered }),
                  }
                : undefined
            }
          />
        </Box>
      </Panel>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
