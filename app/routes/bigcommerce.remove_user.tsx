import type { LoaderFunctionArgs } from "@remix-run/node";
import { removeBigCommerceUser } from "../.server/services/bigcommerce-app-callbacks";

/** BigCommerce's remove-user callback: `GET /bigcommerce/remove_user?signed_payload_jwt=…`. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const answer = removeBigCommerceUser(context.app, new URL(request.url).searchParams.get("signed_payload_jwt"));
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
};
