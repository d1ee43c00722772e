import { getOrder } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { marketplaceName } from "../domain/marketplace-names";

export type CancelShopOrderOutcome = "cancelled" | "already_cancelled" | "has_shipments" | "nothing_to_cancel";

/**
 * The `cancel-shop-order` job: the marketplace cancelled an order we had already created in the shop, so the shop
 * order is cancelled too (stock back, no refund: the marketplace refunds the buyer), lest the merchant ship a sale
 * that no longer exists. An order the merchant has started shipping in the shop is left as it is, with a warning:
 * cancelling it there would not call the parcel back.
 */
export async function cancelShopOrder(
  ctx: AppContext,
  shopId: number,
  orderId: number,
): Promise<CancelShopOrderOutcome> {
  const order = getOrder(ctx.db, shopId, orderId);
  const shop = getShop(ctx.db, shopId);
  if (!order?.shopOrderId || !shop || shop.uninstalledAt) return "nothing_to_cancel";
  const platform = ctx.platformFor(shop);
  const mName = marketplaceName(order.marketplace);
  const base = { shopId, orderId };
  const shopOrder = order.shopOrderName ?? order.shopOrderId;
  const shipped = (await platform.listFulfillmentEvents(order.shopOrderId)).some((e) => e.status === "success");
  if (shipped) {
    addTimelineEvent(ctx.db, {
      ...base,
      kind: "shop_order.not_cancelled",
      level: "warning",
      data: { shopOrder },
    });
    return "has_shipments";
  }
  const outcome = await platform.cancelOrder(
    order.shopOrderId,
    `Cancelled on ${mName} (order ${order.marketplaceOrderId}); cancelled by OrderBridge`,
  );
  addTimelineEvent(ctx.db, {
    ...base,
    kind: "shop_order.cancelled",
    level: "success",
    data: { shopOrder, outcome },
  });
  return outcome;
}
