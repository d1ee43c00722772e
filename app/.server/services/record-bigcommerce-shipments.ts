import { getShop } from "../../../db/queries/shops";
import type { AppContext } from "../context";
import { asBigCommercePlatform } from "../platforms/bigcommerce/bigcommerce-platform";
import { recordShopFulfillment, type RecordOutcome } from "./record-shop-fulfillment";

/**
 * The job behind BigCommerce's light webhooks: fetch the shipment (store/shipment/created|updated) or every
 * shipment of the order (store/order/statusUpdated) and record each as a fulfillment. recordShopFulfillment is
 * idempotent per shipment id, so the same shipment reached by both webhooks is recorded once.
 */
export async function recordBigCommerceShipments(ctx: AppContext, shopId: number, ref: { orderId: number; shipmentId?: number }): Promise<RecordOutcome[]> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return []; // no token any more; nothing to fetch
  const platform = asBigCommercePlatform(ctx.platformFor(shop));
  const events =
    ref.shipmentId === undefined
      ? await platform.listShipmentEvents(ref.orderId)
      : [await platform.getShipmentEvent(ref.orderId, ref.shipmentId)].filter((e) => e !== null);
  if (ref.shipmentId !== undefined && events.length === 0) {
    ctx.logger.info("BigCommerce shipment is gone; nothing to record", { shopId, ...ref });
  }
  return events.map((e) => recordShopFulfillment(ctx, shopId, e));
}
