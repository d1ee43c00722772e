import type { DbOrTx } from "#db/client.ts";
import type { Order } from "#db/queries/orders.ts";
import {
  eraseOrderBuyer,
  listJobsAboutOrders,
  listShipmentErrorsOfOrders,
  listDeliveriesMentioning,
  listTimelineTextsOfOrders,
  rewriteJobTexts,
  rewriteTimelineText,
  setDeliveryPayload,
  setShipmentLastError,
  type DeliveryRow,
} from "#db/queries/personal-data.ts";
import { eraseExport, listKeptExports } from "#db/queries/privacy-requests.ts";
import { bigCommerceDeliveryRecord } from "../platforms/bigcommerce/webhook-payload";
import { shopifyDeliveryRecord } from "../platforms/shopify/webhook-delivery-record";
import { mentionsAny, personalValuesOf, redactJson, redactText } from "../privacy/redact-personal-data";
import { addTimelineEvent } from "./add-timeline-event";

/**
 * Erases one buyer's personal data from a shop's orders of theirs and from everything we keep about those orders
 * (docs/decisions/023; the columns are listed in db/queries/personal-data.ts): the order's buyer fields (the name
 * becomes `buyerName`, a marker the merchant reads), the raw payload of an order that could not be read, error
 * texts, the timelines, the jobs about those orders, the shop's stored webhook deliveries that mention the buyer
 * (rewritten to their lean record, then the buyer's values taken out), and the shop's data-request exports about the buyer. The orders,
 * their lines, amounts, shipments and shop orders stay: the merchant's bookkeeping. Each order that still had its
 * buyer gets one `order.buyer_erased` event. Call inside a transaction. Returns the orders erased.
 */
export function eraseBuyerOfOrders(
  tx: DbOrTx,
  p: {
    shopId: number;
    orders: readonly Order[];
    /** What the request names besides the orders' own fields (an email, a username, a user id). */
    alsoNamed: readonly (string | null | undefined)[];
    buyerName: string;
    requestedBy: "marketplace" | "shop";
    at: Date;
  },
): number {
  const { shopId, at } = p;
  const orders = p.orders.filter((o) => o.shopId === shopId);
  // An order already erased holds only the marker as its buyer's name: nothing of the buyer to look for.
  const values = personalValuesOf(
    orders.filter((o) => o.buyerErasedAt === null),
    p.alsoNamed,
  );
  const orderIds = orders.map((o) => o.id);
  const shopOrderIds = orders.map((o) => o.shopOrderId).filter((id): id is string => id !== null);

  for (const o of orders) {
    eraseOrderBuyer(tx, shopId, o.id, {
      buyerName: p.buyerName,
      failureReason: o.failureReason === null ? null : redactText(o.failureReason, values),
      unreadablePayload: o.unreadablePayload == null ? null : redactJson(o.unreadablePayload, values),
      at,
    });
  }
  for (const row of listTimelineTextsOfOrders(tx, shopId, orderIds)) {
    const message = redactText(row.message, values);
    const data = row.data === null ? null : (redactJson(row.data, values, { byKey: false }) as Record<string, unknown>);
    if (message !== row.message || !sameJson(data, row.data))
      rewriteTimelineText(tx, shopId, { ...row, message, data });
  }
  for (const s of listShipmentErrorsOfOrders(tx, shopId, orderIds)) {
    if (s.lastError === null) continue;
    const lastError = redactText(s.lastError, values);
    if (lastError !== s.lastError) setShipmentLastError(tx, shopId, s.id, lastError);
  }
  for (const job of listJobsAboutOrders(tx, shopId, { orderIds, shopOrderIds, values })) {
    // By key too: none of our job payloads uses a personal key, and payloads queued long ago may hold whole records.
    const payload = redactJson(job.payload, values) as Record<string, unknown>;
    const lastError = job.lastError === null ? null : redactText(job.lastError, values);
    if (!sameJson(payload, job.payload) || lastError !== job.lastError)
      rewriteJobTexts(tx, shopId, { id: job.id, payload, lastError });
  }
  for (const d of listDeliveriesMentioning(tx, shopId, values)) {
    const payload = redactJson(leanDeliveryRecord(d), values, { byKey: false });
    if (!sameJson(payload, d.payload)) setDeliveryPayload(tx, shopId, d.id, payload);
  }
  const erased = new Set(orderIds);
  for (const e of listKeptExports(tx, shopId)) {
    if ((e.orderIds ?? []).some((id) => erased.has(id)) || mentionsAny(e.exportData, values))
      eraseExport(tx, shopId, e.id, at);
  }
  for (const o of orders) {
    if (o.buyerErasedAt !== null) continue;
    addTimelineEvent(tx, {
      shopId,
      orderId: o.id,
      kind: "order.buyer_erased",
      level: "info",
      data: { requestedBy: p.requestedBy },
    });
  }
  return orders.length;
}

/** What a delivery keeps today (an older row may hold the whole payload): the platform's allow-list. */
function leanDeliveryRecord(d: DeliveryRow): Record<string, unknown> {
  return d.platform === "shopify" ? shopifyDeliveryRecord(d.topic, d.payload) : bigCommerceDeliveryRecord(d.payload);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
