import type { DbOrTx } from "#db/client.ts";
import { deleteShopifySessions } from "#db/queries/shopify-sessions.ts";
import { markShopUninstalled, upsertShop, type Shop } from "#db/queries/shops.ts";
import type { Platform } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { parkWorkOfUninstalledShop, restoreShopAuthorization } from "./authorization";
import { scheduleBigCommerceErasure } from "./erase-shop";

/**
 * The shop (re)installed the app, or authorised it again, with a new access token: stored, and the work parked for
 * the shop (a refused token, an uninstall) is queued again at once.
 */
export function recordShopInstalled(
  ctx: AppContext,
  p: { platform: Platform; domain: string; accessToken: string; name?: string | null },
): Shop {
  return ctx.db.transaction((tx) => {
    const shop = upsertShop(tx, {
      platform: p.platform,
      domain: p.domain,
      accessTokenEncrypted: ctx.secrets.encrypt(p.accessToken),
      ...(p.name !== undefined ? { name: p.name } : {}),
    });
    const resumed = restoreShopAuthorization(ctx, tx, shop.id);
    if (resumed > 0) ctx.logger.info("shop authorised again; parked work resumed", { shopId: shop.id, resumed });
    return shop;
  });
}

/**
 * The merchant uninstalled the app: the token is erased, the sessions deleted, the shop's accounts are no longer
 * polled (the scheduler skips uninstalled shops) and its queued work is parked until a reinstall. The data stays
 * until the shop's erasure 48 hours later (docs/decisions/023): Shopify's shop/redact asks for it; for BigCommerce,
 * which sends no such request, it is enqueued here to run then, and does nothing if the store installs again first.
 */
export function recordShopUninstalled(
  ctx: Pick<AppContext, "notifyWorkers">,
  tx: DbOrTx,
  shop: Pick<Shop, "id" | "platform" | "domain">,
): void {
  const at = markShopUninstalled(tx, shop.id);
  parkWorkOfUninstalledShop(tx, shop.id);
  if (shop.platform === "shopify") deleteShopifySessions(tx, shop.domain);
  if (shop.platform === "bigcommerce") scheduleBigCommerceErasure(ctx, tx, shop.id, at);
}
