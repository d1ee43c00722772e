import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getOrderWithLines, listOrders } from "#db/queries/orders.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { jobs, orders as ordersTable } from "#db/schema/index.ts";
import { demoAmazonOrder } from "../sandbox/seed-sandbox";
import { DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * The first honest round trip, over HTTP between the app and the emulators:
 * Amazon order → one poll → exactly one Shopify order → merchant fulfils → signed webhook →
 * confirmShipment on Amazon with the right carrier, tracking and items → order `shipped`.
 */
describe("round trip: Amazon → Shopify → shipment → Amazon", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const ourOrder = (amazonOrderId: string) =>
    h.db.select().from(ordersTable).where(eq(ordersTable.marketplaceOrderId, amazonOrderId)).get();

  it("imports, creates the shop order once, and confirms the shipment back", async () => {
    const seeded = await h.amazon.seedOrder(demoAmazonOrder(1)); // two lines
    const amazonOrderId = seeded.AmazonOrderId;
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();

    const linked = await waitFor(
      () => {
        const o = ourOrder(amazonOrderId);
        return o?.shopOrderId ? o : null;
      },
      { what: "shop order created" },
    );

    // Exactly once in Shopify, lines matched by SKU, address and totals carried.
    const shopOrders = (await h.shopify.orders(DEMO_SHOP_DOMAIN)).filter(
      (o) => o.sourceIdentifier === `amazon:${amazonOrderId}`,
    );
    expect(shopOrders).toHaveLength(1);
    const shopOrder = shopOrders[0];
    const ours = getOrderWithLines(h.db, h.shopId, linked.id)!;
    const shopSkus = shopOrder.lineItems.map((l: { sku: string }) => l.sku).sort();
    expect(shopSkus).toEqual(ours.lines.map((l) => l.sku).sort());
    expect(ours.lines.every((l) => l.shopLineItemId)).toBe(true);
    expect(shopOrder.shippingAddress).toMatchObject({ city: "San Francisco", countryCode: "US", zip: "94105" });
    expect(shopOrder.tags).toEqual(expect.arrayContaining(["OrderBridge", "Amazon"]));
    const dollars = (minor: number) => (minor / 100).toFixed(2);
    expect(shopOrder.totals).toMatchObject({
      subtotal: dollars(ours.subtotalAmount),
      shipping: dollars(ours.shippingAmount),
      tax: dollars(ours.taxAmount),
      total: dollars(ours.totalAmount),
    });
    expect(ours.totalAmount).toBe(ours.subtotalAmount + ours.shippingAmount + ours.taxAmount);

    // A second poll (overlap re-lists the order) must not create a second shop order.
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    await waitFor(
      () =>
        h.db.select().from(jobs).where(eq(jobs.status, "queued")).all().length === 0 &&
        h.db.select().from(jobs).where(eq(jobs.status, "running")).all().length === 0,
      { what: "queue idle" },
    );
    expect(
      (await h.shopify.orders(DEMO_SHOP_DOMAIN)).filter((o) => o.sourceIdentifier === `amazon:${amazonOrderId}`),
    ).toHaveLength(1);

    // The merchant fulfils everything with UPS.
    const tracking = upsTrackingNumber(4242);
    await h.shopify.fulfill(DEMO_SHOP_DOMAIN, String(shopOrder.id), {
      trackingCompany: "UPS",
      trackingNumber: tracking,
    });

    const shipped = await waitFor(
      () => {
        const o = getOrderWithLines(h.db, h.shopId, linked.id)!;
        return o.fulfillmentStatus === "shipped" ? o : null;
      },
      { what: "order shipped" },
    );
    expect(shipped.lines.every((l) => l.quantityShipped === l.quantity)).toBe(true);

    // confirmShipment reached Amazon with the carrier code, tracking number and order items.
    // The accepted ones: a request Amazon refused (an access token that expired in between) is retried, not doubled.
    const confirmations = (await h.amazon.requests()).filter(
      (r) =>
        r.method === "POST" &&
        r.path.endsWith(`/orders/v0/orders/${amazonOrderId}/shipmentConfirmation`) &&
        r.status >= 200 &&
        r.status < 300,
    );
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0].status).toBe(204);
    const pkg = confirmations[0].body.packageDetail;
    expect(pkg.carrierCode).toBe("UPS");
    expect(pkg.trackingNumber).toBe(tracking);
    expect(pkg.orderItems.map((i: { orderItemId: string }) => i.orderItemId).sort()).toEqual(
      ours.lines.map((l) => l.marketplaceLineId).sort(),
    );
    const amazonState = await h.amazon.getOrder(amazonOrderId);
    expect(amazonState.OrderStatus).toBe("Shipped");

    // Every step is on the timeline.
    const kinds = listTimeline(h.db, h.shopId, linked.id).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["order.imported", "shop_order.created", "shipment.received", "shipment.exported"]),
    );
    expect(kinds.indexOf("order.imported")).toBeLessThan(kinds.indexOf("shop_order.created"));
    expect(kinds.indexOf("shipment.received")).toBeLessThan(kinds.indexOf("shipment.exported"));
  });

  it("ships partially, then fully, with one confirmation per package", async () => {
    const seeded = await h.amazon.seedOrder(demoAmazonOrder(3)); // two lines
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    const linked = await waitFor(
      () => (ourOrder(seeded.AmazonOrderId)?.shopOrderId ? ourOrder(seeded.AmazonOrderId) : null),
      { what: "shop order" },
    );
    const lines = getOrderWithLines(h.db, h.shopId, linked!.id)!.lines;
    const shopOrderId = linked!.shopOrderId!.split("/").pop()!;
    await h.shopify.fulfill(DEMO_SHOP_DOMAIN, shopOrderId, {
      lineItems: [{ sku: lines[0].sku!, quantity: lines[0].quantity }],
      trackingCompany: "UPS",
      trackingNumber: upsTrackingNumber(7001),
    });
    await waitFor(() => getOrderWithLines(h.db, h.shopId, linked!.id)!.fulfillmentStatus === "partially_shipped", {
      what: "partially shipped",
    });
    await h.shopify.fulfill(DEMO_SHOP_DOMAIN, shopOrderId, {
      trackingCompany: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    await waitFor(() => getOrderWithLines(h.db, h.shopId, linked!.id)!.fulfillmentStatus === "shipped", {
      what: "shipped",
    });
    const confirmations = (await h.amazon.requests()).filter((r) =>
      r.path.endsWith(`/${seeded.AmazonOrderId}/shipmentConfirmation`),
    );
    expect(confirmations.map((c) => c.body.packageDetail.carrierCode)).toEqual(["UPS", "USPS"]);
    expect(listShipmentsForOrder(h.db, h.shopId, linked!.id).map((s) => s.exportStatus)).toEqual([
      "exported",
      "exported",
    ]);
  });

  it("lists the imported orders for the shop", () => {
    const { total } = listOrders(h.db, h.shopId);
    expect(total).toBeGreaterThanOrEqual(2);
  });
});
