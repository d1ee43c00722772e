import type { DbOrTx } from "#db/client.ts";
import { deleteShopAndItsData } from "#db/queries/shop-erasure.ts";
import { getShop, type Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { enqueueJob } from "../jobs/enqueue";
import type { JobPayload } from "../jobs/job-types";

/**
 * A shop's erasure (docs/decisions/023): everything we hold of it is deleted (db/queries/shop-erasure.ts).
 *  - Shopify sends `shop/redact` 48 hours after the app was uninstalled; the webhook enqueues this at once.
 *  - BigCommerce has no such request: its uninstall callback enqueues this to run 48 hours later, as Shopify does.
 * The shop must still be uninstalled when it runs, from the same uninstall when the job names one: a shop installed
 * again in between keeps its data (a later uninstall brings its own erasure).
 */

/** How long after a BigCommerce uninstall the store's data is erased (Shopify's shop/redact delay). */
export const BIGCOMMERCE_ERASURE_DELAY_MS = 48 * 60 * 60 * 1000;

export type EraseShopRequest = JobPayload<"erase-shop">;

/** Enqueues the erasure of a BigCommerce store, 48 hours after this uninstall (call in the uninstall's transaction). */
export function scheduleBigCommerceErasure(
  ctx: Pick<AppContext, "notifyWorkers">,
  tx: DbOrTx,
  shopId: number,
  uninstalledAt: Date,
): void {
  enqueueJob(
    ctx,
    tx,
    "erase-shop",
    { shopId, uninstalledAt: uninstalledAt.getTime(), reason: "bigcommerce_uninstalled" },
    // A job of no shop: it outlives the shop's rows it deletes, and an uninstalled shop's parking does not hold it.
    { shopId: null, runAt: new Date(uninstalledAt.getTime() + BIGCOMMERCE_ERASURE_DELAY_MS) },
  );
}

/** Enqueues the erasure Shopify's `shop/redact` asks for, now. */
export function requestShopifyErasure(ctx: Pick<AppContext, "notifyWorkers">, tx: DbOrTx, shopId: number): void {
  enqueueJob(ctx, tx, "erase-shop", { shopId, uninstalledAt: null, reason: "shopify_shop_redact" }, { shopId: null });
}

export type EraseShopOutcome = "erased" | "already_erased" | "installed_again";

export function eraseShop(ctx: AppContext, request: EraseShopRequest): EraseShopOutcome {
  const outcome = ctx.db.transaction((tx): EraseShopOutcome => {
    const shop = getShop(tx, request.shopId);
    if (!shop) return "already_erased";
    if (!stillUninstalled(shop, request)) return "installed_again";
    deleteShopAndItsData(tx, shop);
    return "erased";
  });
  const log = outcome === "installed_again" ? ctx.logger.warn : ctx.logger.info;
  log.call(ctx.logger, "shop erasure", { shopId: request.shopId, reason: request.reason, outcome });
  return outcome;
}

function stillUninstalled(shop: Shop, request: EraseShopRequest): boolean {
  if (shop.uninstalledAt === null) return false;
  return request.uninstalledAt === null || shop.uninstalledAt.getTime() === request.uninstalledAt;
}
