import type { AppLoadContext } from "@remix-run/node";
import { findShopByDomain, listActiveShops, type Shop } from "#db/queries/shops.ts";
import { isSandbox } from "./env";

/**
 * Who is looking at the admin UI. Embedded in Shopify: `authenticate.admin` (session token / OAuth) and the shop
 * it names. Sandbox mode: no Shopify in front, so the demo shop (or `?shop=`), reachable directly in a browser.
 */
export async function requireShop(request: Request, context: AppLoadContext): Promise<Shop> {
  const ctx = context.app;
  if (isSandbox(ctx.env)) {
    const wanted = new URL(request.url).searchParams.get("shop");
    const shop = wanted
      ? findShopByDomain(ctx.db, "shopify", wanted)
      : listActiveShops(ctx.db).find((s) => s.platform === "shopify");
    if (!shop) throw new Response("No shop in the sandbox database yet", { status: 404 });
    return shop;
  }
  const { shopify } = await import("../shopify.server");
  const { session } = await shopify(ctx).authenticate.admin(request);
  const shop = findShopByDomain(ctx.db, "shopify", session.shop);
  if (!shop) throw new Response("Shop not installed", { status: 403 });
  return shop;
}
