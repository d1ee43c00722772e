import type { Marketplace } from "../../../connectors/types";
import type { DbOrTx } from "../../../db/client";
import { getOrderWithLines } from "../../../db/queries/orders";
import { getShop } from "../../../db/queries/shops";
import { saveSkuMapping } from "../../../db/queries/sku-mappings";
import { addTimelineEvent } from "../../../db/queries/timeline";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { StepError } from "../errors";

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
 * platform read): a mapping to a SKU the shop does not sell would only move the failure. `alsoInTx` runs in the
 * saving transaction (the order's timeline event). Input errors are StepErrors with the reason.
 */
export async function addSkuMapping(
  ctx: AppContext,
  shopId: number,
  input: SkuMappingInput,
  alsoInTx?: (tx: DbOrTx, saved: SkuMappingInput) => void,
): Promise<SkuMappingInput> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const pName = platformName(shop.platform);
  const saved = { marketplace: input.marketplace, marketplaceSku: input.marketplaceSku.trim(), shopSku: input.shopSku.trim() };
  if (!saved.marketplaceSku) throw new StepError("marketplace_sku_missing", `Enter the ${marketplaceName(saved.marketplace)} SKU to map`);
  if (!saved.shopSku) throw new StepError("shop_sku_missing", `Enter the ${pName} SKU to sell ${saved.marketplaceSku} as`);
  const variants = await ctx.platformFor(shop).findVariantsBySku([saved.shopSku]);
  if (!variants.has(saved.shopSku)) {
    throw new StepError("shop_sku_unknown", `SKU ${saved.shopSku} is not in the ${pName} shop either; check the SKU on the product in ${pName}`);
  }
  ctx.db.transaction((tx) => {
    saveSkuMapping(tx, { shopId, ...saved });
    alsoInTx?.(tx, saved);
  });
  return saved;
}

/**
 * The merchant maps a marketplace SKU of a failed order to a SKU their shop sells (the listing and the shop product
 * were named differently): saved for the shop and marketplace, so this order (once retried) and every later one use
 * it, and the order's timeline says so.
 */
export async function mapSku(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  input: { marketplaceSku: string; shopSku: string },
): Promise<SkuMappingInput> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  const marketplaceSku = input.marketplaceSku.trim();
  const mName = marketplaceName(order.marketplace);
  if (!order.lines.some((l) => l.sku === marketplaceSku)) {
    throw new StepError("sku_not_on_order", `SKU ${JSON.stringify(marketplaceSku)} is not on this ${mName} order`);
  }
  const shop = getShop(ctx.db, shopId);
  const pName = shop ? platformName(shop.platform) : "shop";
  return addSkuMapping(ctx, shopId, { marketplace: order.marketplace, marketplaceSku, shopSku: input.shopSku }, (tx, saved) =>
    addTimelineEvent(tx, {
      shopId,
      orderId,
      kind: "sku.mapped",
      message: `${mName} SKU ${saved.marketplaceSku} is now sold as ${pName} SKU ${saved.shopSku}, on this order and later ones`,
      data: { marketplaceSku: saved.marketplaceSku, shopSku: saved.shopSku },
    }),
  );
}
