import type { LoaderFunctionArgs } from "@remix-run/node";
import { uninstallBigCommerceStore } from "../.server/services/bigcommerce-app-callbacks";

/** BigCommerce's uninstall callback: `GET /bigcommerce/uninstall?signed_payload_jwt=…` marks the shop uninstalled. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const answer = uninstallBigCommerceStore(context.app, new URL(request.url).searchParams.get("signed_payload_jwt"));
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
};
