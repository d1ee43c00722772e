import { z } from "zod";
import type { JobType } from "#db/schema/index.ts";
import { BigCommerceShipmentRefSchema, ShopFulfillmentEventSchema, type FulfillmentSource } from "../platforms/events";

/*
 * The job contract: one entry per job type with its payload schema and its idempotency key. The typed enqueue
 * (./enqueue.ts) takes the payload type and the key from here; the handlers (./job-handlers.ts, one per type,
 * checked against this table) get the payload parsed by the schema here.
 *
 * Services enqueue, so this file imports no service (type imports only): the handlers, which call services, are
 * in their own table, and no import cycle runs services → enqueue → handlers → services.
 */

/** What a job type is on the queue: its payload and its key. */
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
  /**
   * Attempts announced on the timeline (default 8). A retryable failure never ends a job dead: past this it goes on
   * retrying at the backoff's cap without telling the timeline again.
   */
  maxAttempts?: number;
  /**
   * Whose authorisation the job's calls use: the shop's token (`shop`) or the marketplace account's grant
   * (`account`). When one is refused, the queued jobs that use it are parked with the job that met the refusal.
   */
  uses?: readonly AuthorizationKind[];
}

/** The two authorisations a job can depend on. */
export type AuthorizationKind = "shop" | "account";

/** Infers each entry's payload type for its key function (the table's own type is checked below). */
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
const CheckAuthorizationPayload = z.object({ accountId: z.number().int().optional() });
/** Ids only: whom the request names stays on the privacy request's row, which its completion clears. */
const PrivacyRequestPayload = z.object({ privacyRequestId: z.number().int() });
/**
 * The shop's erasure, as a job of no shop (it outlives the shop's rows). `uninstalledAt`: the uninstall it follows
 * (ms); the job erases nothing when the shop was installed again since.
 */
const EraseShopPayload = z.object({
  shopId: z.number().int(),
  uninstalledAt: z.number().int().nullable(),
  reason: z.enum(["shopify_shop_redact", "bigcommerce_uninstalled"]),
});

export const JOBS = {
  "poll-account": defineJob({
    payload: AccountPayload,
    key: (p) => `poll-account:${p.accountId}`,
    maxAttempts: 3,
    uses: ["account"],
  }),
  "create-shop-order": defineJob({
    payload: OrderPayload,
    key: (p) => `create-shop-order:${p.orderId}`,
    uses: ["shop"],
  }),
  "record-shop-fulfillment": defineJob({ payload: FulfillmentPayload, key: () => null }),
  "sync-shop-fulfillments": defineJob({
    payload: SyncPayload,
    key: (p) => `sync-shop-fulfillments:${p.orderId}`,
    uses: ["shop"],
  }),
  "fetch-bigcommerce-shipments": defineJob({ payload: BigCommerceShipmentsPayload, key: () => null, uses: ["shop"] }),
  "export-shipment": defineJob({
    payload: ShipmentPayload,
    key: (p) => `export-shipment:${p.shipmentId}`,
    uses: ["account"],
  }),
  // One live run per shop (the payload is empty: the shop is the job's).
  "reconcile-shop": defineJob({
    payload: NoPayload,
    key: (_p, job) => `reconcile-shop:${job.shopId}`,
    maxAttempts: 3,
    uses: ["shop"],
  }),
  "cancel-shop-order": defineJob({
    payload: OrderPayload,
    key: (p) => `cancel-shop-order:${p.orderId}`,
    uses: ["shop"],
  }),
  // The periodic question "is the refused authorisation accepted again?" (accountId absent: the shop's own).
  "check-authorization": defineJob({
    payload: CheckAuthorizationPayload,
    key: (p, job) =>
      `check-authorization:${p.accountId === undefined ? `shop:${job.shopId}` : `account:${p.accountId}`}`,
    maxAttempts: 1,
  }),
  // The reconciliation's read-back of an account's recently exported packages (one live run per account).
  "verify-exported-shipments": defineJob({
    payload: AccountPayload,
    key: (p) => `verify-exported-shipments:${p.accountId}`,
    maxAttempts: 3,
    uses: ["account"],
  }),
  "privacy-request": defineJob({
    payload: PrivacyRequestPayload,
    key: (p) => `privacy-request:${p.privacyRequestId}`,
  }),
  "erase-shop": defineJob({
    payload: EraseShopPayload,
    key: (p) => `erase-shop:${p.shopId}:${p.uninstalledAt ?? "now"}`,
  }),
  // Orders held out of stock, checked again when the shop's stock rises (one live run per shop).
  "resume-stock-holds": defineJob({
    payload: NoPayload,
    key: (_p, job) => `resume-stock-holds:${job.shopId}`,
    maxAttempts: 3,
    uses: ["shop"],
  }),
} satisfies { [T in JobType]: JobDefinition };

export type JobDefinitions = typeof JOBS;
/** The payload a producer passes for a job type (before defaults: e.g. a sync's `source` may be left out). */
export type JobPayloadInput<T extends JobType> = z.input<JobDefinitions[T]["payload"]>;
/** The payload as the handler reads it. */
export type JobPayload<T extends JobType> = z.output<JobDefinitions[T]["payload"]>;

/** The job types whose calls use this kind of authorisation. */
export function jobTypesUsing(kind: AuthorizationKind): JobType[] {
  return (Object.keys(JOBS) as JobType[]).filter((t) => jobDefinition(t).uses?.includes(kind));
}

/** The job type's entry (typed loosely, for code that handles every type alike). */
export function jobDefinition(type: JobType): JobDefinition {
  return JOBS[type] as JobDefinition;
}
