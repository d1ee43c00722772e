import { getAccount, saveAccountSettings, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import type { AppContext } from "../context";
import {
  parseAccountSettingsForm,
  type AccountSettings,
  type AccountSettingsField,
  type FormFields,
} from "../domain/account-settings-form";
import { importRulesOf } from "../domain/import-rules";
import { marketplaceChoiceOf } from "../domain/amazon-marketplace-choice";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";

/** The StepError code of a refused setting; its details name the field. */
export const SETTING_INVALID = "account_setting_invalid";

/** The account's settings as its page shows them. */
export function accountSettingsOf(account: MarketplaceAccount): AccountSettings {
  return {
    syncEnabled: account.enabled,
    syncMinutes: Math.max(1, Math.round(account.pollIntervalSeconds / 60)),
    rules: importRulesOf(account.importRules),
    marketplaces: account.marketplace === "amazon" ? marketplaceChoiceOf(account.settings) : null,
  };
}

/**
 * Saves the settings page's post: all of it or (one field refused) none of it, a StepError naming the field. The
 * next poll and the next shop order read them (no restart). Switching the sync on queues a poll at once, as
 * resuming does, so the orders placed meanwhile come in without waiting for the frequency.
 */
export function saveAccountSettingsForm(
  ctx: Pick<AppContext, "db" | "notifyWorkers">,
  shopId: number,
  accountId: number,
  form: FormFields,
): AccountSettings {
  const account = getAccount(ctx.db, shopId, accountId);
  if (!account) throw new StepError("account_missing", "This account does not exist in this shop.");
  const current = accountSettingsOf(account);
  const parsed = parseAccountSettingsForm(form, current);
  if (!parsed.ok)
    throw new StepError(SETTING_INVALID, `The setting ${parsed.field} was refused`, {
      field: parsed.field satisfies AccountSettingsField,
    });
  const next = parsed.settings;
  ctx.db.transaction((tx) => {
    saveAccountSettings(tx, shopId, accountId, {
      enabled: next.syncEnabled,
      pollIntervalSeconds: next.syncMinutes * 60,
      importRules: next.rules,
      ...(next.marketplaces ? { settings: { ...account.settings, marketplaceIds: next.marketplaces.chosen } } : {}),
    });
    if (next.syncEnabled && !current.syncEnabled && account.authLostAt === null)
      enqueueJob(ctx, tx, "poll-account", { accountId }, { shopId });
  });
  return next;
}
