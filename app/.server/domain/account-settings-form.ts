import { z } from "zod";
import { parseMarketplaceChoice, type MarketplaceChoice } from "./amazon-marketplace-choice";
import { ImportRulesSchema, MAX_TAGS, SYNC_MINUTES, type ImportRuleField, type ImportRules } from "./import-rules";

/**
 * An account's settings as the settings page posts them, checked as a whole: a field that is not posted keeps its
 * current value (a form may send only what it shows), a field posted with a wrong value refuses the whole post with
 * that field named, and rules that depend on each other are checked together (the merchant's contact when their
 * details replace the buyer's, the address or domain an email rule needs). Pure: the caller stores the result.
 */

export interface AccountSettings {
  syncEnabled: boolean;
  syncMinutes: number;
  rules: ImportRules;
  /** Amazon: which of the seller's marketplaces are imported; null for the other marketplaces. */
  marketplaces: MarketplaceChoice | null;
}

export type AccountSettingsField = ImportRuleField | "syncEnabled" | "syncMinutes" | "marketplaceIds";

export type ParsedAccountSettings =
  { ok: true; settings: AccountSettings } | { ok: false; field: AccountSettingsField };

/** What a form's fields read as: FormData and URLSearchParams both fit. */
export interface FormFields {
  get(name: string): unknown;
}

/** The longest value any field may post; anything longer is refused before it is parsed. */
const MAX_FIELD_LENGTH = 2_000;

const BOOLEAN_TEXT = z.enum(["true", "false"]).transform((v) => v === "true");
const ORDER_NAME_PREFIX = /^[A-Za-z0-9#_-]*$/;

function tagsOf(value: string): string[] {
  return value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

export function parseAccountSettingsForm(form: FormFields, current: AccountSettings): ParsedAccountSettings {
  const posted = (name: string): string | undefined => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  for (const name of ["syncEnabled", "syncMinutes", "marketplaceIds", ...Object.keys(ImportRulesSchema.shape)]) {
    const v = posted(name);
    if (v !== undefined && v.length > MAX_FIELD_LENGTH) return { ok: false, field: name as AccountSettingsField };
  }

  let syncEnabled = current.syncEnabled;
  const enabledText = posted("syncEnabled");
  if (enabledText !== undefined) {
    const parsed = BOOLEAN_TEXT.safeParse(enabledText);
    if (!parsed.success) return { ok: false, field: "syncEnabled" };
    syncEnabled = parsed.data;
  }
  let syncMinutes = current.syncMinutes;
  const minutesText = posted("syncMinutes");
  if (minutesText !== undefined) {
    const n = /^\s*\d{1,5}\s*$/.test(minutesText) ? Number(minutesText) : NaN;
    if (!Number.isInteger(n) || n < SYNC_MINUTES.min || n > SYNC_MINUTES.max)
      return { ok: false, field: "syncMinutes" };
    syncMinutes = n;
  }

  let marketplaces = current.marketplaces;
  const marketplacesText = posted("marketplaceIds");
  if (marketplacesText !== undefined && marketplaces) {
    const chosen = parseMarketplaceChoice(marketplacesText, marketplaces.options);
    if (!chosen) return { ok: false, field: "marketplaceIds" };
    marketplaces = { ...marketplaces, chosen };
  }

  const candidate: Record<string, unknown> = { ...current.rules };
  for (const [name, schema] of Object.entries(ImportRulesSchema.shape)) {
    const v = posted(name);
    if (v === undefined) continue;
    const field = name as ImportRuleField;
    let value: unknown = v;
    if (field === "tags") {
      value = tagsOf(v);
      if ((value as string[]).length > MAX_TAGS) return { ok: false, field };
    } else if (schema instanceof z.ZodDefault && schema._def.innerType instanceof z.ZodBoolean) {
      const parsed = BOOLEAN_TEXT.safeParse(v);
      if (!parsed.success) return { ok: false, field };
      value = parsed.data;
    }
    const parsed = (schema as z.ZodTypeAny).safeParse(value);
    if (!parsed.success) return { ok: false, field };
    candidate[name] = parsed.data;
  }
  const rules = candidate as ImportRules;
  if (!ORDER_NAME_PREFIX.test(rules.orderNamePrefix)) return { ok: false, field: "orderNamePrefix" };
  if (rules.contact === "merchant") {
    if (rules.merchantName === "") return { ok: false, field: "merchantName" };
    if (rules.merchantEmail === "") return { ok: false, field: "merchantEmail" };
  }
  if (rules.email === "fixed" && rules.fixedEmail === "") return { ok: false, field: "fixedEmail" };
  if (rules.email === "alias" && rules.aliasDomain === "") return { ok: false, field: "aliasDomain" };
  return { ok: true, settings: { syncEnabled, syncMinutes, rules, marketplaces } };
}
