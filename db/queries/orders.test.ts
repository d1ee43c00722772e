import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../client";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { createAccount } from "./marketplace-accounts";
import {
  listOrders,
  listOrdersAwaitingShopShipment,
  setFulfillmentStatus,
  setShopOrder,
  upsertMarketplaceOrder,
} from "./orders";
import { upsertShop } from "./shops";
import type { MarketplaceOrder } from "#connectors/types.ts";

const money = (amount: number) => ({ amount, currency: "USD" });
function order(id: string, buyer: string, overrides: Partial<MarketplaceOrder> = {}): MarketplaceOrder {
  return {
    marketplaceOrderId: id,
    status: "unshipped",
    marketplaceStatus: "Unshipped",
    purchasedAt: new Date("2026-11-01T10:00:00Z"),
    updatedAt: new Date("2026-11-01T10:00:00Z"),
    currency: "USD",
    buyer: { name: buyer },
    shippingAddress: null,
    lines: [
      { marketplaceLineId: "L1", sku: "SKU-1", title: "Thing", quantity: 2, quantityShipped: 0, unitPrice: money(500) },
    ],
    totals: { subtotal: money(1000), shipping: money(0), tax: money(0), total: money(1000) },
    ...overrides,
  };
}

describe("order queries", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopA: number;
  let shopB: number;
  let accountA: number;
  let accountB: number;
  beforeEach(() => {
    temp = openTempDatabase("orders");
    db = temp.db;
    shopA = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
    shopB = upsertShop(db, { platform: "shopify", domain: "b.myshopify.com" }).id;
    const acc = { marketplace: "amazon" as const, name: "US", region: "na", settings: {}, credentialsEncrypted: "x" };
    accountA = createAccount(db, { shopId: shopA, ...acc }).id;
    accountB = createAccount(db, { shopId: shopB, ...acc }).id;
  });
  afterEach(() => {
    temp.remove();
  });

  it("upserts on account + marketplace order id and reports status changes", () => {
    const first = upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("111", "Ann"),
    });
    expect(first.created).toBe(true);
    const again = upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("111", "Ann", { marketplaceStatus: "Shipped", status: "shipped" }),
    });
    expect(again).toMatchObject({
      created: false,
      marketplaceStatusChanged: true,
      previousMarketplaceStatus: "Unshipped",
    });
    expect(again.order.id).toBe(first.order.id);
    expect(listOrders(db, shopA).total).toBe(1);
  });

  it("scopes every listing by shop", () => {
    upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("111", "Ann"),
    });
    upsertMarketplaceOrder(db, {
      shopId: shopB,
      accountId: accountB,
      marketplace: "amazon",
      order: order("222", "Bob"),
    });
    expect(listOrders(db, shopA).orders.map((o) => o.marketplaceOrderId)).toEqual(["111"]);
    expect(listOrders(db, shopB).orders.map((o) => o.marketplaceOrderId)).toEqual(["222"]);
  });

  it("searches literally: % and _ are not wildcards", () => {
    upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("111", "Ann 100%"),
    });
    upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("112", "Ann 1000"),
    });
    expect(listOrders(db, shopA, { search: "100%" }).orders.map((o) => o.marketplaceOrderId)).toEqual(["111"]);
    expect(listOrders(db, shopA, { search: "_" }).total).toBe(0);
    expect(listOrders(db, shopA, { search: "ann" }).total).toBe(2);
  });
  it("lists the linked, open orders bought within the window for the reconciliation, newest first", () => {
    const at = (iso: string) => ({ purchasedAt: new Date(iso), updatedAt: new Date(iso) });
    const put = (id: string, when: string, shopId = shopA, accountId = accountA) =>
      upsertMarketplaceOrder(db, { shopId, accountId, marketplace: "amazon", order: order(id, "Ann", at(when)) }).order;
    const link = (o: { id: number; shopId: number }) =>
      setShopOrder(db, o.shopId, o.id, { shopOrderId: `gid://${o.id}`, shopOrderName: `#${o.id}`, lines: [] });
    const open = put("open", "2026-11-10T00:00:00Z");
    const partly = put("partly", "2026-11-12T00:00:00Z");
    const failed = put("failed", "2026-11-11T00:00:00Z");
    const shipped = put("shipped", "2026-11-13T00:00:00Z");
    const cancelled = put("cancelled", "2026-11-13T00:00:00Z");
    const old = put("old", "2026-09-01T00:00:00Z");
    put("unlinked", "2026-11-14T00:00:00Z");
    const other = put("other-shop", "2026-11-14T00:00:00Z", shopB, accountB);
    for (const o of [open, partly, failed, shipped, cancelled, old, other]) link(o);
    setFulfillmentStatus(db, shopA, partly.id, "partially_shipped");
    setFulfillmentStatus(db, shopA, failed.id, "failed", { reason: "x", step: "export-shipment" });
    setFulfillmentStatus(db, shopA, shipped.id, "shipped");
    setFulfillmentStatus(db, shopA, cancelled.id, "cancelled");

    const since = new Date("2026-10-23T00:00:00Z");
    expect(
      listOrdersAwaitingShopShipment(db, shopA, { purchasedSince: since, limit: 10 }).map((o) => o.marketplaceOrderId),
    ).toEqual(["partly", "failed", "open"]);
    expect(
      listOrdersAwaitingShopShipment(db, shopA, { purchasedSince: since, limit: 1 }).map((o) => o.marketplaceOrderId),
    ).toEqual(["partly"]);
  });
});
