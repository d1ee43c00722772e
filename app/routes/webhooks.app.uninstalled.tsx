import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "../.server/services/receive-shopify-webhook";

/** Shopify `app/uninstalled` webhook: verified, deduplicated, stored with its job, answered at once. */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const answer = receiveShopifyWebhook(context.app, request.headers, await request.text(), "app/uninstalled");
  return new Response(answer.body, { status: answer.status });
};
