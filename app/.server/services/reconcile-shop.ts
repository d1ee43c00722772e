import { listAccounts } from "#db/queries/marketplace-accounts.ts";
import { listOrdersAwaitingShopShipment } from "#db/queries/orders.ts";
import { getShop, type Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { asBigCommercePlatform } from "../platforms/bigcommerce/bigcommerce-platform";
import { bigCommerceWebhookDestination } from "../platforms/bigcommerce/app-credentials";
import type { HookRegistration } from "../platforms/bigcommerce/webhook-registration";
import { enqueueJob } from "../jobs/enqueue";
import { hasExportsToVerify } from "./verify-exported-shipments";
import { hasOrdersHeldForStock } from "./resume-stock-holds";

/** At most this many open orders are re-read per shop and run (the newest); the rest wait for a later run. */
export const MAX_ORDERS_PER_RECONCILIATION = 1000;

export interface ReconcileResult {
  /** BigCommerce: each subscription as found (existing) or mended (created, reactivated). Empty for Shopify. */
  webhooks: HookRegistration[];
  /** Open orders whose shop fulfillments are re-read (one sync-shop-fulfillments job each). */
  ordersQueued: number;
  /** Accounts whose recently exported packages are read back from the marketplace (verify-exported-shipments). */
  verificationsQueued: number;
}

/**
 * The `reconcile-shop` job, the safety net under the webhooks. A shipment reaches us by webhook; a webhook can be
 * lost for good: Shopify stops retrying after 8 tries over 4 hours, BigCommerce after about 48 hours and then
 * deactivates the hook, so every later shipment of that store would be silent. So, periodically:
 *  - BigCommerce: the webhook subscriptions are checked; a missing one is created, a deactivated one switched on;
 *  - every order of the shop that is linked, not shipped or cancelled and bought within RECONCILE_WINDOW_DAYS
 *    gets a `sync-shop-fulfillments` job, which reads its fulfillments from the shop and records what is new
 *    (idempotent per fulfillment id, so what a webhook already brought is left alone);
 *  - every account with packages exported lately gets a `verify-exported-shipments` job, which reads them back from
 *    the marketplace and sends again what it does not hold;
 *  - orders held out of stock get a `resume-stock-holds` job, in case a stock webhook was lost.
 */
export async function reconcileShop(ctx: AppContext, shopId: number, now = new Date()): Promise<ReconcileResult> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return { webhooks: [], ordersQueued: 0, verificationsQueued: 0 }; // no token any more
  const webhooks = shop.platform === "bigcommerce" ? await ensureBigCommerceWebhooks(ctx, shop) : [];
  const purchasedSince = new Date(now.getTime() - ctx.env.RECONCILE_WINDOW_DAYS * 86_400_000);
  const open = listOrdersAwaitingShopShipment(ctx.db, shopId, { purchasedSince, limit: MAX_ORDERS_PER_RECONCILIATION });
  let ordersQueued = 0;
  let verificationsQueued = 0;
  ctx.db.transaction((tx) => {
    for (const account of listAccounts(tx, shopId)) {
      if (!account.enabled || account.authLostAt || !hasExportsToVerify(tx, ctx.env, shopId, account.id, now)) continue;
      if (enqueueJob(ctx, tx, "verify-exported-shipments", { accountId: account.id }, { shopId }))
        verificationsQueued++;
    }
    if (hasOrdersHeldForStock(tx, shopId)) enqueueJob(ctx, tx, "resume-stock-holds", {}, { shopId });
    for (const order of open) {
      const id = enqueueJob(
        ctx,
        tx,
        "sync-shop-fulfillments",
        { orderId: order.id, source: "reconciliation" },
        { shopId },
      );
      if (id) ordersQueued++;
    }
  });
  ctx.logger.info("shop reconciled", {
    shopId,
    ordersQueued,
    verificationsQueued,
    webhooks: webhooks.map((w) => `${w.scope}:${w.outcome}`),
  });
  return { webhooks, ordersQueued, verificationsQueued };
}

async function ensureBigCommerceWebhooks(ctx: AppContext, shop: Shop): Promise<HookRegistration[]> {
  const destination = bigCommerceWebhookDestination(ctx.env);
  if (!destination) {
    ctx.logger.warn("BigCommerce webhooks not checked: no APP_URL", { shopId: shop.id });
    return [];
  }
  const registrations = await asBigCommercePlatform(ctx.platformFor(shop)).registerWebhooks(destination);
  const mended = registrations.filter((r) => r.outcome !== "existing");
  if (mended.length > 0) {
    ctx.logger.warn("BigCommerce webhooks were missing or deactivated; mended", {
      shopId: shop.id,
      store: shop.domain,
      mended: mended.map((r) => `${r.scope}:${r.outcome}`),
    });
  }
  return registrations;
}
