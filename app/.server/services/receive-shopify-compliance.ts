import { findShopByDomain } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import {
  isComplianceTopic,
  parseComplianceRequest,
  type ComplianceTopic,
} from "../platforms/shopify/compliance-payload";
import { requestShopifyErasure } from "./erase-shop";
import { receivePrivacyRequest } from "./privacy-request";
import { readShopifyDelivery, recordShopifyDelivery } from "./read-shopify-delivery";
import type { WebhookAnswer } from "./webhook-answer";

/**
 * `POST /webhooks/compliance`: Shopify's mandatory `customers/data_request`, `customers/redact` and `shop/redact`
 * (docs/decisions/023). Verified on the raw body (nothing is stored for a bad signature), deduplicated by
 * X-Shopify-Webhook-Id, and recorded with the job that carries it out in one transaction; then 200 at once (Shopify
 * wants 200 now and the request done within 30 days). The stored delivery names no customer. A shop we do not hold
 * (never installed, or already erased) is acknowledged: there is nothing of it to give or erase.
 */
export function receiveShopifyCompliance(ctx: AppContext, headers: Headers, rawBody: string): WebhookAnswer {
  const read = readShopifyDelivery(ctx, headers, rawBody, (topic) =>
    isComplianceTopic(topic)
      ? null
      : `Topic ${topic || "(none)"} is not served at this address (compliance topics only)`,
  );
  if (!read.ok) return read.answer;
  const { domain, deliveryId, payload } = read.delivery;
  const topic = read.delivery.topic as ComplianceTopic;
  const parsed = parseComplianceRequest(topic, payload);
  if (!parsed.ok) return { status: 400, body: `Malformed ${topic} payload: ${parsed.error}` };
  const shop = findShopByDomain(ctx.db, "shopify", domain);
  if (!shop) return { status: 200, body: "Unknown shop; nothing held" };
  const request = parsed.request;

  const fresh = ctx.db.transaction((tx) => {
    const recorded = recordShopifyDelivery(tx, shop.id, read.delivery);
    if (!recorded) return false;
    if (request.topic === "shop/redact") {
      requestShopifyErasure(ctx, tx, shop.id);
    } else {
      receivePrivacyRequest(ctx, tx, {
        shopId: shop.id,
        kind: request.topic === "customers/redact" ? "customer_redact" : "customer_data_request",
        externalId: deliveryId,
        subject: request.subject,
      });
    }
    return true;
  });
  // Nothing naming the customer in the log.
  ctx.logger.info("Shopify compliance request", { topic, shopId: shop.id, duplicate: !fresh });
  return { status: 200, body: fresh ? "Accepted" : "Duplicate delivery; ignored" };
}
