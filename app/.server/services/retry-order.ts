import { getOrder, UNREAD_MARKETPLACE_STATUS } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";

/**
 * The merchant's Retry on a failed order: enqueue again whatever step failed: reading it (a poll of its account)
 * when its listing could not be read, creating the shop order when there is none yet, else every shipment whose
 * export failed.
 */
export function retryOrder(ctx: AppContext, shopId: number, orderId: number): { enqueued: number } {
  const order = getOrder(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  let enqueued = 0;
  ctx.db.transaction((tx) => {
    if (order.marketplaceStatus === UNREAD_MARKETPLACE_STATUS) {
      // Never read: what can be retried is the listing (a poll of its account reads it again).
      if (enqueueJob(ctx, tx, "poll-account", { accountId: order.accountId }, { shopId })) enqueued++;
    } else if (!order.shopOrderId) {
      if (enqueueJob(ctx, tx, "create-shop-order", { orderId }, { shopId })) enqueued++;
    } else {
      for (const s of listShipmentsForOrder(tx, shopId, orderId)) {
        if (s.exportStatus === "exported" || !s.trackingNumber) continue;
        if (enqueueJob(ctx, tx, "export-shipment", { shipmentId: s.id }, { shopId })) enqueued++;
      }
    }
    addTimelineEvent(tx, {
      shopId,
      orderId,
      kind: "order.retry_requested",
      data: { enqueued },
    });
  });
  return { enqueued };
}
