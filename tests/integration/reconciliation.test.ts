import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrder } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { enqueueDueReconciliations } from "#app/.server/jobs/scheduler.ts";
import { reconcileShop } from "#app/.server/services/reconcile-shop.ts";
import { DEMO_BC_STORE, upsTrackingNumber } from "../sandbox/demo-data";
import { controlCall } from "../emulators/control-clients";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";
import type { SeededPair } from "../sandbox/seed-sandbox";

const HOUR = 3_600_000;

/**
 * A shipment whose webhook is lost for good still reaches the marketplace, once: the periodic reconciliation
 * re-reads the open orders from the shop. Shopify: the webhook's every attempt fails (the app was unreachable
 * past Shopify's retries). BigCommerce: the store's hooks were deactivated (as BigCommerce does after 48 h of
 * failed deliveries), so no webhook fires at all; the reconciliation also switches them back on.
 */
describe("periodic reconciliation (eBay → Shopify, Etsy → BigCommerce)", () => {
  let h: Harness;
  let clock = Date.now();
  /** What the cron tick does, one interval later each time. */
  async function reconcileLater(): Promise<number> {
    clock += 2 * HOUR;
    const n = enqueueDueReconciliations(h.app.ctx, new Date(clock));
    await h.queueIdle();
    return n;
  }

  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "ebay", platform: "shopify" },
        { marketplace: "etsy", platform: "bigcommerce" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function importedAndLinked(p: SeededPair, n: number) {
    const { marketplaceOrderId, order } = await h.placeLinkedOrder(p, n);
    return { marketplaceOrderId, ours: order };
  }

  function expectShippedOnce(p: SeededPair, orderId: number) {
    expect(getOrder(h.db, p.shop.id, orderId)!.fulfillmentStatus).toBe("shipped");
    expect(listShipmentsForOrder(h.db, p.shop.id, orderId).map((s) => s.exportStatus)).toEqual(["exported"]);
    const received = listTimeline(h.db, p.shop.id, orderId).filter((e) => e.kind === "shipment.received");
    expect(received).toHaveLength(1);
    expect(received[0].message).toMatch(
      /found by OrderBridge's periodic check of open orders, as no webhook from (Shopify|BigCommerce) had brought it/,
    );
    expect(received[0].data).toMatchObject({ source: "reconciliation" });
  }

  it("Shopify: a fulfillment whose webhook never got through is found and sent to eBay once", async () => {
    const p = h.pair("ebay", "shopify");
    const { marketplaceOrderId, ours } = await importedAndLinked(p, 31);

    // The app is unreachable while the merchant ships: every attempt of the webhook fails.
    await h.shopify.setAppUrl("http://127.0.0.1:9");
    const tracking = upsTrackingNumber(9301);
    await p.shopDriver.ship(ours.shopOrderId!, { carrier: "UPS", trackingNumber: tracking });
    await waitFor(
      async () => {
        const hooks = (await h.shopify.webhooks()).filter((w) => w.topic === "fulfillments/create");
        return hooks.length > 0 && hooks.every((w) => w.attempts > 0 && w.state !== "delivered");
      },
      { what: "fulfillments/create attempted and failed" },
    );
    await h.shopify.setAppUrl(h.http.url);
    await h.queueIdle();
    expect(listShipmentsForOrder(h.db, p.shop.id, ours.id)).toHaveLength(0);
    expect(await p.seller.packages(marketplaceOrderId)).toHaveLength(0);

    expect(await reconcileLater()).toBeGreaterThanOrEqual(1);
    expectShippedOnce(p, ours.id);
    const packages = await p.seller.packages(marketplaceOrderId);
    expect(packages.map((k) => k.trackingNumber)).toEqual([tracking]);

    // The next run leaves a shipped order alone: nothing re-read, nothing sent again.
    expect(await reconcileLater()).toBeGreaterThanOrEqual(1);
    expect((await reconcileShop(h.app.ctx, p.shop.id)).ordersQueued).toBe(0);
    await h.queueIdle();
    expect(await p.seller.packages(marketplaceOrderId)).toHaveLength(1);
    expectShippedOnce(p, ours.id);
  });

  it("BigCommerce: deactivated hooks are switched back on, and the shipment made meanwhile is sent to Etsy once", async () => {
    const p = h.pair("etsy", "bigcommerce");
    const hash = DEMO_BC_STORE.storeHash;
    const { marketplaceOrderId, ours } = await importedAndLinked(p, 32);

    // Deactivated through the store's own API, as BigCommerce does after 48 h of failed deliveries.
    const store = await controlCall<{ accessToken: string }>(
      h.emulators.urls.bigcommerce,
      "GET",
      `/__sandbox/stores/${hash}`,
    );
    const hooks = await h.bigcommerce.hooks(hash);
    expect(hooks.length).toBeGreaterThanOrEqual(3);
    for (const hook of hooks) {
      const res = await fetch(`${h.emulators.urls.bigcommerce}/stores/${hash}/v3/hooks/${hook.id}`, {
        method: "PUT",
        headers: { "x-auth-token": store.accessToken, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ is_active: false }),
      });
      expect(res.status).toBe(200);
    }
    const deliveriesBefore = (await h.bigcommerce.webhooks({ store: hash })).length;

    const tracking = upsTrackingNumber(9302);
    await p.shopDriver.ship(ours.shopOrderId!, { carrier: "UPS", trackingNumber: tracking });
    await h.bigcommerce.waitForWebhooks();
    await h.queueIdle();
    expect((await h.bigcommerce.webhooks({ store: hash })).length).toBe(deliveriesBefore);
    expect(listShipmentsForOrder(h.db, p.shop.id, ours.id)).toHaveLength(0);

    expect(await reconcileLater()).toBeGreaterThanOrEqual(1);
    expect((await h.bigcommerce.hooks(hash)).every((hook) => hook.is_active)).toBe(true);
    expectShippedOnce(p, ours.id);
    expect((await p.seller.packages(marketplaceOrderId)).map((k) => k.trackingNumber)).toEqual([tracking]);

    // The hooks work again: the next shipment arrives by webhook, with no reconciliation.
    const next = await importedAndLinked(p, 33);
    await p.shopDriver.ship(next.ours.shopOrderId!, { carrier: "UPS", trackingNumber: upsTrackingNumber(9303) });
    await h.bigcommerce.waitForWebhooks();
    await h.queueIdle();
    const received = await waitFor(
      () => listTimeline(h.db, p.shop.id, next.ours.id).find((e) => e.kind === "shipment.received") ?? null,
      { what: "second shipment received by webhook" },
    );
    expect(received.data).toMatchObject({ source: "webhook" });
    expect(await p.seller.packages(next.marketplaceOrderId)).toHaveLength(1);
  });
});
