import { getAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { marketplaceName } from "../domain/marketplace-names";
import { isStepError } from "../errors";
import { ACCOUNT_NOT_FOUND, accountActionText } from "../messages/en/accounts";
import {
  ACCOUNT_INPUT_ERRORS,
  disconnectAccount,
  MAX_ACCOUNT_NAME_LENGTH,
  pauseAccount,
  renameMarketplaceAccount,
  resumeAccount,
} from "../services/account-lifecycle";
import { parseRouteId, type OrderActionResult } from "./order-detail";

/**
 * A marketplace account's page of the admin UI, whatever the platform around it (app.accounts.$accountId.tsx,
 * bc.accounts.$accountId.tsx): its status, last sync and last error, and pause / resume / rename. Scoped by the
 * shop the route authenticated: another shop's account is a 404 like a missing one. Never credentials.
 */
function notFound(): Response {
  return new Response(ACCOUNT_NOT_FOUND, { status: 404, statusText: "Not Found" });
}

function parseAccountId(value: string | undefined): number {
  return parseRouteId(value, notFound);
}

export function loadAccountDetail(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id">, idParam: string | undefined) {
  const account = getAccount(ctx.db, shop.id, parseAccountId(idParam));
  if (!account) throw notFound();
  return {
    maxNameLength: MAX_ACCOUNT_NAME_LENGTH,
    account: {
      id: account.id,
      name: account.name,
      marketplace: account.marketplace,
      marketplaceName: marketplaceName(account.marketplace),
      region: account.region,
      enabled: account.enabled,
      expired: account.authLostAt !== null,
      disconnected: account.disconnectedAt !== null,
      connectedAt: account.createdAt,
      lastSyncedAt: account.lastSyncedAt,
      lastPolledAt: account.lastPolledAt,
      // An expired account's error is the refusal itself.
      lastError: account.authLostAt ? account.authLostReason : account.lastPollError,
    },
  };
}

export type AccountDetailData = ReturnType<typeof loadAccountDetail>;

/** The page's form posts: `intent=pause`, `intent=resume`, `intent=rename` (name), `intent=disconnect`. */
export async function runAccountAction(
  ctx: AppContext,
  shop: Pick<Shop, "id">,
  idParam: string | undefined,
  request: Request,
): Promise<{ result: OrderActionResult & { field?: string }; status: number }> {
  const accountId = parseAccountId(idParam);
  const account = getAccount(ctx.db, shop.id, accountId);
  if (!account) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "pause") {
      pauseAccount(ctx, shop.id, accountId);
      return { result: { tone: "success", message: accountActionText.paused(account.name) }, status: 200 };
    }
    if (intent === "resume") {
      resumeAccount(ctx, shop.id, accountId);
      return { result: { tone: "success", message: accountActionText.resumed(account.name) }, status: 200 };
    }
    if (intent === "disconnect") {
      disconnectAccount(ctx, shop.id, accountId);
      return { result: { tone: "success", message: accountActionText.disconnected(account.name) }, status: 200 };
    }
    if (intent === "rename") {
      const name = renameMarketplaceAccount(ctx, shop.id, accountId, String(form.get("name") ?? ""));
      return { result: { tone: "success", message: accountActionText.renamed(name) }, status: 200 };
    }
  } catch (e) {
    if (isStepError(e) && ACCOUNT_INPUT_ERRORS.has(e.code))
      return { result: { tone: "critical", message: e.message, field: "name" }, status: 422 };
    throw e;
  }
  return { result: { tone: "critical", message: `Unknown action ${JSON.stringify(intent)}` }, status: 400 };
}
