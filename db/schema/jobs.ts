import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { shops } from "./shops";

/**
 * `parked`: the job met a refused authorisation (the shop's token, or the marketplace account's grant) and waits,
 * without spending attempts, until that shop or account is authorised again (then it is queued at once).
 */
export const JOB_STATUSES = ["queued", "running", "succeeded", "dead", "parked"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_TYPES = [
  "poll-account",
  "create-shop-order",
  "record-shop-fulfillment",
  "sync-shop-fulfillments",
  "fetch-bigcommerce-shipments",
  "export-shipment",
  "reconcile-shop",
  "cancel-shop-order",
  "check-authorization",
  "verify-exported-shipments",
  "privacy-request",
  "erase-shop",
  "resume-stock-holds",
] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** The durable job queue (transactional outbox: written in the same transaction as the change that causes it). */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id").references(() => shops.id, { onDelete: "cascade" }),
    type: text("type", { enum: JOB_TYPES }).notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    /** At most one live (queued/running) job per key; a finished job frees its key. */
    idempotencyKey: text("idempotency_key"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    runAt: integer("run_at", { mode: "timestamp_ms" }).notNull(),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    /** What a parked job waits for: `shop:<id>` or `account:<id>` (see parkedOnShop / parkedOnAccount). */
    parkedOn: text("parked_on"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("jobs_claim_idx").on(t.status, t.runAt),
    // Partial unique index: dedup only live jobs, so a finished poll does not block the next one. A parked job is
    // live: the poll parked for a refused grant keeps its key, and the scheduler does not pile up new ones.
    uniqueIndex("jobs_live_idempotency_v2_uq")
      .on(t.idempotencyKey)
      .where(sql`${t.status} IN ('queued', 'running', 'parked') AND ${t.idempotencyKey} IS NOT NULL`),
    // The failed-work list asks, for each dead job, whether a later job of its key exists (it was retried since).
    index("jobs_idempotency_key_idx")
      .on(t.idempotencyKey, t.id)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
    index("jobs_parked_on_idx")
      .on(t.parkedOn)
      .where(sql`${t.parkedOn} IS NOT NULL`),
  ],
);
