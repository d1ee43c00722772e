import { findOrderByShopOrderId } from "#db/queries/orders.ts";
import { listShipmentsForOrder, setShipmentExportStatus } from "#db/queries/shipments.ts";
import { getShop } from "#db/queries/shops.ts";
import { findTimelineEvent } from "#db/queries/timeline.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { platformName } from "../domain/marketplace-names";
import type { TimelineKind } from "../domain/timeline-events";

export type WithdrawOutcome = "not_ours" | "unknown_fulfillment" | "withdrawn" | "already_sent" | "unchanged";

const WITHDRAWN = "shipment.withdrawn" satisfies TimelineKind;
const WITHDRAWN_AFTER_EXPORT = "shipment.withdrawn_after_export" satisfies TimelineKind;

/**
 * The merchant took back a shipment in the shop (Shopify: a fulfillment cancelled; BigCommerce: a shipment
 * deleted). Not sent yet: it is not sent at all (export status `skipped`; the export job skips it). Already
 * confirmed to the marketplace: none of the three marketplaces' APIs can withdraw a confirmed package, so the
 * timeline says so and what to do, and nothing is sent. Said once per shipment, whichever webhook repeats it.
 */
export function withdrawShopFulfillment(
  ctx: AppContext,
  shopId: number,
  ref: { shopOrderId: string; fulfillmentId: string; how: "cancelled" | "deleted" },
): WithdrawOutcome {
  const order = findOrderByShopOrderId(ctx.db, shopId, ref.shopOrderId);
  if (!order) return "not_ours";
  const shop = getShop(ctx.db, shopId);
  const pName = shop ? platformName(shop.platform) : "The shop";
  return ctx.db.transaction((tx): WithdrawOutcome => {
    const shipment = listShipmentsForOrder(tx, shopId, order.id).find((s) => s.shopFulfillmentId === ref.fulfillmentId);
    if (!shipment) return "unknown_fulfillment";
    const said = findTimelineEvent(
      tx,
      shopId,
      order.id,
      [WITHDRAWN, WITHDRAWN_AFTER_EXPORT],
      (d) => d?.shipmentId === shipment.id,
    );
    if (said || shipment.exportStatus === "skipped") return "unchanged";
    const base = { shopId, orderId: order.id };
    const data = {
      shipmentId: shipment.id,
      fulfillmentId: ref.fulfillmentId,
      how: ref.how,
      carrierName: shipment.carrierName,
      trackingNumber: shipment.trackingNumber,
    };
    if (shipment.exportStatus === "exported") {
      addTimelineEvent(tx, {
        ...base,
        kind: WITHDRAWN_AFTER_EXPORT,
        level: "warning",
        data,
      });
      return "already_sent";
    }
    setShipmentExportStatus(tx, shopId, shipment.id, {
      status: "skipped",
      error: `${ref.how} in ${pName} before it was sent`,
    });
    addTimelineEvent(tx, {
      ...base,
      kind: WITHDRAWN,
      data,
    });
    return "withdrawn";
  });
}
