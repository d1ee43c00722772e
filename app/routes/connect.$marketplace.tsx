import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireAdminShop } from "../.server/admin-shop";
import { asConnectableMarketplace, startMarketplaceConnect } from "../.server/services/connect-marketplace-account";

/**
 * POST /connect/amazon | /connect/ebay | /connect/etsy, from the "Connect" buttons of either admin (Shopify's, or BigCommerce's
 * with `?platform=bigcommerce`): a consent URL carrying a fresh state for the merchant's shop. Answered as JSON,
 * not a redirect: embedded in the platform's admin, the page must open it in the top window (`_top`), since
 * marketplaces refuse to be framed. Amazon's carries the region chosen (`region=na|eu|fe`, form field or query).
 */
export const action = async ({ request, params, context }: ActionFunctionArgs) => {
  const marketplace = asConnectableMarketplace(params.marketplace);
  if (!marketplace) throw new Response("Not found", { status: 404 });
  const shop = await requireAdminShop(request, context);
  const started = startMarketplaceConnect(context.app, shop, marketplace, { region: await chosenRegion(request) });
  return json(started, { status: "error" in started ? 503 : 200 });
};

async function chosenRegion(request: Request): Promise<string | null> {
  const fromQuery = new URL(request.url).searchParams.get("region");
  if (fromQuery) return fromQuery;
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) return null;
  const value = (await request.formData()).get("region");
  return typeof value === "string" ? value : null;
}
