import type { Marketplace, Money, PostalAddress } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";
import type { ForeignOrderMark } from "../domain/timeline-events";
import type { ShopFulfillmentEvent } from "./events";

/**
 * The ShopPlatform port: what the app needs from the shop backend (Shopify, BigCommerce).
 * Adapters translate platform payloads at their edge; services only see these types.
 */

export interface ShopVariant {
  variantId: string;
  productId: string | null;
  sku: string;
  title: string;
  /** null when the platform does not track inventory for it. */
  inventoryQuantity: number | null;
}

export interface ShopOrderLineRef {
  id: string;
  sku: string | null;
  variantId: string | null;
  quantity: number;
}

export interface ShopOrderRef {
  id: string;
  /** Display name, e.g. "#1001". */
  name: string;
  lines: ShopOrderLineRef[];
}

/** Where another importer recorded the marketplace order id on a shop order we found. */
export type { ForeignOrderMark };

export interface ForeignOrder {
  order: ShopOrderRef;
  foundBy: ForeignOrderMark;
}

export interface NewShopOrderLine {
  /** null: a custom line (no product in the shop sells the SKU), carrying only its title, SKU and price. */
  variantId: string | null;
  sku: string;
  title: string;
  quantity: number;
  /** Display price of one unit (rounded when the line total does not divide by the quantity). */
  unitPrice: Money;
  /** What the buyer paid for all the line's units: the shop order must add up to this, cent for cent. */
  lineTotal: Money;
}

export interface NewShopOrder {
  marketplace: Marketplace;
  marketplaceOrderId: string;
  currency: string;
  buyer: { name?: string | null; email?: string | null; phone?: string | null };
  shippingAddress: PostalAddress | null;
  lines: NewShopOrderLine[];
  shipping: { title: string; price: Money };
  tax: Money;
  /** The marketplace's promotions on items and shipping (positive, zero for none): the order total is lowered by it. */
  discount: Money;
  processedAt: Date;
  tags: string[];
  note?: string | null;
  /** The shop order's name (Shopify); null or absent: the shop numbers it. */
  name?: string | null;
  /** Source label (Shopify source name, BigCommerce external source); null or absent: the platform's default. */
  sourceLabel?: string | null;
  /** The marketplace order id as a note attribute (Shopify's additional details); null: none. */
  orderIdAttribute?: { key: string; value: string } | null;
  /** Whether the shop emails its own order confirmation to the buyer (Shopify's receipt). */
  sendConfirmation?: boolean;
}

/** A fulfillment/shipment event from the shop: its zod schema (it crosses the job queue) is in ./events. */
export type { ShopFulfillmentEvent };

export interface ShopPlatform {
  readonly platform: Platform;
  findVariantsBySku(skus: string[]): Promise<Map<string, ShopVariant>>;
  /** The shop order we already created for this marketplace order, if any (idempotent creation looks here first). */
  findOrderBySource(ref: { marketplace: Marketplace; marketplaceOrderId: string }): Promise<ShopOrderRef | null>;
  /**
   * A shop order that another importer created for this marketplace order (an app used before us, Codisto's tags):
   * one carrying the bare marketplace order id where importers record it, and how it was recognised. Checked exactly
   * on what the shop answers; null when none.
   */
  findOrderImportedElsewhere(ref: {
    marketplace: Marketplace;
    marketplaceOrderId: string;
  }): Promise<ForeignOrder | null>;
  createOrder(input: NewShopOrder): Promise<ShopOrderRef>;
  /**
   * Every fulfillment/shipment of the shop order, translated exactly as its webhooks are. For an order we link
   * after the fact (found by source): the webhooks of what the merchant shipped before were dropped.
   */
  listFulfillmentEvents(shopOrderId: string): Promise<ShopFulfillmentEvent[]>;
  /**
   * Cancels the shop order (the marketplace cancelled it): no refund (the marketplace refunds the buyer), stock put
   * back, nobody notified; `note` is for the merchant. "already_cancelled" when the shop had done so before.
   */
  cancelOrder(shopOrderId: string, note: string): Promise<"cancelled" | "already_cancelled">;
  /**
   * One cheap authenticated call: resolves when the shop accepts the app's token, throws AuthorizationRefusedError
   * when it refuses it (twice); any other error: it could not tell.
   */
  verifyAuthorization(): Promise<void>;
}

/** The identifier we put on every shop order we create, so a retry can find it. */
export function sourceIdentifier(marketplace: Marketplace, marketplaceOrderId: string): string {
  return `${marketplace}:${marketplaceOrderId}`;
}
