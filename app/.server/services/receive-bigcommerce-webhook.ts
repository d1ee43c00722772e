import { findOrderByShopOrderId } from "#db/queries/orders.ts";
import { findShopByDomain } from "#db/queries/shops.ts";
import { addTimelineEvent } from "./add-timeline-event";
import { recordWebhookDelivery } from "#db/queries/webhook-deliveries.ts";
import type { AppContext } from "../context";
import { bigCommerceAppCredentials } from "../platforms/bigcommerce/app-credentials";
import { isCancelledOrRefunded } from "../platforms/bigcommerce/order-statuses";
import { verifyStandardWebhook } from "../platforms/bigcommerce/standard-webhooks";
import { bigCommerceDeliveryRecord, parseBigCommerceWebhook } from "../platforms/bigcommerce/webhook-payload";
import type { WebhookAnswer } from "./webhook-answer";
import { enqueueJob } from "../jobs/enqueue";
import type { Tx } from "#db/client.ts";
import { hasOrdersHeldForStock } from "./resume-stock-holds";

/**
 * The use case behind `POST /webhooks/bigcommerce`: verify the Standard Webhooks signature on the raw body
 * (nothing is stored for a bad one), read the light payload, and for a shipment or status change of an order
 * we created, store the delivery (unique webhook-id: a redelivery is acknowledged and dropped) and the job that
 * fetches the shipments, in one transaction; then answer at once. A cancellation or refund in BigCommerce
 * also lands on the order's timeline, in that same transaction. The stored delivery keeps the envelope and ids
 * only (bigCommerceDeliveryRecord). The route has checked the body's size.
 */
export function receiveBigCommerceWebhook(ctx: AppContext, headers: Headers, rawBody: string): WebhookAnswer {
  const app = bigCommerceAppCredentials(ctx.env);
  if (!app) return { status: 503, body: "The BigCommerce app is not configured" };
  const verified = verifyStandardWebhook(app.clientSecret, headers, rawBody);
  if (!verified.ok) return { status: 401, body: `Invalid webhook signature: ${verified.reason}` };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: "Body is not JSON" };
  }
  const parsed = parseBigCommerceWebhook(payload);
  if (!parsed.ok) return { status: 400, body: `Malformed BigCommerce webhook: ${parsed.error}` };
  const event = parsed.event;
  const shop = findShopByDomain(ctx.db, "bigcommerce", event.storeHash);
  // A store we do not know or that uninstalled the app: acknowledge so BigCommerce stops retrying.
  if (!shop || shop.uninstalledAt) return { status: 200, body: "Unknown store; ignored" };
  if (event.kind === "other") return { status: 200, body: `Scope ${event.scope} ignored` };
  const deliveryId = verified.webhookId;
  const record = (tx: Tx) =>
    recordWebhookDelivery(tx, {
      shopId: shop.id,
      platform: "bigcommerce",
      deliveryId,
      topic: event.scope,
      payload: bigCommerceDeliveryRecord(payload),
      triggeredAt: event.createdAt,
    });
  if (event.kind === "inventory") {
    // Units in stock (an absolute level above 0, or a relative rise) can release a held order; and only a store with
    // held orders has anything to check.
    if (event.value <= 0) return { status: 200, body: "No stock to release; ignored" };
    if (!hasOrdersHeldForStock(ctx.db, shop.id)) return { status: 200, body: "No order waits for stock; ignored" };
    const duplicate = ctx.db.transaction((tx) => {
      if (!record(tx)) return true;
      enqueueJob(ctx, tx, "resume-stock-holds", {}, { shopId: shop.id });
      return false;
    });
    return { status: 200, body: duplicate ? "Duplicate delivery; ignored" : "Accepted" };
  }
  const order = findOrderByShopOrderId(ctx.db, shop.id, String(event.orderId));
  if (!order) return { status: 200, body: "Not an order OrderBridge created; ignored" };

  const duplicate = ctx.db.transaction((tx) => {
    if (!record(tx)) return true;
    enqueueJob(
      ctx,
      tx,
      "fetch-bigcommerce-shipments",
      {
        bigcommerce: { orderId: event.orderId, ...(event.kind === "shipment" ? { shipmentId: event.shipmentId } : {}) },
        topic: event.scope,
        deliveryId,
      },
      { shopId: shop.id },
    );
    // Not when we cancelled it ourselves (the marketplace had cancelled the order): that is no news to the merchant.
    if (
      event.kind === "order_status" &&
      isCancelledOrRefunded(event.newStatusId) &&
      order.fulfillmentStatus !== "cancelled"
    ) {
      addTimelineEvent(tx, {
        shopId: shop.id,
        orderId: order.id,
        kind: "shop_order.status_changed",
        level: "warning",
        data: {
          shopOrder: order.shopOrderName ?? `#${event.orderId}`,
          previousStatusId: event.previousStatusId,
          newStatusId: event.newStatusId,
        },
      });
    }
    return false;
  });
  return { status: 200, body: duplicate ? "Duplicate delivery; ignored" : "Accepted" };
}
