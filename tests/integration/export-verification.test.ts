import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJobs } from "#db/queries/jobs.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { reconcileShop } from "#app/.server/services/reconcile-shop.ts";
import { TamperingProxy } from "../contract/tampering-proxy";
import { upsTrackingNumber } from "../sandbox/demo-data";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * "Accepted" is not the end of a package: Amazon answers confirmShipment 204 (its contract), but the package never
 * landed (here a proxy in front of the Amazon emulator answers 204 itself and never forwards it). The export is
 * recorded as accepted; the reconciliation reads recently exported packages back from Amazon, finds this one missing,
 * sends it again and says so on the timeline. VERIFY_EXPORTS_AFTER_SECONDS decides when a package is due.
 */
describe("reconciliation reads exported packages back from the marketplace", () => {
  let h: Harness;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    h = await startHarness({ pairs: [{ marketplace: "amazon", platform: "shopify" }] });
    proxy = await TamperingProxy.start(h.emulators.urls.amazon);
    h.app.ctx.env.AMAZON_SP_API_BASE_URL = proxy.baseUrl;
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  const verifyJobs = (shopId: number) => listJobs(h.db, { shopId, type: "verify-exported-shipments" });

  it("a 204 that never landed is found missing and sent again, once; a held package is only marked verified", async () => {
    const p = h.pair("amazon", "shopify");
    const { marketplaceOrderId, order } = await h.placeLinkedOrder(p, 3);
    const packages = async () =>
      ((await h.amazon.getOrder(marketplaceOrderId)).Packages ?? []) as { trackingNumber: string }[];

    proxy.answerInstead({
      match: `/orders/v0/orders/${marketplaceOrderId}/shipmentConfirmation`,
      status: 204,
      times: 1,
    });
    const tracking = upsTrackingNumber(7301);
    await p.shopDriver.ship(order.shopOrderId!, { carrier: "UPS", trackingNumber: tracking });
    await waitFor(() => listShipmentsForOrder(h.db, p.shop.id, order.id)[0]?.exportStatus === "exported", {
      what: "the package recorded as accepted",
    });
    await h.queueIdle();
    expect(await packages()).toEqual([]);

    // Not due yet (exported less than an hour ago): nothing is read back.
    h.app.ctx.env.VERIFY_EXPORTS_AFTER_SECONDS = 3600;
    expect((await reconcileShop(h.app.ctx, p.shop.id)).verificationsQueued).toBe(0);
    expect(verifyJobs(p.shop.id)).toEqual([]);

    // Due: read back, missing, sent again.
    h.app.ctx.env.VERIFY_EXPORTS_AFTER_SECONDS = 0;
    expect((await reconcileShop(h.app.ctx, p.shop.id)).verificationsQueued).toBe(1);
    await h.queueIdle();
    expect(verifyJobs(p.shop.id).map((j) => j.status)).toEqual(["succeeded"]);
    expect((await packages()).map((k) => k.trackingNumber)).toEqual([tracking]);
    const [shipment] = listShipmentsForOrder(h.db, p.shop.id, order.id);
    expect(shipment).toMatchObject({ exportStatus: "exported", marketplaceVerifiedAt: expect.any(Date) });
    const missing = listTimeline(h.db, p.shop.id, order.id).filter((e) => e.kind === "shipment.missing_on_marketplace");
    expect(missing.map((e) => [e.level, e.message])).toEqual([
      [
        "warning",
        `Amazon did not show the package ${tracking} when OrderBridge checked it after sending; it was sent again and is now accepted`,
      ],
    ]);

    // Verified: the next reconciliation leaves it alone.
    expect((await reconcileShop(h.app.ctx, p.shop.id)).verificationsQueued).toBe(0);

    // A package Amazon holds from the start is read back and only marked verified.
    const second = await h.placeLinkedOrder(p, 4);
    await p.shopDriver.ship(second.order.shopOrderId!, { carrier: "UPS", trackingNumber: upsTrackingNumber(7302) });
    await waitFor(() => listShipmentsForOrder(h.db, p.shop.id, second.order.id)[0]?.exportStatus === "exported", {
      what: "second package accepted",
    });
    await h.queueIdle();
    expect((await reconcileShop(h.app.ctx, p.shop.id)).verificationsQueued).toBe(1);
    await h.queueIdle();
    expect(listShipmentsForOrder(h.db, p.shop.id, second.order.id)[0]?.marketplaceVerifiedAt).toBeInstanceOf(Date);
    expect(listTimeline(h.db, p.shop.id, second.order.id).map((e) => e.kind)).not.toContain(
      "shipment.missing_on_marketplace",
    );
    const confirmations = (await h.amazon.requests()).filter(
      (r) =>
        r.path.endsWith(`/orders/v0/orders/${second.marketplaceOrderId}/shipmentConfirmation`) &&
        r.status >= 200 &&
        r.status < 300,
    );
    expect(confirmations).toHaveLength(1);
  });
});
