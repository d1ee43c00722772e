import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DB } from "../client";
import { migrateDatabase } from "../migrate";
import { createAccount } from "./marketplace-accounts";
import { listOrders, upsertMarketplaceOrder } from "./orders";
import { upsertShop } from "./shops";
import type { MarketplaceOrder } from "../../connectors/types";

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
    lines: [{ marketplaceLineId: "L1", sku: "SKU-1", title: "Thing", quantity: 2, quantityShipped: 0, unitPrice: money(500) }],
    totals: { subtotal: money(1000), shipping: money(0), tax: money(0), total: money(1000) },
    ...overrides,
  };
}

describe("order queries", () => {
  let dir: string;
  let db: DB;
  let shopA: number;
  let shopB: number;
  let accountA: number;
  let accountB: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ob-orders-"));
    db = openDatabase(join(dir, "o.sqlite"));
    migrateDatabase(db);
    shopA = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
    shopB = upsertShop(db, { platform: "shopify", domain: "b.myshopify.com" }).id;
    const acc = { marketplace: "amazon" as const, name: "US", region: "na", settings: {}, credentialsEncrypted: "x" };
    accountA = createAccount(db, { shopId: shopA, ...acc }).id;
    accountB = createAccount(db, { shopId: shopB, ...acc }).id;
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("upserts on account + marketplace order id and reports status changes", () => {
    const first = upsertMarketplaceOrder(db, { shopId: shopA, accountId: accountA, marketplace: "amazon", order: order("111", "Ann") });
    expect(first.created).toBe(true);
    const again = upsertMarketplaceOrder(db, {
      shopId: shopA,
      accountId: accountA,
      marketplace: "amazon",
      order: order("111", "Ann", { marketplaceStatus: "Shipped", status: "shipped" }),
    });
    expect(again).toMatchObject({ created: false, marketplaceStatusChanged: true, previousMarketplaceStatus: "Unshipped" });
    expect(again.order.id).toBe(first.order.id);
    expect(listOrders(db, shopA).total).toBe(1);
  });

  it("scopes every listing by shop", () => {
    upsertMarketplaceOrder(db, { shopId: shopA, accountId: accountA, marketplace: "amazon", order: order("111", "Ann") });
    upsertMarketplaceOrder(db, { shopId: shopB, accountId: accountB, marketplace: "amazon", order: order("222", "Bob") });
    expect(listOrders(db, shopA).orders.map((o) => o.marketplaceOrderId)).toEqual(["111"]);
    expect(listOrders(db, shopB).orders.map((o) => o.marketplaceOrderId)).toEqual(["222"]);
  });

  it("searches literally: % and _ are not wildcards", () => {
    upsertMarketplaceOrder(db, { shopId: shopA, accountId: accountA, marketplace: "amazon", order: order("111", "Ann 100%") });
    upsertMarketplaceOrder(db, { shopId: shopA, accountId: accountA, marketplace: "amazon", order: order("112", "Ann 1000") });
    expect(listOrders(db, shopA, { search: "100%" }).orders.map((o) => o.marketplaceOrderId)).toEqual(["111"]);
    expect(listOrders(db, shopA, { search: "_" }).total).toBe(0);
    expect(listOrders(db, shopA, { search: "ann" }).total).toBe(2);
  });
});
