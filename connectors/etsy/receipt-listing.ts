import { readOrder, splitReads } from "../map-or-throw";
/**
 * "Receipts updated since" on getShopReceipts: min_last_modified (unix seconds, inclusive),
 * sort_on=updated, sort_order=asc, offset paging. `coveredUntil` is the time of the first page's request,
 * carried through the page tokens. Every receipt changed before then has an update_timestamp at or
 * below it, so it is on one of the pages.
 *
 * Plain offsets over a list sorted by last change are unstable: a receipt changed between two page
 * requests moves to the end and shifts every later one back by one, so one receipt would be skipped for
 * good. The page token therefore anchors each next page at the last page's newest update_timestamp
 * (min_last_modified = that second). It lists the receipts of that second it already returned, and
 * those are filtered out of the next page. A receipt changed meanwhile moves behind the anchor (it is
 * returned again, which is harmless) and cannot shift anything else. The offset is only used when more
 * receipts than a page holds share one second. Then offset = how many of them were returned.
 */
import { ConnectorError, type ListOrdersPage, type ListOrdersParams } from "../types";
import type { EtsyShopReceipt, GetShopReceiptsQuery, IEtsyApiClient } from "./client";
import { mapReceipt } from "./mappers";

/** Etsy's smallest accepted timestamp (2000-01-01, the spec's minimum). */
export const ETSY_MIN_TIMESTAMP = 946684800;
export const DEFAULT_PAGE_SIZE = 100;

export interface ReceiptCursor {
  v: 1;
  /** min_last_modified of the next request (unix seconds). */
  min: number;
  /** Receipts with update_timestamp == min already returned. */
  seen: number[];
  offset: number;
  /** Epoch ms of the first page's request. */
  coveredUntil: number;
}

export function encodeCursor(c: ReceiptCursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

export function decodeCursor(token: string): ReceiptCursor {
  const invalid = () =>
    new ConnectorError("permanent", "Etsy listing: the page token is not one this connector issued", {
      marketplace: "etsy",
      operation: "getShopReceipts",
    });
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const ok =
    !!c &&
    typeof c === "object" &&
    (c as ReceiptCursor).v === 1 &&
    Number.isSafeInteger((c as ReceiptCursor).min) &&
    Number.isSafeInteger((c as ReceiptCursor).offset) &&
    Number.isFinite((c as ReceiptCursor).coveredUntil) &&
    Array.isArray((c as ReceiptCursor).seen) &&
    (c as ReceiptCursor).seen.every((n) => Number.isSafeInteger(n));
  if (!ok) throw invalid();
  return c as ReceiptCursor;
}

function updatedOf(r: EtsyShopReceipt, fallback: number): number {
  return r.update_timestamp ?? r.updated_timestamp ?? fallback;
}

export interface ReceiptListingOptions {
  client: IEtsyApiClient;
  shopId: number;
  pageSize?: number;
  now?: () => number;
}

export class ReceiptListing {
  constructor(private readonly options: ReceiptListingOptions) {}

  async listPage(params: ListOrdersParams, pageToken: string | null): Promise<ListOrdersPage> {
    const limit = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    const cursor: ReceiptCursor = pageToken
      ? decodeCursor(pageToken)
      : {
          v: 1,
          min: Math.max(ETSY_MIN_TIMESTAMP, Math.floor(params.updatedAfter.getTime() / 1000)),
          seen: [],
          offset: 0,
          coveredUntil: (this.options.now ?? Date.now)(),
        };
    const query: GetShopReceiptsQuery = {
      min_last_modified: cursor.min,
      sort_on: "updated",
      sort_order: "asc",
      limit,
      offset: cursor.offset,
    };
    let coveredUntil = cursor.coveredUntil;
    if (params.updatedBefore) {
      // Inclusive whole seconds: a receipt changed in the same second as the bound comes too (harmless).
      query.max_last_modified = Math.max(ETSY_MIN_TIMESTAMP, Math.floor(params.updatedBefore.getTime() / 1000));
      coveredUntil = Math.min(coveredUntil, params.updatedBefore.getTime());
    }
    const page = await this.options.client.getShopReceipts(this.options.shopId, query);

    // Already returned = seen at the anchor second and unchanged since (a receipt changed again comes again).
    const seen = new Set(cursor.seen);
    const fresh = page.results.filter(
      (r) => typeof r.receipt_id === "number" && !(seen.has(r.receipt_id) && updatedOf(r, cursor.min) === cursor.min),
    );
    const { orders, unreadable } = splitReads(
      fresh.map((r) =>
        readOrder(
          { marketplace: "etsy", operation: "getShopReceipts", what: `Etsy receipt ${String(r.receipt_id)}` },
          { id: String(r.receipt_id), raw: r },
          () => mapReceipt(r),
        ),
      ),
    );

    let next: ReceiptCursor | null = null;
    if (page.results.length > 0 && cursor.offset + page.results.length < page.count) {
      const last = Math.max(...page.results.map((r) => updatedOf(r, cursor.min)));
      const atLast = page.results.filter((r) => updatedOf(r, cursor.min) === last).map((r) => r.receipt_id as number);
      const nextSeen = [...new Set([...(last === cursor.min ? cursor.seen : []), ...atLast])];
      next = {
        v: 1,
        min: last,
        seen: nextSeen,
        offset: nextSeen.length >= limit ? nextSeen.length : 0,
        coveredUntil: cursor.coveredUntil,
      };
      // Only when a full page shares one second and nothing on it was new: step over it rather than loop.
      if (next.min === cursor.min && next.offset === cursor.offset && next.seen.length === cursor.seen.length) {
        next.offset = cursor.offset + page.results.length;
      }
    }
    return {
      orders,
      unreadable,
      nextPageToken: next ? encodeCursor(next) : null,
      coveredUntil: new Date(coveredUntil),
    };
  }
}
