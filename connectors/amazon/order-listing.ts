import { readOrder, type OrderRead } from "../map-or-throw";
/**
 * How the Amazon connector lists updated orders, behind one interface so the Orders API version
 * (v0 getOrders + per-order calls, or 2026-01-01 searchOrders with includedData) is a setting, and moving
 * to the new API touches nothing outside connectors/amazon.
 */
import { ConnectorError, type ListOrdersPage, type ListOrdersParams } from "../types";

export const ORDERS_API_VERSIONS = ["v0", "2026-01-01"] as const;
export type OrdersApiVersion = (typeof ORDERS_API_VERSIONS)[number];

export interface IAmazonOrderListing {
  readonly version: OrdersApiVersion;
  listPage(params: ListOrdersParams, pageToken: string | null): Promise<ListOrdersPage>;
}

/**
 * What we put in the port's opaque `nextPageToken`: the API's own token plus the `coveredUntil` of the
 * first page, so every page of one listing reports the same bound (a later page's bound could move past
 * orders that changed after the first page was cut).
 */
export interface ListingCursor {
  version: OrdersApiVersion;
  /** Amazon's NextToken / nextToken. */
  next: string;
  /** ISO instant, or null when the first page gave none. */
  coveredUntil: string | null;
}

export function encodeCursor(cursor: ListingCursor): string {
  return Buffer.from(JSON.stringify({ v: cursor.version, n: cursor.next, c: cursor.coveredUntil })).toString(
    "base64url",
  );
}

export function decodeCursor(token: string | null | undefined, version: OrdersApiVersion): ListingCursor | null {
  if (!token) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    raw = null;
  }
  const r = raw as { v?: unknown; n?: unknown; c?: unknown } | null;
  if (!r || typeof r.n !== "string" || (r.c !== null && typeof r.c !== "string")) {
    throw new ConnectorError("permanent", "Amazon listing: unreadable page token", { marketplace: "amazon" });
  }
  if (r.v !== version) {
    // The account switched Orders API versions between two pages: start the listing again.
    throw new ConnectorError(
      "permanent",
      `Amazon listing: page token belongs to Orders API ${String(r.v)}, the account now uses ${version}`,
      { marketplace: "amazon" },
    );
  }
  return { version, next: r.n, coveredUntil: r.c };
}

/** Parses an Amazon instant; null when absent or unreadable. */
export function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One Amazon order read at the edge; a contract break is that order's UnreadableOrder (the raw payload kept). */
export function readAmazonOrder<T>(orderId: string, raw: unknown, map: () => T): OrderRead<T> {
  return readOrder(
    { marketplace: "amazon", what: `Amazon order ${orderId}` },
    { id: typeof orderId === "string" && orderId ? orderId : null, raw },
    map,
  );
}
