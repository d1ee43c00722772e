import type { Platform } from "#db/schema/index.ts";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN } from "../sandbox/demo-data";

/** The two admin UIs in sandbox mode: Polaris under /app (?shop= picks the shop), BigDesign under /bc (?store=). */
export const ADMIN_UIS = {
  shopify: { prefix: "app", picker: ["shop", DEMO_SHOP_DOMAIN], name: "Shopify" },
  bigcommerce: { prefix: "bc", picker: ["store", DEMO_BC_STORE.storeHash], name: "BigCommerce" },
} as const satisfies Record<Platform, { prefix: string; picker: readonly [string, string]; name: string }>;

/**
 * The URL of a page of the platform's admin UI for the demo shop, as a Remix data request (`?_data=`: the loader's
 * or the action's JSON). `path` follows the prefix (`/failed-work`, `/accounts/3`); `route` is the route file's
 * name after it (`failed-work`, `accounts.$accountId`).
 */
export function adminDataUrl(base: string, platform: Platform, path: string, route: string): string {
  const ui = ADMIN_UIS[platform];
  const url = new URL(`/${ui.prefix}${path}`, base);
  url.searchParams.set(ui.picker[0], ui.picker[1]);
  url.searchParams.set("_data", `routes/${ui.prefix}.${route}`);
  return url.toString();
}

/** Posts a form (urlencoded) to an admin data URL; answers the status and the action's JSON. */
export async function postAdminForm<T = { tone: string; message: string }>(
  url: string,
  fields: Record<string, string> | [string, string][],
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, body: (await res.json()) as T };
}
