import { useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { AccountDetailData } from "../.server/admin/account-detail";
import type { OrderActionResult } from "../.server/admin/order-detail";
import { accountStatusLook } from "./use-marketplace-connect";

/**
 * What both account pages (app.accounts.$accountId.tsx, bc.accounts.$accountId.tsx) keep in hand: the loader's data,
 * the name being edited (reset when the saved name changes), the status's look, whether a post is under way, and the
 * server's error for the name field.
 */
export function useAccountPage() {
  const { account, maxNameLength } = useLoaderData<AccountDetailData>();
  const actionData = useActionData<OrderActionResult & { field?: string }>();
  const navigation = useNavigation();
  const location = useLocation();
  const [name, setName] = useState(account.name);
  useEffect(() => setName(account.name), [account.name]);
  return {
    account,
    maxNameLength,
    name,
    setName,
    search: location.search,
    status: accountStatusLook(account),
    busy: (intent?: string) =>
      navigation.state !== "idle" && (intent === undefined || navigation.formData?.get("intent") === intent),
    nameError: actionData?.field === "name" ? actionData.message : undefined,
    canSaveName: name.trim() !== "" && name.trim() !== account.name,
  };
}
