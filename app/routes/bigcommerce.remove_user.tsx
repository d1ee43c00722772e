import type { LoaderFunctionArgs } from "@remix-run/node";
import { removeBigCommerceUser } from "../.server/services/bigcommerce-app-callbacks";
import { INBOUND_ROUTES, methodNotAllowed } from "../.server/http/inbound-routes";

/** BigCommerce's remove-user callback: `GET /bigcommerce/remove_user?signed_payload_jwt=…`. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const answer = removeBigCommerceUser(context.app, new URL(request.url).searchParams.get("signed_payload_jwt"));
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
};

/** BigCommerce only GETs here: any other method is answered 405 quietly (without an action, Remix logs an error). */
export const action = () => methodNotAllowed(INBOUND_ROUTES.bigcommerceRemoveUser);
