import cron, { type ScheduledTask } from "node-cron";
import { listAccountsWithAuthorizationLost, listPollableAccounts } from "#db/queries/marketplace-accounts.ts";
import {
  listShopsDueForReconciliation,
  listShopsWithAuthorizationLost,
  markShopReconciled,
} from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { enqueueJob } from "./enqueue";

/** Enqueues `poll-account` for every enabled account whose poll interval has elapsed. Only enqueues. */
export function enqueueDuePolls(ctx: AppContext, now = new Date()): number {
  let n = 0;
  for (const a of listPollableAccounts(ctx.db)) {
    const due = !a.lastPolledAt || a.lastPolledAt.getTime() + a.pollIntervalSeconds * 1000 <= now.getTime();
    if (!due) continue;
    const id = enqueueJob(ctx, ctx.db, "poll-account", { accountId: a.id }, { shopId: a.shopId });
    if (id) n++;
  }
  return n;
}

/**
 * Enqueues `reconcile-shop` for every installed shop whose last reconciliation is RECONCILE_INTERVAL_SECONDS old
 * (the first comes one interval after the install). The shop is marked in the same transaction, so the next
 * tick does not enqueue it again; the job itself re-reads the orders.
 */
export function enqueueDueReconciliations(ctx: AppContext, now = new Date()): number {
  const intervalMs = ctx.env.RECONCILE_INTERVAL_SECONDS * 1000;
  if (intervalMs <= 0) return 0;
  let n = 0;
  for (const shop of listShopsDueForReconciliation(ctx.db, new Date(now.getTime() - intervalMs))) {
    ctx.db.transaction((tx) => {
      markShopReconciled(tx, shop.id, now);
      const id = enqueueJob(ctx, tx, "reconcile-shop", {}, { shopId: shop.id });
      if (id) n++;
    });
  }
  return n;
}

/**
 * Enqueues a `check-authorization` for every refused authorisation (shop token or account grant), due one
 * AUTH_RECHECK_INTERVAL_SECONDS from now: while it waits its key keeps the next ticks from adding another, so each
 * is asked once per interval.
 */
export function enqueueAuthorizationChecks(ctx: AppContext, now = new Date()): number {
  const intervalMs = ctx.env.AUTH_RECHECK_INTERVAL_SECONDS * 1000;
  if (intervalMs <= 0) return 0;
  const runAt = new Date(now.getTime() + intervalMs);
  let n = 0;
  for (const shop of listShopsWithAuthorizationLost(ctx.db)) {
    if (enqueueJob(ctx, ctx.db, "check-authorization", {}, { shopId: shop.id, runAt })) n++;
  }
  for (const a of listAccountsWithAuthorizationLost(ctx.db)) {
    if (enqueueJob(ctx, ctx.db, "check-authorization", { accountId: a.id }, { shopId: a.shopId, runAt })) n++;
  }
  return n;
}

/** node-cron ticks every few seconds; each tick only enqueues due polls and reconciliations (they run in the worker). */
export function startScheduler(ctx: AppContext, expression = "*/5 * * * * *"): ScheduledTask {
  return cron.schedule(expression, () => {
    try {
      enqueueDuePolls(ctx);
      enqueueDueReconciliations(ctx);
      enqueueAuthorizationChecks(ctx);
    } catch (e) {
      ctx.logger.error("scheduler tick failed", { error: (e as Error).message });
    }
  });
}
