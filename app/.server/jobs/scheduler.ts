import cron, { type ScheduledTask } from "node-cron";
import { listPollableAccounts } from "../../../db/queries/marketplace-accounts";
import { enqueueJob } from "../../../db/queries/jobs";
import type { AppContext } from "../context";

/** Enqueues `poll-account` for every enabled account whose poll interval has elapsed. Only enqueues. */
export function enqueueDuePolls(ctx: AppContext, now = new Date()): number {
  let n = 0;
  for (const a of listPollableAccounts(ctx.db)) {
    const due = !a.lastPolledAt || a.lastPolledAt.getTime() + a.pollIntervalSeconds * 1000 <= now.getTime();
    if (!due) continue;
    const id = enqueueJob(ctx.db, {
      shopId: a.shopId,
      type: "poll-account",
      payload: { accountId: a.id },
      idempotencyKey: `poll-account:${a.id}`,
      maxAttempts: 3,
    });
    if (id) n++;
  }
  if (n > 0) ctx.notifyWorkers();
  return n;
}

/** node-cron ticks every few seconds; each tick only enqueues due polls (the poll itself runs in the worker). */
export function startScheduler(ctx: AppContext, expression = "*/5 * * * * *"): ScheduledTask {
  return cron.schedule(expression, () => {
    try {
      enqueueDuePolls(ctx);
    } catch (e) {
      ctx.logger.error("scheduler tick failed", { error: (e as Error).message });
    }
  });
}
