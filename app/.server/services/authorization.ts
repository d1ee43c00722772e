import type { DbOrTx } from "#db/client.ts";
import {
  parkedOnAccount,
  parkedOnShop,
  parkQueuedJobs,
  parkQueuedJobsOfAccount,
  unparkJobs,
} from "#db/queries/jobs.ts";
import {
  clearAccountAuthorizationLost,
  getAccount,
  markAccountAuthorizationLost,
} from "#db/queries/marketplace-accounts.ts";
import { clearShopAuthorizationLost, getShop, markShopAuthorizationLost } from "#db/queries/shops.ts";
import { JOB_TYPES } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { isAuthorizationRefusedError, type AuthorizationScope } from "../errors";
import { jobTypesUsing } from "../jobs/job-types";

/**
 * A refused authorisation, once confirmed (see AuthorizationRefusedError), and its return. The shop or account is
 * marked (the admin shows it), the queued work that would meet the same refusal is parked with the job that met it,
 * and when the authorisation is back (a reinstall, a reconnect, or the periodic check finding it accepted again) all
 * of it is queued again at once. Nothing here spends an attempt or ends a job dead.
 */

/** Where a job parked for this scope waits. */
export function parkedOnFor(shopId: number, scope: AuthorizationScope): string {
  return scope.kind === "shop" ? parkedOnShop(shopId) : parkedOnAccount(scope.accountId);
}

/** Marks the shop or account and parks its queued work; the running job parks itself (the worker). */
export function recordAuthorizationRefused(
  ctx: Pick<AppContext, "logger">,
  tx: DbOrTx,
  shopId: number,
  scope: AuthorizationScope,
  reason: string,
): { newlyLost: boolean; parked: number } {
  const parkedOn = parkedOnFor(shopId, scope);
  if (scope.kind === "shop") {
    const newlyLost = markShopAuthorizationLost(tx, shopId, reason);
    const parked = parkQueuedJobs(tx, { shopId, types: jobTypesUsing("shop"), parkedOn, reason });
    if (newlyLost) ctx.logger.warn("shop authorisation refused; its work is parked", { shopId, reason, parked });
    return { newlyLost, parked };
  }
  const newlyLost = markAccountAuthorizationLost(tx, shopId, scope.accountId, reason);
  const parked = parkQueuedJobsOfAccount(tx, { shopId, accountId: scope.accountId, parkedOn, reason });
  if (newlyLost)
    ctx.logger.warn("account authorisation refused; its work is parked", {
      shopId,
      accountId: scope.accountId,
      reason,
      parked,
    });
  return { newlyLost, parked };
}

/** The app was uninstalled: every queued job of the shop waits for a reinstall. */
export function parkWorkOfUninstalledShop(tx: DbOrTx, shopId: number): number {
  return parkQueuedJobs(tx, {
    shopId,
    types: JOB_TYPES,
    parkedOn: parkedOnShop(shopId),
    reason: "The app was uninstalled; this waits for it to be installed again",
  });
}

/** The shop authorised the app again (a new token): clear the mark, queue its parked work now. */
export function restoreShopAuthorization(ctx: AppContext, tx: DbOrTx, shopId: number): number {
  clearShopAuthorizationLost(tx, shopId);
  return resumed(ctx, unparkJobs(tx, parkedOnShop(shopId)));
}

/** The account was reconnected (or its grant is accepted again): clear the mark, queue its parked work now. */
export function restoreAccountAuthorization(ctx: AppContext, tx: DbOrTx, shopId: number, accountId: number): number {
  clearAccountAuthorizationLost(tx, shopId, accountId);
  return resumed(ctx, unparkJobs(tx, parkedOnAccount(accountId)));
}

function resumed(ctx: AppContext, ids: number[]): number {
  if (ids.length > 0) ctx.notifyWorkers();
  return ids.length;
}

/**
 * The periodic check of a refused authorisation (job `check-authorization`): one cheap authenticated call. Accepted
 * now (the token was restored, the marketplace's outage is over): restored, and the parked work resumes. Refused
 * again: stays as it is. Anything else: nothing is concluded (the next check asks again).
 */
export async function checkAuthorization(
  ctx: AppContext,
  shopId: number,
  accountId: number | undefined,
): Promise<"restored" | "still_refused" | "not_needed" | "unknown"> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return "not_needed";
  try {
    if (accountId === undefined) {
      if (!shop.authLostAt) return "not_needed";
      await ctx.platformFor(shop).verifyAuthorization();
      ctx.db.transaction((tx) => restoreShopAuthorization(ctx, tx, shopId));
    } else {
      const account = getAccount(ctx.db, shopId, accountId);
      // A disconnected account has no grant left to check: only the merchant's reconnect brings it back.
      if (!account?.authLostAt || account.disconnectedAt) return "not_needed";
      await ctx.connectorFor(account).verifyAuthorization();
      ctx.db.transaction((tx) => restoreAccountAuthorization(ctx, tx, shopId, accountId));
    }
  } catch (e) {
    if (isAuthorizationRefusedError(e)) return "still_refused";
    ctx.logger.info("authorisation check could not tell", { shopId, accountId, error: (e as Error).message });
    return "unknown";
  }
  ctx.logger.info("authorisation accepted again; parked work resumed", { shopId, accountId });
  return "restored";
}
