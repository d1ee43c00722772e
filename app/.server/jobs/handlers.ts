import { z } from "zod";
import type { Job } from "../../../db/queries/jobs";
import { getOrder, setFulfillmentStatus } from "../../../db/queries/orders";
import { getShipment, setShipmentExportStatus } from "../../../db/queries/shipments";
import { addTimelineEvent } from "../services/add-timeline-event";
import type { AppContext } from "../context";
import { transition } from "../domain/fulfillment-status";
import type { RetryData } from "../domain/timeline-events";
import { createShopOrder } from "../services/create-shop-order";
import { exportShipment } from "../services/export-shipment";
import { pollAccount } from "../services/import-orders";
import { recordBigCommerceShipments } from "../services/record-bigcommerce-shipments";
import { cancelShopOrder } from "../services/cancel-shop-order";
import { reconcileShop } from "../services/reconcile-shop";
import { FULFILLMENT_SOURCES, recordShopFulfillment, syncShopFulfillments } from "../services/record-shop-fulfillment";
import type { JobHandlers } from "./worker";

const AccountPayload = z.object({ accountId: z.number().int() });
const OrderPayload = z.object({ orderId: z.number().int() });
const ShipmentPayload = z.object({ shipmentId: z.number().int() });
/** Jobs enqueued before `source` existed carry only the order id: those came from a link. */
const SyncPayload = OrderPayload.extend({
  source: z.enum(FULFILLMENT_SOURCES).exclude(["webhook"]).default("link"),
});
/** A shop fulfillment translated at the platform's edge (Shopify webhooks carry the whole fulfillment). */
const FulfillmentPayload = z.object({
  event: z.object({
    shopOrderId: z.string(),
    fulfillmentId: z.string(),
    status: z.enum(["success", "cancelled", "pending", "other"]),
    carrierName: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    shippedAt: z.coerce.date(),
    lines: z.array(z.object({ shopLineItemId: z.string(), sku: z.string().nullable(), quantity: z.number().int() })),
  }),
});
/** BigCommerce's light webhooks name a shipment, or an order whose shipments are all fetched. */
const BigCommerceShipmentsPayload = z.object({
  bigcommerce: z.object({ orderId: z.number().int().positive(), shipmentId: z.number().int().positive().optional() }),
});

function shopIdOf(job: Job): number {
  if (job.shopId === null) throw new Error(`Job ${job.id} has no shop`);
  return job.shopId;
}

function retryData(error: string, ms: number, job: Job): RetryData {
  return { error, retryInMs: ms, attempt: job.attempts, maxAttempts: job.maxAttempts };
}

/** Marks the order failed with the reason, so the merchant sees it and can retry. */
function failOrder(ctx: AppContext, shopId: number, orderId: number, step: string, reason: string, kind: "shop_order.failed" | "shipment.failed"): void {
  ctx.db.transaction((tx) => {
    const order = getOrder(tx, shopId, orderId);
    if (!order) return;
    if (order.fulfillmentStatus !== "cancelled") {
      setFulfillmentStatus(tx, shopId, orderId, transition(order.fulfillmentStatus, { type: "step_failed" }), { reason, step });
    }
    addTimelineEvent(tx, { shopId, orderId, kind, level: "error", data: { reason } });
  });
}

export const jobHandlers: JobHandlers = {
  "poll-account": {
    async run(ctx, job) {
      await pollAccount(ctx, shopIdOf(job), AccountPayload.parse(job.payload).accountId);
    },
  },
  "create-shop-order": {
    async run(ctx, job) {
      await createShopOrder(ctx, shopIdOf(job), OrderPayload.parse(job.payload).orderId);
    },
    onRetry(ctx, job, error, ms) {
      const shopId = shopIdOf(job);
      const { orderId } = OrderPayload.parse(job.payload);
      addTimelineEvent(ctx.db, { shopId, orderId, kind: "shop_order.retrying", level: "warning", data: retryData(error, ms, job) });
    },
    onGiveUp(ctx, job, reason) {
      failOrder(ctx, shopIdOf(job), OrderPayload.parse(job.payload).orderId, "create-shop-order", reason, "shop_order.failed");
    },
  },
  "record-shop-fulfillment": {
    async run(ctx, job) {
      const { event } = FulfillmentPayload.parse(job.payload);
      const outcome = recordShopFulfillment(ctx, shopIdOf(job), event);
      ctx.logger.debug("fulfillment recorded", { outcome, fulfillmentId: event.fulfillmentId });
      ctx.notifyWorkers();
    },
  },
  "sync-shop-fulfillments": {
    async run(ctx, job) {
      const { orderId, source } = SyncPayload.parse(job.payload);
      const outcomes = await syncShopFulfillments(ctx, shopIdOf(job), orderId, source);
      ctx.logger.debug("shop fulfillments synced", { outcomes, orderId, source });
      ctx.notifyWorkers();
    },
  },
  "cancel-shop-order": {
    async run(ctx, job) {
      await cancelShopOrder(ctx, shopIdOf(job), OrderPayload.parse(job.payload).orderId);
    },
    onGiveUp(ctx, job, reason) {
      // The order stays cancelled on our side; the merchant must not ship it, so say what to do.
      addTimelineEvent(ctx.db, {
        shopId: shopIdOf(job),
        orderId: OrderPayload.parse(job.payload).orderId,
        kind: "shop_order.cancel_failed",
        level: "error",
        data: { reason },
      });
    },
  },
  "reconcile-shop": {
    async run(ctx, job) {
      await reconcileShop(ctx, shopIdOf(job));
    },
  },
  "fetch-bigcommerce-shipments": {
    async run(ctx, job) {
      const { bigcommerce } = BigCommerceShipmentsPayload.parse(job.payload);
      const outcomes = await recordBigCommerceShipments(ctx, shopIdOf(job), bigcommerce);
      ctx.logger.debug("BigCommerce shipments recorded", { outcomes, ...bigcommerce });
      ctx.notifyWorkers();
    },
  },
  "export-shipment": {
    async run(ctx, job) {
      await exportShipment(ctx, shopIdOf(job), ShipmentPayload.parse(job.payload).shipmentId);
    },
    onRetry(ctx, job, error, ms) {
      const shopId = shopIdOf(job);
      const s = getShipment(ctx.db, shopId, ShipmentPayload.parse(job.payload).shipmentId);
      if (!s) return;
      addTimelineEvent(ctx.db, { shopId, orderId: s.orderId, kind: "shipment.retrying", level: "warning", data: retryData(error, ms, job) });
    },
    onGiveUp(ctx, job, reason) {
      const shopId = shopIdOf(job);
      const s = getShipment(ctx.db, shopId, ShipmentPayload.parse(job.payload).shipmentId);
      if (!s) return;
      setShipmentExportStatus(ctx.db, shopId, s.id, { status: "failed", error: reason });
      failOrder(ctx, shopId, s.orderId, "export-shipment", reason, "shipment.failed");
    },
  },
};
