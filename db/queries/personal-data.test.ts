import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { orders, shipments } from "../schema";
import { insertJob } from "./jobs";
import { createAccount } from "./marketplace-accounts";
import { findCustomerOrders, listJobsAboutOrders } from "./personal-data";
import { upsertShop } from "./shops";

describe("rows that may hold a buyer's data (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  let accountId: number;
  beforeEach(() => {
    temp = openTempDatabase("personal-data");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
    accountId = createAccount(db, {
      shopId,
      marketplace: "ebay",
      name: "eBay US",
      region: "global",
      settings: {},
      credentialsEncrypted: "x",
    }).id;
  });
  afterEach(() => temp.remove());

  function order(marketplaceOrderId: string, p: Partial<typeof orders.$inferInsert> = {}): number {
    return db
      .insert(orders)
      .values({
        shopId,
        accountId,
        marketplace: "ebay",
        marketplaceOrderId,
        marketplaceStatus: "NOT_STARTED",
        currency: "USD",
        subtotalAmount: 100,
        shippingAmount: 0,
        taxAmount: 0,
        totalAmount: 100,
        purchasedAt: new Date(),
        marketplaceUpdatedAt: new Date(),
        ...p,
      })
      .returning({ id: orders.id })
      .get()!.id;
  }

  it("finds the customer's orders by shop order id, by email (any case) and in an unreadable payload", () => {
    const byId = order("1", { shopOrderId: "gid://shopify/Order/11" });
    const byEmail = order("2", { buyerEmail: "Jo@Example.com" });
    const unreadable = order("3", { unreadablePayload: { buyer: { email: "JO@example.com" } } });
    order("4", { buyerEmail: "someone@example.com", shopOrderId: "gid://shopify/Order/44" });
    const found = findCustomerOrders(db, shopId, { shopOrderIds: ["gid://shopify/Order/11"], email: "jo@example.com" });
    expect(found.map((o) => o.id).sort()).toEqual([byId, byEmail, unreadable].sort());
    expect(findCustomerOrders(db, shopId, { shopOrderIds: [], email: null })).toEqual([]);
  });

  it("lists the jobs about the orders: by order, shipment, shop order, BigCommerce order, or mention", () => {
    const mine = order("1", { shopOrderId: "gid://shopify/Order/11" });
    const other = order("2", { shopOrderId: "gid://shopify/Order/22" });
    const shipment = db
      .insert(shipments)
      .values({ shopId, orderId: mine, shopFulfillmentId: "f1", shippedAt: new Date() })
      .returning({ id: shipments.id })
      .get()!.id;
    const job = (type: Parameters<typeof insertJob>[1]["type"], payload: Record<string, unknown>) =>
      insertJob(db, { shopId, type, payload })!;
    const expected = [
      job("create-shop-order", { orderId: mine }),
      job("export-shipment", { shipmentId: shipment }),
      job("record-shop-fulfillment", { event: { shopOrderId: "gid://shopify/Order/11" } }),
      job("fetch-bigcommerce-shipments", { bigcommerce: { orderId: 11 } }),
      job("poll-account", { accountId, note: "for JO@example.com" }),
    ];
    job("create-shop-order", { orderId: other });
    job("record-shop-fulfillment", { event: { shopOrderId: "gid://shopify/Order/22" } });
    const listed = listJobsAboutOrders(db, shopId, {
      orderIds: [mine],
      shopOrderIds: ["gid://shopify/Order/11", "11"],
      values: ["jo@example.com"],
    });
    expect(listed.map((j) => j.id).sort()).toEqual(expected.sort());
  });
});
