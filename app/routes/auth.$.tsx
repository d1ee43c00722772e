import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopify } from "../shopify.server";

/** OAuth callbacks and exit-iframe pages (real mode only). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  await shopify(context.app).authenticate.admin(request);
  return null;
};
