/**
 * Orders v0 listing: getOrders (LastUpdatedAfter, NextToken paging), then per order getOrderItems (paged)
 * and getOrderAddress. `coveredUntil` is the `LastUpdatedBefore` Amazon answers (now minus ~2 minutes).
 */
import { splitReads, type OrderRead } from "../map-or-throw";
import { isConnectorError, type ListOrdersPage, type ListOrdersParams, type MarketplaceOrder } from "../types";
import type { RestrictedDataTokenSource } from "./restricted-data-tokens";
import type { AmazonOrderItemV0, AmazonOrderV0, GetOrdersQuery, IAmazonSpApiClient } from "./client";
import { mapOrderV0 } from "./mappers";
import {
  decodeCursor,
  encodeCursor,
  readAmazonOrder,
  mapWithConcurrency,
  parseInstant,
  type IAmazonOrderListing,
} from "./order-listing";

/**
 * 30 orders a page: each order costs one getOrderItems and (when shippable) one getOrderAddress call, each
 * with a burst of 30 and 0.5 rps. At getOrders' sustained 1 call a minute, 30 orders a minute is exactly
 * what the per-order plans sustain (30 calls a minute), so steady polling never waits on them.
 */
export const V0_DEFAULT_PAGE_SIZE = 30;

/** getOrderAddress only has an address for these statuses (model note on OrderAddress.ShippingAddress). */
const STATUSES_WITH_ADDRESS = new Set<AmazonOrderV0["OrderStatus"]>([
  "Unshipped",
  "PartiallyShipped",
  "Shipped",
  "InvoiceUnconfirmed",
]);

export interface V0ListingOptions {
  client: IAmazonSpApiClient;
  marketplaceIds: readonly string[];
  pageSize?: number;
  /** Orders whose items/address are fetched at the same time (default 4). */
  concurrency?: number;
  /** RDTs for the listing, so orders come with the buyer's name and street (none: list without PII). */
  rdt?: RestrictedDataTokenSource;
}

export class OrderListingV0 implements IAmazonOrderListing {
  readonly version = "v0" as const;

  constructor(private readonly options: V0ListingOptions) {}

  async listPage(params: ListOrdersParams, pageToken: string | null): Promise<ListOrdersPage> {
    const cursor = decodeCursor(pageToken, this.version);
    const query: GetOrdersQuery = {
      MarketplaceIds: [...this.options.marketplaceIds],
      LastUpdatedAfter: params.updatedAfter.toISOString(),
      ...(params.updatedBefore ? { LastUpdatedBefore: params.updatedBefore.toISOString() } : {}),
      MaxResultsPerPage: this.options.pageSize ?? V0_DEFAULT_PAGE_SIZE,
      ...(cursor ? { NextToken: cursor.next } : {}),
    };
    const { list, withPii } = await this.getOrders(query);
    const { orders, unreadable } = splitReads(
      await mapWithConcurrency(list.Orders, this.options.concurrency ?? 4, (order) => this.loadOrder(order, withPii)),
    );
    const coveredUntil = cursor ? cursor.coveredUntil : (list.LastUpdatedBefore ?? null);
    const next = list.NextToken ? list.NextToken : null;
    return {
      orders,
      unreadable,
      nextPageToken: next ? encodeCursor({ version: this.version, next, coveredUntil }) : null,
      coveredUntil: parseInstant(coveredUntil),
    };
  }

  /**
   * getOrders with the RDT when there is one. An RDT Amazon refuses (expired, revoked) is replaced once by a new
   * one; when no new one can be had, the page is listed without PII. A second refusal is the call's error.
   */
  private async getOrders(
    query: GetOrdersQuery,
  ): Promise<{ list: Awaited<ReturnType<IAmazonSpApiClient["getOrders"]>>; withPii: boolean }> {
    const { client, rdt } = this.options;
    const token = rdt ? await rdt.forListing() : null;
    if (!rdt || !token) return { list: await client.getOrders(query), withPii: false };
    try {
      return { list: await client.getOrders(query, { restrictedDataToken: token }), withPii: true };
    } catch (e) {
      if (!isConnectorError(e) || (e.details.httpStatus !== 401 && e.details.httpStatus !== 403)) throw e;
      rdt.invalidate(token);
      const fresh = await rdt.forListing();
      if (!fresh) return { list: await client.getOrders(query), withPii: false };
      return { list: await client.getOrders(query, { restrictedDataToken: fresh }), withPii: true };
    }
  }

  private async loadOrder(order: AmazonOrderV0, withPii: boolean): Promise<OrderRead<MarketplaceOrder>> {
    const { client } = this.options;
    const items: AmazonOrderItemV0[] = [];
    let nextToken: string | null = null;
    do {
      const page = await client.getOrderItems(order.AmazonOrderId, nextToken);
      items.push(...page.OrderItems);
      nextToken = page.NextToken ? page.NextToken : null;
    } while (nextToken);
    // With an RDT the listing already carries the full address; without one, getOrderAddress may still give it.
    const address =
      !withPii && STATUSES_WITH_ADDRESS.has(order.OrderStatus) ? await this.orderAddress(order.AmazonOrderId) : null;
    return readAmazonOrder(order.AmazonOrderId, { order, items, address }, () => mapOrderV0({ order, items, address }));
  }

  /**
   * getOrderAddress. Without an RDT covering it Amazon answers 200 without the PII fields (city, region, postcode
   * and country only), which maps like the listing's partial address. A 403 (an app without the role) is taken
   * the same way: null, the order keeps the listing's partial address.
   */
  private async orderAddress(orderId: string) {
    try {
      return await this.options.client.getOrderAddress(orderId);
    } catch (e) {
      if (isConnectorError(e) && e.kind === "permanent" && e.details.httpStatus === 403) return null;
      throw e;
    }
  }
}
