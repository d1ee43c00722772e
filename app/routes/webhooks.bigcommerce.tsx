import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveBigCommerceWebhook } from "../.server/services/receive-bigcommerce-webhook";

/** Every BigCommerce webhook (store/shipment/*, store/order/statusUpdated): verified, deduplicated, stored with its job, answered at once. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const answer = receiveBigCommerceWebhook(context.app, request.headers, await request.text());
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
};
