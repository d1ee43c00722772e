import { getOrderWithLines } from "../../../db/queries/orders";
import { getShop } from "../../../db/queries/shops";
import { saveSkuMapping } from "../../../db/queries/sku-mappings";
import { addTimelineEvent } from "../../../db/queries/timeline";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { StepError } from "../errors";

/**
 * The merchant maps a marketplace SKU of an order to a SKU their shop sells (the listing and the shop product
 * were named differently). The shop SKU must exist in the shop; the mapping is saved for the shop and
 * marketplace, so this order (once retried) and every later one use it, and the order's timeline says so.
 */
export async function mapSku(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  input: { marketplaceSku: string; shopSku: string },
): Promise<{ marketplaceSku: string; shopSku: string }> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const marketplaceSku = input.marketplaceSku.trim();
  const shopSku = input.shopSku.trim();
  const mName = marketplaceName(order.marketplace);
  const pName = platformName(shop.platform);
  if (!order.lines.some((l) => l.sku === marketplaceSku)) {
    throw new StepError("sku_not_on_order", `SKU ${JSON.stringify(marketplaceSku)} is not on this ${mName} order`);
  }
  if (!shopSku) throw new StepError("shop_sku_missing", `Enter the ${pName} SKU to sell ${marketplaceSku} as`);
  const variants = await ctx.platformFor(shop).findVariantsBySku([shopSku]);
  if (!variants.has(shopSku)) {
    throw new StepError("shop_sku_unknown", `SKU ${shopSku} is not in the ${pName} shop either; check the SKU on the product in ${pName}`);
  }
  ctx.db.transaction((tx) => {
    saveSkuMapping(tx, { shopId, marketplace: order.marketplace, marketplaceSku, shopSku });
    addTimelineEvent(tx, {
      shopId,
      orderId,
      kind: "sku.mapped",
      message: `${mName} SKU ${marketplaceSku} is now sold as ${pName} SKU ${shopSku}, on this order and later ones`,
      data: { marketplaceSku, shopSku },
    });
  });
  return { marketplaceSku, shopSku };
}
