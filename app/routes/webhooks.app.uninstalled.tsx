import type { ActionFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, methodNotAllowed, readInboundBody } from "../.server/http/inbound-routes";
import { receiveShopifyWebhook } from "../.server/services/receive-shopify-webhook";

const ROUTE = INBOUND_ROUTES.shopifyAppUninstalled;

/** Shopify only POSTs here: a GET is answered 405 quietly (without a loader, Remix logs an error for it). */
export const loader = () => methodNotAllowed(ROUTE);

/** Shopify `app/uninstalled` webhook: size-checked, verified, deduplicated, stored with its job, answered at once. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  const answer = receiveShopifyWebhook(context.app, request.headers, body.rawBody, "app/uninstalled");
  return new Response(answer.body, { status: answer.status });
};
