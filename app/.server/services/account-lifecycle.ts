import {
  getAccount,
  markAccountDisconnected,
  renameAccount,
  setAccountEnabled,
} from "#db/queries/marketplace-accounts.ts";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";
import { DISCONNECTED_REASON } from "../messages/en/accounts";
import { recordAuthorizationRefused } from "./authorization";

/** Longest account name kept (it is shown in lists and on every order of the account). */
export const MAX_ACCOUNT_NAME_LENGTH = 100;

/** The StepError codes that are the merchant's input, answered as 422 with the field named. */
export const ACCOUNT_INPUT_ERRORS = new Set(["account_name_invalid"]);

function accountOf(ctx: Pick<AppContext, "db">, shopId: number, accountId: number) {
  const account = getAccount(ctx.db, shopId, accountId);
  if (!account) throw new StepError("account_missing", "This account does not exist in this shop.");
  return account;
}

/**
 * Pause: the account's orders are no longer imported (the scheduler skips it, and a poll already queued does
 * nothing); its shipments still go back to the marketplace, since those orders were sold there. Idempotent.
 */
export function pauseAccount(ctx: Pick<AppContext, "db">, shopId: number, accountId: number): void {
  accountOf(ctx, shopId, accountId);
  setAccountEnabled(ctx.db, shopId, accountId, false);
}

/**
 * Resume: importing starts again at once from the cursor where it stopped, so the orders placed meanwhile are
 * imported, none skipped. Returns whether a poll was queued (none while one is already live).
 */
export function resumeAccount(
  ctx: Pick<AppContext, "db" | "notifyWorkers">,
  shopId: number,
  accountId: number,
): boolean {
  accountOf(ctx, shopId, accountId);
  return ctx.db.transaction((tx) => {
    setAccountEnabled(tx, shopId, accountId, true);
    return enqueueJob(ctx, tx, "poll-account", { accountId }, { shopId }) !== null;
  });
}

/** The merchant's own name for the account: trimmed, 1 to MAX_ACCOUNT_NAME_LENGTH characters. */
export function renameMarketplaceAccount(
  ctx: Pick<AppContext, "db">,
  shopId: number,
  accountId: number,
  name: string,
): string {
  accountOf(ctx, shopId, accountId);
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (trimmed === "") throw new StepError("account_name_invalid", "Give the account a name.");
  if (trimmed.length > MAX_ACCOUNT_NAME_LENGTH)
    throw new StepError(
      "account_name_invalid",
      `Keep the name to ${MAX_ACCOUNT_NAME_LENGTH} characters or fewer (this one has ${trimmed.length}).`,
    );
  renameAccount(ctx.db, shopId, accountId, trimmed);
  return trimmed;
}

/**
 * Disconnect: the account's credentials are erased (the refresh token and keys, nothing of the grant is kept), it is
 * no longer polled nor checked, and its queued work (shipments going back) is parked as an expired account's is. Its
 * orders, timelines and settings stay; reconnecting the same seller (Reconnect, the marketplace's consent again)
 * restores the account, resumes the import from its cursor and sends the parked work. Idempotent.
 */
export function disconnectAccount(
  ctx: Pick<AppContext, "db" | "secrets" | "logger">,
  shopId: number,
  accountId: number,
  at = new Date(),
): void {
  const account = accountOf(ctx, shopId, accountId);
  if (account.disconnectedAt) return;
  ctx.db.transaction((tx) => {
    recordAuthorizationRefused(ctx, tx, shopId, { kind: "account", accountId }, DISCONNECTED_REASON);
    markAccountDisconnected(tx, shopId, accountId, {
      credentialsEncrypted: ctx.secrets.encryptJson({}),
      reason: DISCONNECTED_REASON,
      at,
    });
  });
  ctx.logger.info("marketplace account disconnected by the merchant", { shopId, accountId });
}
