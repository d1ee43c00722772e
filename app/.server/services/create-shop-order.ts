import {
  getOrderWithLines,
  lineTotalOf,
  setFulfillmentStatus,
  setShopOrder,
  type OrderWithLines,
} from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { skuMappingsFor } from "#db/queries/sku-mappings.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import type { ShopOrderRef } from "../platforms/types";
import { transition } from "../domain/fulfillment-status";
import { enqueueJob } from "../jobs/enqueue";

export type CreateShopOrderOutcome = "created" | "found_existing" | "already_linked" | "skipped";

/**
 * Creates the shop order for a marketplace order, idempotently: it first looks for an order already carrying
 * our source identifier, so a crash between "created in the shop" and "recorded here" never makes a duplicate.
 * An unknown or missing SKU is a StepError: the order goes `failed` with the reason, nothing else is touched.
 */
export async function createShopOrder(
  ctx: AppContext,
  shopId: number,
  orderId: number,
): Promise<CreateShopOrderOutcome> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", `Order ${orderId} does not exist`);
  if (order.shopOrderId) return "already_linked";
  if (order.fulfillmentStatus === "cancelled") return "skipped";
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const platform = ctx.platformFor(shop);
  const pName = platformName(shop.platform);

  // The merchant's SKU mappings (marketplace SKU → shop SKU) decide which shop SKU each line is.
  const mappings = skuMappingsFor(ctx.db, shopId, order.marketplace);
  const shopSku = (sku: string): string => mappings.get(sku) ?? sku;

  const existing = await platform.findOrderBySource({
    marketplace: order.marketplace,
    marketplaceOrderId: order.marketplaceOrderId,
  });
  if (existing) {
    // The merchant may have shipped it before this link: those webhooks named an order we did not know and
    // were dropped, so its fulfillments are fetched once it is linked (same transaction as the link).
    link(ctx, order, existing, { foundExisting: true, syncFulfillments: true, shopSku });
    return "found_existing";
  }

  const missingSku = order.lines.filter((l) => !l.sku);
  if (missingSku.length) {
    throw new StepError(
      "sku_missing",
      `Line "${missingSku[0].title}" has no SKU on ${marketplaceName(order.marketplace)}; add a SKU to the listing`,
    );
  }
  const variants = await platform.findVariantsBySku([...new Set(order.lines.map((l) => shopSku(l.sku!)))]);
  const unknown = order.lines
    .filter((l) => !variants.has(shopSku(l.sku!)))
    .map((l) => (mappings.has(l.sku!) ? `${l.sku} (mapped to ${shopSku(l.sku!)})` : l.sku!));
  if (unknown.length) {
    throw new StepError(
      "unknown_sku",
      `SKU${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not in the ${pName} shop; add the product, or map the SKU to one the shop sells, then retry`,
      { skus: unknown },
    );
  }

  const created = await platform.createOrder({
    marketplace: order.marketplace,
    marketplaceOrderId: order.marketplaceOrderId,
    currency: order.currency,
    buyer: { name: order.buyerName, email: order.buyerEmail, phone: order.buyerPhone },
    shippingAddress: order.shippingAddress ?? null,
    lines: order.lines.map((l) => ({
      variantId: variants.get(shopSku(l.sku!))!.variantId,
      sku: shopSku(l.sku!),
      title: l.title,
      quantity: l.quantity,
      unitPrice: { amount: l.unitPriceAmount, currency: order.currency },
      lineTotal: { amount: lineTotalOf(l), currency: order.currency },
    })),
    shipping: {
      title: order.shippingServiceLevel ?? `${marketplaceName(order.marketplace)} shipping`,
      price: { amount: order.shippingAmount, currency: order.currency },
    },
    tax: { amount: order.taxAmount, currency: order.currency },
    discount: { amount: order.discountAmount, currency: order.currency },
    processedAt: order.purchasedAt,
    tags: ["OrderBridge", marketplaceName(order.marketplace)],
    note: `${marketplaceName(order.marketplace)} order ${order.marketplaceOrderId}`,
  });
  link(ctx, order, created, { foundExisting: false, shopSku });
  return "created";
}

/** Records the shop order and matches its lines to ours (by variant, then SKU), with the timeline event (and the fulfillment sync when asked), in one transaction. */
function link(
  ctx: AppContext,
  order: OrderWithLines,
  ref: ShopOrderRef,
  opts: { foundExisting: boolean; syncFulfillments?: boolean; shopSku: (sku: string) => string },
): void {
  const used = new Set<string>();
  const lines = order.lines.map((l) => {
    const match = ref.lines.find((r) => !used.has(r.id) && l.sku !== null && r.sku === opts.shopSku(l.sku)) ?? null;
    if (match) used.add(match.id);
    return { orderLineId: l.id, shopLineItemId: match?.id ?? null, shopVariantId: match?.variantId ?? null };
  });
  ctx.db.transaction((tx) => {
    setShopOrder(tx, order.shopId, order.id, { shopOrderId: ref.id, shopOrderName: ref.name, lines });
    if (order.fulfillmentStatus === "failed") {
      setFulfillmentStatus(
        tx,
        order.shopId,
        order.id,
        transition(order.fulfillmentStatus, {
          type: "step_retried",
          unitsOrdered: order.lines.reduce((s, l) => s + l.quantity, 0),
          unitsShipped: order.lines.reduce((s, l) => s + l.quantityShipped, 0),
          awaitingTracking: false,
        }),
      );
    }
    addTimelineEvent(tx, {
      shopId: order.shopId,
      orderId: order.id,
      kind: "shop_order.created",
      level: "success",
      data: { shopOrderId: ref.id, shopOrderName: ref.name, foundExisting: opts.foundExisting },
    });
    if (opts.syncFulfillments) {
      enqueueJob(ctx, tx, "sync-shop-fulfillments", { orderId: order.id, source: "link" }, { shopId: order.shopId });
    }
  });
}
