import type { Marketplace } from "#connectors/types.ts";
import { getOrderWithLines, listFailedOrdersWithSku } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { saveSkuMapping } from "#db/queries/sku-mappings.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";

/** StepError codes of addSkuMapping and mapSku that are the merchant's input: answered 422 with the message. */
export const SKU_MAPPING_INPUT_ERRORS: ReadonlySet<string> = new Set([
  "sku_not_on_order",
  "marketplace_sku_missing",
  "shop_sku_missing",
  "shop_sku_unknown",
  "shop_uninstalled",
]);

export interface SkuMappingInput {
  marketplace: Marketplace;
  marketplaceSku: string;
  shopSku: string;
}

/**
 * Saves a mapping marketplace SKU → shop SKU for the shop, once the shop SKU is known to exist in the shop (one
 * platform read): a mapping to a SKU the shop does not sell would only move the failure. In the same transaction,
 * every order of the shop from that marketplace that failed before reaching the shop and has a line with that SKU
 * is created again (a create-shop-order job each, `sku.mapped` on its timeline). Input errors are StepErrors.
 */
export async function addSkuMapping(
  ctx: AppContext,
  shopId: number,
  input: SkuMappingInput,
): Promise<SkuMappingInput & { retried: number[] }> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const pName = platformName(shop.platform);
  const saved = {
    marketplace: input.marketplace,
    marketplaceSku: input.marketplaceSku.trim(),
    shopSku: input.shopSku.trim(),
  };
  if (!saved.marketplaceSku)
    throw new StepError("marketplace_sku_missing", `Enter the ${marketplaceName(saved.marketplace)} SKU to map`);
  if (!saved.shopSku)
    throw new StepError("shop_sku_missing", `Enter the ${pName} SKU to sell ${saved.marketplaceSku} as`);
  const variants = await ctx.platformFor(shop).findVariantsBySku([saved.shopSku]);
  if (!variants.has(saved.shopSku)) {
    throw new StepError(
      "shop_sku_unknown",
      `SKU ${saved.shopSku} is not in the ${pName} shop either; check the SKU on the product in ${pName}`,
    );
  }
  const retried = ctx.db.transaction((tx) => {
    saveSkuMapping(tx, { shopId, ...saved });
    return listFailedOrdersWithSku(tx, shopId, saved.marketplace, saved.marketplaceSku).map((order) => {
      enqueueJob(ctx, tx, "create-shop-order", { orderId: order.id }, { shopId });
      addTimelineEvent(tx, {
        shopId,
        orderId: order.id,
        kind: "sku.mapped",
        data: { marketplaceSku: saved.marketplaceSku, shopSku: saved.shopSku },
      });
      return order.id;
    });
  });
  return { ...saved, retried };
}

/**
 * The merchant maps a marketplace SKU of a failed order to a SKU their shop sells (the listing and the shop product
 * were named differently): saved for the shop and marketplace, so this order, every other failed one with that SKU
 * and every later one use it (addSkuMapping creates the failed ones again).
 */
export async function mapSku(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  input: { marketplaceSku: string; shopSku: string },
): Promise<SkuMappingInput & { retried: number[] }> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  const marketplaceSku = input.marketplaceSku.trim();
  const mName = marketplaceName(order.marketplace);
  if (!order.lines.some((l) => l.sku === marketplaceSku)) {
    throw new StepError("sku_not_on_order", `SKU ${JSON.stringify(marketplaceSku)} is not on this ${mName} order`);
  }
  return addSkuMapping(ctx, shopId, { marketplace: order.marketplace, marketplaceSku, shopSku: input.shopSku });
}
