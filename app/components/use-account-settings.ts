import { useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { AccountSettingsData, AccountSettingsResult } from "../.server/admin/account-settings";

type Settings = AccountSettingsData["settings"];
type Rules = Settings["rules"];

/** Every setting as the form's text (what the hidden inputs post): booleans "true"/"false", tags comma-separated. */
export type SettingsValues = Record<"syncEnabled" | "syncMinutes" | "marketplaceIds" | keyof Rules, string>;

function valuesOf(s: Settings): SettingsValues {
  const out: Record<string, string> = { syncEnabled: String(s.syncEnabled), syncMinutes: String(s.syncMinutes) };
  for (const [k, v] of Object.entries(s.rules)) out[k] = Array.isArray(v) ? v.join(", ") : String(v);
  // Amazon only: the other marketplaces post no such field.
  if (s.marketplaces) out.marketplaceIds = s.marketplaces.chosen.join(",");
  return out as SettingsValues;
}

/**
 * What both settings pages keep in hand: the loader's data, the values being edited (reset to the saved ones after
 * each save), the field the server refused with its message, and whether the save is under way. The form posts
 * every value from hidden inputs, so a control's own look (checkbox, select) never decides what is sent.
 */
export function useAccountSettings() {
  const data = useLoaderData<AccountSettingsData>();
  const actionData = useActionData<AccountSettingsResult>();
  const navigation = useNavigation();
  const location = useLocation();
  const saved = valuesOf(data.settings);
  const savedKey = JSON.stringify(saved);
  const [values, setValues] = useState<SettingsValues>(saved);
  useEffect(() => setValues(saved), [savedKey]);
  const set = (name: keyof SettingsValues) => (value: string | boolean) =>
    setValues((v) => ({ ...v, [name]: String(value) }));
  return {
    ...data,
    values,
    set,
    search: location.search,
    busy: navigation.state !== "idle",
    changed: JSON.stringify(values) !== savedKey,
    errorOf: (name: keyof SettingsValues) => (actionData?.field === name ? actionData.message : undefined),
    failed: actionData?.tone === "critical",
  };
}
