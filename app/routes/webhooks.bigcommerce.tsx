import type { ActionFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, methodNotAllowed, readInboundBody } from "../.server/http/inbound-routes";
import { receiveBigCommerceWebhook } from "../.server/services/receive-bigcommerce-webhook";

const ROUTE = INBOUND_ROUTES.bigcommerceWebhooks;

/** BigCommerce only POSTs here: a GET is answered 405 quietly. */
export const loader = () => methodNotAllowed(ROUTE);

/** Every BigCommerce webhook (store/shipment/*, store/order/statusUpdated): size-checked, verified, deduplicated, stored with its job, answered at once. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  const answer = receiveBigCommerceWebhook(context.app, request.headers, body.rawBody);
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
};
