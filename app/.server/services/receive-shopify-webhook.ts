import { findShopByDomain } from "#db/queries/shops.ts";
import { recordWebhookDelivery } from "#db/queries/webhook-deliveries.ts";
import type { AppContext } from "../context";
import { parseFulfillmentWebhook } from "../platforms/shopify/fulfillment-webhook";
import { shopifyDeliveryRecord } from "../platforms/shopify/webhook-delivery-record";
import { verifyShopifyHmac } from "../platforms/shopify/webhook-hmac";
import { enqueueJob } from "../jobs/enqueue";
import { recordShopUninstalled } from "./shop-installation";

export interface WebhookAnswer {
  status: number;
  body: string;
}

const FULFILLMENT_TOPICS = new Set(["fulfillments/create", "fulfillments/update"]);

/**
 * The use case behind every Shopify webhook route: verify the HMAC on the raw body, drop duplicates by
 * X-Shopify-Webhook-Id, and store the delivery together with the job it causes in one transaction, then
 * answer at once. Nothing is stored for a bad signature; a stored delivery keeps only ids and the facts
 * processing reads, no personal data (shopifyDeliveryRecord). The route has checked the body's size.
 */
export function receiveShopifyWebhook(
  ctx: AppContext,
  headers: Headers,
  rawBody: string,
  expectedTopic: string,
): WebhookAnswer {
  if (!verifyShopifyHmac(rawBody, headers.get("x-shopify-hmac-sha256"), ctx.shopifyApiSecret)) {
    return { status: 401, body: "Invalid HMAC signature" };
  }
  const topic = headers.get("x-shopify-topic") ?? "";
  const domain = headers.get("x-shopify-shop-domain") ?? "";
  const deliveryId = headers.get("x-shopify-webhook-id") ?? "";
  if (topic !== expectedTopic)
    return {
      status: 400,
      body: `Topic ${topic || "(none)"} is not served at this address (expected ${expectedTopic})`,
    };
  if (!domain || !deliveryId) return { status: 400, body: "Missing X-Shopify-Shop-Domain or X-Shopify-Webhook-Id" };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: "Body is not JSON" };
  }
  const shop = findShopByDomain(ctx.db, "shopify", domain);
  // A shop we do not know (never installed, or data already erased): acknowledge so Shopify stops retrying.
  if (!shop) return { status: 200, body: "Unknown shop; ignored" };
  const triggeredAtHeader = headers.get("x-shopify-triggered-at");
  const triggeredAt =
    triggeredAtHeader && !Number.isNaN(Date.parse(triggeredAtHeader)) ? new Date(triggeredAtHeader) : null;

  if (FULFILLMENT_TOPICS.has(topic)) {
    const parsed = parseFulfillmentWebhook(payload);
    if (!parsed.ok) return { status: 400, body: `Malformed ${topic} payload: ${parsed.error}` };
    const duplicate = ctx.db.transaction((tx) => {
      const fresh = recordWebhookDelivery(tx, {
        shopId: shop.id,
        platform: "shopify",
        deliveryId,
        topic,
        payload: shopifyDeliveryRecord(topic, payload),
        triggeredAt,
      });
      if (!fresh) return true;
      enqueueJob(ctx, tx, "record-shop-fulfillment", { event: parsed.event, topic, deliveryId }, { shopId: shop.id });
      return false;
    });
    return { status: 200, body: duplicate ? "Duplicate delivery; ignored" : "Accepted" };
  }

  if (topic === "app/uninstalled") {
    ctx.db.transaction((tx) => {
      if (
        recordWebhookDelivery(tx, {
          shopId: shop.id,
          platform: "shopify",
          deliveryId,
          topic,
          payload: shopifyDeliveryRecord(topic, payload),
          triggeredAt,
        })
      ) {
        recordShopUninstalled(tx, shop);
      }
    });
    return { status: 200, body: "Accepted" };
  }
  return { status: 200, body: `Topic ${topic} ignored` };
}
