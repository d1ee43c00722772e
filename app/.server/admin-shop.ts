import type { AppLoadContext } from "@remix-run/node";
import type { Shop } from "#db/queries/shops.ts";
import { PLATFORMS, type Platform } from "#db/schema/index.ts";
import { requireShop } from "./admin-auth";
import { requireBigCommerceStore } from "./bigcommerce-session";

/**
 * For the few routes both admin UIs call (POST /connect/<marketplace>): the page says which admin it is with
 * `?platform=` (the BigCommerce UI sends `bigcommerce`; none means Shopify, so Shopify's callers are unchanged),
 * then that platform's own authentication decides the shop. Nothing is inferred from which cookies a request
 * carries, and there is no fallback: asking for BigCommerce without a valid session is 401, never a try at Shopify,
 * and a BigCommerce cookie does nothing for a Shopify request.
 */
export function adminPlatformOf(request: Request): Platform {
  const asked = new URL(request.url).searchParams.get("platform");
  if (asked === null) return "shopify";
  if (!(PLATFORMS as readonly string[]).includes(asked)) throw new Response("Unknown platform", { status: 400 });
  return asked as Platform;
}

/** The shop of the admin this request comes from (see `adminPlatformOf`), or a 400/401/403/404 Response to throw. */
export async function requireAdminShop(request: Request, context: AppLoadContext): Promise<Shop> {
  const platform = adminPlatformOf(request);
  switch (platform) {
    case "shopify":
      return requireShop(request, context);
    case "bigcommerce":
      return requireBigCommerceStore(request, context);
    default: {
      const unreachable: never = platform;
      throw new Error(`Unknown platform ${String(unreachable)}`);
    }
  }
}
