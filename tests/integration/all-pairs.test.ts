import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { ALL_PAIRS, pairName } from "../sandbox/seed-sandbox";
import { upsTrackingNumber } from "../sandbox/demo-data";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * The round trip for every marketplace × platform pair, over HTTP between the app and the six emulators:
 * a buyer orders on the marketplace → one poll → exactly one order in the shop with SKU-matched lines →
 * the merchant ships one line (UPS), then the rest (USPS) → the platform's signed webhooks → both packages
 * reach the marketplace with carrier and tracking → our order is `shipped`, every step on its timeline.
 */
describe("round trip for every marketplace × platform pair", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pairs: ALL_PAIRS });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("seeds every pair: two shops, six accounts", () => {
    expect(h.pairs.map(pairName).sort()).toEqual(ALL_PAIRS.map(pairName).sort());
    expect(new Set(h.pairs.map((p) => p.shop.id)).size).toBe(2);
    expect(new Set(h.pairs.map((p) => p.account.id)).size).toBe(6);
  });

  for (const [i, { marketplace, platform }] of ALL_PAIRS.entries()) {
    it(`${marketplace} → ${platform} → ${marketplace}: order once, two packages back`, async () => {
      const p = h.pair(marketplace, platform);
      const marketplaceOrderId = await p.placeOrder(2 * i + 1); // odd n: two lines
      await new Promise((r) => setTimeout(r, listingLagMs()));
      await h.pollNow([p.account.id]);

      const linked = await h.linkedOrder(p, marketplaceOrderId);
      const ours = getOrderWithLines(h.db, p.shop.id, linked!.id)!;
      expect(ours.lines).toHaveLength(2);
      expect(ours.lines.every((l) => l.shopLineItemId)).toBe(true);
      expect(ours.totalAmount).toBe(ours.subtotalAmount + ours.shippingAmount + ours.taxAmount);

      const source = `${marketplace}:${marketplaceOrderId}`;
      const inShop = await p.shopDriver.ordersBySource(source);
      expect(inShop).toHaveLength(1);
      expect(inShop[0].skus.sort()).toEqual(ours.lines.map((l) => l.sku).sort());

      // A second poll re-lists the order (overlap) and must not create another shop order.
      await h.pollNow([p.account.id]);
      await h.queueIdle();
      expect(await p.shopDriver.ordersBySource(source)).toHaveLength(1);

      // The merchant ships the first line with UPS, then the rest with USPS.
      const first = ours.lines[0];
      const ups = upsTrackingNumber(5000 + i);
      const usps = `94001112025558423326${String(10 + i)}`;
      await p.shopDriver.ship(linked!.shopOrderId!, {
        lines: [{ sku: first.sku!, quantity: first.quantity }],
        carrier: "UPS",
        trackingNumber: ups,
      });
      await waitFor(() => getOrderWithLines(h.db, p.shop.id, linked!.id)!.fulfillmentStatus === "partially_shipped", {
        what: `${pairName(p)} partially shipped`,
      });
      await p.shopDriver.ship(linked!.shopOrderId!, { carrier: "USPS", trackingNumber: usps });
      const shipped = await waitFor(
        () => {
          const o = getOrderWithLines(h.db, p.shop.id, linked!.id)!;
          const exported = listShipmentsForOrder(h.db, p.shop.id, linked!.id).filter(
            (s) => s.exportStatus === "exported",
          );
          return o.fulfillmentStatus === "shipped" && exported.length === 2 ? o : null;
        },
        { what: `${pairName(p)} shipped and both packages exported` },
      );
      expect(shipped.lines.every((l) => l.quantityShipped === l.quantity)).toBe(true);

      // Both packages reached the marketplace, with their tracking numbers, once each.
      const packages = await p.seller.packages(marketplaceOrderId);
      expect(packages.map((k) => k.trackingNumber).sort()).toEqual([ups, usps].sort());
      const byTracking = new Map(packages.map((k) => [k.trackingNumber, k]));
      expect(byTracking.get(ups)!.carrier?.toUpperCase()).toContain("UPS");
      expect(byTracking.get(usps)!.carrier?.toUpperCase()).toContain("USPS");
      if (byTracking.get(ups)!.lineIds.length) expect(byTracking.get(ups)!.lineIds).toEqual([first.marketplaceLineId]);

      const kinds = listTimeline(h.db, p.shop.id, linked!.id).map((e) => e.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(["order.imported", "shop_order.created", "shipment.received", "shipment.exported"]),
      );
      expect(kinds.indexOf("order.imported")).toBeLessThan(kinds.indexOf("shop_order.created"));
    });
  }
});
