import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { isSandbox } from "../env";

/**
 * Where a BigCommerce shop order lives in the store's control panel, for a link from the admin UI. Null in
 * sandbox mode (the emulated store has no control panel), and when the store hash (the shop's domain) or the
 * order id is not of BigCommerce's form, e.g. no shop order yet.
 */
export function controlPanelOrderUrl(
  ctx: Pick<AppContext, "env">,
  store: Pick<Shop, "domain">,
  shopOrderId: string | null,
): string | null {
  if (isSandbox(ctx.env)) return null;
  if (!shopOrderId || !/^\d+$/.test(shopOrderId) || !/^[a-z0-9]+$/i.test(store.domain)) return null;
  return `https://store-${store.domain}.mybigcommerce.com/manage/orders/${shopOrderId}`;
}

/**
 * The app's page inside the store's control panel (BigCommerce then calls our /load with a signed_payload_jwt,
 * which sets the session). Null in sandbox mode, and when the app id (BIGCOMMERCE_APP_ID, from the Developer
 * Portal) is not configured.
 */
export function controlPanelAppUrl(ctx: Pick<AppContext, "env">, store: Pick<Shop, "domain">): string | null {
  if (isSandbox(ctx.env) || !ctx.env.BIGCOMMERCE_APP_ID || !/^[a-z0-9]+$/i.test(store.domain)) return null;
  return `https://store-${store.domain}.mybigcommerce.com/manage/app/${encodeURIComponent(ctx.env.BIGCOMMERCE_APP_ID)}`;
}
