import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import type { Platform } from "#db/schema/index.ts";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { demoItems } from "../sandbox/sandbox-marketplaces";
import { controlCall } from "../emulators/control-clients";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * An earlier create succeeded in the shop but its answer was lost, and the merchant shipped that order before
 * we linked it: the shop's fulfillment webhooks named an order we did not know and were dropped. The import
 * then finds the order by our source identifier and links it; its fulfillments must be fetched, recorded and
 * sent to the marketplace once, over HTTP between the app and the emulators, for each platform.
 */
describe("an order found in the shop already shipped (Amazon → Shopify, Amazon → BigCommerce)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "amazon", platform: "shopify" },
        { marketplace: "amazon", platform: "bigcommerce" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The shop order an earlier, lost create left behind: our source identifier, the same SKUs. Answers its id as we store it. */
  async function orderLeftInShop(platform: Platform, source: string, n: number): Promise<string> {
    const items = demoItems(n);
    if (platform === "shopify") {
      const o = await controlCall<{ id: string }>(
        h.emulators.urls.shopify,
        "POST",
        `/__sandbox/shops/${DEMO_SHOP_DOMAIN}/orders`,
        {
          order: { sourceIdentifier: source, lineItems: items.map((i) => ({ sku: i.sku, quantity: i.quantity })) },
        },
      );
      return o.id;
    }
    const o = await h.bigcommerce.createOrder(DEMO_BC_STORE.storeHash, {
      status_id: 11,
      external_order_id: source,
      billing_address: {
        first_name: "Jane",
        last_name: "Doe",
        street_1: "1 Main St",
        city: "Austin",
        state: "Texas",
        zip: "78701",
        country: "United States",
        country_iso2: "US",
        email: "jane@example.com",
      },
      products: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    });
    return String(o.id);
  }

  /** Waits until the shop delivered its shipment webhooks to the app (which dropped them: the order was unknown). */
  async function shipmentWebhooksDelivered(platform: Platform): Promise<void> {
    if (platform === "bigcommerce") {
      await h.bigcommerce.waitForWebhooks();
      return;
    }
    await waitFor(
      async () => {
        const hooks = (await h.shopify.webhooks()).filter((w) => w.topic === "fulfillments/create");
        return hooks.length > 0 && hooks.every((w) => w.state === "delivered");
      },
      { what: "fulfillments/create delivered" },
    );
  }

  for (const [i, platform] of (["shopify", "bigcommerce"] as const).entries()) {
    it(`${platform}: links the order, records the shipment made before the link and sends it to Amazon once`, async () => {
      const p = h.pair("amazon", platform);
      const n = 20 + 2 * i; // even n: one line
      const marketplaceOrderId = await p.placeOrder(n);
      const source = `amazon:${marketplaceOrderId}`;
      const shopOrderId = await orderLeftInShop(platform, source, n);

      const tracking = upsTrackingNumber(8100 + i);
      await p.shopDriver.ship(shopOrderId, { carrier: "UPS", trackingNumber: tracking });
      await shipmentWebhooksDelivered(platform);
      await h.queueIdle();

      await new Promise((r) => setTimeout(r, listingLagMs()));
      await h.pollNow([p.account.id]);
      const ours = await h.linkedOrder(p, marketplaceOrderId, { what: `${platform} order linked` });
      expect(ours.shopOrderId).toBe(shopOrderId);

      const shipped = await waitFor(
        () => {
          const o = getOrderWithLines(h.db, p.shop.id, ours.id)!;
          const exported = listShipmentsForOrder(h.db, p.shop.id, ours.id).filter((s) => s.exportStatus === "exported");
          return o.fulfillmentStatus === "shipped" && exported.length === 1 ? o : null;
        },
        { what: `${platform} shipment recorded and exported` },
      );
      await h.queueIdle();
      expect(shipped.lines.every((l) => l.shopLineItemId && l.quantityShipped === l.quantity)).toBe(true);

      // No second shop order, and one package at Amazon with the shop's tracking.
      expect(await p.shopDriver.ordersBySource(source)).toHaveLength(1);
      const packages = await p.seller.packages(marketplaceOrderId);
      expect(packages.map((k) => k.trackingNumber)).toEqual([tracking]);
      expect(packages[0].carrier?.toUpperCase()).toContain("UPS");
      expect(listShipmentsForOrder(h.db, p.shop.id, ours.id)).toHaveLength(1);

      const timeline = listTimeline(h.db, p.shop.id, ours.id);
      expect(timeline.find((e) => e.kind === "shop_order.created")!.message).toContain("Found existing");
      expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["shipment.received", "shipment.exported"]));
      expect(timeline.filter((e) => e.kind === "shipment.received")).toHaveLength(1);

      // Another poll re-lists the order: nothing is sent again.
      await h.pollNow([p.account.id]);
      await h.queueIdle();
      expect(await p.seller.packages(marketplaceOrderId)).toHaveLength(1);
    });
  }
});
