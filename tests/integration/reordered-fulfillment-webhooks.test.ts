import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { signShopifyBody } from "#app/.server/platforms/shopify/webhook-hmac.ts";
import { DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * Shopify delivers webhooks in any order. The merchant ships (fulfillments/create, first tracking number) and corrects
 * the tracking a little later (fulfillments/update, newer number); the update reaches us first, and its number goes
 * to Amazon. The create arrives after it: it is older (`updated_at`), so the shipment keeps the newer number and the
 * timeline tells the merchant nothing to correct. Both bodies are the emulator's own, sent signed through the real
 * webhook routes.
 */
describe("fulfillment webhooks that arrive out of order", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const deliver = (topic: "fulfillments/create" | "fulfillments/update", payload: unknown, webhookId: string) => {
    const body = JSON.stringify(payload);
    return fetch(`${h.http.url}/webhooks/${topic}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
        "x-shopify-webhook-id": webhookId,
        "x-shopify-api-version": SHOPIFY_API_VERSION,
        "x-shopify-hmac-sha256": signShopifyBody(body, SANDBOX_SHOPIFY_APP.clientSecret),
      },
      body,
    });
  };

  it("an older fulfillments/create after the update keeps the newer tracking number, and no correction is asked", async () => {
    const p = h.pair("amazon", "shopify");
    const { marketplaceOrderId, order } = await h.placeLinkedOrder(p, 1);
    const first = upsTrackingNumber(5101);
    const newer = upsTrackingNumber(5102);

    // The shop's webhooks go nowhere while the merchant ships and corrects (retries go to that address too).
    await h.shopify.setAppUrl("http://127.0.0.1:9");
    const fulfillment = await h.shopify.fulfill(DEMO_SHOP_DOMAIN, order.shopOrderId!.split("/").pop()!, {
      trackingCompany: "UPS",
      trackingNumber: first,
    });
    // Shopify's times are whole seconds: the correction comes in a later second.
    await new Promise((r) => setTimeout(r, 1_100));
    await h.shopify.updateTracking(DEMO_SHOP_DOMAIN, fulfillment.id, { trackingCompany: "UPS", trackingNumber: newer });
    await h.shopify.setAppUrl(h.http.url);
    const sent = (await h.shopify.webhooks()).filter((w) => String(w.payload?.admin_graphql_api_id) === fulfillment.id);
    const create = sent.find((w) => w.topic === "fulfillments/create")!;
    const update = sent.find((w) => w.topic === "fulfillments/update")!;
    expect(create.payload).toMatchObject({ tracking_number: first });
    expect(update.payload).toMatchObject({ tracking_number: newer });
    expect(Date.parse(update.payload.updated_at)).toBeGreaterThan(Date.parse(create.payload.updated_at));

    // The update first: recorded and confirmed to Amazon.
    expect((await deliver("fulfillments/update", update.payload, update.webhookId)).status).toBe(200);
    await waitFor(() => listShipmentsForOrder(h.db, p.shop.id, order.id)[0]?.exportStatus === "exported", {
      what: "the update's tracking confirmed to Amazon",
    });
    await h.queueIdle();

    // Then the create, late.
    expect((await deliver("fulfillments/create", create.payload, create.webhookId)).status).toBe(200);
    await h.queueIdle();

    const shipments = listShipmentsForOrder(h.db, p.shop.id, order.id);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({
      trackingNumber: newer,
      exportStatus: "exported",
      shopUpdatedAt: new Date(Math.floor(Date.parse(update.payload.updated_at) / 1000) * 1000),
    });
    const timeline = listTimeline(h.db, p.shop.id, order.id);
    expect(timeline.map((e) => e.kind)).not.toContain("shipment.tracking_changed_after_export");
    expect(timeline.map((e) => e.message).join("\n")).not.toMatch(/correct the tracking/);
    expect(timeline.filter((e) => e.kind.startsWith("shipment.")).map((e) => [e.kind, e.data?.trackingNumber])).toEqual(
      [
        ["shipment.received", newer],
        ["shipment.exported", newer],
      ],
    );
    const packages = (await h.amazon.getOrder(marketplaceOrderId)).Packages as { trackingNumber: string }[];
    expect(packages.map((k) => k.trackingNumber)).toEqual([newer]);
  });
});
