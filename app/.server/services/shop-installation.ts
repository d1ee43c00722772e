import type { DbOrTx } from "#db/client.ts";
import { deleteShopifySessions } from "#db/queries/shopify-sessions.ts";
import { markShopUninstalled, upsertShop, type Shop } from "#db/queries/shops.ts";
import type { Platform } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { parkWorkOfUninstalledShop, restoreShopAuthorization } from "./authorization";

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
 * until the platform's redaction (Shopify's shop/redact, 48 hours later).
 */
export function recordShopUninstalled(tx: DbOrTx, shop: Pick<Shop, "id" | "platform" | "domain">): void {
  markShopUninstalled(tx, shop.id);
  parkWorkOfUninstalledShop(tx, shop.id);
  if (shop.platform === "shopify") deleteShopifySessions(tx, shop.domain);
}
