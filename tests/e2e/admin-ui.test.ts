import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, listAccounts } from "#db/queries/marketplace-accounts.ts";
import { countOrdersByStatus, getOrder, listOrders } from "#db/queries/orders.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { demoAmazonOrder } from "../sandbox/seed-sandbox";
import { listingLagMs, startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * The admin UI in a real browser (Debian's chromium through playwright-core) against the real server in
 * sandbox mode: emulators, the demo shop and Amazon account, orders imported by the worker.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI)
  throw new Error(`admin UI e2e needs chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!hasChromium)("admin UI (sandbox)", () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** The orders in the table: one primary link per row. */
  const rowLinks = () => page.locator("a[data-primary-link]");

  beforeAll(async () => {
    // Order 2 of the demo data has a SKU the shop does not sell: it fails, which gives Retry something to do.
    h = await startHarness({ initialOrders: 4 });
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    await waitFor(() => listOrders(h.db, h.shopId).total === 4 && countOrdersByStatus(h.db, h.shopId).failed === 1, {
      what: "4 imported orders, 1 failed",
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await warmUp();
    page.on("pageerror", (e) => {
      // Vite's dev client tries its HMR socket even with hmr off; that is not the app's error.
      if (!/WebSocket/.test(e.message)) pageErrors.push(e.message);
    });
  });

  /**
   * A fresh Vite dev server discovers the client's dependencies on the first page load and re-bundles them;
   * without its HMR socket the page that triggered it keeps two copies of React and fails to hydrate. Load
   * the pages until one hydrates cleanly. (No-op once vite.config.ts sets remix `future.unstable_optimizeDeps`,
   * which makes Vite scan the routes up front.)
   */
  async function warmUp() {
    for (let attempt = 1; ; attempt++) {
      const errors: string[] = [];
      const onConsole = (m: { type(): string; text(): string }) => {
        if (m.type() === "error" && /Invalid hook call|hydration/i.test(m.text())) errors.push(m.text());
      };
      page.on("console", onConsole);
      await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
      await page.waitForTimeout(300);
      page.off("console", onConsole);
      if (errors.length === 0) return;
      if (attempt === 3) throw new Error(`The admin UI does not hydrate: ${errors[0]}`);
    }
  }

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("lists the imported orders with their status", async () => {
    const res = await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    await expect.poll(() => rowLinks().count()).toBe(4);
    for (const o of listOrders(h.db, h.shopId).orders) {
      await expect.poll(() => page.getByText(o.marketplaceOrderId, { exact: true }).count()).toBe(1);
    }
    expect(await page.getByText("Sandbox mode: emulated Shopify, Amazon, eBay and Etsy").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("filters by status with the tabs and searches by buyer", async () => {
    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    await page.getByRole("tab", { name: /^Failed/ }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => rowLinks().count()).toBe(1);

    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    const buyer = listOrders(h.db, h.shopId).orders[0]!.buyerName!;
    const expected = listOrders(h.db, h.shopId, { search: buyer }).total;
    await page.getByPlaceholder(/Search by order number/).fill(buyer);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => rowLinks().count()).toBe(expected);
  });

  it("opens an order's detail, keeping the list's filters for the way back", async () => {
    const failed = listOrders(h.db, h.shopId, { status: "failed" }).orders[0]!;
    await page.goto(`${h.http.url}/app?status=failed`, { waitUntil: "networkidle" });
    await rowLinks().first().click();
    await page.waitForURL(new RegExp(`/app/orders/${failed.id}\\?status=failed$`));
    await expect.poll(() => page.locator("li[data-timeline-kind]").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: failed.marketplaceOrderId }).count()).toBe(1);
    expect(await page.getByText(failed.failureReason!).count()).toBeGreaterThan(0);
  });

  it("Retry on a failed order adds a 'Retry requested' event to the timeline", async () => {
    const failed = listOrders(h.db, h.shopId, { status: "failed" }).orders[0]!;
    await page.goto(`${h.http.url}/app/orders/${failed.id}`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Retry", exact: true }).click();
    await expect.poll(() => page.getByText("Retry queued: 1 step will run again.").count()).toBe(1);
    await expect.poll(() => page.locator("li[data-timeline-kind='order.retry_requested']").count()).toBe(1);
    expect(await page.locator("li[data-timeline-kind='order.retry_requested']").innerText()).toMatch(/Retry requested/);
  });

  it("Failed work lists the order's failed step; Retry on the chosen rows queues it again", async () => {
    await h.queueIdle(); // the previous test's Retry has run (and failed again on the SKU)
    const failed = listOrders(h.db, h.shopId, { status: "failed" }).orders[0]!;
    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Failed work" }).click();
    await page.waitForURL(/\/app\/failed-work/);
    const row = page.locator("tbody tr");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain("Create the order in Shopify");
    expect(await row.getByRole("link", { name: failed.marketplaceOrderId }).count()).toBe(1);
    await row.getByRole("checkbox").check({ force: true });
    await page.getByRole("button", { name: "Retry", exact: true }).click();
    await expect.poll(() => page.getByText(/^1 step queued again/).count()).toBe(1);
    await h.queueIdle();
    const kinds = listTimeline(h.db, h.shopId, failed.id).map((e) => e.kind);
    expect(kinds.filter((k) => k === "order.retry_requested")).toHaveLength(2);
    expect(pageErrors).toEqual([]);
  });

  it("Map SKU and retry on a failed order: the order is created with the shop's product", async () => {
    await h.queueIdle(); // the previous test's Retry has run (and failed again on the SKU)
    const failed = listOrders(h.db, h.shopId, { status: "failed" }).orders[0]!;
    await page.goto(`${h.http.url}/app/orders/${failed.id}`, { waitUntil: "networkidle" });
    await page.getByLabel("Shopify SKU").fill("SHOE-TRAIL-42");
    await page.getByRole("button", { name: "Map SKU and retry" }).click();
    await expect.poll(() => page.getByText(/is now sold as SHOE-TRAIL-42/).count()).toBe(1);
    await waitFor(() => getOrder(h.db, h.shopId, failed.id)?.shopOrderId ?? null, {
      what: "mapped order created in the shop",
    });
    await expect.poll(() => page.locator("li[data-timeline-kind='sku.mapped']").count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText("→ SHOE-TRAIL-42").count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("an account's page: pause and resume its import, rename it", async () => {
    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: /^Amazon · / }).click();
    await page.waitForURL(/\/app\/accounts\/\d+/);
    await expect.poll(() => page.getByText("Last successful sync:", { exact: false }).count()).toBe(1);
    await page.getByRole("button", { name: "Pause import" }).click();
    await expect.poll(() => page.getByText(/is paused: no new order is imported/).count()).toBe(1);
    await expect.poll(() => page.getByText("Paused", { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Resume import" }).click();
    await expect.poll(() => page.getByText(/is importing again/).count()).toBe(1);
    await page.getByLabel("Account name").fill("Amazon North America");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => page.getByText("The account is now called Amazon North America.").count()).toBe(1);
    await expect.poll(() => page.getByRole("heading", { name: "Amazon North America" }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("an account's import settings: a wrong value is named and nothing saved; a good one is kept", async () => {
    await page.goto(`${h.http.url}/app/accounts/${h.accountId}`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Import settings" }).click();
    await page.waitForURL(/\/app\/accounts\/\d+\/settings/);
    await page.getByLabel("When a product is not in the shop").selectOption("custom_line");
    await page.getByLabel("Name and phone on the shop order").selectOption("merchant");
    await page.getByLabel("Your email").fill("orders@ada.example");
    await page.getByLabel("Sync every (minutes)").fill("10");
    // No name for the merchant's contact: the server names the field.
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByText(/Give the name the shop orders carry/).count()).toBeGreaterThan(0);
    const stored = () => getAccount(h.db, h.shopId, h.accountId)!;
    expect(stored().importRules).toEqual({});

    await page.getByLabel("Your name").fill("Ada Outfitters");
    await page.getByLabel("Let the shop email its own order confirmation to the buyer").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByText(/Settings of .* saved/).count()).toBe(1);
    expect(stored()).toMatchObject({
      pollIntervalSeconds: 600,
      importRules: {
        unmatchedProducts: "custom_line",
        contact: "merchant",
        merchantName: "Ada Outfitters",
        merchantEmail: "orders@ada.example",
        sendShopConfirmation: true,
      },
    });
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.getByLabel("When a product is not in the shop").inputValue()).toBe("custom_line");
    expect(await page.getByLabel("Your name").inputValue()).toBe("Ada Outfitters");
    // Back to the defaults, so the tests after this one see the import as it was.
    await page.getByLabel("When a product is not in the shop").selectOption("hold");
    await page.getByLabel("Name and phone on the shop order").selectOption("buyer");
    await page.getByLabel("Let the shop email its own order confirmation to the buyer").uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => stored().importRules.unmatchedProducts).toBe("hold");
    expect(pageErrors).toEqual([]);
  });

  it("SKU mappings: a bundle, a refused SKU, a confirmation, search, edit, CSV import and export, delete", async () => {
    await page.goto(`${h.http.url}/app/sku-mappings`, { waitUntil: "networkidle" });
    const addForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add mapping" }) });
    const add = async (marketplaceSku: string, shopSkus: [string, string][]) => {
      await addForm.getByLabel("Marketplace SKU").fill(marketplaceSku);
      for (const [i, [sku, quantity]] of shopSkus.entries()) {
        if (i > 0) await addForm.getByRole("button", { name: "Add another shop SKU (bundle)" }).click();
        await addForm.getByLabel(i === 0 ? "Shopify SKU" : `Shopify SKU ${i + 1}`, { exact: true }).fill(sku);
        await addForm.getByLabel("Quantity").nth(i).fill(quantity);
      }
      await addForm.getByRole("button", { name: "Add mapping" }).click();
    };
    // A bundle: one kit = a headlamp and two bottles.
    await add("E2E-KIT", [
      ["LAMP-HEAD-400", "1"],
      ["BOTTLE-750-STEEL", "2"],
    ]);
    await expect
      .poll(() =>
        page
          .getByText("Amazon SKU E2E-KIT is now sold as LAMP-HEAD-400 + BOTTLE-750-STEEL × 2.", { exact: false })
          .count(),
      )
      .toBe(1);
    await expect
      .poll(() => page.getByRole("cell", { name: "LAMP-HEAD-400 + BOTTLE-750-STEEL × 2" }).count())
      .toBeGreaterThan(0);

    // Longer than Amazon allows: the field says so, nothing is added.
    await add("A".repeat(41), [["SOCK-MERINO-3", "1"]]);
    await expect
      .poll(() => page.getByText(/Marketplace SKU is longer than Amazon allows: at most 40 characters/).count())
      .toBeGreaterThan(0);

    // A SKU the shop sells itself: asked, then mapped with "Map anyway".
    await add("SOCK-MERINO-3", [["BOTTLE-750-STEEL", "1"]]);
    await expect.poll(() => page.getByText(/Shopify sells SOCK-MERINO-3 itself/).count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Map anyway" }).click();
    await expect
      .poll(() => page.getByText(/Amazon SKU SOCK-MERINO-3 is now sold as BOTTLE-750-STEEL\./).count())
      .toBeGreaterThan(0);

    // Search: the query is in the URL; only the kit is listed.
    await page.getByLabel("Search SKUs").fill("E2E-KIT");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/[?&]q=E2E-KIT/);
    await expect.poll(() => page.getByRole("cell", { name: "SOCK-MERINO-3", exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByRole("cell", { name: "E2E-KIT", exact: true }).count()).toBeGreaterThan(0);

    // Edit the kit: three bottles instead of two; the answer says what it replaced.
    await page.getByRole("button", { name: "Edit the mapping of E2E-KIT" }).click();
    await page.getByRole("table").getByLabel("Quantity").nth(1).fill("3");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(() => page.getByText(/It replaces the earlier mapping to LAMP-HEAD-400 \+ BOTTLE-750-STEEL × 2\./).count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole("cell", { name: "LAMP-HEAD-400 + BOTTLE-750-STEEL × 3" }).count())
      .toBeGreaterThan(0);

    // CSV: a bad row is named with its line and nothing is imported; a good file is.
    const header = "marketplace,account,marketplace_sku,shop_sku,quantity\n";
    const importFile = async (csv: string) => {
      await page
        .locator("input[name=file]")
        .setInputFiles({ name: "m.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByRole("button", { name: "Import CSV" }).click();
    };
    await importFile(`${header}amazon,,E2E-CSV,JACKET-RAIN-M,1\namazon,,E2E-CSV-2,JACKET-RAIN-M,many\n`);
    await expect
      .poll(() => page.getByText("Line 3, quantity: Quantity must be a whole number from 1 to 999.").count())
      .toBeGreaterThan(0);
    await importFile(`${header}amazon,,E2E-CSV,JACKET-RAIN-M,1\n`);
    await expect.poll(() => page.getByText(/^Imported 1 mapping\./).count()).toBeGreaterThan(0);
    const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await (await fetch(new URL(exportHref!, h.http.url))).text();
    expect(csv).toContain("amazon,,E2E-CSV,JACKET-RAIN-M,1");
    expect(csv).toContain("amazon,,E2E-KIT,BOTTLE-750-STEEL,3");

    // Delete them again, so the tests after this one import as before.
    await page.goto(`${h.http.url}/app/sku-mappings`, { waitUntil: "networkidle" });
    for (const sku of ["E2E-CSV", "E2E-KIT", "SOCK-MERINO-3"]) {
      await page.getByRole("button", { name: `Delete the mapping of ${sku}` }).click();
      await expect.poll(() => page.getByRole("button", { name: `Delete the mapping of ${sku}` }).count()).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  });

  it("answers 404 for an order that is not in the shop", async () => {
    const res = await page.goto(`${h.http.url}/app/orders/999999`);
    expect(res?.status()).toBe(404);
    expect(await page.getByText("This order does not exist in this shop.").count()).toBe(1);
  });

  it("shows new orders as they are imported, without reloading", async () => {
    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    await expect.poll(() => rowLinks().count()).toBe(4);
    const seeded = await h.amazon.seedOrder(demoAmazonOrder(42));
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    await expect.poll(() => page.getByText(seeded.AmazonOrderId, { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("Connect Amazon with a region goes through Seller Central's consent and lists the new account", async () => {
    await page.goto(`${h.http.url}/app`, { waitUntil: "networkidle" });
    await page.getByLabel("Amazon region").selectOption("eu");
    await page.getByRole("button", { name: "Connect Amazon" }).click();
    await page.waitForURL((url) => url.searchParams.get("connected") === "amazon", { timeout: 20_000 });
    await expect.poll(() => page.getByText("Amazon account connected").count()).toBe(1);
    await expect.poll(() => page.getByText("Amazon · OrderBridge Demo Store (EU)").count()).toBe(1);
    const account = listAccounts(h.db, h.shopId).find((a) => a.region === "eu");
    expect(account?.settings).toMatchObject({ marketplaceIds: ["A1F83G8C2ARO7P", "A1PA6795UKMFR9"] });
    expect(pageErrors).toEqual([]);
  });
});
