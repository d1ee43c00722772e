import type { ActionFunctionArgs } from "@remix-run/node";
import { INBOUND_ROUTES, methodNotAllowed, readInboundBody } from "../.server/http/inbound-routes";
import { receiveShopifyCompliance } from "../.server/services/receive-shopify-compliance";

const ROUTE = INBOUND_ROUTES.shopifyCompliance;

/** Shopify only POSTs here: a GET is answered 405 quietly. */
export const loader = () => methodNotAllowed(ROUTE);

/**
 * Mandatory compliance topics (customers/data_request, customers/redact, shop/redact): size-checked, verified,
 * recorded with the job that makes the export or the erasure, answered at once (receive-shopify-compliance.ts).
 */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const body = await readInboundBody(request, ROUTE);
  if (!body.ok) return body.response;
  const answer = receiveShopifyCompliance(context.app, request.headers, body.rawBody);
  return new Response(answer.body, { status: answer.status });
};
