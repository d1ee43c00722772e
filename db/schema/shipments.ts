import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orderLines, orders } from "./orders";
import { shops } from "./shops";

export const SHIPMENT_EXPORT_STATUSES = ["pending", "waiting_for_tracking", "exported", "failed", "skipped"] as const;
export type ShipmentExportStatus = (typeof SHIPMENT_EXPORT_STATUSES)[number];

/** One package sent from the shop (a Shopify fulfillment / BigCommerce shipment). */
export const shipments = sqliteTable(
  "shipments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** The platform's id for this package (Shopify fulfillment GID). */
    shopFulfillmentId: text("shop_fulfillment_id").notNull(),
    /** Carrier as the merchant typed it in the shop. */
    carrierName: text("carrier_name"),
    trackingNumber: text("tracking_number"),
    shippedAt: integer("shipped_at", { mode: "timestamp_ms" }).notNull(),
    /**
     * How new the shop's facts on this row are: the `updatedAt` of the last event applied (Shopify's `updated_at`;
     * for a BigCommerce shipment, which has only `date_created`, when we read it). An older event is not applied.
     * Null on rows recorded before it was kept, and for events that carry no time.
     */
    shopUpdatedAt: integer("shop_updated_at", { mode: "timestamp_ms" }),
    exportStatus: text("export_status", { enum: SHIPMENT_EXPORT_STATUSES }).notNull().default("pending"),
    /** Carrier code we sent to the marketplace, and its reference for the package. */
    exportedCarrierCode: text("exported_carrier_code"),
    marketplaceShipmentId: text("marketplace_shipment_id"),
    exportedAt: integer("exported_at", { mode: "timestamp_ms" }),
    /**
     * When the reconciliation read the package back from the marketplace after the export (it holds it). Null: not
     * checked yet, or exported again since.
     */
    marketplaceVerifiedAt: integer("marketplace_verified_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("shipments_shop_fulfillment_uq").on(t.shopId, t.shopFulfillmentId),
    index("shipments_order_idx").on(t.orderId),
  ],
);

export const shipmentLines = sqliteTable(
  "shipment_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shipmentId: integer("shipment_id")
      .notNull()
      .references(() => shipments.id, { onDelete: "cascade" }),
    orderLineId: integer("order_line_id")
      .notNull()
      .references(() => orderLines.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
  },
  (t) => [uniqueIndex("shipment_lines_uq").on(t.shipmentId, t.orderLineId)],
);
