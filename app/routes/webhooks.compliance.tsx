import type { ActionFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, methodNotAllowed, readInboundBody } from "../.server/http/inbound-routes";
import { verifyShopifyHmac } from "../.server/platforms/shopify/webhook-hmac";

const ROUTE = INBOUND_ROUTES.shopifyCompliance;

/** Shopify only POSTs here: a GET is answered 405 quietly. */
export const loader = () => methodNotAllowed(ROUTE);

/**
 * Mandatory compliance topics (customers/data_request, customers/redact, shop/redact). Size-checked, verified; we
 * keep buyer data only on imported orders, which shop/redact removes with the shop (cascade) once the app is
 * uninstalled.
 */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  if (!verifyShopifyHmac(body.rawBody, request.headers.get("x-shopify-hmac-sha256"), context.app.shopifyApiSecret)) {
    return new Response("Invalid HMAC signature", { status: 401 });
  }
  return new Response(null, { status: 200 });
};
