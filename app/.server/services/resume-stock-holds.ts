import type { DbOrTx } from "#db/client.ts";
import { lineTotalOf, listOrdersHeldBy, type OrderWithLines } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { skuMappingsFor, type SkuMappingComponent } from "#db/queries/sku-mappings.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { planShopLines } from "../domain/bundle-lines";
import { stockShortages } from "../domain/stock-check";
import { enqueueJob } from "../jobs/enqueue";
import { OUT_OF_STOCK } from "./create-shop-order";

/** Held orders checked per run, oldest first (the next stock change, or the hourly reconciliation, checks the rest). */
export const STOCK_HOLDS_PER_RUN = 200;

/** Whether any order of the shop waits for stock (what a stock webhook checks before it queues anything). */
export function hasOrdersHeldForStock(db: DbOrTx, shopId: number): boolean {
  return listOrdersHeldBy(db, shopId, { step: "create-shop-order", code: OUT_OF_STOCK, limit: 1 }).length > 0;
}

/**
 * Orders held out of stock (the account refuses to oversell) resume by themselves when the shop has the stock:
 * the shop's stock webhooks (Shopify `inventory_levels/update`, BigCommerce `store/product/inventory/updated`,
 * `store/sku/inventory/updated`) and the hourly reconciliation queue this. One platform read for the SKUs of every
 * held order; each order whose lines all have their units now gets its create-shop-order again, which checks the
 * stock once more (two orders wanting the last unit: the second is held again). Orders still short are not touched,
 * so their timelines do not fill with retries.
 */
export async function resumeStockHolds(ctx: AppContext, shopId: number): Promise<{ held: number; resumed: number[] }> {
  const held = listOrdersHeldBy(ctx.db, shopId, {
    step: "create-shop-order",
    code: OUT_OF_STOCK,
    limit: STOCK_HOLDS_PER_RUN,
  });
  if (!held.length) return { held: 0, resumed: [] };
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return { held: held.length, resumed: [] };

  // The shop lines each order would take: through its SKU mappings (the account's own first), bundles expanded.
  const mappings = new Map<string, Map<string, SkuMappingComponent[]>>();
  const shopLinesOf = (o: OrderWithLines): { sku: string; quantity: number }[] => {
    const key = `${o.marketplace}:${o.accountId}`;
    let m = mappings.get(key);
    if (!m) mappings.set(key, (m = skuMappingsFor(ctx.db, shopId, o.marketplace, o.accountId)));
    return planShopLines(
      o.lines.flatMap((l) => (l.sku ? [{ ...l, sku: l.sku, lineTotalAmount: lineTotalOf(l) }] : [])),
      m,
    );
  };
  const skus = [...new Set(held.flatMap((o) => shopLinesOf(o).map((l) => l.sku)))];
  const variants = await ctx.platformFor(shop).findVariantsBySku(skus);

  const resumed: number[] = [];
  ctx.db.transaction((tx) => {
    for (const order of held) {
      const lines = shopLinesOf(order);
      const short = stockShortages(lines.map((l) => ({ quantity: l.quantity, variant: variants.get(l.sku) ?? null })));
      if (short.length) continue;
      if (enqueueJob(ctx, tx, "create-shop-order", { orderId: order.id }, { shopId }) === null) continue;
      const stocked = [...new Set(lines.map((l) => l.sku).filter((s) => variants.has(s)))];
      addTimelineEvent(tx, { shopId, orderId: order.id, kind: "shop_order.stock_back", data: { skus: stocked } });
      resumed.push(order.id);
    }
  });
  return { held: held.length, resumed };
}
