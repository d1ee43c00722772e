import { and, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { jobs } from "../schema";
import type { Job } from "./jobs";

/**
 * The shop's failed work: jobs that are `dead` (no retry of the queue would fix them) and were not retried since.
 * A dead job with an idempotency key is superseded by any later job of the same key (the order's own Retry, a new
 * SKU mapping, the next poll): what that job does is what the merchant sees now, not the old failure.
 */
function stillFailed(shopId: number): SQL {
  return and(
    eq(jobs.shopId, shopId),
    eq(jobs.status, "dead"),
    or(
      isNull(jobs.idempotencyKey),
      // Qualified by hand: in an UPDATE, drizzle names the columns bare, and a bare name here would be `later`'s.
      sql`NOT EXISTS (SELECT 1 FROM jobs later WHERE later.idempotency_key = "jobs"."idempotency_key" AND later.id > "jobs"."id")`,
    ),
  )!;
}

/** The shop's failed work, newest first (at most `limit`), and how many there are in all. */
export function listDeadJobs(db: DbOrTx, shopId: number, p: { limit: number }): { jobs: Job[]; total: number } {
  const where = stillFailed(shopId);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(where)
      .get()?.n ?? 0;
  const rows = db.select().from(jobs).where(where).orderBy(desc(jobs.id)).limit(p.limit).all();
  return { jobs: rows, total };
}

export interface RequeueResult {
  /** The jobs queued again, due now, with their attempts counted from zero. */
  requeued: Job[];
  /** Asked for but not failed work of this shop (another shop's, retried since, or no longer dead). */
  skipped: number;
}

/**
 * Queues again the shop's failed work named by `ids` (all of it when `ids` is "all"). The row itself goes back to
 * the queue, keeping its last error until it runs. Call inside a transaction: the check that no later job holds
 * the key and the update are one step, so a requeued job cannot collide with a live one of its key.
 */
export function requeueDeadJobs(tx: DbOrTx, shopId: number, ids: number[] | "all", now = new Date()): RequeueResult {
  if (ids !== "all" && ids.length === 0) return { requeued: [], skipped: 0 };
  const where = and(stillFailed(shopId), ids === "all" ? undefined : inArray(jobs.id, ids));
  const requeued = tx
    .update(jobs)
    .set({
      status: "queued",
      attempts: 0,
      runAt: now,
      finishedAt: null,
      leaseUntil: null,
      lockedBy: null,
      updatedAt: now,
    })
    .where(where)
    .returning()
    .all();
  return { requeued, skipped: ids === "all" ? 0 : ids.length - requeued.length };
}
