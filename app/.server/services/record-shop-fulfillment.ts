import { enqueueJob } from "../../../db/queries/jobs";
import { findOrderByShopOrderId, getOrderLines, setFulfillmentStatus } from "../../../db/queries/orders";
import { recordShipment } from "../../../db/queries/shipments";
import { getShop } from "../../../db/queries/shops";
import { addTimelineEvent } from "../../../db/queries/timeline";
import type { AppContext } from "../context";
import { transition } from "../domain/fulfillment-status";
import { platformName } from "../domain/marketplace-names";
import type { ShopFulfillmentEvent } from "../platforms/types";

export type RecordOutcome = "not_ours" | "ignored" | "recorded" | "unchanged" | "waiting_for_tracking";

/**
 * Turns a fulfillment event from the shop into a shipment of ours (lines matched by shop line item id, then SKU)
 * and, when it has tracking, enqueues its export in the same transaction.
 */
export function recordShopFulfillment(ctx: AppContext, shopId: number, event: ShopFulfillmentEvent): RecordOutcome {
  const order = findOrderByShopOrderId(ctx.db, shopId, event.shopOrderId);
  if (!order) return "not_ours";
  const shop = getShop(ctx.db, shopId);
  const pName = shop ? platformName(shop.platform) : "the shop";
  const base = { shopId, orderId: order.id };
  if (event.status !== "success") {
    ctx.db.transaction((tx) =>
      addTimelineEvent(tx, { ...base, kind: "shipment.ignored", message: `${pName} fulfillment ${event.fulfillmentId} is ${event.status}; nothing to send` }),
    );
    return "ignored";
  }
  const lines = getOrderLines(ctx.db, shopId, order.id);
  const matched: { orderLineId: number; quantity: number }[] = [];
  const unmatched: string[] = [];
  for (const el of event.lines) {
    const line = lines.find((l) => l.shopLineItemId === el.shopLineItemId) ?? lines.find((l) => el.sku && l.sku === el.sku);
    if (line) matched.push({ orderLineId: line.id, quantity: el.quantity });
    else unmatched.push(el.sku ?? el.shopLineItemId);
  }
  return ctx.db.transaction((tx): RecordOutcome => {
    const { shipment, created, trackingChanged } = recordShipment(tx, {
      shopId,
      orderId: order.id,
      shopFulfillmentId: event.fulfillmentId,
      carrierName: event.carrierName,
      trackingNumber: event.trackingNumber,
      shippedAt: event.shippedAt,
      lines: matched,
    });
    if (!created && !trackingChanged) return "unchanged";
    const units = matched.reduce((s, l) => s + l.quantity, 0);
    const what = event.trackingNumber ? `${event.carrierName ?? "carrier not given"} ${event.trackingNumber}` : "no tracking number yet";
    addTimelineEvent(tx, {
      ...base,
      kind: created ? "shipment.received" : "shipment.tracking_updated",
      message: created
        ? `${pName} shipped ${units} unit${units === 1 ? "" : "s"} (${what})`
        : `${pName} updated tracking: ${what}`,
      data: { shipmentId: shipment.id, fulfillmentId: event.fulfillmentId },
    });
    if (unmatched.length) {
      addTimelineEvent(tx, {
        ...base,
        kind: "shipment.unmatched_lines",
        level: "warning",
        message: `Shipment lines ${unmatched.join(", ")} do not belong to this marketplace order; they are not reported`,
      });
    }
    if (!event.trackingNumber) {
      if (order.fulfillmentStatus !== "shipped" && order.fulfillmentStatus !== "cancelled") {
        setFulfillmentStatus(tx, shopId, order.id, transition(order.fulfillmentStatus, { type: "shop_shipped_without_tracking" }));
      }
      return "waiting_for_tracking";
    }
    if (shipment.exportStatus === "exported") {
      addTimelineEvent(tx, {
        ...base,
        kind: "shipment.tracking_changed_after_export",
        level: "warning",
        message: `Tracking changed after the package was already confirmed to the marketplace; the marketplace keeps ${shipment.trackingNumber ?? "the first number"}`,
      });
      return "recorded";
    }
    enqueueJob(tx, {
      shopId,
      type: "export-shipment",
      payload: { shipmentId: shipment.id },
      idempotencyKey: `export-shipment:${shipment.id}`,
    });
    return "recorded";
  });
}
