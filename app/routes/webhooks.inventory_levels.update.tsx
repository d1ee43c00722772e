import type { ActionFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, methodNotAllowed, readInboundBody } from "../.server/http/inbound-routes";
import { receiveShopifyWebhook } from "../.server/services/receive-shopify-webhook";

const ROUTE = INBOUND_ROUTES.shopifyInventoryLevelsUpdate;

/** Shopify only POSTs here: a GET is answered 405 quietly (without a loader, Remix logs an error for it). */
export const loader = () => methodNotAllowed(ROUTE);

/** Shopify `inventory_levels/update`: stock rose in the shop, so orders held out of stock are checked again. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  const answer = receiveShopifyWebhook(context.app, request.headers, body.rawBody, "inventory_levels/update");
  return new Response(answer.body, { status: answer.status });
};
