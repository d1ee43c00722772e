import { getOrder } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";

/**
 * The merchant's Retry on a failed order: enqueue again whatever step failed: creating the shop order
 * when there is none yet, else every shipment whose export failed.
 */
export function retryOrder(ctx: AppContext, shopId: number, orderId: number): { enqueued: number } {
  const order = getOrder(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  let enqueued = 0;
  ctx.db.transaction((tx) => {
    if (!order.shopOrderId) {
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
