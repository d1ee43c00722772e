import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asConnectableMarketplace, finishMarketplaceConnect } from "../.server/services/connect-marketplace-account";

export const meta: MetaFunction = () => [{ title: "Connection failed · OrderBridge" }];

/**
 * GET /connect/ebay/callback | /connect/etsy/callback: where the consent page sends the merchant back (eBay: the
 * RuName's accept and decline URLs). Back to the shop's admin with a banner, or, when the state does not tell
 * us the shop, a page saying what went wrong.
 */
export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const marketplace = asConnectableMarketplace(params.marketplace);
  if (!marketplace) throw new Response("Not found", { status: 404 });
  const outcome = await finishMarketplaceConnect(context.app, marketplace, new URL(request.url).searchParams);
  if ("redirectTo" in outcome) return redirect(outcome.redirectTo);
  return json({ message: outcome.message }, { status: outcome.status, headers: { "cache-control": "no-store" } });
};

/** Outside the admin (the consent page ran in the top window), so plain markup rather than Polaris. */
export default function ConnectFailed() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
      <h1 style={{ fontSize: "1.25rem" }}>The marketplace account was not connected</h1>
      <p>{message}</p>
    </main>
  );
}
