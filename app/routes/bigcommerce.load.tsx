import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { loadBigCommerceApp } from "../.server/services/bigcommerce-app-callbacks";

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
