import type { DbOrTx } from "#db/client.ts";
import { requeueDeadJobs } from "#db/queries/dead-jobs.ts";
import type { Job } from "#db/queries/jobs.ts";
import { getAccount, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import { findOrderByShopOrderId, getOrder, type Order } from "#db/queries/orders.ts";
import { getShipment } from "#db/queries/shipments.ts";
import type { AppContext } from "../context";
import { jobSubject } from "../jobs/job-subject";
import { addTimelineEvent } from "./add-timeline-event";

/** The order and the marketplace account a job works for, as far as its payload says (either may be absent). */
export function lookUpJobSubject(
  db: DbOrTx,
  shopId: number,
  job: Pick<Job, "type" | "payload">,
): { order?: Order; account?: MarketplaceAccount } {
  const s = jobSubject(job.type, job.payload);
  const orderId =
    s.orderId ?? (s.shipmentId !== undefined ? getShipment(db, shopId, s.shipmentId)?.orderId : undefined);
  const order =
    orderId !== undefined
      ? getOrder(db, shopId, orderId)
      : s.shopOrderId !== undefined
        ? findOrderByShopOrderId(db, shopId, s.shopOrderId)
        : undefined;
  const accountId = s.accountId ?? order?.accountId;
  return { order, account: accountId !== undefined ? getAccount(db, shopId, accountId) : undefined };
}

/**
 * The merchant's Retry on failed work (the Failed work page): the chosen dead jobs of the shop, or all of them, go
 * back to the queue at once with their attempts counted from zero. Each order concerned says so on its timeline.
 * What is not the shop's failed work any more (retried since, another shop's) is skipped and counted.
 */
export function retryFailedWork(
  ctx: Pick<AppContext, "db" | "notifyWorkers">,
  shopId: number,
  ids: number[] | "all",
): { requeued: number; skipped: number } {
  const result = ctx.db.transaction((tx) => {
    const { requeued, skipped } = requeueDeadJobs(tx, shopId, ids);
    const perOrder = new Map<number, number>();
    for (const job of requeued) {
      const { order } = lookUpJobSubject(tx, shopId, job);
      if (order) perOrder.set(order.id, (perOrder.get(order.id) ?? 0) + 1);
    }
    for (const [orderId, enqueued] of perOrder)
      addTimelineEvent(tx, { shopId, orderId, kind: "order.retry_requested", data: { enqueued } });
    return { requeued: requeued.length, skipped };
  });
  if (result.requeued) ctx.notifyWorkers();
  return result;
}
