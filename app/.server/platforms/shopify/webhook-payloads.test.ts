import { describe, expect, it } from "vitest";
import { parseFulfillmentWebhook } from "./fulfillment-webhook";
import { signShopifyBody, verifyShopifyHmac } from "./webhook-hmac";

describe("Shopify webhook edge", () => {
  it("verifies the HMAC of the raw body, timing-safe", () => {
    const body = '{"id":1}';
    const sig = signShopifyBody(body, "secret");
    expect(verifyShopifyHmac(body, sig, "secret")).toBe(true);
    expect(verifyShopifyHmac(body + " ", sig, "secret")).toBe(false);
    expect(verifyShopifyHmac(body, sig, "other")).toBe(false);
    expect(verifyShopifyHmac(body, null, "secret")).toBe(false);
    expect(verifyShopifyHmac(body, "short", "secret")).toBe(false);
  });
  it("translates a REST fulfillment payload", () => {
    const r = parseFulfillmentWebhook({
      id: 5550000000001,
      admin_graphql_api_id: "gid://shopify/Fulfillment/5550000000001",
      order_id: 450789469,
      status: "success",
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      created_at: "2026-01-01T10:00:00-05:00",
      line_items: [{ id: 466157049, sku: "IPOD2008GREEN", quantity: 1 }],
    });
    expect(r).toEqual({
      ok: true,
      event: {
        shopOrderId: "gid://shopify/Order/450789469",
        fulfillmentId: "gid://shopify/Fulfillment/5550000000001",
        status: "success",
        carrierName: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shippedAt: new Date("2026-01-01T15:00:00Z"),
        lines: [{ shopLineItemId: "gid://shopify/LineItem/466157049", sku: "IPOD2008GREEN", quantity: 1 }],
      },
    });
  });
  it("reports what is wrong with a malformed payload", () => {
    const r = parseFulfillmentWebhook({ id: 1, status: "success", line_items: [{ id: 2, quantity: 0 }] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/order_id/);
    expect(!r.ok && r.error).toMatch(/line_items\.0\.quantity/);
  });
});
