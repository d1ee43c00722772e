import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { upsTrackingNumber, DEMO_BC_STORE } from "../sandbox/demo-data";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { controlCall } from "../emulators/control-clients";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * Amazon → BigCommerce over HTTP, the shipment cases the round trip does not cover: a shipment whose tracking
 * number the merchant changes after it reached Amazon, an order marked Shipped in BigCommerce without any
 * shipment, and shipments that only reach us through store/order/statusUpdated.
 */
describe("BigCommerce shipments beyond the round trip (Amazon → BigCommerce)", () => {
  let h: Harness;
  let p: SeededPair;
  const hash = DEMO_BC_STORE.storeHash;

  beforeAll(async () => {
    h = await startHarness({ pairs: [{ marketplace: "amazon", platform: "bigcommerce" }] });
    p = h.pair("amazon", "bigcommerce");
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A buyer orders on Amazon, one poll, and the BigCommerce order exists; answers our order and its BigCommerce id. */
  async function importedOrder(n: number): Promise<{ id: number; marketplaceOrderId: string; bcOrderId: string }> {
    const marketplaceOrderId = await p.placeOrder(n);
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow([p.account.id]);
    const ours = await h.linkedOrder(p, marketplaceOrderId, { what: "BigCommerce order linked" });
    await h.queueIdle();
    return { id: ours.id, marketplaceOrderId, bcOrderId: ours.shopOrderId! };
  }

  it("a tracking number changed after the package reached Amazon: no second package, and the timeline names the number Amazon kept and the new one", async () => {
    const order = await importedOrder(10);
    const first = upsTrackingNumber(7101);
    await p.shopDriver.ship(order.bcOrderId, { carrier: "UPS", trackingNumber: first });
    const exported = await waitFor(
      () => listShipmentsForOrder(h.db, p.shop.id, order.id).find((s) => s.exportStatus === "exported"),
      { what: "package exported" },
    );

    const corrected = upsTrackingNumber(7102);
    await controlCall(
      h.emulators.urls.bigcommerce,
      "POST",
      `/__sandbox/stores/${hash}/orders/${order.bcOrderId}/shipments/${exported.shopFulfillmentId}`,
      {
        tracking_number: corrected,
      },
    );
    const warning = await waitFor(
      () => listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shipment.tracking_changed_after_export"),
      {
        what: "tracking-changed warning",
      },
    );
    await h.queueIdle();

    expect(warning.level).toBe("warning");
    expect(warning.message).toContain(`Amazon still has UPS ${first}`);
    expect(warning.message).toContain(corrected);
    expect(warning.message).not.toContain(`keeps ${corrected}`);

    // A second correction: Amazon still has the first number, not the one in between.
    const again = upsTrackingNumber(7103);
    await controlCall(
      h.emulators.urls.bigcommerce,
      "POST",
      `/__sandbox/stores/${hash}/orders/${order.bcOrderId}/shipments/${exported.shopFulfillmentId}`,
      {
        tracking_number: again,
      },
    );
    const second = await waitFor(
      () =>
        listTimeline(h.db, p.shop.id, order.id).filter((e) => e.kind === "shipment.tracking_changed_after_export")[1],
      {
        what: "second tracking-changed warning",
      },
    );
    await h.queueIdle();
    expect(second.message).toContain(`Amazon still has UPS ${first}`);
    expect(second.message).toContain(again);

    const packages = await p.seller.packages(order.marketplaceOrderId);
    expect(packages.map((k) => k.trackingNumber)).toEqual([first]);
    expect(getOrderWithLines(h.db, p.shop.id, order.id)!.fulfillmentStatus).toBe("shipped");
  });

  it("an order marked Shipped in BigCommerce without a shipment: the timeline says nothing went to Amazon and what to do; the order waits for tracking", async () => {
    const order = await importedOrder(12);
    await controlCall(
      h.emulators.urls.bigcommerce,
      "POST",
      `/__sandbox/stores/${hash}/orders/${order.bcOrderId}/status`,
      { status_id: 2 },
    );

    const note = await waitFor(
      () => listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shop_order.shipped_without_shipment"),
      {
        what: "shipped-without-shipment warning",
      },
    );
    await h.queueIdle();
    expect(note.level).toBe("warning");
    expect(note.message).toMatch(
      new RegExp(`BigCommerce order #${order.bcOrderId} is marked Shipped but has no shipment`),
    );
    expect(note.message).toMatch(/nothing was sent to Amazon/);
    expect(note.message).toMatch(/add a shipment with the tracking number/i);
    expect(getOrderWithLines(h.db, p.shop.id, order.id)!.fulfillmentStatus).toBe("pending");
    expect(await p.seller.packages(order.marketplaceOrderId)).toEqual([]);

    // The merchant then adds the shipment: the package goes to Amazon and the order is shipped.
    const tracking = upsTrackingNumber(7201);
    await p.shopDriver.ship(order.bcOrderId, { carrier: "UPS", trackingNumber: tracking });
    await waitFor(() => getOrderWithLines(h.db, p.shop.id, order.id)!.fulfillmentStatus === "shipped", {
      what: "order shipped",
    });
    expect((await p.seller.packages(order.marketplaceOrderId)).map((k) => k.trackingNumber)).toEqual([tracking]);
  });

  it("shipments whose own webhooks never came still reach Amazon through store/order/statusUpdated", async () => {
    const order = await importedOrder(14);
    const shipmentHooks = (
      await controlCall<{ id: number; scope: string }[]>(
        h.emulators.urls.bigcommerce,
        "GET",
        `/__sandbox/stores/${hash}/hooks`,
      )
    ).filter((k) => k.scope.startsWith("store/shipment/"));
    const token = h.app.ctx.secrets.decrypt(p.shop.accessTokenEncrypted!);
    const setActive = async (isActive: boolean) => {
      for (const hook of shipmentHooks) {
        const res = await fetch(`${h.emulators.urls.bigcommerce}/stores/${hash}/v3/hooks/${hook.id}`, {
          method: "PUT",
          headers: { "x-auth-token": token, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ is_active: isActive }),
        });
        expect(res.status).toBe(200);
      }
    };
    await setActive(false);
    try {
      const tracking = upsTrackingNumber(7301);
      await p.shopDriver.ship(order.bcOrderId, { carrier: "UPS", trackingNumber: tracking });
      await waitFor(() => getOrderWithLines(h.db, p.shop.id, order.id)!.fulfillmentStatus === "shipped", {
        what: "order shipped",
      });
      expect((await p.seller.packages(order.marketplaceOrderId)).map((k) => k.trackingNumber)).toEqual([tracking]);
      const delivered = await controlCall<{ scope: string; payload: { data?: { id?: number; orderId?: number } } }[]>(
        h.emulators.urls.bigcommerce,
        "GET",
        `/__sandbox/webhooks?store=${hash}`,
      );
      const forOrder = delivered
        .filter((d) => String(d.payload.data?.orderId ?? d.payload.data?.id) === order.bcOrderId)
        .map((d) => d.scope);
      expect(forOrder).toContain("store/order/statusUpdated");
      expect(forOrder).not.toContain("store/shipment/created");
    } finally {
      await setActive(true);
    }
  });
  const deleteShipment = (bcOrderId: string, shipmentId: string) =>
    controlCall(
      h.emulators.urls.bigcommerce,
      "DELETE",
      `/__sandbox/stores/${hash}/orders/${bcOrderId}/shipments/${shipmentId}`,
    );

  it("a shipment deleted after it reached Amazon: nothing sent again, and the timeline says Amazon still has it", async () => {
    const order = await importedOrder(16);
    const tracking = upsTrackingNumber(7401);
    await p.shopDriver.ship(order.bcOrderId, { carrier: "UPS", trackingNumber: tracking });
    const exported = await waitFor(
      () => listShipmentsForOrder(h.db, p.shop.id, order.id).find((s) => s.exportStatus === "exported"),
      { what: "package exported" },
    );

    await deleteShipment(order.bcOrderId, exported.shopFulfillmentId);
    const warning = await waitFor(
      () => listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shipment.withdrawn_after_export"),
      {
        what: "withdrawn-after-export warning",
      },
    );
    await h.queueIdle();
    expect(warning.level).toBe("warning");
    expect(warning.message).toBe(
      `BigCommerce shipment ${exported.shopFulfillmentId} (UPS ${tracking}) was deleted after OrderBridge had confirmed it to Amazon. Amazon cannot take a confirmed package back through its API: correct the shipment on Amazon if needed`,
    );
    expect(listShipmentsForOrder(h.db, p.shop.id, order.id).map((s) => s.exportStatus)).toEqual(["exported"]);
    expect((await p.seller.packages(order.marketplaceOrderId)).map((k) => k.trackingNumber)).toEqual([tracking]);
  });

  it("a shipment deleted while its confirmation was still being retried is never sent", async () => {
    const order = await importedOrder(18);
    await p.seller.failConfirmations("http_503", 1000);
    const tracking = upsTrackingNumber(7501);
    try {
      await p.shopDriver.ship(order.bcOrderId, { carrier: "UPS", trackingNumber: tracking });
      await waitFor(() => listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shipment.retrying"), {
        what: "confirmation retrying",
      });
      const [shipment] = listShipmentsForOrder(h.db, p.shop.id, order.id);

      await deleteShipment(order.bcOrderId, shipment.shopFulfillmentId);
      const withdrawn = await waitFor(
        () => listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shipment.withdrawn"),
        { what: "shipment withdrawn" },
      );
      expect(withdrawn.message).toBe(
        `BigCommerce shipment ${shipment.shopFulfillmentId} (UPS ${tracking}) was deleted before it was sent to Amazon; it will not be sent`,
      );
    } finally {
      await controlCall(h.emulators.urls.amazon, "DELETE", "/__sandbox/faults");
    }
    await h.queueIdle();
    expect(listShipmentsForOrder(h.db, p.shop.id, order.id).map((s) => s.exportStatus)).toEqual(["skipped"]);
    expect(await p.seller.packages(order.marketplaceOrderId)).toEqual([]);
  });
});
