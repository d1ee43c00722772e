import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSkuMappings } from "../.server/admin/sku-mappings";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";

/** GET /bc/sku-mappings/export: every SKU mapping of the store as CSV (the import's format). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return exportSkuMappings(context.app, store);
};
