import { findOrderByShopOrderId, getOrder, getOrderLines, setFulfillmentStatus } from "#db/queries/orders.ts";
import { listShipmentsForOrder, recordShipment } from "#db/queries/shipments.ts";
import { getShop } from "#db/queries/shops.ts";
import { listOrderLineComponents } from "#db/queries/sku-mappings.ts";
import { findTimelineEvent } from "#db/queries/timeline.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { bundleUnitsShipped } from "../domain/bundle-lines";
import { transition } from "../domain/fulfillment-status";
import type { TimelineKind } from "../domain/timeline-events";
import { trackingText } from "../domain/tracking-text";
import type { FulfillmentSource } from "../platforms/events";
import type { ShopFulfillmentEvent } from "../platforms/types";
import { withdrawShopFulfillment } from "./withdraw-shop-fulfillment";
import { enqueueJob } from "../jobs/enqueue";

const TRACKING_CHANGED_AFTER_EXPORT = "shipment.tracking_changed_after_export" satisfies TimelineKind;

export type RecordOutcome =
  | "not_ours"
  | "ignored"
  | "recorded"
  | "unchanged"
  /** Older than the event the shipment was last changed by: not applied (see recordShipment). */
  | "stale"
  | "waiting_for_tracking"
  | "withdrawn";

/**
 * Turns a fulfillment event from the shop into a shipment of ours (lines matched by shop line item id, then SKU)
 * and, when it has tracking, enqueues its export in the same transaction.
 */
export function recordShopFulfillment(
  ctx: AppContext,
  shopId: number,
  event: ShopFulfillmentEvent,
  source: FulfillmentSource = "webhook",
): RecordOutcome {
  const order = findOrderByShopOrderId(ctx.db, shopId, event.shopOrderId);
  if (!order) return "not_ours";
  const base = { shopId, orderId: order.id };
  if (event.status === "cancelled") {
    // A fulfillment we recorded, cancelled in the shop: not sent, or the timeline says the marketplace has it.
    const w = withdrawShopFulfillment(ctx, shopId, {
      shopOrderId: event.shopOrderId,
      fulfillmentId: event.fulfillmentId,
      how: "cancelled",
    });
    if (w !== "unknown_fulfillment" && w !== "not_ours") return "withdrawn";
  }
  if (event.status !== "success") {
    const status = event.status;
    ctx.db.transaction((tx) => {
      // Said once per fulfillment and status: the reconciliation re-reads the same fulfillment every run.
      const said = findTimelineEvent(
        tx,
        shopId,
        order.id,
        ["shipment.ignored"],
        (d) => d?.fulfillmentId === event.fulfillmentId && d?.status === status,
      );
      if (said) return;
      addTimelineEvent(tx, {
        ...base,
        kind: "shipment.ignored",
        data: { fulfillmentId: event.fulfillmentId, status },
      });
    });
    return "ignored";
  }
  const { matched, unmatched } = matchShipmentLines(ctx, shopId, order.id, event);
  return ctx.db.transaction((tx): RecordOutcome => {
    // What the package said before this event: once exported, that is what the marketplace holds.
    const before = listShipmentsForOrder(tx, shopId, order.id).find((s) => s.shopFulfillmentId === event.fulfillmentId);
    const { shipment, created, trackingChanged, stale } = recordShipment(tx, {
      shopId,
      orderId: order.id,
      shopFulfillmentId: event.fulfillmentId,
      carrierName: event.carrierName,
      trackingNumber: event.trackingNumber,
      shippedAt: event.shippedAt,
      shopUpdatedAt: event.updatedAt ?? null,
      lines: matched,
    });
    // A late webhook of an older state (fulfillments/create after the update): the row, the marketplace and the
    // timeline already have the newer tracking, and nothing is said.
    if (stale) return "stale";
    if (!created && !trackingChanged) return "unchanged";
    const units = matched.reduce((s, l) => s + l.quantity, 0);
    const tracking = { carrierName: event.carrierName, trackingNumber: event.trackingNumber };
    addTimelineEvent(tx, {
      ...base,
      kind: created ? "shipment.received" : "shipment.tracking_updated",
      data: { shipmentId: shipment.id, fulfillmentId: event.fulfillmentId, source, units, ...tracking },
    });
    if (unmatched.length) {
      addTimelineEvent(tx, {
        ...base,
        kind: "shipment.unmatched_lines",
        level: "warning",
        data: { lines: unmatched },
      });
    }
    if (!event.trackingNumber) {
      if (order.fulfillmentStatus !== "shipped" && order.fulfillmentStatus !== "cancelled") {
        setFulfillmentStatus(
          tx,
          shopId,
          order.id,
          transition(order.fulfillmentStatus, { type: "shop_shipped_without_tracking" }),
        );
      }
      return "waiting_for_tracking";
    }
    if (shipment.exportStatus === "exported") {
      // Not sent again: a second confirmation would be a second package (units counted twice), and the
      // marketplaces' APIs cannot correct the first. The row now holds the shop's number, so what was exported
      // is the number before the first such change (kept in that warning's data).
      const earlier = findTimelineEvent(
        tx,
        shopId,
        order.id,
        [TRACKING_CHANGED_AFTER_EXPORT],
        (d) => d?.shipmentId === shipment.id,
      )?.data;
      const exported = earlier
        ? (earlier.exported ?? null)
        : ((before && trackingText(before.carrierName, before.trackingNumber)) ?? null);
      addTimelineEvent(tx, {
        ...base,
        kind: TRACKING_CHANGED_AFTER_EXPORT,
        level: "warning",
        data: { shipmentId: shipment.id, exported, ...tracking },
      });
      return "recorded";
    }
    enqueueJob(ctx, tx, "export-shipment", { shipmentId: shipment.id }, { shopId });
    return "recorded";
  });
}

/**
 * The package's shop lines as units of our order lines: by shop line item id, then SKU. A line sold as a bundle
 * (order_line_components) counts the whole units the package holds: every component of a unit in it
 * (domain/bundle-lines.ts bundleUnitsShipped, docs/decisions/032).
 */
function matchShipmentLines(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  event: ShopFulfillmentEvent,
): { matched: { orderLineId: number; quantity: number }[]; unmatched: string[] } {
  const lines = getOrderLines(ctx.db, shopId, orderId);
  const components = listOrderLineComponents(
    ctx.db,
    shopId,
    lines.map((l) => l.id),
  );
  const matched: { orderLineId: number; quantity: number }[] = [];
  const unmatched: string[] = [];
  const bundles = new Map<number, Map<string, number>>();
  for (const el of event.lines) {
    const line = lines.find((l) => l.shopLineItemId === el.shopLineItemId);
    const component =
      line === undefined
        ? (components.find((c) => c.shopLineItemId === el.shopLineItemId) ??
          (lines.some((l) => el.sku && l.sku === el.sku) ? undefined : components.find((c) => c.sku === el.sku)))
        : undefined;
    if (component) {
      const shipped = bundles.get(component.orderLineId) ?? new Map<string, number>();
      shipped.set(component.sku, (shipped.get(component.sku) ?? 0) + el.quantity);
      bundles.set(component.orderLineId, shipped);
      continue;
    }
    const byAny = line ?? lines.find((l) => el.sku && l.sku === el.sku);
    if (byAny) matched.push({ orderLineId: byAny.id, quantity: el.quantity });
    else unmatched.push(el.sku ?? el.shopLineItemId);
  }
  for (const [orderLineId, shipped] of bundles) {
    const units = bundleUnitsShipped(
      components.filter((c) => c.orderLineId === orderLineId),
      shipped,
    );
    if (units > 0) matched.push({ orderLineId, quantity: units });
  }
  return { matched, unmatched };
}

/**
 * The `sync-shop-fulfillments` job: fetches every fulfillment of our order's shop order and records each as its
 * webhook would have. Enqueued when we link a shop order found by its source identifier (an earlier create
 * succeeded but its answer was lost): whatever the merchant shipped before the link reached us as webhooks
 * for an order we did not know, and those were dropped. Enqueued too by the periodic reconciliation for every
 * open order (a webhook lost while the app was down past the platform's retries, or a BigCommerce hook that
 * was deactivated). Idempotent per fulfillment id, like every recording, so a fulfillment also recorded through
 * a webhook is recorded once.
 */
export async function syncShopFulfillments(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  source: Exclude<FulfillmentSource, "webhook"> = "link",
): Promise<RecordOutcome[]> {
  const order = getOrder(ctx.db, shopId, orderId);
  if (!order?.shopOrderId) return [];
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) return []; // no token any more; nothing to fetch
  const events = await ctx.platformFor(shop).listFulfillmentEvents(order.shopOrderId);
  return events.map((e) => recordShopFulfillment(ctx, shopId, e, source));
}
