import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { createAccount } from "#db/queries/marketplace-accounts.ts";
import { getOrderLines, setShopOrder, upsertMarketplaceOrder, type Order } from "#db/queries/orders.ts";
import { listShipmentsForOrder, setShipmentExportStatus } from "#db/queries/shipments.ts";
import { upsertShop } from "#db/queries/shops.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import type { AppContext } from "../context";
import { createLogger } from "../logger";
import type { ShopFulfillmentEvent } from "../platforms/types";
import { exportShipment } from "./export-shipment";
import { recordShopFulfillment } from "./record-shop-fulfillment";

const usd = (amount: number) => ({ amount, currency: "USD" });

describe("recordShopFulfillment (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let ctx: AppContext;
  let order: Order;
  beforeEach(() => {
    temp = openTempDatabase("record");
    db = temp.db;
    ctx = { db, logger: createLogger("silent"), notifyWorkers: () => {} } as unknown as AppContext;
    const shopId = upsertShop(db, { platform: "shopify", domain: "r.myshopify.com" }).id;
    const accountId = createAccount(db, {
      shopId,
      marketplace: "ebay",
      name: "e",
      region: "US",
      settings: {},
      credentialsEncrypted: "x",
    }).id;
    const when = new Date("2026-11-20T10:00:00Z");
    order = upsertMarketplaceOrder(db, {
      shopId,
      accountId,
      marketplace: "ebay",
      order: {
        marketplaceOrderId: "12-1",
        status: "unshipped",
        marketplaceStatus: "NOT_STARTED",
        purchasedAt: when,
        updatedAt: when,
        currency: "USD",
        buyer: { name: "Ann" },
        shippingAddress: null,
        lines: [
          {
            marketplaceLineId: "L1",
            sku: "SKU-1",
            title: "Thing",
            quantity: 2,
            quantityShipped: 0,
            unitPrice: usd(500),
          },
        ],
        totals: { subtotal: usd(1000), shipping: usd(0), tax: usd(0), total: usd(1000) },
      },
    }).order;
    const [line] = getOrderLines(db, shopId, order.id);
    setShopOrder(db, shopId, order.id, {
      shopOrderId: "gid://shopify/Order/1",
      shopOrderName: "#1001",
      lines: [{ orderLineId: line.id, shopLineItemId: "gid://shopify/LineItem/1", shopVariantId: null }],
    });
  });
  afterEach(() => {
    temp.remove();
  });

  const event = (
    status: ShopFulfillmentEvent["status"],
    fulfillmentId = "gid://shopify/Fulfillment/9",
  ): ShopFulfillmentEvent => ({
    shopOrderId: "gid://shopify/Order/1",
    fulfillmentId,
    status,
    carrierName: "UPS",
    trackingNumber: "1Z999AA10123456784",
    shippedAt: new Date("2026-11-21T10:00:00Z"),
    lines: [{ shopLineItemId: "gid://shopify/LineItem/1", sku: "SKU-1", quantity: 2 }],
  });
  const ignored = () => listTimeline(db, order.shopId, order.id).filter((e) => e.kind === "shipment.ignored");

  it("says a fulfillment with nothing to send once per fulfillment and status, however often it is re-read", () => {
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"), "reconciliation")).toBe("ignored");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"), "reconciliation")).toBe("ignored");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"), "webhook")).toBe("ignored");
    expect(ignored().map((e) => e.data)).toEqual([
      { fulfillmentId: "gid://shopify/Fulfillment/9", status: "cancelled" },
    ]);
    expect(recordShopFulfillment(ctx, order.shopId, event("pending"))).toBe("ignored");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled", "gid://shopify/Fulfillment/10"))).toBe(
      "ignored",
    );
    expect(ignored()).toHaveLength(3);
    expect(listShipmentsForOrder(db, order.shopId, order.id)).toHaveLength(0);
  });

  it("names the reconciliation on the timeline only when the shipment was found by it", () => {
    expect(recordShopFulfillment(ctx, order.shopId, event("success"), "reconciliation")).toBe("recorded");
    expect(recordShopFulfillment(ctx, order.shopId, event("success"), "webhook")).toBe("unchanged");
    const received = listTimeline(db, order.shopId, order.id).filter((e) => e.kind === "shipment.received");
    expect(received).toHaveLength(1);
    expect(received[0].message).toBe(
      "Shopify shipped 2 units (UPS 1Z999AA10123456784); found by OrderBridge's periodic check of open orders, as no webhook from Shopify had brought it",
    );
    expect(received[0].data).toMatchObject({ source: "reconciliation" });
  });
  it("a recorded fulfillment cancelled before it was sent is never sent, and the timeline says so once", async () => {
    expect(recordShopFulfillment(ctx, order.shopId, event("success"))).toBe("recorded");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"))).toBe("withdrawn");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"), "reconciliation")).toBe("withdrawn");
    const [shipment] = listShipmentsForOrder(db, order.shopId, order.id);
    expect(shipment.exportStatus).toBe("skipped");
    // The export job already queued for it does nothing.
    expect(await exportShipment(ctx, order.shopId, shipment.id)).toBe("withdrawn");
    const events = listTimeline(db, order.shopId, order.id).filter(
      (e) => e.kind.startsWith("shipment.withdrawn") || e.kind === "shipment.ignored",
    );
    expect(events.map((e) => [e.kind, e.message])).toEqual([
      [
        "shipment.withdrawn",
        "Shopify fulfillment gid://shopify/Fulfillment/9 (UPS 1Z999AA10123456784) was cancelled before it was sent to eBay; it will not be sent",
      ],
    ]);
  });

  it("a fulfillment cancelled after it was confirmed to the marketplace: a warning, once, and nothing changes", () => {
    expect(recordShopFulfillment(ctx, order.shopId, event("success"))).toBe("recorded");
    const [shipment] = listShipmentsForOrder(db, order.shopId, order.id);
    setShipmentExportStatus(db, order.shopId, shipment.id, { status: "exported", marketplaceShipmentId: "F-1" });
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"))).toBe("withdrawn");
    expect(recordShopFulfillment(ctx, order.shopId, event("cancelled"))).toBe("withdrawn");
    expect(listShipmentsForOrder(db, order.shopId, order.id)[0].exportStatus).toBe("exported");
    const warnings = listTimeline(db, order.shopId, order.id).filter(
      (e) => e.kind === "shipment.withdrawn_after_export",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: "warning" });
    expect(warnings[0].message).toContain(
      "was cancelled after OrderBridge had confirmed it to eBay. eBay cannot take a confirmed package back",
    );
  });

  describe("events out of order (updatedAt)", () => {
    const at = (iso: string, trackingNumber: string): ShopFulfillmentEvent => ({
      ...event("success"),
      trackingNumber,
      updatedAt: new Date(iso),
    });
    const OLD = "1Z999AA10123456784";
    const NEW = "1Z999AA10123456791";
    const shipment = () => listShipmentsForOrder(db, order.shopId, order.id)[0];
    const kinds = () => listTimeline(db, order.shopId, order.id).map((e) => e.kind);

    it("an older event after a newer one changes nothing and says nothing", () => {
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:05:00Z", NEW))).toBe("recorded");
      setShipmentExportStatus(db, order.shopId, shipment().id, { status: "exported", marketplaceShipmentId: "F-1" });
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:00:00Z", OLD))).toBe("stale");
      expect(shipment()).toMatchObject({
        trackingNumber: NEW,
        shopUpdatedAt: new Date("2026-11-21T10:05:00Z"),
        exportStatus: "exported",
      });
      expect(kinds()).not.toContain("shipment.tracking_changed_after_export");
      expect(kinds().filter((k) => k.startsWith("shipment."))).toEqual(["shipment.received"]);
    });

    it("a newer event is applied; equal times and events without a time are applied as they arrive", () => {
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:00:00Z", OLD))).toBe("recorded");
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:05:00Z", NEW))).toBe("recorded");
      expect(shipment()).toMatchObject({ trackingNumber: NEW, shopUpdatedAt: new Date("2026-11-21T10:05:00Z") });
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:05:00Z", OLD))).toBe("recorded");
      expect(shipment().trackingNumber).toBe(OLD);
      // A job queued before events had a time: applied, and the row keeps the time it had.
      expect(recordShopFulfillment(ctx, order.shopId, { ...event("success"), trackingNumber: NEW })).toBe("recorded");
      expect(shipment()).toMatchObject({ trackingNumber: NEW, shopUpdatedAt: new Date("2026-11-21T10:05:00Z") });
    });

    it("the same tracking at a newer time moves the row's time on, so an older change after it is stale", () => {
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:00:00Z", NEW))).toBe("recorded");
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:09:00Z", NEW))).toBe("unchanged");
      expect(shipment().shopUpdatedAt).toEqual(new Date("2026-11-21T10:09:00Z"));
      expect(recordShopFulfillment(ctx, order.shopId, at("2026-11-21T10:05:00Z", OLD))).toBe("stale");
      expect(shipment().trackingNumber).toBe(NEW);
    });
  });
});
