import { z } from "zod";
import type { Job } from "../../../db/queries/jobs";
import { getOrder, setFulfillmentStatus } from "../../../db/queries/orders";
import { getShipment, setShipmentExportStatus } from "../../../db/queries/shipments";
import { JOB_TYPES, type JobType } from "../../../db/schema";
import { addTimelineEvent } from "../../../db/queries/timeline";
import type { AppContext } from "../context";
import { transition } from "../domain/fulfillment-status";
import { BigCommerceShipmentRefSchema, ShopFulfillmentEventSchema } from "../platforms/events";
import { cancelShopOrder } from "../services/cancel-shop-order";
import { createShopOrder } from "../services/create-shop-order";
import { exportShipment } from "../services/export-shipment";
import { pollAccount } from "../services/import-orders";
import { recordBigCommerceShipments } from "../services/record-bigcommerce-shipments";
import { reconcileShop } from "../services/reconcile-shop";
import { recordShopFulfillment, syncShopFulfillments, type FulfillmentSource } from "../services/record-shop-fulfillment";
import type { JobHandlers } from "./worker";

/*
 * The job contract: one entry per job type with its payload schema, its idempotency key and its handler. The typed
 * enqueue (./enqueue.ts) takes the payload type and the key from here; the worker runs the handlers from here.
 *
 * Import cycle, on purpose and harmless: services enqueue (./enqueue.ts reads this table) and this table's handlers
 * call services. So nothing imported from a service may be used at this module's top level, only inside the
 * handlers (at run time, when every module is loaded): e.g. the sync sources are spelled here, checked by type.
 */

/** What a job type is: its payload, its key, how it runs (the hooks get the payload parsed by `payload`). */
export interface JobDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  /**
   * The payload as stored (JSON). It must accept every job already in the database: a field added later needs a
   * default (as `source` of sync-shop-fulfillments) or must be optional.
   */
  payload: S;
  /**
   * At most one live (queued or running) job per key: a second enqueue while one is live is a no-op.
   * null: no deduplication (the webhook edges dedupe by delivery id before enqueueing).
   */
  key(payload: z.output<S>, job: { shopId: number | null }): string | null;
  /** Attempts before the job ends dead (default 8). */
  maxAttempts?: number;
  run(ctx: AppContext, job: Job, payload: z.output<S>): Promise<void>;
  /** A failed attempt that will be retried (for the timeline). */
  onRetry?(ctx: AppContext, job: Job, payload: z.output<S>, error: string, retryInMs: number): void;
  /** The job will not run again: a permanent error, or attempts exhausted. */
  onGiveUp?(ctx: AppContext, job: Job, payload: z.output<S>, error: string, code: string | undefined): void;
}

/** Infers the payload type of each entry for its handlers (the table's own type is checked below). */
function defineJob<S extends z.ZodTypeAny>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

const AccountPayload = z.object({ accountId: z.number().int() });
const OrderPayload = z.object({ orderId: z.number().int() });
const ShipmentPayload = z.object({ shipmentId: z.number().int() });
/** Where a sync comes from (a webhook records its fulfillment itself, it never enqueues a sync). */
const SYNC_SOURCES = ["link", "reconciliation"] as const satisfies readonly Exclude<FulfillmentSource, "webhook">[];
/** Jobs enqueued before `source` existed carry only the order id: those came from a link. */
const SyncPayload = OrderPayload.extend({ source: z.enum(SYNC_SOURCES).default("link") });
/** A shop fulfillment translated at the platform's edge (Shopify webhooks carry the whole fulfillment). */
const FulfillmentPayload = z.object({
  event: ShopFulfillmentEventSchema,
  /** For reading the queue: the webhook that brought it. */
  topic: z.string().optional(),
  deliveryId: z.string().optional(),
});
/** BigCommerce's light webhooks name a shipment, or an order whose shipments are all fetched. */
const BigCommerceShipmentsPayload = z.object({
  bigcommerce: BigCommerceShipmentRefSchema,
  /** For reading the queue: the webhook that brought it. */
  topic: z.string().optional(),
  deliveryId: z.string().optional(),
});
const NoPayload = z.object({});

function shopIdOf(job: Job): number {
  if (job.shopId === null) throw new Error(`Job ${job.id} has no shop`);
  return job.shopId;
}

function retryText(error: string, ms: number, job: Job): string {
  const secs = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
  return `${error}; retrying in ${secs} (attempt ${job.attempts} of ${job.maxAttempts})`;
}

/** Marks the order failed with the reason, so the merchant sees it and can retry. */
function failOrder(ctx: AppContext, shopId: number, orderId: number, step: string, reason: string, kind: string): void {
  ctx.db.transaction((tx) => {
    const order = getOrder(tx, shopId, orderId);
    if (!order) return;
    if (order.fulfillmentStatus !== "cancelled") {
      setFulfillmentStatus(tx, shopId, orderId, transition(order.fulfillmentStatus, { type: "step_failed" }), { reason, step });
    }
    addTimelineEvent(tx, { shopId, orderId, kind, level: "error", message: reason });
  });
}

export const JOBS = {
  "poll-account": defineJob({
    payload: AccountPayload,
    key: (p) => `poll-account:${p.accountId}`,
    maxAttempts: 3,
    async run(ctx, job, p) {
      await pollAccount(ctx, shopIdOf(job), p.accountId);
    },
  }),
  "create-shop-order": defineJob({
    payload: OrderPayload,
    key: (p) => `create-shop-order:${p.orderId}`,
    async run(ctx, job, p) {
      await createShopOrder(ctx, shopIdOf(job), p.orderId);
    },
    onRetry(ctx, job, { orderId }, error, ms) {
      const shopId = shopIdOf(job);
      addTimelineEvent(ctx.db, { shopId, orderId, kind: "shop_order.retrying", level: "warning", message: `Creating the shop order failed: ${retryText(error, ms, job)}` });
    },
    onGiveUp(ctx, job, p, reason) {
      failOrder(ctx, shopIdOf(job), p.orderId, "create-shop-order", reason, "shop_order.failed");
    },
  }),
  "record-shop-fulfillment": defineJob({
    payload: FulfillmentPayload,
    key: () => null,
    async run(ctx, job, { event }) {
      const outcome = recordShopFulfillment(ctx, shopIdOf(job), event);
      ctx.logger.debug("fulfillment recorded", { outcome, fulfillmentId: event.fulfillmentId });
    },
  }),
  "sync-shop-fulfillments": defineJob({
    payload: SyncPayload,
    key: (p) => `sync-shop-fulfillments:${p.orderId}`,
    async run(ctx, job, { orderId, source }) {
      const outcomes = await syncShopFulfillments(ctx, shopIdOf(job), orderId, source);
      ctx.logger.debug("shop fulfillments synced", { outcomes, orderId, source });
    },
  }),
  "fetch-bigcommerce-shipments": defineJob({
    payload: BigCommerceShipmentsPayload,
    key: () => null,
    async run(ctx, job, { bigcommerce }) {
      const outcomes = await recordBigCommerceShipments(ctx, shopIdOf(job), bigcommerce);
      ctx.logger.debug("BigCommerce shipments recorded", { outcomes, ...bigcommerce });
    },
  }),
  "export-shipment": defineJob({
    payload: ShipmentPayload,
    key: (p) => `export-shipment:${p.shipmentId}`,
    async run(ctx, job, p) {
      await exportShipment(ctx, shopIdOf(job), p.shipmentId);
    },
    onRetry(ctx, job, p, error, ms) {
      const shopId = shopIdOf(job);
      const s = getShipment(ctx.db, shopId, p.shipmentId);
      if (!s) return;
      addTimelineEvent(ctx.db, { shopId, orderId: s.orderId, kind: "shipment.retrying", level: "warning", message: `Sending the shipment failed: ${retryText(error, ms, job)}` });
    },
    onGiveUp(ctx, job, p, reason) {
      const shopId = shopIdOf(job);
      const s = getShipment(ctx.db, shopId, p.shipmentId);
      if (!s) return;
      setShipmentExportStatus(ctx.db, shopId, s.id, { status: "failed", error: reason });
      failOrder(ctx, shopId, s.orderId, "export-shipment", reason, "shipment.failed");
    },
  }),
  "reconcile-shop": defineJob({
    payload: NoPayload,
    // One live run per shop (the payload is empty: the shop is the job's).
    key: (_p, job) => `reconcile-shop:${job.shopId}`,
    maxAttempts: 3,
    async run(ctx, job) {
      await reconcileShop(ctx, shopIdOf(job));
    },
  }),
  "cancel-shop-order": defineJob({
    payload: OrderPayload,
    key: (p) => `cancel-shop-order:${p.orderId}`,
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
        message: `Could not cancel the shop order: ${reason}. Cancel it in the shop, and do not ship it`,
      });
    },
  }),
} satisfies { [T in JobType]: JobDefinition };

export type JobDefinitions = typeof JOBS;
/** The payload a producer passes for a job type (before defaults: e.g. a sync's `source` may be left out). */
export type JobPayloadInput<T extends JobType> = z.input<JobDefinitions[T]["payload"]>;
/** The payload as the handler reads it. */
export type JobPayload<T extends JobType> = z.output<JobDefinitions[T]["payload"]>;

/** The job type's entry (typed loosely, for code that handles every type alike). */
export function jobDefinition(type: JobType): JobDefinition {
  return JOBS[type] as JobDefinition;
}

/**
 * The worker's handlers, from the table: each parses the stored payload with its type's schema and calls the
 * entry's hook (a payload that does not parse fails the attempt, as before).
 */
export const jobHandlers: JobHandlers = Object.fromEntries(
  JOB_TYPES.map((type) => {
    const def = jobDefinition(type);
    const onRetry = def.onRetry;
    const onGiveUp = def.onGiveUp;
    return [
      type,
      {
        run: (ctx, job) => def.run(ctx, job, def.payload.parse(job.payload)),
        onRetry: onRetry && ((ctx, job, error, ms) => onRetry(ctx, job, def.payload.parse(job.payload), error, ms)),
        onGiveUp: onGiveUp && ((ctx, job, error, code) => onGiveUp(ctx, job, def.payload.parse(job.payload), error, code)),
      },
    ] satisfies [JobType, JobHandlers[JobType]];
  }),
) as JobHandlers;
