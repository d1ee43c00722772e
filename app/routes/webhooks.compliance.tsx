import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyShopifyHmac } from "../.server/platforms/shopify/webhook-hmac";

/**
 * Mandatory compliance topics (customers/data_request, customers/redact, shop/redact). Verified; we keep buyer
 * data only on imported orders, which shop/redact removes with the shop (cascade) once the app is uninstalled.
 */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const raw = await request.text();
  if (!verifyShopifyHmac(raw, request.headers.get("x-shopify-hmac-sha256"), context.app.shopifyApiSecret)) {
    return new Response("Invalid HMAC signature", { status: 401 });
  }
  return new Response(null, { status: 200 });
};
