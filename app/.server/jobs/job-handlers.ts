import type { Job } from "#db/queries/jobs.ts";
import { getOrder, setFulfillmentStatus } from "#db/queries/orders.ts";
import { getShipment, setShipmentExportStatus } from "#db/queries/shipments.ts";
import { JOB_TYPES, type JobType } from "#db/schema/index.ts";
import { addTimelineEvent } from "../services/add-timeline-event";
import type { AppContext } from "../context";
import type { AuthorizationScope } from "../errors";
import { transition } from "../domain/fulfillment-status";
import type { RetryData, TimelineData, TypedTimelineEvent } from "../domain/timeline-events";
import { cancelShopOrder } from "../services/cancel-shop-order";
import { createShopOrder } from "../services/create-shop-order";
import { exportShipment } from "../services/export-shipment";
import { pollAccount } from "../services/import-orders";
import { recordBigCommerceShipments } from "../services/record-bigcommerce-shipments";
import { checkAuthorization } from "../services/authorization";
import { reconcileShop } from "../services/reconcile-shop";
import { verifyExportedShipments } from "../services/verify-exported-shipments";
import { resumeStockHolds } from "../services/resume-stock-holds";
import { eraseShop } from "../services/erase-shop";
import { runPrivacyRequest } from "../services/privacy-request";
import { recordShopFulfillment, syncShopFulfillments } from "../services/record-shop-fulfillment";
import { jobDefinition, type JobPayload } from "./job-types";
import type { JobHandlers } from "./worker";

/** How a job type runs, given its payload parsed by the job table's schema. */
export interface JobHandlerOf<P> {
  run(ctx: AppContext, job: Job, payload: P): Promise<void>;
  /** A failed attempt that will be retried (for the timeline). */
  onRetry?(ctx: AppContext, job: Job, payload: P, error: string, retryInMs: number): void;
  /** The job will not run again: an error no retry can fix. */
  onGiveUp?(ctx: AppContext, job: Job, payload: P, error: string, code: string | undefined): void;
  /** The job is parked until this authorisation is back (for the timeline). */
  onPark?(ctx: AppContext, job: Job, payload: P, reason: string, scope: AuthorizationScope): void;
}

function shopIdOf(job: Job): number {
  if (job.shopId === null) throw new Error(`Job ${job.id} has no shop`);
  return job.shopId;
}

function retryData(error: string, ms: number, job: Job): RetryData {
  return { error, retryInMs: ms, attempt: job.attempts, maxAttempts: job.maxAttempts };
}

/** A warning on the job's order's timeline. */
function warnOnOrder(ctx: AppContext, job: Job, orderId: number, event: TypedTimelineEvent): void {
  addTimelineEvent(ctx.db, { shopId: shopIdOf(job), orderId, level: "warning", ...event });
}

function waitingFor(
  step: TimelineData["order.waiting_for_authorization"]["step"],
  scope: AuthorizationScope,
  reason: string,
): TypedTimelineEvent {
  return { kind: "order.waiting_for_authorization", data: { step, who: scope.kind, reason } };
}

/** Marks the order failed with the reason, so the merchant sees it and can retry. */
function failOrder(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  step: string,
  reason: string,
  kind: "shop_order.failed" | "shipment.failed",
  code?: string,
): void {
  ctx.db.transaction((tx) => {
    const order = getOrder(tx, shopId, orderId);
    if (!order) return;
    if (order.fulfillmentStatus !== "cancelled") {
      setFulfillmentStatus(tx, shopId, orderId, transition(order.fulfillmentStatus, { type: "step_failed" }), {
        reason,
        step,
        code,
      });
    }
    addTimelineEvent(tx, { shopId, orderId, kind, level: "error", data: { reason } });
  });
}

/** One handler per job type of the job table (./job-types.ts), with that type's payload. */
export const JOB_HANDLERS: { [T in JobType]: JobHandlerOf<JobPayload<T>> } = {
  "poll-account": {
    async run(ctx, job, p) {
      await pollAccount(ctx, shopIdOf(job), p.accountId);
    },
  },
  "create-shop-order": {
    async run(ctx, job, p) {
      await createShopOrder(ctx, shopIdOf(job), p.orderId);
    },
    onRetry(ctx, job, { orderId }, error, ms) {
      warnOnOrder(ctx, job, orderId, { kind: "shop_order.retrying", data: retryData(error, ms, job) });
    },
    onGiveUp(ctx, job, p, reason, code) {
      failOrder(ctx, shopIdOf(job), p.orderId, "create-shop-order", reason, "shop_order.failed", code);
    },
    onPark(ctx, job, { orderId }, reason, scope) {
      warnOnOrder(ctx, job, orderId, waitingFor("create-shop-order", scope, reason));
    },
  },
  "record-shop-fulfillment": {
    async run(ctx, job, { event }) {
      const outcome = recordShopFulfillment(ctx, shopIdOf(job), event);
      ctx.logger.debug("fulfillment recorded", { outcome, fulfillmentId: event.fulfillmentId });
    },
  },
  "sync-shop-fulfillments": {
    async run(ctx, job, { orderId, source }) {
      const outcomes = await syncShopFulfillments(ctx, shopIdOf(job), orderId, source);
      ctx.logger.debug("shop fulfillments synced", { outcomes, orderId, source });
    },
  },
  "cancel-shop-order": {
    async run(ctx, job, p) {
      await cancelShopOrder(ctx, shopIdOf(job), p.orderId);
    },
    onGiveUp(ctx, job, p, reason) {
      // The order stays cancelled on our side; the merchant must not ship it, so say what to do.
      addTimelineEvent(ctx.db, {
        shopId: shopIdOf(job),
        orderId: p.orderId,
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
  "resume-stock-holds": {
    async run(ctx, job) {
      const { held, resumed } = await resumeStockHolds(ctx, shopIdOf(job));
      ctx.logger.debug("stock holds checked", { held, resumed: resumed.length });
    },
  },
  "verify-exported-shipments": {
    async run(ctx, job, p) {
      await verifyExportedShipments(ctx, shopIdOf(job), p.accountId);
    },
  },
  "fetch-bigcommerce-shipments": {
    async run(ctx, job, { bigcommerce }) {
      const outcomes = await recordBigCommerceShipments(ctx, shopIdOf(job), bigcommerce);
      ctx.logger.debug("BigCommerce shipments recorded", { outcomes, ...bigcommerce });
    },
  },
  "export-shipment": {
    async run(ctx, job, p) {
      await exportShipment(ctx, shopIdOf(job), p.shipmentId);
    },
    onRetry(ctx, job, p, error, ms) {
      const s = getShipment(ctx.db, shopIdOf(job), p.shipmentId);
      if (s) warnOnOrder(ctx, job, s.orderId, { kind: "shipment.retrying", data: retryData(error, ms, job) });
    },
    onGiveUp(ctx, job, p, reason) {
      const shopId = shopIdOf(job);
      const s = getShipment(ctx.db, shopId, p.shipmentId);
      if (!s) return;
      setShipmentExportStatus(ctx.db, shopId, s.id, { status: "failed", error: reason });
      failOrder(ctx, shopId, s.orderId, "export-shipment", reason, "shipment.failed");
    },
    onPark(ctx, job, p, reason, scope) {
      const s = getShipment(ctx.db, shopIdOf(job), p.shipmentId);
      if (s) warnOnOrder(ctx, job, s.orderId, waitingFor("export-shipment", scope, reason));
    },
  },
  "check-authorization": {
    async run(ctx, job, { accountId }) {
      const outcome = await checkAuthorization(ctx, shopIdOf(job), accountId);
      ctx.logger.debug("authorisation checked", { outcome, shopId: job.shopId, accountId });
    },
  },
  "privacy-request": {
    async run(ctx, job, { privacyRequestId }) {
      const done = runPrivacyRequest(ctx, shopIdOf(job), privacyRequestId);
      ctx.logger.info("privacy request carried out", { privacyRequestId, shopId: job.shopId, ...done });
    },
  },
  "erase-shop": {
    async run(ctx, _job, request) {
      eraseShop(ctx, request);
    },
  },
};

/**
 * The worker's handlers: each parses the stored payload with its type's schema from the job table and calls the
 * type's hook (a payload that does not parse fails the attempt, as before).
 */
export const jobHandlers: JobHandlers = Object.fromEntries(
  JOB_TYPES.map((type) => {
    const { payload } = jobDefinition(type);
    const h = JOB_HANDLERS[type] as JobHandlerOf<unknown>;
    const { onRetry, onGiveUp, onPark } = h;
    return [
      type,
      {
        run: (ctx, job) => h.run(ctx, job, payload.parse(job.payload)),
        onRetry: onRetry && ((ctx, job, error, ms) => onRetry(ctx, job, payload.parse(job.payload), error, ms)),
        onGiveUp: onGiveUp && ((ctx, job, error, code) => onGiveUp(ctx, job, payload.parse(job.payload), error, code)),
        onPark: onPark && ((ctx, job, reason, scope) => onPark(ctx, job, payload.parse(job.payload), reason, scope)),
      },
    ] satisfies [JobType, JobHandlers[JobType]];
  }),
) as JobHandlers;
