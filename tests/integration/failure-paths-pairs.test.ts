import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { retryOrder } from "#app/.server/services/retry-order.ts";
import { platformName } from "#app/.server/domain/marketplace-names.ts";
import { ALL_PAIRS, pairName, type SeededPair } from "../sandbox/seed-sandbox";
import { upsTrackingNumber } from "../sandbox/demo-data";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * What goes wrong, for every marketplace × platform pair, over HTTP: nothing is lost and nothing is doubled.
 *  - an order with a SKU the shop lacks fails with the reason on its timeline, the pair's other order goes through,
 *    and the merchant's Retry recovers it once the product exists;
 *  - the platform failing order creation (503) and the marketplace failing the confirmation (503, then 429) are
 *    retried: still exactly one shop order and exactly one package on the marketplace.
 */
describe("failure paths for every marketplace × platform pair", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pairs: ALL_PAIRS });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function importOrders(p: SeededPair, ...placed: Promise<string>[]): Promise<string[]> {
    const ids = await Promise.all(placed);
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow([p.account.id]);
    return ids;
  }

  for (const [i, { marketplace, platform }] of ALL_PAIRS.entries()) {
    describe(`${marketplace} → ${platform}`, () => {
      it("an unknown SKU fails that order with the reason; the other goes through; Retry recovers it", async () => {
        const p = h.pair(marketplace, platform);
        const sku = `HAT-${marketplace}-${platform}`.toUpperCase();
        const [bad, good] = await importOrders(p, p.placeOrder(100 + i, { unknownSku: sku }), p.placeOrder(200 + i));
        const failed = await waitFor(
          () => (h.orderOf(p, bad)?.fulfillmentStatus === "failed" ? h.orderOf(p, bad) : null),
          { what: `${pairName(p)} order failed` },
        );
        expect(failed!.failureReason).toContain(`${sku} is not in the ${platformName(platform)} shop`);
        expect(
          listTimeline(h.db, p.shop.id, failed!.id)
            .filter((e) => e.level === "error")
            .at(-1)?.message,
        ).toContain(sku);
        await waitFor(() => h.orderOf(p, good)?.shopOrderId, { what: `${pairName(p)} other order created` });

        await p.shopDriver.addProduct({ sku, title: `Summer Hat (${sku})`, price: "19.99" }); // BigCommerce product names are unique
        expect(retryOrder(h.app.ctx, p.shop.id, failed!.id).enqueued).toBe(1);
        const recovered = await h.linkedOrder(p, bad, { what: `${pairName(p)} retried order created` });
        expect(recovered!.fulfillmentStatus).toBe("unshipped");
        expect(recovered!.failureReason).toBeNull();
        expect(await p.shopDriver.ordersBySource(`${marketplace}:${bad}`)).toHaveLength(1);
      });

      it("platform and marketplace faults are retried: one shop order, one package", async () => {
        const p = h.pair(marketplace, platform);
        await p.shopDriver.failOrderCreation("http_503", 2);
        const [id] = await importOrders(p, p.placeOrder(300 + i));
        const order = await h.linkedOrder(p, id, { what: `${pairName(p)} created despite 503s`, timeoutMs: 20_000 });
        expect(await p.shopDriver.ordersBySource(`${marketplace}:${id}`)).toHaveLength(1);
        expect(listTimeline(h.db, p.shop.id, order!.id).some((e) => e.kind === "shop_order.retrying")).toBe(true);

        await p.seller.failConfirmations("http_503", 1);
        await p.seller.failConfirmations("http_429", 1);
        const tracking = upsTrackingNumber(7100 + i);
        await p.shopDriver.ship(order!.shopOrderId!, { carrier: "UPS", trackingNumber: tracking });
        await waitFor(
          () => {
            const o = getOrderWithLines(h.db, p.shop.id, order!.id)!;
            return (
              o.fulfillmentStatus === "shipped" &&
              listShipmentsForOrder(h.db, p.shop.id, order!.id).every((s) => s.exportStatus === "exported")
            );
          },
          { what: `${pairName(p)} shipped despite faults`, timeoutMs: 20_000 },
        );
        const packages = await p.seller.packages(id);
        expect(packages.map((k) => k.trackingNumber)).toEqual([tracking]);
        expect(listTimeline(h.db, p.shop.id, order!.id).some((e) => e.kind === "shipment.retrying")).toBe(true);
      });
    });
  }
});
