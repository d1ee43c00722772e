import { countParkedJobs, parkedOnAccount, parkedOnShop } from "#db/queries/jobs.ts";
import { listAccounts } from "#db/queries/marketplace-accounts.ts";
import { countOrdersByStatus, listOrders } from "#db/queries/orders.ts";
import type { Shop } from "#db/queries/shops.ts";
import { formatMoney } from "#app/components/money.tsx";
import type { AppContext } from "../context";
import { FULFILLMENT_STATUSES, fulfillmentStatusLabel, type FulfillmentStatus } from "../domain/fulfillment-status";
import { marketplaceName } from "../domain/marketplace-names";
import { accountAuthorizationLostNotice, shopAuthorizationLostNotice } from "../messages/en/authorization";
import { isConnectable, type ConnectableMarketplace } from "#app/components/use-marketplace-connect.ts";

/**
 * The Orders list of the admin UI, whatever the platform around it (Shopify/Polaris in app._index.tsx,
 * BigCommerce/BigDesign in bc._index.tsx): what the query string asks for, and the data the page shows.
 * Routes authenticate, then call `loadOrdersList`; only the rendering differs.
 */

export const MAX_SEARCH_LENGTH = 200;
/** Rows per page the UI may ask for with `perPage`; the first is the default. */
export const PAGE_SIZES = [25, 50, 100] as const;

export interface OrdersListQuery {
  status: FulfillmentStatus | null;
  q: string;
  page: number;
  pageSize: number;
}

function parseStatus(value: string | null): FulfillmentStatus | null {
  return (FULFILLMENT_STATUSES as readonly string[]).includes(value ?? "") ? (value as FulfillmentStatus) : null;
}

function parsePositiveInt(value: string | null): number | null {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/** `?status=&q=&page=&perPage=`; anything unknown or malformed falls back to the default. */
export function parseOrdersListQuery(params: URLSearchParams): OrdersListQuery {
  const perPage = parsePositiveInt(params.get("perPage"));
  return {
    status: parseStatus(params.get("status")),
    q: (params.get("q") ?? "").trim().slice(0, MAX_SEARCH_LENGTH),
    page: parsePositiveInt(params.get("page")) ?? 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(perPage ?? 0) ? perPage! : PAGE_SIZES[0],
  };
}

/** The banners of refused authorisations: the shop's own, then each expired account's, with what waits on them. */
function authorizationNotices(
  db: AppContext["db"],
  shop: Pick<Shop, "id" | "platform" | "authLostAt">,
  accounts: ReturnType<typeof listAccounts>,
) {
  const notices: { key: string; title: string; message: string; reconnect: ConnectableMarketplace | null }[] = [];
  if (shop.authLostAt) {
    const parked = countParkedJobs(db, parkedOnShop(shop.id));
    notices.push({ key: "shop", ...shopAuthorizationLostNotice(shop.platform, parked), reconnect: null });
  }
  for (const a of accounts) {
    if (!a.authLostAt) continue;
    const reconnect = isConnectable(a.marketplace) ? a.marketplace : null;
    const parked = countParkedJobs(db, parkedOnAccount(a.id));
    notices.push({
      key: `account-${a.id}`,
      ...accountAuthorizationLostNotice(a.marketplace, a.name, parked, reconnect !== null),
      reconnect,
    });
  }
  return notices;
}

/** One page of the shop's orders, the counts per status for the tabs, and its marketplace accounts. */
export function loadOrdersList(
  ctx: Pick<AppContext, "db">,
  shop: Pick<Shop, "id" | "platform" | "authLostAt">,
  query: OrdersListQuery,
) {
  const { db } = ctx;
  const { status, q, page, pageSize } = query;
  const { orders, total } = listOrders(db, shop.id, {
    status,
    search: q || null,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const counts = countOrdersByStatus(db, shop.id);
  const accounts = listAccounts(db, shop.id);

  return {
    status,
    q,
    page,
    pageSize,
    pageSizes: [...PAGE_SIZES],
    maxSearchLength: MAX_SEARCH_LENGTH,
    total,
    allCount: FULFILLMENT_STATUSES.reduce((sum, s) => sum + counts[s], 0),
    statuses: FULFILLMENT_STATUSES.map((s) => ({ status: s, label: fulfillmentStatusLabel(s), count: counts[s] })),
    // Only what the page shows: never credentials.
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      marketplaceName: marketplaceName(a.marketplace),
      marketplace: a.marketplace,
      region: a.region,
      enabled: a.enabled,
      expired: a.authLostAt !== null,
      disconnected: a.disconnectedAt !== null,
      // An expired account's error is the refusal, said by its banner.
      lastPollError: a.authLostAt ? null : a.lastPollError,
    })),
    authorizationNotices: authorizationNotices(db, shop, accounts),
    orders: orders.map((o) => ({
      id: o.id,
      marketplaceOrderId: o.marketplaceOrderId,
      marketplaceName: marketplaceName(o.marketplace),
      shopOrderId: o.shopOrderId,
      shopOrderName: o.shopOrderName,
      buyerName: o.buyerName,
      total: formatMoney(o.totalAmount, o.currency),
      fulfillmentStatus: o.fulfillmentStatus,
      fulfillmentStatusLabel: fulfillmentStatusLabel(o.fulfillmentStatus),
      purchasedAt: o.purchasedAt,
    })),
  };
}

export type OrdersListData = ReturnType<typeof loadOrdersList>;
