import { and, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../client";
import { jobs, orders, shipments, timelineEvents, webhookDeliveries } from "../schema";
import type { Order } from "./orders";

/**
 * Every row that can hold a buyer's personal data, found and rewritten for a redaction (docs/decisions/023):
 *  - `orders`: buyer_name, buyer_email, buyer_phone, shipping_address, buyer_marketplace_user_id, the raw
 *    unreadable_payload, and failure_reason (a platform's error may quote the buyer);
 *  - `timeline_events`: message and data of the buyer's orders;
 *  - `shipments.last_error` of those orders;
 *  - `jobs`: payload and last_error of the jobs about those orders (queued, dead or done);
 *  - `webhook_deliveries.payload` of the shop (lean records since 022 and migration 0015; still searched);
 *  - `privacy_requests` (subject, export_data): ./privacy-requests.ts.
 * Other tables hold no buyer data: order_lines and shipment_lines (products, quantities, prices), sku_mappings,
 * marketplace_accounts (the seller's: erased with the shop or by the marketplace's account deletion), shops,
 * shopify_sessions and bigcommerce_user_removals (the merchant's staff: deleted with the shop), oauth_states.
 * Strings are compared with `instr(lower(..), lower(?))`: no LIKE wildcards to escape.
 */

function mentions(column: SQL | SQLiteColumn, values: readonly string[]): SQL[] {
  return values.map((v) => sql`instr(lower(${column}), ${v.toLowerCase()}) > 0`);
}

/**
 * A shop's orders of one customer: those of the platform's order ids, those whose buyer has this email, and the
 * orders that could not be read whose kept payload names that email.
 */
export function findCustomerOrders(
  db: DbOrTx,
  shopId: number,
  p: { shopOrderIds: readonly string[]; email: string | null },
): Order[] {
  const conditions: SQL[] = [];
  if (p.shopOrderIds.length > 0) conditions.push(inArray(orders.shopOrderId, [...p.shopOrderIds]));
  if (p.email) {
    const email = p.email.toLowerCase();
    conditions.push(sql`lower(${orders.buyerEmail}) = ${email}`);
    conditions.push(sql`instr(lower(${orders.unreadablePayload}), ${email}) > 0`);
  }
  if (conditions.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), or(...conditions)))
    .all();
}

/**
 * Every order of a marketplace buyer, in any shop (a marketplace's erasure request is about a person, whichever shops
 * they bought from), by their marketplace user id (the request may name them by more than one).
 */
export function findOrdersOfMarketplaceBuyer(
  db: DbOrTx,
  marketplace: Order["marketplace"],
  marketplaceUserIds: readonly string[],
): Order[] {
  if (marketplaceUserIds.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.marketplace, marketplace), inArray(orders.buyerMarketplaceUserId, [...marketplaceUserIds])))
    .all();
}

/** Orders of a marketplace, in any shop, that could not be read and whose kept payload names one of the values. */
export function findUnreadableOrdersMentioning(
  db: DbOrTx,
  marketplace: Order["marketplace"],
  values: readonly string[],
): Order[] {
  if (values.length === 0) return [];
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.marketplace, marketplace),
        isNotNull(orders.unreadablePayload),
        or(...values.map((v) => sql`instr(lower(${orders.unreadablePayload}), ${v.toLowerCase()}) > 0`)),
      ),
    )
    .all();
}

/** The buyer's fields erased on the order; the rest of the row (amounts, status, shop order) stays. */
export function eraseOrderBuyer(
  db: DbOrTx,
  shopId: number,
  orderId: number,
  p: { buyerName: string; failureReason: string | null; unreadablePayload: unknown; at: Date },
): void {
  db.update(orders)
    .set({
      buyerName: p.buyerName,
      buyerEmail: null,
      buyerPhone: null,
      shippingAddress: null,
      buyerMarketplaceUserId: null,
      buyerErasedAt: p.at,
      failureReason: p.failureReason,
      unreadablePayload: p.unreadablePayload,
      updatedAt: p.at,
    })
    .where(and(eq(orders.shopId, shopId), eq(orders.id, orderId)))
    .run();
}

export interface TextRow {
  id: number;
  message: string;
  data: Record<string, unknown> | null;
}

export function listTimelineTextsOfOrders(db: DbOrTx, shopId: number, orderIds: readonly number[]): TextRow[] {
  if (orderIds.length === 0) return [];
  return db
    .select({ id: timelineEvents.id, message: timelineEvents.message, data: timelineEvents.data })
    .from(timelineEvents)
    .where(and(eq(timelineEvents.shopId, shopId), inArray(timelineEvents.orderId, [...orderIds])))
    .all();
}

export function rewriteTimelineText(db: DbOrTx, shopId: number, row: TextRow): void {
  db.update(timelineEvents)
    .set({ message: row.message, data: row.data })
    .where(and(eq(timelineEvents.shopId, shopId), eq(timelineEvents.id, row.id)))
    .run();
}

export function listShipmentErrorsOfOrders(
  db: DbOrTx,
  shopId: number,
  orderIds: readonly number[],
): { id: number; lastError: string | null }[] {
  if (orderIds.length === 0) return [];
  return db
    .select({ id: shipments.id, lastError: shipments.lastError })
    .from(shipments)
    .where(and(eq(shipments.shopId, shopId), inArray(shipments.orderId, [...orderIds])))
    .all();
}

export function setShipmentLastError(db: DbOrTx, shopId: number, shipmentId: number, lastError: string | null): void {
  db.update(shipments)
    .set({ lastError })
    .where(and(eq(shipments.shopId, shopId), eq(shipments.id, shipmentId)))
    .run();
}

export interface JobTextRow {
  id: number;
  payload: Record<string, unknown>;
  lastError: string | null;
}

/**
 * The shop's jobs about these orders, whatever their status: by order id, by one of the orders' shipments, by the
 * shop order a fulfillment event or a BigCommerce reference names, or by mentioning one of the buyer's values.
 */
export function listJobsAboutOrders(
  db: DbOrTx,
  shopId: number,
  p: { orderIds: readonly number[]; shopOrderIds: readonly string[]; values: readonly string[] },
): JobTextRow[] {
  const about: SQL[] = [...mentions(jobs.payload, p.values), ...mentions(jobs.lastError, p.values)];
  if (p.orderIds.length > 0) {
    const ids = [...p.orderIds];
    about.push(sql`json_extract(${jobs.payload}, '$.orderId') IN ${ids}`);
    about.push(
      sql`json_extract(${jobs.payload}, '$.shipmentId') IN (SELECT ${shipments.id} FROM ${shipments} WHERE ${inArray(shipments.orderId, ids)})`,
    );
  }
  if (p.shopOrderIds.length > 0) {
    const refs = [...p.shopOrderIds];
    about.push(sql`json_extract(${jobs.payload}, '$.event.shopOrderId') IN ${refs}`);
    about.push(sql`CAST(json_extract(${jobs.payload}, '$.bigcommerce.orderId') AS TEXT) IN ${refs}`);
  }
  if (about.length === 0) return [];
  return db
    .select({ id: jobs.id, payload: jobs.payload, lastError: jobs.lastError })
    .from(jobs)
    .where(and(eq(jobs.shopId, shopId), or(...about)))
    .all();
}

export function rewriteJobTexts(db: DbOrTx, shopId: number, row: JobTextRow): void {
  db.update(jobs)
    .set({ payload: row.payload, lastError: row.lastError })
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, row.id)))
    .run();
}

export interface DeliveryRow {
  id: number;
  platform: (typeof webhookDeliveries.$inferSelect)["platform"];
  topic: string;
  payload: unknown;
}

/**
 * The shop's stored deliveries that mention one of the buyer's values (a delivery record is lean, 022, and migration
 * 0015 made the older rows lean too: a mention is a row stored whole since, or a value inside a kept field).
 */
export function listDeliveriesMentioning(db: DbOrTx, shopId: number, values: readonly string[]): DeliveryRow[] {
  if (values.length === 0) return [];
  return db
    .select({
      id: webhookDeliveries.id,
      platform: webhookDeliveries.platform,
      topic: webhookDeliveries.topic,
      payload: webhookDeliveries.payload,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.shopId, shopId), or(...mentions(webhookDeliveries.payload, values))))
    .all();
}

export function setDeliveryPayload(db: DbOrTx, shopId: number, id: number, payload: unknown): void {
  db.update(webhookDeliveries)
    .set({ payload })
    .where(and(eq(webhookDeliveries.shopId, shopId), eq(webhookDeliveries.id, id)))
    .run();
}
