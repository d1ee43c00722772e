import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** The app lives under /app; keep the query (Shopify passes shop/host) when redirecting. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
};
