import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { timelineEvents } from "#db/schema/index.ts";
import { createAccount } from "#db/queries/marketplace-accounts.ts";
import { upsertMarketplaceOrder } from "#db/queries/orders.ts";
import { upsertShop } from "#db/queries/shops.ts";
import { addTimelineEvent } from "./add-timeline-event";
import { findTimelineEvent, listTimeline } from "#db/queries/timeline.ts";

const money = (amount: number) => ({ amount, currency: "USD" });

describe("addTimelineEvent and findTimelineEvent", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  let orderId: number;
  beforeEach(() => {
    temp = openTempDatabase("timeline");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
    const accountId = createAccount(db, {
      shopId,
      marketplace: "amazon",
      name: "US",
      region: "na",
      settings: {},
      credentialsEncrypted: "x",
    }).id;
    orderId = upsertMarketplaceOrder(db, {
      shopId,
      accountId,
      marketplace: "amazon",
      order: {
        marketplaceOrderId: "111",
        status: "unshipped",
        marketplaceStatus: "Unshipped",
        purchasedAt: new Date("2026-11-01T10:00:00Z"),
        updatedAt: new Date("2026-11-01T10:00:00Z"),
        currency: "USD",
        buyer: { name: "Ann" },
        shippingAddress: null,
        lines: [],
        totals: { subtotal: money(0), shipping: money(0), tax: money(0), total: money(0) },
      },
    }).order.id;
  });
  afterEach(() => {
    temp.remove();
  });

  it("stores the kind, its data and the English sentence rendered from them", () => {
    addTimelineEvent(db, {
      shopId,
      orderId,
      kind: "shipment.retrying",
      level: "warning",
      data: { error: "Amazon answered 503", retryInMs: 30_000, attempt: 2, maxAttempts: 5 },
    });
    expect(listTimeline(db, shopId, orderId)).toMatchObject([
      {
        kind: "shipment.retrying",
        level: "warning",
        message: "Sending the shipment failed: Amazon answered 503; retrying in 30 s (attempt 2 of 5)",
        data: { error: "Amazon answered 503", retryInMs: 30_000, attempt: 2, maxAttempts: 5 },
      },
    ]);
  });

  it("finds a 'said once' event by typed kind and data, old rows included", () => {
    const ignored = { fulfillmentId: "F1", status: "pending" } as const;
    addTimelineEvent(db, { shopId, orderId, kind: "shipment.ignored", data: ignored });
    // A row written before the data was typed: only the fields the lookup reads.
    db.insert(timelineEvents)
      .values({
        shopId,
        orderId,
        kind: "shipment.withdrawn",
        message:
          "Shopify fulfillment F2 (no tracking number) was cancelled before it was sent to Amazon; it will not be sent",
        data: { shipmentId: 7 },
        createdAt: new Date(),
      })
      .run();

    const said = findTimelineEvent(
      db,
      shopId,
      orderId,
      ["shipment.ignored"],
      (d) => d?.fulfillmentId === "F1" && d?.status === "pending",
    );
    expect(said).toMatchObject({ kind: "shipment.ignored", data: ignored });
    expect(
      findTimelineEvent(db, shopId, orderId, ["shipment.ignored"], (d) => d?.status === "cancelled"),
    ).toBeUndefined();
    expect(
      findTimelineEvent(
        db,
        shopId,
        orderId,
        ["shipment.withdrawn", "shipment.withdrawn_after_export"],
        (d) => d?.shipmentId === 7,
      )?.kind,
    ).toBe("shipment.withdrawn");
    // The kind filters: the same data under another kind is not that event.
    expect(
      findTimelineEvent(db, shopId, orderId, ["shipment.withdrawn_after_export"], (d) => d?.shipmentId === 7),
    ).toBeUndefined();
    expect(findTimelineEvent(db, shopId + 1, orderId, ["shipment.ignored"], () => true)).toBeUndefined();
  });

  it("takes only the typed kinds, each with its own data (a typo fails typecheck)", () => {
    const typo = () => {
      // @ts-expect-error "shipment.retryng" is not a timeline kind
      findTimelineEvent(db, shopId, orderId, ["shipment.retryng"], () => true);
      // @ts-expect-error a lookup reads only the fields its kinds carry
      findTimelineEvent(db, shopId, orderId, ["shipment.ignored"], (d) => d?.shipmentId === 1);
      const retryData = { error: "x", retryInMs: 1, attempt: 1, maxAttempts: 2 };
      // @ts-expect-error "shop_order.retryng" is not a timeline kind
      addTimelineEvent(db, { shopId, orderId, kind: "shop_order.retryng", data: retryData });
      // @ts-expect-error each kind has its data, not a free sentence
      addTimelineEvent(db, { shopId, orderId, kind: "shop_order.retrying", message: "Creating the shop order failed" });
      // @ts-expect-error a kind's data must be its own
      addTimelineEvent(db, { shopId, orderId, kind: "shop_order.failed", data: { error: "x", attempt: 1 } });
    };
    expect(typo).toBeTypeOf("function");
  });
});
