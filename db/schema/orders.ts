import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { PostalAddress } from "#connectors/types.ts";
import { FULFILLMENT_STATUSES, MARKETPLACE_COLUMN_VALUES as MARKETPLACES } from "./enums";
import { marketplaceAccounts } from "./marketplace-accounts";
import { shops } from "./shops";

/** A marketplace order as we hold it. Unique on account + marketplace order id. */
export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    accountId: integer("account_id")
      .notNull()
      .references(() => marketplaceAccounts.id, { onDelete: "cascade" }),
    marketplace: text("marketplace", { enum: MARKETPLACES }).notNull(),
    marketplaceOrderId: text("marketplace_order_id").notNull(),
    marketplaceStatus: text("marketplace_status").notNull(),
    fulfillmentStatus: text("fulfillment_status", { enum: FULFILLMENT_STATUSES }).notNull().default("unshipped"),
    /** Why the order is `failed`; null otherwise. */
    failureReason: text("failure_reason"),
    /** The step that failed, so Retry knows which job to enqueue again. */
    failedStep: text("failed_step"),
    /**
     * The failed step's error code (a StepError's, e.g. `out_of_stock`, `unknown_sku`): what lets work that waits on
     * the merchant resume by itself when its cause goes away (stock back in the shop). Null when not failed.
     */
    failureCode: text("failure_code"),
    /**
     * The marketplace's payload of the last listing of this order that the connector could not read (kept, capped,
     * for the merchant and support to see why); null once a listing of it is read. Personal data in it is erased
     * with the buyer's.
     */
    unreadablePayload: text("unreadable_payload", { mode: "json" }).$type<unknown>(),
    buyerName: text("buyer_name"),
    buyerEmail: text("buyer_email"),
    buyerPhone: text("buyer_phone"),
    shippingAddress: text("shipping_address", { mode: "json" }).$type<PostalAddress | null>(),
    /** The buyer's own account on the marketplace (eBay username, Etsy buyer_user_id): whom an erasure request names. */
    buyerMarketplaceUserId: text("buyer_marketplace_user_id"),
    /** When the buyer's personal data was erased at the marketplace's request; later imports leave it erased. */
    buyerErasedAt: integer("buyer_erased_at", { mode: "timestamp_ms" }),
    currency: text("currency").notNull(),
    subtotalAmount: integer("subtotal_amount").notNull(),
    shippingAmount: integer("shipping_amount").notNull(),
    taxAmount: integer("tax_amount").notNull(),
    /** The marketplace's promotions on items and shipping (positive): lines + shipping + tax − discount = total. */
    discountAmount: integer("discount_amount").notNull().default(0),
    totalAmount: integer("total_amount").notNull(),
    shippingServiceLevel: text("shipping_service_level"),
    /** Sub-marketplace (Amazon MarketplaceId), echoed back when confirming shipments. */
    salesChannel: text("sales_channel"),
    purchasedAt: integer("purchased_at", { mode: "timestamp_ms" }).notNull(),
    marketplaceUpdatedAt: integer("marketplace_updated_at", { mode: "timestamp_ms" }).notNull(),
    /** The order we created in the platform (Shopify GID / BigCommerce id) and its display name. */
    shopOrderId: text("shop_order_id"),
    shopOrderName: text("shop_order_name"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("orders_account_marketplace_order_uq").on(t.accountId, t.marketplaceOrderId),
    index("orders_shop_status_idx").on(t.shopId, t.fulfillmentStatus),
    index("orders_shop_order_idx").on(t.shopId, t.shopOrderId),
    // A marketplace's erasure request looks up a buyer's orders across every shop.
    index("orders_marketplace_buyer_idx")
      .on(t.marketplace, t.buyerMarketplaceUserId)
      .where(sql`${t.buyerMarketplaceUserId} IS NOT NULL`),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    marketplaceLineId: text("marketplace_line_id").notNull(),
    sku: text("sku"),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    /** Units the marketplace has been told are shipped (by us or by the seller there). */
    quantityShipped: integer("quantity_shipped").notNull().default(0),
    unitPriceAmount: integer("unit_price_amount").notNull(),
    /** The line's price for all units as the marketplace stated it; null: unit price × quantity (see lineTotalOf). */
    lineTotalAmount: integer("line_total_amount"),
    taxAmount: integer("tax_amount").notNull().default(0),
    /** Platform ids once the shop order exists. */
    shopVariantId: text("shop_variant_id"),
    shopLineItemId: text("shop_line_item_id"),
  },
  (t) => [uniqueIndex("order_lines_order_line_uq").on(t.orderId, t.marketplaceLineId)],
);
