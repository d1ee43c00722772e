import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "../.server/services/receive-shopify-webhook";

/** Shopify `fulfillments/update` webhook: verified, deduplicated, stored with its job, answered at once. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const answer = receiveShopifyWebhook(context.app, request.headers, await request.text(), "fulfillments/update");
  return new Response(answer.body, { status: answer.status });
};
