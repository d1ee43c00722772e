import { fromMinorUnits } from "#connectors/money.ts";
import type { Marketplace, PostalAddress } from "#connectors/types.ts";
import { StepError } from "#app/.server/errors.ts";
import { marketplaceName } from "#app/.server/domain/marketplace-names.ts";
import {
  sourceIdentifier,
  type ForeignOrder,
  type ForeignOrderMark,
  type NewShopOrder,
  type ShopFulfillmentEvent,
  type ShopOrderRef,
  type ShopPlatform,
  type ShopVariant,
} from "../types";
import type * as AdminTypes from "../../../types/admin.types";
import type { OrderLinesFragment, VariantsBySkuQuery } from "../../../types/admin.generated";
import type { AdminGraphqlClient } from "./admin-graphql-client";
import { shopifyFulfillmentEvent } from "./fulfillment-event";
import { promotionDiscountCode, ROUNDING_DISCOUNT_CODE, shopifyLinePrices } from "./line-prices";

// Documents are `#graphql` template strings: `npm run gen:shopify-types` reads them (with Shopify's codegen preset,
// https://shopify.dev/docs/api/shopify-app-remix/latest/guide-graphql-types) into app/types/admin.generated.d.ts, and
// AdminGraphqlClient.request only takes a document listed there, typing its variables and its answer. A document that
// interpolates a fragment is `as const`, so its type is the exact text codegen keyed it by.
const VARIANTS_BY_SKU = `#graphql
  query variantsBySku($query: String!, $first: Int!, $after: String) {
    productVariants(first: $first, query: $query, after: $after) {
      nodes { id sku title inventoryQuantity product { id } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** Pages of prefix matches read per batch of SKUs before giving up on the ones still missing (see findVariantsBySku). */
const MAX_VARIANT_PAGES = 8;

// Query cost: connections cost 2 + first × child, and a single query may not exceed 1000 points.
const ORDER_LINES = `#graphql
  fragment OrderLines on Order {
    lineItems(first: 100) { nodes { id sku quantity variant { id } } }
  }`;

const ORDERS_BY_SOURCE = `#graphql
  query ordersBySource($query: String!) {
    orders(first: 3, query: $query) {
      nodes { id name sourceIdentifier ...OrderLines }
    }
  }
  ${ORDER_LINES}` as const;

// Candidates only (about 2 points each): the one that matches is read again with its lines.
const ORDERS_IMPORTED_ELSEWHERE = `#graphql
  query ordersImportedElsewhere($query: String!) {
    orders(first: 10, query: $query) {
      nodes { id name sourceIdentifier tags customAttributes { key value } }
    }
  }`;

const ORDER_WITH_LINES = `#graphql
  query orderWithLines($id: ID!) {
    order(id: $id) { id name ...OrderLines }
  }
  ${ORDER_LINES}` as const;

const ORDER_CREATE = `#graphql
  mutation createMarketplaceOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
    orderCreate(order: $order, options: $options) {
      order { id name ...OrderLines }
      userErrors { field message code }
    }
  }
  ${ORDER_LINES}` as const;

const ORDER_CANCELLED_AT = `#graphql
  query orderCancelledAt($id: ID!) {
    order(id: $id) { id cancelledAt }
  }`;

// No refund (the marketplace refunds the buyer): `refundMethod` replaced the deprecated `refund: false` in 2025-07
// (https://shopify.dev/changelog/ordercancel-mutation-now-supports-refunds-to-store-credit).
const ORDER_CANCEL = `#graphql
  mutation cancelMarketplaceOrder($orderId: ID!, $staffNote: String) {
    orderCancel(
      orderId: $orderId
      refundMethod: { originalPaymentMethodsRefund: false }
      restock: true
      reason: OTHER
      notifyCustomer: false
      staffNote: $staffNote
    ) {
      job { id }
      orderCancelUserErrors { field message code }
    }
  }`;

// Order.fulfillments is a plain list (no paging; objects count once), its line items a connection:
// 2 + 25 × (line item + its LineItem) ≈ 52 points; an order with more lines per fulfillment pages on. Kept small
// because the hourly reconciliation reads every open order this way (docs/decisions/012): 1000 orders an hour is
// about 15 points a second of the 50 a standard shop restores.
const FULFILLMENT_LINES = `#graphql
  fragment FulfillmentLines on Fulfillment {
    fulfillmentLineItems(first: 25, after: $after) {
      nodes { quantity lineItem { id sku } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const ORDER_FULFILLMENTS = `#graphql
  query orderFulfillments($id: ID!, $after: String) {
    order(id: $id) {
      id
      fulfillments(first: 250) {
        id status createdAt updatedAt
        trackingInfo(first: 1) { company number }
        ...FulfillmentLines
      }
    }
  }
  ${FULFILLMENT_LINES}` as const;

const FULFILLMENT_LINES_PAGE = `#graphql
  query fulfillmentLines($id: ID!, $after: String) {
    fulfillment(id: $id) { ...FulfillmentLines }
  }
  ${FULFILLMENT_LINES}` as const;

type OrderNode = Pick<AdminTypes.Order, "id" | "name"> & OrderLinesFragment;

/** Search syntax value: quoted when it has anything but plain characters. */
function searchValue(v: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(v) ? v : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function toRef(o: OrderNode): ShopOrderRef {
  return {
    id: o.id,
    name: o.name,
    lines: o.lineItems.nodes.map((l) => ({
      id: l.id,
      sku: l.sku ?? null,
      variantId: l.variant?.id ?? null,
      quantity: l.quantity,
    })),
  };
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: "", lastName: parts[0] ?? "" };
  return { firstName: parts.slice(0, -1).join(" "), lastName: parts[parts.length - 1] ?? "" };
}

/** The contact's name and phone over an address's (only those given). */
function contactOf(buyer: NewShopOrder["buyer"]): Partial<AdminTypes.MailingAddressInput> {
  return {
    ...(buyer.name?.trim() ? splitName(buyer.name) : {}),
    ...(buyer.phone ? { phone: buyer.phone } : {}),
  };
}

/**
 * The schema's ISO code enums (CurrencyCode, CountryCode) from the marketplaces' plain strings: Shopify checks the
 * value and rejects an unknown one as a user error, as it did before the documents were typed.
 */
const currencyCode = (code: string) => code as AdminTypes.CurrencyCode;
const countryCode = (code: string) => code as AdminTypes.CountryCode;

function mailingAddress(a: PostalAddress): AdminTypes.MailingAddressInput {
  return {
    ...splitName(a.name),
    company: a.company ?? undefined,
    address1: a.line1,
    address2: [a.line2, a.line3].filter(Boolean).join(", ") || undefined,
    city: a.city,
    provinceCode: a.region ?? undefined,
    zip: a.postalCode ?? undefined,
    countryCode: countryCode(a.countryCode),
    phone: a.phone ?? undefined,
  };
}

/** The Shopify adapter of the ShopPlatform port (Admin GraphQL, SHOPIFY_API_VERSION). */
export class ShopifyPlatform implements ShopPlatform {
  readonly platform = "shopify" as const;

  constructor(private readonly client: AdminGraphqlClient) {}

  /**
   * Shopify's `sku:` search matches tokens by prefix (https://shopify.dev/docs/api/usage/search-syntax): `sku:MUG-1`
   * also finds MUG-10, MUG-1-BLUE… So only exact SKUs are kept, and a batch reads further pages while some of its
   * SKUs are still missing and Shopify has more matches (at most MAX_VARIANT_PAGES pages of 250, cost 2 + 250 each).
   */
  async findVariantsBySku(skus: string[]): Promise<Map<string, ShopVariant>> {
    const out = new Map<string, ShopVariant>();
    const unique = [...new Set(skus)];
    for (let i = 0; i < unique.length; i += 50) {
      const batch = unique.slice(i, i + 50);
      const query = batch.map((s) => `sku:${searchValue(s)}`).join(" OR ");
      let after: string | null = null;
      for (let page = 0; page < MAX_VARIANT_PAGES; page++) {
        const first: number = page === 0 ? Math.min(250, batch.length * 2) : 250;
        const data: VariantsBySkuQuery = await this.client.request(VARIANTS_BY_SKU, { query, first, after });
        for (const v of data.productVariants.nodes) {
          // Exact matches only, first one wins.
          if (v.sku && batch.includes(v.sku) && !out.has(v.sku)) {
            out.set(v.sku, {
              variantId: v.id,
              productId: v.product?.id ?? null,
              sku: v.sku,
              title: v.title,
              inventoryQuantity: v.inventoryQuantity ?? null,
            });
          }
        }
        const { hasNextPage, endCursor } = data.productVariants.pageInfo;
        if (!hasNextPage || !endCursor || batch.every((s) => out.has(s))) break;
        after = endCursor;
      }
    }
    return out;
  }

  async findOrderBySource(ref: { marketplace: Marketplace; marketplaceOrderId: string }): Promise<ShopOrderRef | null> {
    const id = sourceIdentifier(ref.marketplace, ref.marketplaceOrderId);
    const data = await this.client.request(ORDERS_BY_SOURCE, {
      query: `source_identifier:${searchValue(id)}`,
    });
    const hit = data.orders.nodes.find((o) => o.sourceIdentifier === id);
    return hit ? toRef(hit) : null;
  }

  /**
   * Another importer's order for this marketplace order: one whose tag, name (with or without "#") or source
   * identifier is the bare marketplace order id, or whose note attributes carry it. Shopify's search is fuzzy, so each
   * candidate is checked exactly; note attributes are not searchable, so they count only on a candidate found so.
   */
  async findOrderImportedElsewhere(ref: {
    marketplace: Marketplace;
    marketplaceOrderId: string;
  }): Promise<ForeignOrder | null> {
    const id = ref.marketplaceOrderId.trim();
    if (!id) return null;
    const v = searchValue(id);
    const data = await this.client.request(ORDERS_IMPORTED_ELSEWHERE, {
      query: `tag:${v} OR name:${v} OR source_identifier:${v}`,
    });
    const same = (s: string | null | undefined) => typeof s === "string" && s.trim().toLowerCase() === id.toLowerCase();
    for (const o of data.orders.nodes) {
      const foundBy: ForeignOrderMark | null = o.tags.some(same)
        ? "tag"
        : same(o.name) || same(o.name.replace(/^#/, ""))
          ? "name"
          : same(o.sourceIdentifier)
            ? "source_identifier"
            : o.customAttributes.some((a) => same(a.value))
              ? "note_attribute"
              : null;
      if (!foundBy) continue;
      const full = await this.client.request(ORDER_WITH_LINES, { id: o.id });
      if (full.order) return { order: toRef(full.order), foundBy };
    }
    return null;
  }

  async createOrder(input: NewShopOrder): Promise<ShopOrderRef> {
    const money = (amount: number) => ({
      shopMoney: { amount: fromMinorUnits(amount, input.currency), currencyCode: currencyCode(input.currency) },
    });
    const { units, roundingDiscount, subtotal } = shopifyLinePrices(input.lines);
    const address = input.shippingAddress ? mailingAddress(input.shippingAddress) : undefined;
    // The billing address is the shipping address in the name of the order's contact (the buyer, or the merchant
    // when their details replace the buyer's): marketplaces do not share billing addresses.
    const billing = address && { ...address, ...contactOf(input.buyer) };
    const order: AdminTypes.OrderCreateOrderInput = {
      currency: currencyCode(input.currency),
      sourceName: input.sourceLabel || `OrderBridge ${marketplaceName(input.marketplace)}`,
      sourceIdentifier: sourceIdentifier(input.marketplace, input.marketplaceOrderId),
      tags: input.tags,
      note: input.note ?? undefined,
      name: input.name ?? undefined,
      email: input.buyer.email ?? undefined,
      phone: undefined,
      processedAt: input.processedAt.toISOString(),
      financialStatus: "PAID",
      shippingAddress: address,
      billingAddress: billing,
      lineItems: input.lines.map((l, i) =>
        l.variantId === null
          ? // A custom line: no product, so no stock is taken and nothing links it to the catalog.
            {
              title: l.title,
              sku: l.sku || undefined,
              quantity: l.quantity,
              priceSet: money(units[i]),
              requiresShipping: true,
            }
          : { variantId: l.variantId, quantity: l.quantity, priceSet: money(units[i]) },
      ),
      ...orderDiscount(input.discount.amount, roundingDiscount, input.marketplace, money),
      shippingLines: [{ title: input.shipping.title, priceSet: money(input.shipping.price.amount) }],
      taxLines:
        input.tax.amount > 0
          ? [
              {
                title: `${marketplaceName(input.marketplace)} tax`,
                rate: subtotal > 0 ? (input.tax.amount / subtotal).toFixed(4) : "0",
                priceSet: money(input.tax.amount),
              },
            ]
          : [],
      customAttributes: input.orderIdAttribute ? [input.orderIdAttribute] : [],
    };
    const data = await this.client.request(ORDER_CREATE, {
      order,
      options: {
        inventoryBehaviour: "DECREMENT_IGNORING_POLICY",
        sendReceipt: input.sendConfirmation ?? false,
        sendFulfillmentReceipt: false,
      },
    });
    // The payload is nullable in the schema; no payload is "no order returned".
    const { order: created, userErrors } = data.orderCreate ?? { order: null, userErrors: [] };
    if (userErrors.length || !created) {
      throw new StepError(
        "shop_order_rejected",
        `Shopify rejected the order: ${userErrors.map((e) => `${(e.field ?? []).join(".")} ${e.message}`.trim()).join("; ") || "no order returned"}`,
      );
    }
    return toRef(created);
  }

  verifyAuthorization(): Promise<void> {
    return this.client.verifyAuthorization();
  }

  async cancelOrder(shopOrderId: string, note: string): Promise<"cancelled" | "already_cancelled"> {
    // orderCancel has no "already cancelled" code: look first, so a retry after a lost answer is not an error.
    const current = await this.client.request(ORDER_CANCELLED_AT, { id: shopOrderId });
    if (!current.order) throw new StepError("shop_order_missing", `Shopify order ${shopOrderId} no longer exists`);
    if (current.order.cancelledAt) return "already_cancelled";
    const data = await this.client.request(ORDER_CANCEL, { orderId: shopOrderId, staffNote: note });
    if (!data.orderCancel)
      throw new StepError(
        "shop_order_not_cancelled",
        "Shopify did not cancel the order: it answered no orderCancel payload",
      );
    const errors = data.orderCancel.orderCancelUserErrors;
    if (errors.length) {
      throw new StepError(
        "shop_order_not_cancelled",
        `Shopify did not cancel the order: ${errors.map((e) => e.message).join("; ")}`,
      );
    }
    return "cancelled";
  }

  /** Every fulfillment of the order, as the fulfillments webhook would have told it (an unknown order has none). */
  async listFulfillmentEvents(shopOrderId: string): Promise<ShopFulfillmentEvent[]> {
    const data = await this.client.request(ORDER_FULFILLMENTS, { id: shopOrderId, after: null });
    if (!data.order) return [];
    const events: ShopFulfillmentEvent[] = [];
    for (const f of data.order.fulfillments) {
      const nodes = [...f.fulfillmentLineItems.nodes];
      for (let page = f.fulfillmentLineItems.pageInfo; page.hasNextPage;) {
        const next = await this.client.request(FULFILLMENT_LINES_PAGE, {
          id: f.id,
          after: page.endCursor,
        });
        if (!next.fulfillment) break;
        nodes.push(...next.fulfillment.fulfillmentLineItems.nodes);
        page = next.fulfillment.fulfillmentLineItems.pageInfo;
      }
      events.push(
        shopifyFulfillmentEvent({
          orderGid: data.order.id,
          fulfillmentGid: f.id,
          status: f.status,
          trackingCompany: f.trackingInfo[0]?.company,
          trackingNumber: f.trackingInfo[0]?.number,
          createdAt: f.createdAt,
          updatedAt: f.updatedAt,
          // FulfillmentLineItem.quantity is nullable in the schema; the webhook only carries lines with units.
          lines: nodes
            .filter((l) => (l.quantity ?? 0) > 0)
            .map((l) => ({ lineItemGid: l.lineItem.id, sku: l.lineItem.sku, quantity: l.quantity! })),
        }),
      );
    }
    return events;
  }
}

/**
 * Shopify takes one discount code per order: the marketplace's promotions and the cents the rounded-up units add
 * go in one fixed amount, named after the promotions when there are any.
 */
function orderDiscount<M>(
  promotions: number,
  rounding: number,
  marketplace: Marketplace,
  money: (amount: number) => M,
) {
  const amount = promotions + rounding;
  if (amount <= 0) return {};
  const code = promotions > 0 ? promotionDiscountCode(marketplaceName(marketplace)) : ROUNDING_DISCOUNT_CODE;
  return { discountCode: { itemFixedDiscountCode: { code, amountSet: money(amount) } } };
}
