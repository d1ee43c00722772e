import { existsSync } from "node:fs";
import { eq } from "drizzle-orm";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJob, insertJob, listJobs } from "#db/queries/jobs.ts";
import { listOrders } from "#db/queries/orders.ts";
import type { MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import { jobs, marketplaceAccounts } from "#db/schema/index.ts";
import { createMarketplaceAccount, createOrder, createShop } from "../factories/admin-orders";
import { openHydrated, startUiHarness, type UiHarness } from "../setup/ui-harness";

/**
 * The BigCommerce admin UI (BigDesign) in a real browser (Debian's chromium through playwright-core) against
 * the real server in sandbox mode, on a database seeded through db/queries (no emulator: the worker does not
 * run, so Retry's job stays queued).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI)
  throw new Error(`BigCommerce admin UI e2e needs chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!hasChromium)("BigCommerce admin UI (sandbox)", () => {
  let h: UiHarness;
  let browser: Browser;
  let page: Page;
  let store: Shop;
  let account: MarketplaceAccount;
  let failedId: number;
  let otherStoreOrderId: number;
  /** Uncaught errors, and React's complaints (hydration mismatches, invalid hooks, unknown DOM props). */
  const pageErrors: string[] = [];

  /** The orders in the table: one primary link per row. */
  const rowLinks = () => page.locator("a[data-primary-link]");

  beforeAll(async () => {
    // No Etsy app keys: "Connect Etsy" has no consent page to open, and says why.
    h = await startUiHarness({ sandbox: true, env: { ETSY_KEYSTRING: "" } });
    const ctx = h.app.ctx;
    store = createShop(ctx, { platform: "bigcommerce", domain: "e2estore1", name: "E2E store" });
    account = createMarketplaceAccount(ctx, store);
    const paused = createMarketplaceAccount(ctx, store, { marketplace: "ebay", name: "paused_seller" });
    h.db.update(marketplaceAccounts).set({ enabled: false }).where(eq(marketplaceAccounts.id, paused.id)).run();
    for (let i = 1; i <= 26; i++) {
      createOrder(ctx, account, {
        marketplaceOrderId: `111-${String(i).padStart(7, "0")}`,
        purchasedAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
      });
    }
    failedId = createOrder(ctx, account, {
      marketplaceOrderId: "111-FAILED-1",
      buyerName: "Grace Hopper",
      purchasedAt: new Date(Date.UTC(2025, 1, 1)),
      sku: "MISSING-1",
      failed: { reason: "No product with SKU MISSING-1 in the store", step: "create-shop-order" },
    }).id;
    createOrder(ctx, account, {
      marketplaceOrderId: "111-SHIPPED-1",
      buyerName: "Alan Turing",
      purchasedAt: new Date(Date.UTC(2025, 1, 2)),
      shopOrderId: "123",
      shipment: { carrierName: "UPS", trackingNumber: "1Z999AA10123456784" },
    });
    const other = createShop(ctx, { platform: "bigcommerce", domain: "otherstore", name: "Other store" });
    otherStoreOrderId = createOrder(ctx, createMarketplaceAccount(ctx, other), {
      marketplaceOrderId: "OTHER-STORE-1",
    }).id;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openHydrated(page, `${h.http.url}/bc`);
    page.on("pageerror", (e) => {
      // Vite's dev client tries its HMR socket even with hmr off; that is not the app's error.
      if (!/WebSocket/.test(e.message)) pageErrors.push(e.message);
    });
    page.on("console", (m) => {
      if (m.type() === "error" && /hydrat|did not match|Invalid hook call|React does not recognize/i.test(m.text()))
        pageErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("lists the store's orders, server-rendered with BigDesign's styles, and hydrates cleanly", async () => {
    const res = await page.goto(`${h.http.url}/bc`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    await expect.poll(() => rowLinks().count()).toBe(25);
    expect(await page.getByText("111-SHIPPED-1", { exact: true }).count()).toBe(1);
    expect(await page.getByText("#123", { exact: true }).count()).toBe(1);
    expect(await page.getByText("OTHER-STORE-1").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "OrderBridge" }).count()).toBe(1);
    expect(await page.getByText(/^Sandbox mode/).count()).toBe(1);
    // BigDesign's GlobalStyles apply (its font stack), and styled-components runs one live sheet after hydration.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/Source Sans/);
    expect(await page.locator("head style[data-styled]").count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it("pages through the orders", async () => {
    await page.goto(`${h.http.url}/bc`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Next page" }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => rowLinks().count()).toBe(3);
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.waitForURL((url) => !url.searchParams.has("page"));
    await expect.poll(() => rowLinks().count()).toBe(25);
  });

  it("filters by status with the tabs and searches by buyer", async () => {
    await page.goto(`${h.http.url}/bc`, { waitUntil: "networkidle" });
    await page.getByRole("tab", { name: "Failed (1)" }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => rowLinks().count()).toBe(1);
    expect(await page.getByRole("tab", { name: "Failed (1)" }).getAttribute("aria-selected")).toBe("true");

    await page.getByRole("tab", { name: /^All/ }).click();
    await page.waitForURL((url) => !url.searchParams.has("status"));
    await page.getByPlaceholder(/Search by order number/).fill("turing");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=turing/);
    // Wait for the rows themselves: the previous list (one failed order) also has one row.
    await expect.poll(() => rowLinks().allInnerTexts()).toEqual(["111-SHIPPED-1"]);
  });

  it("opens an order's detail with its timeline, keeping the list's filters for the way back", async () => {
    await page.goto(`${h.http.url}/bc?status=failed`, { waitUntil: "networkidle" });
    await rowLinks().first().click();
    await page.waitForURL(new RegExp(`/bc/orders/${failedId}\\?status=failed$`));
    await expect.poll(() => page.locator("li[data-timeline-kind]").count()).toBe(2);
    expect(await page.getByRole("heading", { name: "111-FAILED-1" }).count()).toBe(1);
    expect(await page.getByText("No product with SKU MISSING-1 in the store").count()).toBeGreaterThan(0);
    expect(await page.locator("li[data-timeline-kind='create-shop-order.failed']").innerText()).toMatch(
      /No product with SKU/,
    );
    await page.getByRole("link", { name: "← Orders" }).click();
    await page.waitForURL(/\/bc\?status=failed$/);
    await expect.poll(() => rowLinks().count()).toBe(1);
  });

  it("Retry on a failed order enqueues its step and adds 'Retry requested' to the timeline", async () => {
    await page.goto(`${h.http.url}/bc/orders/${failedId}`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Retry", exact: true }).click();
    await expect.poll(() => page.getByText("Retry queued: 1 step will run again.").count()).toBe(1);
    await expect.poll(() => page.locator("li[data-timeline-kind='order.retry_requested']").count()).toBe(1);
    expect(listJobs(h.db, { shopId: store.id, type: "create-shop-order" }).map((j) => j.payload)).toEqual([
      { orderId: failedId },
    ]);
  });

  it("answers 404 for an unknown order and for another store's order", async () => {
    for (const id of [999999, otherStoreOrderId]) {
      const res = await page.goto(`${h.http.url}/bc/orders/${id}`);
      expect(res?.status()).toBe(404);
      expect(await page.getByText("This order does not exist in this shop.").count()).toBe(1);
    }
  });

  it("lists the store's marketplace accounts with their status; Connect says why it cannot connect", async () => {
    await page.goto(`${h.http.url}/bc?store=e2estore1`, { waitUntil: "networkidle" });
    expect(await page.getByRole("heading", { name: "Marketplace accounts" }).count()).toBe(1);
    expect(await page.getByText("Amazon · US", { exact: true }).count()).toBe(1);
    expect(await page.getByText("eBay · paused_seller", { exact: true }).count()).toBe(1);
    expect(await page.getByText("Importing", { exact: true }).count()).toBe(1);
    expect(await page.getByText("Paused", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Connect eBay" }).count()).toBe(1);

    // A click before the page has hydrated does nothing (a loaded machine hydrates late): click until it answers.
    const notSetUp = page.getByText("Etsy is not set up for this app yet (missing app keys or APP_URL).");
    await expect
      .poll(async () => {
        if ((await notSetUp.count()) === 0) await page.getByRole("button", { name: "Connect Etsy" }).click();
        return notSetUp.count();
      })
      .toBe(1);
    expect(new URL(page.url()).pathname).toBe("/bc");
    expect(pageErrors).toEqual([]);
  });

  it("shows the banner the connect callback asks for, and closing it drops its parameters", async () => {
    await page.goto(`${h.http.url}/bc?connect_error=denied&marketplace=etsy&status=failed`, {
      waitUntil: "networkidle",
    });
    await expect
      .poll(() => page.getByText("Etsy access was not granted, so no account was connected.").count())
      .toBe(1);
    await page.getByRole("button", { name: "Close" }).click();
    await page.waitForURL((url) => !url.searchParams.has("connect_error"));
    expect(new URL(page.url()).search).toBe("?status=failed");
    await expect.poll(() => page.getByText("Etsy access was not granted").count()).toBe(0);

    await page.goto(`${h.http.url}/bc?connected=ebay`, { waitUntil: "networkidle" });
    expect(await page.getByText("eBay account connected. Its orders will be imported shortly.").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("shows new orders as they are imported, without reloading", async () => {
    await page.goto(`${h.http.url}/bc?q=111-NEW`, { waitUntil: "networkidle" });
    expect(await rowLinks().count()).toBe(0);
    createOrder(h.app.ctx, account, { marketplaceOrderId: "111-NEW-1", purchasedAt: new Date() });
    await expect.poll(() => page.getByText("111-NEW-1", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("Failed work lists the dead steps with their order and account; Retry selected queues the chosen ones", async () => {
    const order = listOrders(h.db, store.id, { search: "111-0000003" }).orders[0]!;
    const dead = (type: "create-shop-order" | "poll-account", payload: Record<string, number>, error: string) => {
      const id = insertJob(h.db, { shopId: store.id, type, payload, idempotencyKey: `${type}:e2e:${order.id}` })!;
      h.db
        .update(jobs)
        .set({ status: "dead", attempts: 3, lastError: error, finishedAt: new Date() })
        .where(eq(jobs.id, id))
        .run();
      return id;
    };
    const created = dead(
      "create-shop-order",
      { orderId: order.id },
      "BigCommerce refused the order: the product is disabled",
    );
    const polled = dead("poll-account", { accountId: account.id }, "Amazon answered in a form OrderBridge cannot read");

    await page.goto(`${h.http.url}/bc`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Failed work" }).click();
    await page.waitForURL(/\/bc\/failed-work/);
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain("Import new orders from Amazon");
    expect(await rows.nth(1).innerText()).toContain("Create the order in BigCommerce");
    expect(await rows.nth(1).getByRole("link", { name: "111-0000003" }).count()).toBe(1);
    expect(await page.getByText("the product is disabled", { exact: false }).count()).toBe(1);

    // BigDesign hides the input behind its styled box: the merchant clicks the box (the input's label).
    await rows.nth(1).locator("label").first().click();
    await page.getByRole("button", { name: "Retry selected" }).click();
    await expect.poll(() => page.getByText(/^1 step queued again/).count()).toBe(1);
    expect(getJob(h.db, created)).toMatchObject({ status: "queued", attempts: 0 });
    expect(getJob(h.db, polled)?.status).toBe("dead");
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByRole("button", { name: "Retry all (1)" }).click();
    await expect.poll(() => getJob(h.db, polled)?.status).toBe("queued");
    await expect.poll(() => page.getByText("No failed work.", { exact: false }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
