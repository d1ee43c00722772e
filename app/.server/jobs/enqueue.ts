import type { DbOrTx } from "#db/client.ts";
import { insertJob } from "#db/queries/jobs.ts";
import type { JobType } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { jobDefinition, type JobPayloadInput } from "./job-types";

export interface EnqueueOptions {
  /** The shop the job works for (null only for jobs of no shop). */
  shopId: number | null;
  runAt?: Date;
  /** Overrides the job type's maxAttempts (the table's, else 8). */
  maxAttempts?: number;
}

/**
 * Enqueues a job of `type` (call inside the transaction that makes the change causing it: transactional outbox).
 * The payload's type comes from the table of job types (./job-types.ts) and is checked by its schema; the
 * idempotency key comes from the table too. Returns the job id, or null when a live job with the same key exists.
 * A new job wakes this process's workers once the transaction has returned: callers do not notify them.
 */
export function enqueueJob<T extends JobType>(
  ctx: Pick<AppContext, "notifyWorkers">,
  db: DbOrTx,
  type: T,
  payload: JobPayloadInput<T>,
  opts: EnqueueOptions,
): number | null {
  const def = jobDefinition(type);
  const parsed = def.payload.parse(payload);
  const id = insertJob(db, {
    shopId: opts.shopId,
    type,
    payload: parsed,
    idempotencyKey: def.key(parsed, { shopId: opts.shopId }),
    runAt: opts.runAt,
    maxAttempts: opts.maxAttempts ?? def.maxAttempts,
  });
  if (id !== null) wakeWorkers(ctx);
  return id;
}

/** Contexts whose workers were asked to wake in the current synchronous run of code. */
const wakeAsked = new WeakSet<object>();

/**
 * Asks the in-process workers to wake for the job just inserted: once per synchronous run of enqueues (a page of
 * orders, a reconciliation's syncs), however many jobs it inserts. The ask happens inside the caller's transaction;
 * better-sqlite3 transactions are synchronous, so the wake itself, deferred by the hook (bootstrap queues a
 * microtask), runs once the transaction has returned: committed. A rollback only makes a wake that finds nothing.
 */
function wakeWorkers(ctx: Pick<AppContext, "notifyWorkers">): void {
  if (wakeAsked.has(ctx)) return;
  wakeAsked.add(ctx);
  queueMicrotask(() => wakeAsked.delete(ctx));
  ctx.notifyWorkers();
}
