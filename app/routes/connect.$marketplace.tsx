import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireAdminShop } from "../.server/admin-shop";
import { asConnectableMarketplace, startMarketplaceConnect } from "../.server/services/connect-marketplace-account";

/**
 * POST /connect/ebay | /connect/etsy, from the "Connect" buttons of either admin (Shopify's, or BigCommerce's
 * with `?platform=bigcommerce`): a consent URL carrying a fresh state for the merchant's shop. Answered as JSON,
 * not a redirect: embedded in the platform's admin, the page must open it in the top window (`_top`), since
 * marketplaces refuse to be framed.
 */
export const action = async ({ request, params, context }: ActionFunctionArgs) => {
  const marketplace = asConnectableMarketplace(params.marketplace);
  if (!marketplace) throw new Response("Not found", { status: 404 });
  const shop = await requireAdminShop(request, context);
  const started = startMarketplaceConnect(context.app, shop, marketplace);
  return json(started, { status: "error" in started ? 503 : 200 });
};
