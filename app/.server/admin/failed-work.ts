import { listDeadJobs } from "#db/queries/dead-jobs.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { FAILED_WORK_INPUT_ERRORS, failedStepLabel, failedWorkRetriedText } from "../messages/en/failed-work";
import { lookUpJobSubject, retryFailedWork } from "../services/retry-failed-work";
import type { OrderActionResult } from "./order-detail";

/** The page shows the newest failures; Retry all reaches every one, shown or not. */
export const FAILED_WORK_PAGE_LIMIT = 100;
/** Chosen steps per Retry (a page's worth, with room); more is a 422 that points to Retry all. */
export const MAX_RETRY_IDS = 500;

/**
 * The Failed work page of the admin UI, whatever the platform around it (app.failed-work.tsx for Shopify,
 * bc.failed-work.tsx for BigCommerce): every step that failed for good and was not retried since, with what it was
 * for (its order, its account), why it failed and when, and Retry for the chosen ones or for all. Every read and
 * write is scoped by the shop the route authenticated.
 */
export function loadFailedWork(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id" | "platform">) {
  const { jobs, total } = listDeadJobs(ctx.db, shop.id, { limit: FAILED_WORK_PAGE_LIMIT });
  return {
    platformName: platformName(shop.platform),
    total,
    items: jobs.map((job) => {
      const { order, account } = lookUpJobSubject(ctx.db, shop.id, job);
      const marketplace = order?.marketplace ?? account?.marketplace ?? null;
      return {
        id: job.id,
        step: failedStepLabel(job.type, shop.platform, marketplace),
        order: order ? { id: order.id, marketplaceOrderId: order.marketplaceOrderId } : null,
        account: account ? `${marketplaceName(account.marketplace)} · ${account.name}` : null,
        reason: job.lastError ?? "No reason was recorded.",
        attempts: job.attempts,
        failedAt: job.finishedAt ?? job.updatedAt,
      };
    }),
  };
}

export type FailedWorkData = ReturnType<typeof loadFailedWork>;

function parseIds(values: FormDataEntryValue[]): number[] | string {
  if (values.length === 0) return FAILED_WORK_INPUT_ERRORS.noneChosen;
  if (values.length > MAX_RETRY_IDS) return FAILED_WORK_INPUT_ERRORS.tooMany(MAX_RETRY_IDS);
  const ids: number[] = [];
  for (const v of values) {
    const n = typeof v === "string" && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) return FAILED_WORK_INPUT_ERRORS.badId;
    ids.push(n);
  }
  return [...new Set(ids)];
}

/** The page's form posts: `intent=retry` with one `id` per chosen step, or `intent=retry-all`. */
export async function runFailedWorkAction(
  ctx: AppContext,
  shop: Pick<Shop, "id">,
  request: Request,
): Promise<{ result: OrderActionResult; status: number }> {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "retry" && intent !== "retry-all")
    return { result: { tone: "critical", message: `Unknown action ${JSON.stringify(intent)}` }, status: 400 };
  let ids: number[] | "all" = "all";
  if (intent === "retry") {
    const parsed = parseIds(form.getAll("id"));
    if (typeof parsed === "string") return { result: { tone: "critical", message: parsed }, status: 422 };
    ids = parsed;
  }
  const { requeued, skipped } = retryFailedWork(ctx, shop.id, ids);
  return {
    result: { tone: requeued ? "success" : "info", message: failedWorkRetriedText(requeued, skipped) },
    status: 200,
  };
}
