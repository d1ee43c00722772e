import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "#db/client.ts";
import { listOrdersHeldBy, type OrderWithLines } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { skuMappingsFor } from "#db/queries/sku-mappings.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
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

  const mappings = new Map<Marketplace, Map<string, string>>();
  const shopSkusOf = (o: OrderWithLines): (string | null)[] => {
    let m = mappings.get(o.marketplace);
    if (!m) mappings.set(o.marketplace, (m = skuMappingsFor(ctx.db, shopId, o.marketplace)));
    return o.lines.map((l) => (l.sku ? (m.get(l.sku) ?? l.sku) : null));
  };
  const skus = [...new Set(held.flatMap((o) => shopSkusOf(o).filter((s): s is string => s !== null)))];
  const variants = await ctx.platformFor(shop).findVariantsBySku(skus);

  const resumed: number[] = [];
  ctx.db.transaction((tx) => {
    for (const order of held) {
      const lineSkus = shopSkusOf(order);
      const short = stockShortages(
        order.lines.map((l, i) => ({ quantity: l.quantity, variant: variants.get(lineSkus[i] ?? "") ?? null })),
      );
      if (short.length) continue;
      if (enqueueJob(ctx, tx, "create-shop-order", { orderId: order.id }, { shopId }) === null) continue;
      const stocked = [...new Set(lineSkus.filter((s): s is string => s !== null && variants.has(s)))];
      addTimelineEvent(tx, { shopId, orderId: order.id, kind: "shop_order.stock_back", data: { skus: stocked } });
      resumed.push(order.id);
    }
  });
  return { held: held.length, resumed };
}
