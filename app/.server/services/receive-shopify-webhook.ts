import { findShopByDomain } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { parseFulfillmentWebhook } from "../platforms/shopify/fulfillment-webhook";
import { enqueueJob } from "../jobs/enqueue";
import type { WebhookAnswer } from "./webhook-answer";
import { readShopifyDelivery, recordShopifyDelivery } from "./read-shopify-delivery";
import { recordShopUninstalled } from "./shop-installation";
import { hasOrdersHeldForStock } from "./resume-stock-holds";

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
  const read = readShopifyDelivery(ctx, headers, rawBody, (topic) =>
    topic === expectedTopic
      ? null
      : `Topic ${topic || "(none)"} is not served at this address (expected ${expectedTopic})`,
  );
  if (!read.ok) return read.answer;
  const { topic, domain, deliveryId, payload } = read.delivery;
  const shop = findShopByDomain(ctx.db, "shopify", domain);
  // A shop we do not know (never installed, or data already erased): acknowledge so Shopify stops retrying.
  if (!shop) return { status: 200, body: "Unknown shop; ignored" };

  if (FULFILLMENT_TOPICS.has(topic)) {
    const parsed = parseFulfillmentWebhook(payload);
    if (!parsed.ok) return { status: 400, body: `Malformed ${topic} payload: ${parsed.error}` };
    const duplicate = ctx.db.transaction((tx) => {
      const fresh = recordShopifyDelivery(tx, shop.id, read.delivery);
      if (!fresh) return true;
      enqueueJob(ctx, tx, "record-shop-fulfillment", { event: parsed.event, topic, deliveryId }, { shopId: shop.id });
      return false;
    });
    return { status: 200, body: duplicate ? "Duplicate delivery; ignored" : "Accepted" };
  }

  if (topic === "inventory_levels/update") {
    const available = (payload as { available?: unknown } | null)?.available;
    if (available !== null && available !== undefined && typeof available !== "number")
      return { status: 400, body: `Malformed ${topic} payload: available is not a number` };
    // Only a level with units can release a held order; and only a shop with held orders has anything to check.
    if (typeof available !== "number" || available <= 0) return { status: 200, body: "No stock to release; ignored" };
    if (!hasOrdersHeldForStock(ctx.db, shop.id)) return { status: 200, body: "No order waits for stock; ignored" };
    const duplicate = ctx.db.transaction((tx) => {
      if (!recordShopifyDelivery(tx, shop.id, read.delivery)) return true;
      enqueueJob(ctx, tx, "resume-stock-holds", {}, { shopId: shop.id });
      return false;
    });
    return { status: 200, body: duplicate ? "Duplicate delivery; ignored" : "Accepted" };
  }

  if (topic === "app/uninstalled") {
    ctx.db.transaction((tx) => {
      if (recordShopifyDelivery(tx, shop.id, read.delivery)) {
        recordShopUninstalled(ctx, tx, shop);
      }
    });
    return { status: 200, body: "Accepted" };
  }
  return { status: 200, body: `Topic ${topic} ignored` };
}
