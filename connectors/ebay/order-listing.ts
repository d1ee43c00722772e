import { readOrder, splitReads } from "../map-or-throw";
/**
 * listUpdatedOrders for eBay: getOrders with `filter=lastmodifieddate:[A..]` (or `[A..B]` when the caller
 * gives an upper bound), paged by `offset`, with the state of the listing carried in an opaque page token.
 *
 *  - The start is clamped into what eBay can search: not before the 90-day window (docs/platform-facts.md#ebay-get-orders;
 *    the spec copy we have words it as two years for creationdate, so 90 days is safe either way; we keep
 *    10 minutes inside it against clock skew) and not after now − 1 minute (eBay answers 30850 for dates
 *    in the future).
 *  - `coveredUntil` is the time the first page was requested (or the upper bound): every order modified
 *    before it is in the open-ended result set, and stays there while we page, because a modification only
 *    moves `lastModifiedDate` forward. The set can only grow during paging, which shifts later pages and
 *    repeats some orders (the poller upserts), but never skips one.
 *  - With an upper bound the set can shrink instead (an order modified during paging leaves it). When
 *    `total` drops between pages, we step the offset back by the drop, so no order slides past us.
 *  - Orders that have shipping fulfillments (`fulfillmentHrefs`) get them fetched, for exact shipped
 *    quantities and tracking (setting `fetchFulfillments`, default on).
 */
import { z } from "zod";
import { ConnectorError, type ListOrdersPage, type ListOrdersParams } from "../types";
import type { EbayOrder, EbayShippingFulfillment, IEbayFulfillmentClient, OrderSearchPagedCollection } from "./client";
import { mapEbayOrder } from "./mappers";

const DAY_MS = 86_400_000;
export const SEARCH_WINDOW_MS = 90 * DAY_MS;
export const WINDOW_MARGIN_MS = 10 * 60_000;
export const FUTURE_MARGIN_MS = 60_000;
/** Parallel getShippingFulfillments calls per page. */
const FULFILLMENT_CONCURRENCY = 4;

const PageTokenSchema = z.object({
  v: z.literal(1),
  start: z.string(),
  end: z.string().nullable(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(200),
  /** `total` eBay reported for the previous page; -1 before the first. */
  total: z.number().int().min(-1),
  coveredUntil: z.string(),
});
export type EbayPageToken = z.infer<typeof PageTokenSchema>;

export function encodePageToken(t: EbayPageToken): string {
  return Buffer.from(JSON.stringify(t), "utf8").toString("base64url");
}

export function decodePageToken(token: string): EbayPageToken {
  try {
    return PageTokenSchema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch (cause) {
    throw new ConnectorError("permanent", "eBay listing: the page token is not one this connector issued", {
      marketplace: "ebay",
      operation: "getOrders",
      cause,
    });
  }
}

/** `lastmodifieddate:[2026-01-01T00:00:00.000Z..]`; the HTTP layer percent-encodes the brackets. */
export function lastModifiedFilter(start: string, end: string | null): string {
  return `lastmodifieddate:[${start}..${end ?? ""}]`;
}

export interface EbayOrderListingOptions {
  client: IEbayFulfillmentClient;
  pageSize: number;
  marketplaceId: string;
  fetchFulfillments: boolean;
  now?: () => number;
}

export class EbayOrderListing {
  private readonly now: () => number;

  constructor(private readonly options: EbayOrderListingOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The first page's token state for these params, or `empty` when the range asked for is empty. */
  firstPage(params: ListOrdersParams): EbayPageToken | { empty: Date } {
    const now = this.now();
    const floor = now - SEARCH_WINDOW_MS + WINDOW_MARGIN_MS;
    const ceiling = now - FUTURE_MARGIN_MS;
    const start = Math.min(Math.max(params.updatedAfter.getTime(), floor), ceiling);
    let end: number | null = null;
    if (params.updatedBefore) {
      end = Math.min(params.updatedBefore.getTime(), ceiling);
      if (end < start) return { empty: new Date(Math.min(params.updatedBefore.getTime(), now)) };
    }
    return {
      v: 1,
      start: new Date(start).toISOString(),
      end: end === null ? null : new Date(end).toISOString(),
      offset: 0,
      limit: this.options.pageSize,
      total: -1,
      coveredUntil: new Date(end ?? now).toISOString(),
    };
  }

  async listPage(params: ListOrdersParams, pageToken: string | null): Promise<ListOrdersPage> {
    let t: EbayPageToken;
    if (pageToken) t = decodePageToken(pageToken);
    else {
      const first = this.firstPage(params);
      if ("empty" in first) return { orders: [], nextPageToken: null, coveredUntil: first.empty };
      t = first;
    }

    let offset = t.offset;
    let res = await this.fetch(t, offset);
    let total = res.total ?? -1;
    if (t.end !== null && t.total >= 0 && total >= 0 && total < t.total && offset > 0) {
      offset = Math.max(0, offset - (t.total - total));
      res = await this.fetch(t, offset);
      total = res.total ?? total;
    }
    const raw = res.orders ?? [];
    const nextOffset = offset + raw.length;
    const more = raw.length > 0 && (total >= 0 ? nextOffset < total : Boolean(res.next));

    const fulfillments = await this.fulfillmentsOf(raw);
    const { orders, unreadable } = splitReads(
      raw.map((o) =>
        readOrder(
          { marketplace: "ebay", operation: "getOrders", what: `eBay order ${o.orderId ?? "(no orderId)"}` },
          { id: typeof o.orderId === "string" && o.orderId ? o.orderId : null, raw: o },
          () =>
            mapEbayOrder(o, {
              defaultMarketplaceId: this.options.marketplaceId,
              ...(fulfillments.has(o.orderId ?? "") ? { fulfillments: fulfillments.get(o.orderId ?? "") } : {}),
            }),
        ),
      ),
    );
    return {
      orders,
      unreadable,
      nextPageToken: more ? encodePageToken({ ...t, offset: nextOffset, total }) : null,
      coveredUntil: new Date(t.coveredUntil),
    };
  }

  private fetch(t: EbayPageToken, offset: number): Promise<OrderSearchPagedCollection> {
    return this.options.client.getOrders({
      filter: lastModifiedFilter(t.start, t.end),
      limit: String(t.limit),
      offset: String(offset),
    });
  }

  /** Fulfillments of the orders that have some, a few calls at a time. */
  private async fulfillmentsOf(orders: readonly EbayOrder[]): Promise<Map<string, EbayShippingFulfillment[]>> {
    const out = new Map<string, EbayShippingFulfillment[]>();
    if (!this.options.fetchFulfillments) return out;
    const wanted = orders.filter((o) => o.orderId && (o.fulfillmentHrefs?.length ?? 0) > 0);
    for (let i = 0; i < wanted.length; i += FULFILLMENT_CONCURRENCY) {
      const batch = wanted.slice(i, i + FULFILLMENT_CONCURRENCY);
      const results = await Promise.all(batch.map((o) => this.options.client.getShippingFulfillments(o.orderId!)));
      batch.forEach((o, j) => out.set(o.orderId!, results[j]!.fulfillments ?? []));
    }
    return out;
  }
}
