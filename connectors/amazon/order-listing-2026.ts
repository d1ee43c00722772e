/**
 * Orders 2026-01-01 listing: one searchOrders call per page returns orders with their items, buyer,
 * recipient, proceeds and packages (includedData), so there are no per-order calls and no RDT.
 * `coveredUntil` is the `lastUpdatedBefore` Amazon answers.
 */
import type { ListOrdersPage, ListOrdersParams } from "../types";
import type { IAmazonSpApiClient, IncludedData2026, SearchOrdersQuery } from "./client";
import { mapOrder2026 } from "./mappers";
import { splitReads } from "../map-or-throw";
import { decodeCursor, encodeCursor, parseInstant, readAmazonOrder, type IAmazonOrderListing } from "./order-listing";

/** searchOrders allows 1 call per ~3 minutes sustained: take the largest page. */
export const V2026_DEFAULT_PAGE_SIZE = 100;

export const V2026_INCLUDED_DATA: readonly IncludedData2026[] = [
  "BUYER",
  "RECIPIENT",
  "PROCEEDS",
  "FULFILLMENT",
  "PACKAGES",
];

export interface V2026ListingOptions {
  client: IAmazonSpApiClient;
  marketplaceIds: readonly string[];
  pageSize?: number;
}

export class OrderListing2026 implements IAmazonOrderListing {
  readonly version = "2026-01-01" as const;

  constructor(private readonly options: V2026ListingOptions) {}

  async listPage(params: ListOrdersParams, pageToken: string | null): Promise<ListOrdersPage> {
    const cursor = decodeCursor(pageToken, this.version);
    const query: SearchOrdersQuery = {
      lastUpdatedAfter: params.updatedAfter.toISOString(),
      ...(params.updatedBefore ? { lastUpdatedBefore: params.updatedBefore.toISOString() } : {}),
      marketplaceIds: [...this.options.marketplaceIds],
      maxResultsPerPage: this.options.pageSize ?? V2026_DEFAULT_PAGE_SIZE,
      includedData: [...V2026_INCLUDED_DATA],
      ...(cursor ? { paginationToken: cursor.next } : {}),
    };
    const res = await this.options.client.searchOrders(query);
    const { orders, unreadable } = splitReads(
      res.orders.map((o) => readAmazonOrder(o.orderId, o, () => mapOrder2026(o))),
    );
    const coveredUntil = cursor ? cursor.coveredUntil : (res.lastUpdatedBefore ?? null);
    const next = res.pagination?.nextToken ? res.pagination.nextToken : null;
    return {
      orders,
      unreadable,
      nextPageToken: next ? encodeCursor({ version: this.version, next, coveredUntil }) : null,
      coveredUntil: parseInstant(coveredUntil),
    };
  }
}
