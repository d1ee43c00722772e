import { findOrderByShopOrderId, setFulfillmentStatus } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { transition } from "../domain/fulfillment-status";
import { asBigCommercePlatform } from "../platforms/bigcommerce/bigcommerce-platform";
import type { BigCommerceShipmentRef } from "../platforms/events";
import { recordShopFulfillment, type RecordOutcome } from "./record-shop-fulfillment";
import { withdrawShopFulfillment } from "./withdraw-shop-fulfillment";

/** Shipped (2) and Completed (10): statuses that tell the merchant the order has left. */
const SHIPPED_STATUSES = new Set([2, 10]);

/**
 * The job behind BigCommerce's light webhooks: fetch the shipment (store/shipment/created|updated|deleted) or every
 * shipment of the order (store/order/statusUpdated) and record each as a fulfillment. recordShopFulfillment is
 * idempotent per shipment id, so the same shipment reached by both webhooks is recorded once.
 *
 * An order set to Shipped or Completed by hand, with no shipment at all, has nothing we can send (no lines, no
 * tracking): the timeline says so and what to do, and the order waits for tracking, instead of looking fine.
 */
export async function recordBigCommerceShipments(
  ctx: AppContext,
  shopId: number,
  ref: BigCommerceShipmentRef,
): Promise<RecordOutcome[]> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return []; // no token any more; nothing to fetch
  const platform = asBigCommercePlatform(ctx.platformFor(shop));
  const events =
    ref.shipmentId === undefined
      ? await platform.listShipmentEvents(ref.orderId)
      : [await platform.getShipmentEvent(ref.orderId, ref.shipmentId)].filter((e) => e !== null);
  if (ref.shipmentId !== undefined && events.length === 0) {
    // Deleted by the merchant (store/shipment/deleted, or deleted before a created/updated webhook was fetched).
    const outcome = withdrawShopFulfillment(ctx, shopId, {
      shopOrderId: String(ref.orderId),
      fulfillmentId: String(ref.shipmentId),
      how: "deleted",
    });
    ctx.logger.info("BigCommerce shipment is gone", { shopId, ...ref, outcome });
    return outcome === "withdrawn" || outcome === "already_sent" ? ["withdrawn"] : [];
  }
  if (ref.shipmentId === undefined && events.length === 0) {
    const statusId = await platform.getOrderStatusId(ref.orderId);
    if (statusId !== null && SHIPPED_STATUSES.has(statusId))
      noteShippedWithoutShipment(ctx, shopId, ref.orderId, statusId);
    return [];
  }
  return events.map((e) => recordShopFulfillment(ctx, shopId, e));
}

function noteShippedWithoutShipment(ctx: AppContext, shopId: number, bcOrderId: number, statusId: number): void {
  const order = findOrderByShopOrderId(ctx.db, shopId, String(bcOrderId));
  if (!order || order.fulfillmentStatus === "shipped" || order.fulfillmentStatus === "cancelled") return;
  ctx.db.transaction((tx) => {
    if (order.fulfillmentStatus === "unshipped") {
      setFulfillmentStatus(
        tx,
        shopId,
        order.id,
        transition(order.fulfillmentStatus, { type: "shop_shipped_without_tracking" }),
      );
    }
    addTimelineEvent(tx, {
      shopId,
      orderId: order.id,
      kind: "shop_order.shipped_without_shipment",
      level: "warning",
      data: { shopOrder: order.shopOrderName ?? `#${bcOrderId}`, statusId },
    });
  });
}
