import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSkuMappings } from "../.server/admin/sku-mappings";
import { requireShop } from "../.server/admin-auth";

/** GET /app/sku-mappings/export: every SKU mapping of the shop as CSV (the import's format). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return exportSkuMappings(context.app, shop);
};
