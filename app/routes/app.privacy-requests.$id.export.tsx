import type { LoaderFunctionArgs } from "@remix-run/node";
import { privacyRequestExportResponse } from "../.server/admin/privacy-requests";
import { requireShop } from "../.server/admin-auth";

/** A data request's export, as a JSON file for the merchant to pass on to the customer (resource route). */
export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return privacyRequestExportResponse(context.app, shop, Number(params.id));
};
