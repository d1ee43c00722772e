import { getAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import type { AccountSettingsField } from "../domain/account-settings-form";
import { SYNC_MINUTES } from "../domain/import-rules";
import { marketplaceName } from "../domain/marketplace-names";
import { isStepError } from "../errors";
import { ACCOUNT_NOT_FOUND } from "../messages/en/accounts";
import { SETTINGS_FIELD_ERRORS, settingsLabels, settingsText } from "../messages/en/account-settings";
import { accountSettingsOf, saveAccountSettingsForm, SETTING_INVALID } from "../services/account-settings";
import { parseRouteId, type OrderActionResult } from "./order-detail";

/**
 * An account's settings page, whatever the platform around it (app.accounts.$accountId_.settings.tsx,
 * bc.accounts.$accountId_.settings.tsx): the sync switch and frequency and the import rules, and their save.
 * Scoped by the shop the route authenticated: another shop's account is a 404 like a missing one.
 */
function notFound(): Response {
  return new Response(ACCOUNT_NOT_FOUND, { status: 404, statusText: "Not Found" });
}

export function loadAccountSettings(
  ctx: Pick<AppContext, "db">,
  shop: Pick<Shop, "id" | "platform">,
  idParam: string | undefined,
) {
  const account = getAccount(ctx.db, shop.id, parseRouteId(idParam, notFound));
  if (!account) throw notFound();
  return {
    account: { id: account.id, name: account.name, marketplaceName: marketplaceName(account.marketplace) },
    platform: shop.platform,
    settings: accountSettingsOf(account),
    syncMinutes: SYNC_MINUTES,
    labels: settingsLabels,
  };
}

export type AccountSettingsData = ReturnType<typeof loadAccountSettings>;
export type AccountSettingsResult = OrderActionResult & { field?: AccountSettingsField };

/** The page's post: every field at once. 422 with the field named when one is refused (nothing saved). */
export async function runAccountSettingsAction(
  ctx: AppContext,
  shop: Pick<Shop, "id">,
  idParam: string | undefined,
  request: Request,
): Promise<{ result: AccountSettingsResult; status: number }> {
  const accountId = parseRouteId(idParam, notFound);
  const account = getAccount(ctx.db, shop.id, accountId);
  if (!account) throw notFound();
  const form = await request.formData();
  try {
    saveAccountSettingsForm(ctx, shop.id, accountId, form);
    return { result: { tone: "success", message: settingsText.saved(account.name) }, status: 200 };
  } catch (e) {
    if (isStepError(e) && e.code === SETTING_INVALID) {
      const field = e.details.field as AccountSettingsField;
      return { result: { tone: "critical", message: SETTINGS_FIELD_ERRORS[field], field }, status: 422 };
    }
    throw e;
  }
}
