import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BC_SESSION_COOKIE, bigCommerceSessionCookie } from "#app/.server/bigcommerce-session.ts";
import { listAccounts } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import { marketplaceAccounts, oauthStates } from "#db/schema/index.ts";
import { createEbayEmulator, type EbayEmulator } from "../emulators/ebay";
import { createShop } from "../factories/admin-orders";
import { ebayAppEnv } from "../setup/ebay-app-env";
import { openHydrated, startUiHarness, type UiHarness } from "../setup/ui-harness";

/**
 * "Connect eBay" / "Connect Etsy" from the BigCommerce admin UI, through the real server outside sandbox (so the
 * sealed session cookie set by /bigcommerce/load is what identifies the store) and the eBay emulator over HTTP:
 * POST /connect/<marketplace>?platform=bigcommerce, eBay's consent page, our callback, back to /bc with a banner.
 */

const EBAY_APP = {
  clientId: "OrderBri-BcConnect-PRD-1a2b3c",
  clientSecret: "PRD-bc-connect-secret-1a2b3c",
  ruName: "OrderBridge-BcConnect-RuName",
};
const EBAY_SELLER = { username: "bc_mugs_seller", userId: "u271828", refreshToken: "v^1.1#i^1#r^1#seeded-refresh-bc" };
const LIST = "routes/bc._index";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let ebay: EbayEmulator;
let h: UiHarness;
let store: Shop;
let otherStore: Shop;
let shopifyShop: Shop;

const cookieFor = (storeHash: string) => bigCommerceSessionCookie(h.app.ctx, { storeHash, userId: 7 }).split(";")[0]!;
const noRedirect = { redirect: "manual" } as const;
const states = () => h.db.select().from(oauthStates).all();

/** "Connect <marketplace>" as the BigCommerce UI sends it; `cookie` null: none at all. */
function postConnect(marketplace: string, opts: { cookie: string | null; query?: Record<string, string> }) {
  const url = new URL(`/connect/${marketplace}`, h.http.url);
  for (const [k, v] of Object.entries(opts.query ?? { platform: "bigcommerce" })) url.searchParams.set(k, v);
  return fetch(url, { method: "POST", headers: opts.cookie ? { cookie: opts.cookie } : {} });
}

beforeAll(async () => {
  ebay = createEbayEmulator({ timeScale: 60 });
  const ebayUrl = await ebay.listen(0);
  h = await startUiHarness({
    sandbox: false,
    env: {
      // Shopify's authentication is set up too, to show a BigCommerce session does not pass it.
      SHOPIFY_APP_URL: "https://orderbridge.example",
      ...ebayAppEnv(ebayUrl, EBAY_APP),
      // Etsy's consent page is not visited here: only the state its Connect issues is looked at.
      ETSY_CONNECT_URL: "http://127.0.0.1:9/oauth/connect",
      ETSY_KEYSTRING: "bcconnectkeystring",
      ETSY_SHARED_SECRET: "bc-connect-shared-secret",
    },
  });
  h.app.ctx.env.APP_URL = h.http.url;
  store = createShop(h.app.ctx, { platform: "bigcommerce", domain: "abc123", name: "Store A" });
  otherStore = createShop(h.app.ctx, { platform: "bigcommerce", domain: "zzz999", name: "Store B" });
  shopifyShop = createShop(h.app.ctx, { platform: "shopify", domain: "bc-connect-test.myshopify.com" });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await ebay?.close();
});

beforeEach(async () => {
  h.db.delete(marketplaceAccounts).run();
  h.db.delete(oauthStates).run();
  await ebay.reset();
  // The RuName's accept URL, as registered in eBay's developer portal.
  ebay.seedUser({ ...EBAY_SELLER, ...EBAY_APP, acceptUrl: `${h.http.url}/connect/ebay/callback` });
  ebay.seedOrder({
    username: EBAY_SELLER.username,
    items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
  });
});

describe("Connect from the BigCommerce admin", () => {
  it("issues the state for the session's store; the callback adds the account there and goes back to /bc?connected=ebay", async () => {
    const cookie = cookieFor(store.domain);
    // `?store=` means nothing outside sandbox: the session decides.
    const res = await postConnect("ebay", { cookie, query: { platform: "bigcommerce", store: otherStore.domain } });
    expect(res.status).toBe(200);
    const authorizeUrl = new URL(((await res.json()) as { authorizeUrl: string }).authorizeUrl);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${ebay.baseUrl}/oauth2/authorize`);
    expect(authorizeUrl.searchParams.get("state")).toBeTruthy();
    expect(states()).toEqual([expect.objectContaining({ shopId: store.id, marketplace: "ebay" })]);

    // eBay's consent page grants and sends the browser back; the callback needs no session (it runs top-level).
    const consent = await fetch(authorizeUrl, noRedirect);
    expect(consent.status).toBe(302);
    const back = await fetch(consent.headers.get("location")!, noRedirect);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/bc?connected=ebay");

    expect(listAccounts(h.db, store.id)).toEqual([
      expect.objectContaining({ marketplace: "ebay", name: EBAY_SELLER.username, enabled: true, region: "global" }),
    ]);
    expect(listAccounts(h.db, otherStore.id)).toEqual([]);
    expect(listAccounts(h.db, shopifyShop.id)).toEqual([]);

    // Where the callback leads: the banner and the account in the loader's data, and on the server-rendered page.
    const dataUrl = new URL("/bc?connected=ebay", h.http.url);
    dataUrl.searchParams.set("_data", LIST);
    const data = await (await fetch(dataUrl, { headers: { cookie } })).json();
    expect(data.connect).toEqual({
      tone: "success",
      message: "eBay account connected. Its orders will be imported shortly.",
    });
    expect(data.accounts).toEqual([
      expect.objectContaining({ marketplaceName: "eBay", name: EBAY_SELLER.username, enabled: true }),
    ]);
    const html = (
      await (await fetch(new URL("/bc?connected=ebay", h.http.url), { headers: { cookie } })).text()
    ).replaceAll("<!-- -->", "");
    for (const text of [
      "Marketplace accounts",
      "Connect eBay",
      "Connect Etsy",
      "eBay account connected",
      `eBay · ${EBAY_SELLER.username}`,
      "Importing",
    ]) {
      expect(html).toContain(text);
    }
  });

  it("Connect Etsy issues its state (with the PKCE verifier) for the session's store too", async () => {
    const res = await postConnect("etsy", { cookie: cookieFor(otherStore.domain) });
    expect(res.status).toBe(200);
    const authorizeUrl = new URL(((await res.json()) as { authorizeUrl: string }).authorizeUrl);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${h.http.url}/connect/etsy/callback`);
    expect(states()).toEqual([
      expect.objectContaining({
        shopId: otherStore.id,
        marketplace: "etsy",
        codeVerifierEncrypted: expect.any(String),
      }),
    ]);
  });

  it("answers 401 without the session cookie, with a forged one or an expired one, and issues no state", async () => {
    const expired = bigCommerceSessionCookie(
      h.app.ctx,
      { storeHash: store.domain, userId: 7 },
      Date.now() - 13 * 60 * 60_000,
    ).split(";")[0]!;
    for (const cookie of [null, `${BC_SESSION_COOKIE}=forged`, expired]) {
      const res = await postConnect("ebay", { cookie, query: { platform: "bigcommerce", store: store.domain } });
      expect(res.status, String(cookie)).toBe(401);
    }
    expect(states()).toEqual([]);
  });

  it("a BigCommerce session never stands in for Shopify's, and an unknown platform is refused", async () => {
    const cookie = cookieFor(store.domain);
    // No `platform`: a Shopify request, so Shopify's authentication runs, and it has no session token here.
    const shopify = await postConnect("ebay", { cookie, query: {} });
    expect(shopify.status).toBeGreaterThanOrEqual(400);
    expect(shopify.status).toBeLessThan(500);
    const unknown = await postConnect("ebay", { cookie, query: { platform: "woocommerce" } });
    expect(unknown.status).toBe(400);
    expect(states()).toEqual([]);
  });

  it("shows a connect error as a banner, from its code only", async () => {
    const url = new URL("/bc", h.http.url);
    url.search = new URLSearchParams({ connect_error: "state_expired", marketplace: "ebay", _data: LIST }).toString();
    const data = await (await fetch(url, { headers: { cookie: cookieFor(store.domain) } })).json();
    expect(data.connect).toEqual({
      tone: "critical",
      message: "The eBay connection took longer than 10 minutes and expired. Start again from OrderBridge.",
    });
    url.searchParams.set("connect_error", "<b>made up</b>");
    expect((await (await fetch(url, { headers: { cookie: cookieFor(store.domain) } })).json()).connect).toBeNull();
  });
});

describe.skipIf(!existsSync(CHROMIUM))("Connect eBay from the BigCommerce admin, in a browser", () => {
  it("goes through eBay's consent page in the top window and back to /bc, with the banner and the account listed", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const context = await browser.newContext();
      // What /bigcommerce/load sets (its SameSite=None; Secure attributes aside, which need https).
      await context.addCookies([
        { name: BC_SESSION_COOKIE, value: cookieFor(store.domain).split("=")[1]!, url: h.http.url, httpOnly: true },
      ]);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => {
        if (!/WebSocket/.test(e.message)) pageErrors.push(e.message);
      });
      page.on("console", (m) => {
        if (m.type() === "error" && /hydrat|did not match|Invalid hook call|React does not recognize/i.test(m.text()))
          pageErrors.push(m.text());
      });
      await openHydrated(page, `${h.http.url}/bc`);
      expect(await page.getByText("No marketplace account connected yet.").count()).toBe(1);

      await page.getByRole("button", { name: "Connect eBay" }).click();
      await page.waitForURL((url) => url.pathname === "/bc" && url.searchParams.get("connected") === "ebay", {
        timeout: 20_000,
      });
      await expect
        .poll(() => page.getByText("eBay account connected. Its orders will be imported shortly.").count())
        .toBe(1);
      expect(await page.getByText(`eBay · ${EBAY_SELLER.username}`).count()).toBe(1);
      expect(await page.getByText("Importing", { exact: true }).count()).toBe(1);
      expect(listAccounts(h.db, store.id)).toHaveLength(1);

      // Closing the banner drops its parameters from the URL.
      await page.getByRole("button", { name: "Close" }).click();
      await page.waitForURL((url) => !url.searchParams.has("connected"));
      await expect.poll(() => page.getByText("eBay account connected").count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
