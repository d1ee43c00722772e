import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DB, DbOrTx } from "../client";
import { jobs, orders, shipments, type JobStatus, type JobType } from "../schema";

export type Job = typeof jobs.$inferSelect;

export interface InsertJobParams {
  shopId: number | null;
  type: JobType;
  payload: Record<string, unknown>;
  /** At most one live job per key: a second enqueue while one is queued/running is a no-op. */
  idempotencyKey?: string | null;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Inserts a job (call inside the transaction that makes the change causing it). Returns the id, or null when deduplicated.
 * The untyped insert: app code enqueues through `enqueueJob` of app/.server/jobs/enqueue.ts, which takes the payload
 * type and the idempotency key from the table of job types.
 */
export function insertJob(db: DbOrTx, p: InsertJobParams): number | null {
  const row = db
    .insert(jobs)
    .values({
      shopId: p.shopId,
      type: p.type,
      payload: p.payload,
      idempotencyKey: p.idempotencyKey ?? null,
      runAt: p.runAt ?? new Date(),
      maxAttempts: p.maxAttempts ?? 8,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id })
    .get();
  return row?.id ?? null;
}

/** The untyped insert under its former name (the queue's own tests use it); app code uses the typed `enqueueJob`. */
export const enqueueJob = insertJob;

/**
 * Claims up to `limit` due jobs with a lease, in one atomic UPDATE ... RETURNING
 * (also reclaims running jobs whose lease expired: their worker died).
 */
export function claimJobs(
  db: DB,
  p: { workerId: string; limit: number; leaseMs: number; now?: Date; types?: JobType[] },
): Job[] {
  const now = (p.now ?? new Date()).getTime();
  const typeFilter = p.types?.length ? `AND type IN (${p.types.map(() => "?").join(",")})` : "";
  const stmt = db.$client.prepare(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ?, locked_by = ?, updated_at = ?
     WHERE id IN (
       SELECT id FROM jobs
       WHERE ((status = 'queued' AND run_at <= ?) OR (status = 'running' AND lease_until < ?)) ${typeFilter}
       ORDER BY run_at ASC, id ASC LIMIT ?
     )
     RETURNING id`,
  );
  const ids = (
    stmt.all(now + p.leaseMs, p.workerId, now, now, now, ...(p.types ?? []), p.limit) as { id: number }[]
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(jobs).where(inArray(jobs.id, ids)).orderBy(asc(jobs.runAt), asc(jobs.id)).all();
}

export function completeJob(db: DbOrTx, id: number, workerId: string): void {
  db.update(jobs)
    .set({ status: "succeeded", leaseUntil: null, finishedAt: new Date(), updatedAt: new Date(), lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)))
    .run();
}

/** Puts a failed job back in the queue for `runAt`, or marks it dead when `runAt` is null. */
export function failJob(db: DbOrTx, id: number, workerId: string, error: string, runAt: Date | null): void {
  db.update(jobs)
    .set(
      runAt
        ? { status: "queued", runAt, leaseUntil: null, lastError: error, updatedAt: new Date() }
        : { status: "dead", leaseUntil: null, lastError: error, finishedAt: new Date(), updatedAt: new Date() },
    )
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)))
    .run();
}

/** Re-queues a job without counting the attempt (e.g. a rate limit says "come back later"). */
export function deferJob(db: DbOrTx, id: number, workerId: string, runAt: Date, reason: string): void {
  db.update(jobs)
    .set({
      status: "queued",
      runAt,
      leaseUntil: null,
      lastError: reason,
      attempts: sql`max(${jobs.attempts} - 1, 0)`,
      updatedAt: new Date(),
    })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)))
    .run();
}

/** What a parked job waits for: the shop's authorisation, or a marketplace account's. */
export function parkedOnShop(shopId: number): string {
  return `shop:${shopId}`;
}
export function parkedOnAccount(accountId: number): string {
  return `account:${accountId}`;
}

/** Parks a running job until `parkedOn` is authorised again; the attempt is not counted. */
export function parkJob(db: DbOrTx, id: number, workerId: string, parkedOn: string, reason: string): void {
  db.update(jobs)
    .set({
      status: "parked",
      parkedOn,
      leaseUntil: null,
      lastError: reason,
      attempts: sql`max(${jobs.attempts} - 1, 0)`,
      updatedAt: new Date(),
    })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)))
    .run();
}

/**
 * Parks the queued jobs that would meet the same refusal: those of `types` for the shop, narrowed by `where`
 * (an SQL condition on the job row, e.g. the account named in its payload). Returns how many.
 */
export function parkQueuedJobs(
  db: DbOrTx,
  p: { shopId: number; types: readonly JobType[]; parkedOn: string; reason: string; where?: SQL },
): number {
  if (p.types.length === 0) return 0;
  return db
    .update(jobs)
    .set({ status: "parked", parkedOn: p.parkedOn, lastError: p.reason, updatedAt: new Date() })
    .where(and(eq(jobs.shopId, p.shopId), eq(jobs.status, "queued"), inArray(jobs.type, [...p.types]), p.where))
    .run().changes;
}

/**
 * Parks the queued jobs that would use this account's grant: its polls (`payload.accountId`) and the exports of its
 * orders' shipments (`payload.shipmentId`). Returns how many.
 */
export function parkQueuedJobsOfAccount(
  db: DbOrTx,
  p: { shopId: number; accountId: number; parkedOn: string; reason: string },
): number {
  const ofAccount = sql`(
    (${jobs.type} = 'poll-account' AND json_extract(${jobs.payload}, '$.accountId') = ${p.accountId})
    OR (${jobs.type} = 'export-shipment' AND json_extract(${jobs.payload}, '$.shipmentId') IN (
      SELECT ${shipments.id} FROM ${shipments} JOIN ${orders} ON ${orders.id} = ${shipments.orderId}
      WHERE ${orders.accountId} = ${p.accountId}
    ))
  )`;
  return db
    .update(jobs)
    .set({ status: "parked", parkedOn: p.parkedOn, lastError: p.reason, updatedAt: new Date() })
    .where(and(eq(jobs.shopId, p.shopId), eq(jobs.status, "queued"), ofAccount))
    .run().changes;
}

/** Queues again, due now, every job parked on `parkedOn` (its authorisation is back). Returns the ids. */
export function unparkJobs(db: DbOrTx, parkedOn: string, now = new Date()): number[] {
  return db
    .update(jobs)
    .set({ status: "queued", parkedOn: null, runAt: now, updatedAt: now })
    .where(and(eq(jobs.status, "parked"), eq(jobs.parkedOn, parkedOn)))
    .returning({ id: jobs.id })
    .all()
    .map((r) => r.id);
}

/** Extends the lease of jobs this worker still runs (its heartbeat); jobs it no longer holds are left alone. */
export function renewLeases(db: DbOrTx, workerId: string, ids: number[], leaseUntil: Date): number {
  if (ids.length === 0) return 0;
  return db
    .update(jobs)
    .set({ leaseUntil })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId)))
    .run().changes;
}

/**
 * Makes due at once the running jobs held by workers that are gone (`isGone(lockedBy)`: a process of this host
 * that no longer exists), instead of waiting for their leases to end. Returns how many.
 */
export function releaseJobsOfGoneWorkers(db: DbOrTx, isGone: (workerId: string) => boolean, now = new Date()): number {
  const held = db
    .selectDistinct({ lockedBy: jobs.lockedBy })
    .from(jobs)
    .where(eq(jobs.status, "running"))
    .all()
    .map((r) => r.lockedBy)
    .filter((w): w is string => w !== null && isGone(w));
  if (held.length === 0) return 0;
  return db
    .update(jobs)
    .set({ leaseUntil: new Date(now.getTime() - 1) })
    .where(and(eq(jobs.status, "running"), inArray(jobs.lockedBy, held)))
    .run().changes;
}

/** How many jobs are parked on `parkedOn` (waiting for that authorisation). */
export function countParkedJobs(db: DbOrTx, parkedOn: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.status, "parked"), eq(jobs.parkedOn, parkedOn)))
      .get()?.n ?? 0
  );
}

export function countJobsByStatus(db: DbOrTx, shopId?: number): Record<JobStatus, number> {
  const rows = db
    .select({ status: jobs.status, n: sql<number>`count(*)` })
    .from(jobs)
    .where(shopId === undefined ? undefined : eq(jobs.shopId, shopId))
    .groupBy(jobs.status)
    .all();
  const out: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, dead: 0, parked: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export function listJobs(
  db: DbOrTx,
  p: { shopId?: number; status?: JobStatus; type?: JobType; limit?: number },
): Job[] {
  const where = and(
    p.shopId === undefined ? undefined : eq(jobs.shopId, p.shopId),
    p.status ? eq(jobs.status, p.status) : undefined,
    p.type ? eq(jobs.type, p.type) : undefined,
  );
  return db
    .select()
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.id))
    .limit(p.limit ?? 100)
    .all();
}

export function getJob(db: DbOrTx, id: number): Job | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

/** The earliest run_at among queued jobs, so an idle worker knows how long it may sleep. */
export function nextDueAt(db: DbOrTx): Date | null {
  const row = db
    .select({ runAt: sql<number | null>`min(${jobs.runAt})` })
    .from(jobs)
    .where(eq(jobs.status, "queued"))
    .get();
  return row?.runAt ? new Date(row.runAt) : null;
}
