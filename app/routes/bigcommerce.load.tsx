import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { loadBigCommerceApp } from "../.server/services/bigcommerce-app-callbacks";
import { INBOUND_ROUTES, methodNotAllowed } from "../.server/http/inbound-routes";

/** BigCommerce opens the app: `GET /bigcommerce/load?signed_payload_jwt=…` → session cookie → the app's pages. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const loaded = loadBigCommerceApp(context.app, new URL(request.url).searchParams.get("signed_payload_jwt"));
  if (!loaded.ok)
    return new Response(loaded.answer.body, {
      status: loaded.answer.status,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return redirect("/bc", { headers: { "Set-Cookie": loaded.setCookie } });
};

/** BigCommerce only GETs here: any other method is answered 405 quietly (without an action, Remix logs an error). */
export const action = () => methodNotAllowed(INBOUND_ROUTES.bigcommerceLoad);
