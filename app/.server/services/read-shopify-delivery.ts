import type { DbOrTx } from "#db/client.ts";
import { recordWebhookDelivery } from "#db/queries/webhook-deliveries.ts";
import type { AppContext } from "../context";
import { shopifyDeliveryRecord } from "../platforms/shopify/webhook-delivery-record";
import { verifyShopifyHmac } from "../platforms/shopify/webhook-hmac";
import type { WebhookAnswer } from "./webhook-answer";

/** A Shopify webhook delivery whose signature and headers were checked, its body parsed. */
export interface ShopifyDelivery {
  topic: string;
  domain: string;
  deliveryId: string;
  payload: unknown;
  triggeredAt: Date | null;
}

/**
 * What every Shopify webhook route does first: verify the HMAC on the raw body (401), check that the route serves the
 * topic (`refusal` says why not: 400), that the shop and the delivery id are named (400), and parse the JSON (400).
 */
export function readShopifyDelivery(
  ctx: Pick<AppContext, "shopifyApiSecret">,
  headers: Headers,
  rawBody: string,
  refusal: (topic: string) => string | null,
): { ok: true; delivery: ShopifyDelivery } | { ok: false; answer: WebhookAnswer } {
  const refuse = (status: number, body: string) => ({ ok: false as const, answer: { status, body } });
  if (!verifyShopifyHmac(rawBody, headers.get("x-shopify-hmac-sha256"), ctx.shopifyApiSecret)) {
    return refuse(401, "Invalid HMAC signature");
  }
  const topic = headers.get("x-shopify-topic") ?? "";
  const domain = headers.get("x-shopify-shop-domain") ?? "";
  const deliveryId = headers.get("x-shopify-webhook-id") ?? "";
  const refused = refusal(topic);
  if (refused !== null) return refuse(400, refused);
  if (!domain || !deliveryId) return refuse(400, "Missing X-Shopify-Shop-Domain or X-Shopify-Webhook-Id");
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return refuse(400, "Body is not JSON");
  }
  const triggeredAtHeader = headers.get("x-shopify-triggered-at");
  const triggeredAt =
    triggeredAtHeader && !Number.isNaN(Date.parse(triggeredAtHeader)) ? new Date(triggeredAtHeader) : null;
  return { ok: true, delivery: { topic, domain, deliveryId, payload, triggeredAt } };
}

/**
 * Records the delivery (its lean record: shopifyDeliveryRecord keeps no personal data); false when this delivery id
 * was already recorded (a duplicate). Call in the transaction that enqueues what the delivery causes.
 */
export function recordShopifyDelivery(tx: DbOrTx, shopId: number, d: ShopifyDelivery): boolean {
  return recordWebhookDelivery(tx, {
    shopId,
    platform: "shopify",
    deliveryId: d.deliveryId,
    topic: d.topic,
    payload: shopifyDeliveryRecord(d.topic, d.payload),
    triggeredAt: d.triggeredAt,
  });
}
