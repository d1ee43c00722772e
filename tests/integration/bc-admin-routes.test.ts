import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigCommerceSessionCookie } from "#app/.server/bigcommerce-session.ts";
import { listJobs } from "#db/queries/jobs.ts";
import { markShopUninstalled, type Shop } from "#db/queries/shops.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { createMarketplaceAccount, createOrder, createShop } from "../factories/admin-orders";
import { eq } from "drizzle-orm";
import { insertJob } from "#db/queries/jobs.ts";
import {
  clearAccountAuthorizationLost,
  listAccounts,
  markAccountAuthorizationLost,
} from "#db/queries/marketplace-accounts.ts";
import { clearShopAuthorizationLost, markShopAuthorizationLost } from "#db/queries/shops.ts";
import { jobs } from "#db/schema/index.ts";
import { startUiHarness, type UiHarness } from "../setup/ui-harness";

/**
 * The BigCommerce admin UI's loaders and action through the real Express/Remix server: Remix data requests
 * (`?_data=<route id>`) answer the loader's JSON, document requests the server-rendered page.
 */
const LIST = "routes/bc._index";
const DETAIL = "routes/bc.orders.$orderId";

function dataUrl(base: string, path: string, routeId: string, params: Record<string, string> = {}): string {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set("_data", routeId);
  return url.toString();
}

interface Seeded {
  storeA: Shop;
  storeB: Shop;
  failedId: number;
  shippedId: number;
  otherStoreOrderId: number;
}

/** Store A: 30 orders (one failed, one with a shop order and a shipment); store B: one order. */
function seed(h: UiHarness): Seeded {
  const ctx = h.app.ctx;
  const storeA = createShop(ctx, { platform: "bigcommerce", domain: "abc123", name: "Store A" });
  const storeB = createShop(ctx, { platform: "bigcommerce", domain: "zzz999", name: "Store B" });
  const accountA = createMarketplaceAccount(ctx, storeA);
  const accountB = createMarketplaceAccount(ctx, storeB, { marketplace: "ebay", name: "eBay US" });
  for (let i = 1; i <= 27; i++) {
    createOrder(ctx, accountA, {
      marketplaceOrderId: `A-${String(i).padStart(3, "0")}`,
      purchasedAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
    });
  }
  const failed = createOrder(ctx, accountA, {
    marketplaceOrderId: "A-FAILED",
    buyerName: "Grace Hopper",
    purchasedAt: new Date(Date.UTC(2025, 1, 1)),
    failed: { reason: "SKU MISSING-1 is not sold in this store", step: "create-shop-order" },
    sku: "MISSING-1",
  });
  const shipped = createOrder(ctx, accountA, {
    marketplaceOrderId: "A-SHIPPED",
    buyerName: "Alan Turing",
    purchasedAt: new Date(Date.UTC(2025, 1, 2)),
    shopOrderId: "101",
    shipment: { carrierName: "UPS", trackingNumber: "1Z999AA10123456784" },
  });
  createOrder(ctx, accountA, { marketplaceOrderId: "A-LAST", purchasedAt: new Date(Date.UTC(2025, 1, 3)) });
  const other = createOrder(ctx, accountB, { marketplaceOrderId: "B-ONLY", buyerName: "Other Store Buyer" });
  return { storeA, storeB, failedId: failed.id, shippedId: shipped.id, otherStoreOrderId: other.id };
}

describe("BigCommerce admin routes (sandbox)", () => {
  let h: UiHarness;
  let s: Seeded;
  beforeAll(async () => {
    h = await startUiHarness({ sandbox: true });
    s = seed(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists the first BigCommerce store's orders, newest first, 25 a page, with counts per status", async () => {
    const res = await fetch(dataUrl(h.http.url, "/bc", LIST));
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.total).toBe(30);
    expect(data.allCount).toBe(30);
    expect(data.orders).toHaveLength(25);
    expect(data.orders.slice(0, 3).map((o: { marketplaceOrderId: string }) => o.marketplaceOrderId)).toEqual([
      "A-LAST",
      "A-SHIPPED",
      "A-FAILED",
    ]);
    expect(data.statuses.find((x: { status: string }) => x.status === "failed").count).toBe(1);
    const shipped = data.orders[1];
    expect(shipped).toMatchObject({
      shopOrderName: "#101",
      marketplaceName: "Amazon",
      total: "$24.99",
      fulfillmentStatus: "unshipped",
    });
    // Sandbox: the emulated store has no control panel to link to.
    expect(shipped.controlPanelUrl).toBeNull();
    expect(JSON.stringify(data)).not.toContain("B-ONLY");
    expect(JSON.stringify(data)).not.toMatch(/credential|refreshToken/i);
  });

  it("says which authorisation was refused and what waits on it, and marks the account for a reconnect", async () => {
    const db = h.app.ctx.db;
    const [account] = listAccounts(db, s.storeA.id);
    markShopAuthorizationLost(db, s.storeA.id, "refused twice");
    markAccountAuthorizationLost(db, s.storeA.id, account!.id, "invalid_grant");
    insertJob(db, { shopId: s.storeA.id, type: "poll-account", payload: { accountId: account!.id } });
    db.update(jobs)
      .set({ status: "parked", parkedOn: `account:${account!.id}` })
      .where(eq(jobs.shopId, s.storeA.id))
      .run();
    try {
      const data = await (await fetch(dataUrl(h.http.url, "/bc", LIST))).json();
      expect(data.authorizationNotices.map((n: { title: string }) => n.title)).toEqual([
        "BigCommerce no longer accepts OrderBridge's access to this store",
        `Amazon (${account!.name}) no longer accepts OrderBridge's authorisation`,
      ]);
      expect(data.authorizationNotices[1].message).toMatch(/^1 step is waiting: /);
      expect(data.authorizationNotices[1].reconnect).toBe("amazon"); // Amazon reconnects by consent, in its region
      expect(data.accounts[0]).toMatchObject({ expired: true, lastPollError: null });
      // The page itself renders the notice (server-side, in BigDesign's Message).
      const html = await (await fetch(`${h.http.url}/bc`)).text();
      expect(html).toContain("BigCommerce no longer accepts OrderBridge&#x27;s access to this store");
    } finally {
      clearShopAuthorizationLost(db, s.storeA.id);
      clearAccountAuthorizationLost(db, s.storeA.id, account!.id);
      db.delete(jobs).where(eq(jobs.shopId, s.storeA.id)).run();
    }
    const after = await (await fetch(dataUrl(h.http.url, "/bc", LIST))).json();
    expect(after.authorizationNotices).toEqual([]);
  });

  it("pages, filters by status and searches", async () => {
    const page2 = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { page: "2" }))).json();
    expect(page2.page).toBe(2);
    expect(page2.orders).toHaveLength(5);
    const big = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { perPage: "50" }))).json();
    expect(big.orders).toHaveLength(30);
    const odd = await (
      await fetch(dataUrl(h.http.url, "/bc", LIST, { perPage: "7", page: "-3", status: "nope" }))
    ).json();
    expect(odd).toMatchObject({ pageSize: 25, page: 1, status: null });

    const failed = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { status: "failed" }))).json();
    expect(failed.orders.map((o: { id: number }) => o.id)).toEqual([s.failedId]);
    const byBuyer = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { q: "turing" }))).json();
    expect(byBuyer.orders.map((o: { id: number }) => o.id)).toEqual([s.shippedId]);
    const byShopOrder = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { q: "#101" }))).json();
    expect(byShopOrder.orders.map((o: { id: number }) => o.id)).toEqual([s.shippedId]);
  });

  it("picks another store with ?store= and never shows one store's orders in another", async () => {
    const b = await (await fetch(dataUrl(h.http.url, "/bc", LIST, { store: "zzz999" }))).json();
    expect(b.orders.map((o: { marketplaceOrderId: string }) => o.marketplaceOrderId)).toEqual(["B-ONLY"]);
    expect(b.accounts.map((a: { marketplaceName: string }) => a.marketplaceName)).toEqual(["eBay"]);

    const crossStore = await fetch(dataUrl(h.http.url, `/bc/orders/${s.otherStoreOrderId}`, DETAIL));
    expect(crossStore.status).toBe(404);
    const unknownStore = await fetch(dataUrl(h.http.url, "/bc", LIST, { store: "nope" }));
    expect(unknownStore.status).toBe(404);
  });

  it("shows an order's lines, shipments and timeline", async () => {
    const res = await fetch(dataUrl(h.http.url, `/bc/orders/${s.shippedId}`, DETAIL));
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d.order).toMatchObject({
      marketplaceOrderId: "A-SHIPPED",
      shopOrderName: "#101",
      accountName: "US",
      totals: { total: "$24.99" },
    });
    expect(d.lines).toEqual([
      expect.objectContaining({ sku: "SKU-1", quantity: 1, unitPrice: "$19.99", total: "$19.99" }),
    ]);
    expect(d.shipments).toEqual([
      expect.objectContaining({ carrierName: "UPS", trackingNumber: "1Z999AA10123456784", exportStatus: "pending" }),
    ]);
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(["order.imported", "shop_order.created"]);
    expect(d.controlPanelUrl).toBeNull();
  });

  it("answers 404 for an unknown or malformed order id", async () => {
    for (const id of ["999999", "abc", "1e3"]) {
      const res = await fetch(dataUrl(h.http.url, `/bc/orders/${id}`, DETAIL));
      expect(res.status, id).toBe(404);
    }
  });

  it("Retry enqueues the failed step again and says so on the timeline", async () => {
    const res = await fetch(dataUrl(h.http.url, `/bc/orders/${s.failedId}`, DETAIL), {
      method: "POST",
      body: new URLSearchParams({ intent: "retry" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tone: "success", message: "Retry queued: 1 step will run again." });
    const jobs = listJobs(h.db, { shopId: s.storeA.id, type: "create-shop-order" });
    expect(jobs.map((j) => j.payload)).toEqual([{ orderId: s.failedId }]);
    expect(listTimeline(h.db, s.storeA.id, s.failedId).at(-1)?.kind).toBe("order.retry_requested");

    const unknown = await fetch(dataUrl(h.http.url, `/bc/orders/${s.failedId}`, DETAIL), {
      method: "POST",
      body: new URLSearchParams({ intent: "delete" }),
    });
    expect(unknown.status).toBe(400);
    const otherStore = await fetch(dataUrl(h.http.url, `/bc/orders/${s.otherStoreOrderId}`, DETAIL), {
      method: "POST",
      body: new URLSearchParams({ intent: "retry" }),
    });
    expect(otherStore.status).toBe(404);
    expect(listJobs(h.db, { shopId: s.storeB.id })).toEqual([]);
  });

  it("renders the page on the server with BigDesign's styles in <head>", async () => {
    const res = await fetch(`${h.http.url}/bc?status=failed`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toMatch(/<style data-styled="true" data-styled-version="5\.[\d.]+">/);
    // The rules the page's elements use are there: a class on the table is defined in the head.
    const tableClass = /<table[^>]*class="([^"]+)"/.exec(html)?.[1]?.split(" ").at(-1);
    expect(tableClass).toBeTruthy();
    expect(head).toContain(`.${tableClass}{`);
    expect(html).toContain("OrderBridge");
    expect(html).toContain("A-FAILED");
    expect(html).toContain("Sandbox mode");
  });
});

describe("BigCommerce admin routes (with a BigCommerce session)", () => {
  let h: UiHarness;
  let s: Seeded;
  const cookieFor = (storeHash: string) => bigCommerceSessionCookie(h.app.ctx, { storeHash, userId: 7 }).split(";")[0]!;

  beforeAll(async () => {
    h = await startUiHarness({ sandbox: false });
    s = seed(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers 401 without the session cookie set by /bigcommerce/load, or with a forged one", async () => {
    expect((await fetch(dataUrl(h.http.url, "/bc", LIST))).status).toBe(401);
    expect((await fetch(dataUrl(h.http.url, "/bc", LIST, { store: "abc123" }))).status).toBe(401);
    const forged = await fetch(dataUrl(h.http.url, "/bc", LIST), { headers: { cookie: "ob_bc_session=forged" } });
    expect(forged.status).toBe(401);
    const page = await fetch(`${h.http.url}/bc`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain("Open OrderBridge from your BigCommerce control panel");
  });

  it("shows the session's store only, with links to its control panel", async () => {
    const cookie = cookieFor("zzz999");
    // ?store= does nothing outside sandbox: the session decides.
    const b = await (
      await fetch(dataUrl(h.http.url, "/bc", LIST, { store: "abc123" }), { headers: { cookie } })
    ).json();
    expect(b.orders.map((o: { marketplaceOrderId: string }) => o.marketplaceOrderId)).toEqual(["B-ONLY"]);
    const cross = await fetch(dataUrl(h.http.url, `/bc/orders/${s.shippedId}`, DETAIL), { headers: { cookie } });
    expect(cross.status).toBe(404);

    const a = await (
      await fetch(dataUrl(h.http.url, "/bc", LIST, { q: "A-SHIPPED" }), { headers: { cookie: cookieFor("abc123") } })
    ).json();
    expect(a.orders[0].controlPanelUrl).toBe("https://store-abc123.mybigcommerce.com/manage/orders/101");
    const detail = await (
      await fetch(dataUrl(h.http.url, `/bc/orders/${s.shippedId}`, DETAIL), {
        headers: { cookie: cookieFor("abc123") },
      })
    ).json();
    expect(detail.controlPanelUrl).toBe("https://store-abc123.mybigcommerce.com/manage/orders/101");
  });

  it("answers 403 once the store has uninstalled the app", async () => {
    markShopUninstalled(h.db, s.storeB.id);
    const res = await fetch(dataUrl(h.http.url, "/bc", LIST), { headers: { cookie: cookieFor("zzz999") } });
    expect(res.status).toBe(403);
  });
});
