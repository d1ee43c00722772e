import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer, type HttpServer } from "#app/.server/http-server.ts";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createAccount, listAccounts, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import { upsertShop, type Shop } from "#db/queries/shops.ts";
import { marketplaceAccounts, oauthStates } from "#db/schema/index.ts";
import { createEbayEmulator, type EbayEmulator } from "../emulators/ebay";
import { createEtsyEmulator, type EtsyEmulator } from "../emulators/etsy";
import { ebayAppEnv } from "../setup/ebay-app-env";
import { etsyAppEnv } from "../setup/etsy-app-env";

/**
 * Connecting eBay and Etsy accounts, and eBay's account-deletion endpoint, through the real Express/Remix server
 * and the eBay and Etsy emulators over HTTP: the merchant's "Connect" (POST /connect/<marketplace>), the consent
 * page's redirect, our callback, then the connector using what was stored.
 */

const EBAY_APP = {
  clientId: "OrderBri-Connect-PRD-1a2b3c4d5",
  clientSecret: "PRD-connect-secret-1a2b3c4d5",
  ruName: "OrderBridge-Connect-RuName",
  verificationToken: "connect-test-verification-token-0123456789abcdef",
};
const ETSY_APP = { keystring: "connecttestkeystring", sharedSecret: "connect-test-shared-secret" };
const EBAY_SELLER = {
  username: "mugs_and_more",
  userId: "u4815162342",
  refreshToken: "v^1.1#i^1#r^1#seeded-refresh-mugs",
};
const ETSY_SHOP = {
  shopId: 31_337_101,
  userId: 81_000_101,
  refreshToken: "81000101.seeded-refresh",
  shopName: "MugsByTheSea",
};
const DELETION_PATH = "/webhooks/ebay/marketplace-account-deletion";
const TIME_SCALE = 60;

let ebay: EbayEmulator;
let etsy: EtsyEmulator;
let db: DB;
let app: App;
let http: HttpServer;
let shop: Shop;
let dbFile: string;

beforeAll(async () => {
  ebay = createEbayEmulator({ timeScale: TIME_SCALE });
  etsy = createEtsyEmulator({ timeScale: TIME_SCALE });
  const ebayUrl = await ebay.listen(0);
  const etsyUrl = await etsy.listen(0);
  const dir = join(process.cwd(), "tests/.tmp");
  mkdirSync(dir, { recursive: true });
  dbFile = join(dir, `connect-${randomUUID()}.sqlite`);
  db = openDatabase(dbFile);
  migrateDatabase(db);
  const env = readEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_FILE: dbFile,
    SHOPIFY_API_KEY: "",
    SHOPIFY_API_SECRET: "",
    ...ebayAppEnv(ebayUrl, EBAY_APP),
    EBAY_VERIFICATION_TOKEN: EBAY_APP.verificationToken,
    ...etsyAppEnv(etsyUrl, ETSY_APP),
  });
  app = createApp({
    env,
    db,
    encryptionKey: "c".repeat(64),
    shopifyApiSecret: "connect-test-shopify-secret",
    connectorRateLimit: { enabled: true, timeScale: TIME_SCALE },
  });
  http = await startHttpServer(app.ctx, { port: 0, host: "127.0.0.1" });
  app.ctx.env.APP_URL = http.url;
  shop = upsertShop(db, { platform: "shopify", domain: "connect-test.myshopify.com", name: "Connect Test" });
}, 120_000);

afterAll(async () => {
  await http?.close();
  await Promise.all([ebay?.close(), etsy?.close()]);
  db?.$client.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
});

/** Back to a state with no accounts, and the emulators as the merchant's sellers left them. */
async function resetWorld() {
  db.delete(marketplaceAccounts).run();
  db.delete(oauthStates).run();
  await Promise.all([ebay.reset(), etsy.reset()]);
  ebay.seedUser({
    ...EBAY_SELLER,
    ...EBAY_APP,
    // The RuName's accept URL, as registered in eBay's developer portal.
    acceptUrl: `${http.url}/connect/ebay/callback`,
  });
  etsy.seedApp(ETSY_APP);
  etsy.seedShop({ ...ETSY_SHOP, keystring: ETSY_APP.keystring });
}

const noRedirect = { redirect: "manual" } as const;

/** The merchant clicks "Connect <marketplace>": the consent URL the admin opens. */
async function startConnect(marketplace: "ebay" | "etsy"): Promise<URL> {
  const res = await fetch(`${http.url}/connect/${marketplace}`, { method: "POST" });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { authorizeUrl: string };
  return new URL(body.authorizeUrl);
}

/** The consent page grants at once and sends the browser to our callback: that callback URL. */
async function consent(authorizeUrl: URL): Promise<URL> {
  const res = await fetch(authorizeUrl, noRedirect);
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** Our callback's answer: where it redirects (relative to the app), or its status and body. */
async function callback(url: URL | string): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(url, noRedirect);
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const adminUrl = (params: Record<string, string>) => `/app?${new URLSearchParams({ shop: shop.domain, ...params })}`;
const callbackUrl = (marketplace: string, params: Record<string, string>) =>
  `${http.url}/connect/${marketplace}/callback?${new URLSearchParams(params)}`;
const credentialsOf = (account: MarketplaceAccount) =>
  app.ctx.secrets.decryptJson<Record<string, string>>(account.credentialsEncrypted);
const hourAgo = () => new Date(Date.now() - 60 * 60_000);

async function connectEbaySeller(): Promise<MarketplaceAccount> {
  const back = await callback(await consent(await startConnect("ebay")));
  expect(back).toMatchObject({ status: 302, location: adminUrl({ connected: "ebay" }) });
  const [account] = listAccounts(db, shop.id).filter((a) => a.marketplace === "ebay");
  return account!;
}

describe("eBay connect", () => {
  beforeEach(resetWorld);

  it("sends the merchant to eBay's consent page with a single-use state, and stores the seller's refresh token sealed", async () => {
    const order = ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "9.99" }],
    });
    const authorizeUrl = await startConnect("ebay");
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${ebay.baseUrl}/oauth2/authorize`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      client_id: EBAY_APP.clientId,
      redirect_uri: EBAY_APP.ruName,
      response_type: "code",
    });
    const state = authorizeUrl.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(40);
    // Only a hash of the state is kept.
    const [pending] = db.select().from(oauthStates).all();
    expect(pending).toMatchObject({
      shopId: shop.id,
      marketplace: "ebay",
      stateHash: createHash("sha256").update(state).digest("hex"),
      consumedAt: null,
    });

    const account = await connectEbaySeller();
    expect(account).toMatchObject({ shopId: shop.id, marketplace: "ebay", name: EBAY_SELLER.username, enabled: true });
    expect(account.settings).toMatchObject({ username: EBAY_SELLER.username });
    expect(account.credentialsEncrypted).not.toContain("v^1.1");
    const credentials = credentialsOf(account);
    expect(credentials).toMatchObject({
      clientId: EBAY_APP.clientId,
      clientSecret: EBAY_APP.clientSecret,
      ruName: EBAY_APP.ruName,
    });
    expect(credentials.refreshToken).toMatch(/^v\^1\.1#/);
    expect(credentials.refreshToken).not.toBe(EBAY_SELLER.refreshToken); // a new one, from the code exchange

    const page = await app.ctx.connectorFor(account).listUpdatedOrders({ updatedAfter: hourAgo() });
    expect(page.orders.map((o) => o.marketplaceOrderId)).toEqual([order.orderId]);

    const home = await fetch(`${http.url}${adminUrl({ connected: "ebay" })}`);
    const html = await home.text();
    expect(html).toContain("eBay account connected");
    expect(html).toContain("Connect Etsy");
    expect(html).toContain(EBAY_SELLER.username);
  });

  it("connecting the same seller again refreshes that account instead of adding one", async () => {
    ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const first = await connectEbaySeller();
    const second = await connectEbaySeller();
    expect(second.id).toBe(first.id);
    expect(listAccounts(db, shop.id)).toHaveLength(1);
    expect(credentialsOf(second).refreshToken).not.toBe(credentialsOf(first).refreshToken);
  });

  it("connects a seller with no recent order, without knowing their username", async () => {
    const account = await connectEbaySeller();
    expect(account).toMatchObject({ name: "eBay seller", enabled: true });
    expect(account.settings).not.toHaveProperty("username");
    expect((await app.ctx.connectorFor(account).listUpdatedOrders({ updatedAfter: hourAgo() })).orders).toEqual([]);
  });

  it("refuses an unknown state with an error page and connects nothing", async () => {
    const res = await callback(callbackUrl("ebay", { state: "forged-state", code: "v^1.1#anything" }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("This eBay connection link is not valid");
    expect(listAccounts(db, shop.id)).toEqual([]);
  });

  it("refuses a state used once already", async () => {
    ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const back = await consent(await startConnect("ebay"));
    expect((await callback(back)).location).toBe(adminUrl({ connected: "ebay" }));
    const again = await callback(back);
    expect(again.status).toBe(400);
    expect(again.text).toContain("already used");
    expect(listAccounts(db, shop.id)).toHaveLength(1);
  });

  it("refuses an expired state, back in the admin with a banner, without exchanging the code", async () => {
    const back = await consent(await startConnect("ebay"));
    db.update(oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .run();
    await fetch(`${ebay.baseUrl}/__sandbox/requests`, { method: "DELETE" });
    const res = await callback(back);
    expect(res).toMatchObject({
      status: 302,
      location: adminUrl({ connect_error: "state_expired", marketplace: "ebay" }),
    });
    expect(listAccounts(db, shop.id)).toEqual([]);
    const log = (await (await fetch(`${ebay.baseUrl}/__sandbox/requests`)).json()) as { path: string }[];
    expect(log.filter((r) => r.path === "/identity/v1/oauth2/token")).toEqual([]);

    const html = await (await fetch(`${http.url}${res.location}`)).text();
    expect(html).toContain("The eBay connection took longer than 10 minutes and expired");
  });

  it("says so when the seller declines consent (eBay's decline URL carries no code)", async () => {
    const state = (await startConnect("ebay")).searchParams.get("state")!;
    const res = await callback(callbackUrl("ebay", { state }));
    expect(res).toMatchObject({ status: 302, location: adminUrl({ connect_error: "denied", marketplace: "ebay" }) });
    expect(listAccounts(db, shop.id)).toEqual([]);
    // The state is spent: accepting afterwards with it does not work either.
    expect((await callback(callbackUrl("ebay", { state, code: "v^1.1#late" }))).status).toBe(400);
  });
});

describe("Etsy connect (PKCE)", () => {
  beforeEach(resetWorld);

  it("sends an S256 challenge, keeps the verifier sealed server-side, and stores the rotating refresh token sealed", async () => {
    const receipt = etsy.seedReceipt({
      shopId: ETSY_SHOP.shopId,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "19.99" }],
    });
    const authorizeUrl = await startConnect("etsy");
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${etsy.baseUrl}/oauth/connect`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      response_type: "code",
      client_id: ETSY_APP.keystring,
      redirect_uri: `${http.url}/connect/etsy/callback`,
      scope: "transactions_r transactions_w",
      code_challenge_method: "S256",
    });
    const [pending] = db.select().from(oauthStates).all();
    const verifier = app.ctx.secrets.decrypt(pending!.codeVerifierEncrypted!);
    expect(authorizeUrl.searchParams.get("code_challenge")).toBe(
      createHash("sha256").update(verifier).digest("base64url"),
    );
    expect(authorizeUrl.toString()).not.toContain(verifier);

    const back = await consent(authorizeUrl);
    expect(await callback(back)).toMatchObject({ status: 302, location: adminUrl({ connected: "etsy" }) });
    const [account] = listAccounts(db, shop.id);
    expect(account).toMatchObject({
      marketplace: "etsy",
      name: ETSY_SHOP.shopName,
      enabled: true,
      settings: { shopId: ETSY_SHOP.shopId, userId: ETSY_SHOP.userId },
    });
    const credentials = credentialsOf(account!);
    expect(credentials).toMatchObject({ keystring: ETSY_APP.keystring, sharedSecret: ETSY_APP.sharedSecret });
    expect(credentials.refreshToken).toBe(etsy.currentRefreshToken(ETSY_SHOP.shopId));
    expect(account!.credentialsEncrypted).not.toContain(credentials.refreshToken!);

    const page = await app.ctx.connectorFor(account!).listUpdatedOrders({ updatedAfter: hourAgo() });
    expect(page.orders.map((o) => o.marketplaceOrderId)).toEqual([String(receipt.receipt_id)]);
  });

  it("refuses unknown, reused and expired states, and a denied consent", async () => {
    expect((await callback(callbackUrl("etsy", { state: "nope", code: "x" }))).status).toBe(400);

    const back = await consent(await startConnect("etsy"));
    expect((await callback(back)).location).toBe(adminUrl({ connected: "etsy" }));
    const reused = await callback(back);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain("already used");

    const late = await consent(await startConnect("etsy"));
    db.update(oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .run();
    expect((await callback(late)).location).toBe(adminUrl({ connect_error: "state_expired", marketplace: "etsy" }));

    const state = (await startConnect("etsy")).searchParams.get("state")!;
    const denied = await callback(
      callbackUrl("etsy", { error: "access_denied", error_description: "The user denied the request", state }),
    );
    expect(denied.location).toBe(adminUrl({ connect_error: "denied", marketplace: "etsy" }));
    expect(listAccounts(db, shop.id)).toHaveLength(1);
  });

  it("a state issued for eBay is not accepted by the Etsy callback", async () => {
    const state = (await startConnect("ebay")).searchParams.get("state")!;
    expect((await callback(callbackUrl("etsy", { state, code: "x" }))).status).toBe(400);
  });
});

describe("eBay marketplace account deletion", () => {
  const endpoint = () => `${http.url}${DELETION_PATH}`;

  beforeEach(resetWorld);

  it("answers the challenge with SHA-256(challengeCode + verificationToken + endpoint)", async () => {
    const result = await ebay.runChallenge({ endpoint: endpoint(), verificationToken: EBAY_APP.verificationToken });
    expect(result).toMatchObject({ matched: true, status: 200 });

    const res = await fetch(`${endpoint()}?challenge_code=abc123`);
    expect(res.headers.get("content-type")).toContain("application/json");
    const expected = createHash("sha256").update(`abc123${EBAY_APP.verificationToken}${endpoint()}`).digest("hex");
    expect(await res.json()).toEqual({ challengeResponse: expected });
  });

  it("erases the seller's account on a signed notification, and fetches eBay's key once", async () => {
    ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const connected = await connectEbaySeller();
    const other = createAccount(db, {
      shopId: shop.id,
      marketplace: "ebay",
      name: "other_seller",
      region: "global",
      settings: { username: "other_seller", userId: "u999" },
      credentialsEncrypted: app.ctx.secrets.encryptJson({ clientId: "c", clientSecret: "s", refreshToken: "r" }),
    });
    await fetch(`${ebay.baseUrl}/__sandbox/requests`, { method: "DELETE" });

    const delivery = await ebay.sendAccountDeletion({ endpoint: endpoint(), username: EBAY_SELLER.username });
    expect(delivery).toMatchObject({ delivered: true, status: 204 });
    const [erased] = db.select().from(marketplaceAccounts).where(eq(marketplaceAccounts.id, connected.id)).all();
    expect(erased).toMatchObject({ enabled: false, name: "Deleted eBay account" });
    expect(erased!.settings).not.toHaveProperty("username");
    expect(JSON.stringify(erased!.settings)).not.toContain(EBAY_SELLER.username);
    expect(credentialsOf(erased!)).toEqual({});
    expect(erased!.lastPollError).toContain("eBay closed this seller account");
    const [untouched] = db.select().from(marketplaceAccounts).where(eq(marketplaceAccounts.id, other.id)).all();
    expect(untouched).toEqual(other);

    // Again (eBay retries) and for another user: acknowledged, key served from the cache.
    expect(await ebay.sendAccountDeletion({ endpoint: endpoint(), username: EBAY_SELLER.username })).toMatchObject({
      delivered: true,
    });
    const log = (await (await fetch(`${ebay.baseUrl}/__sandbox/requests`)).json()) as { path: string }[];
    expect(log.filter((r) => r.path.startsWith("/commerce/notification/v1/public_key/"))).toHaveLength(1);
  });

  it("rejects a bad signature with 412 and erases nothing", async () => {
    ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const connected = await connectEbaySeller();
    ebay.seedUser({ username: "someone_else", ...EBAY_APP, refreshToken: "v^1.1#someone-else" });
    // A genuine notification about someone else, its body then changed to name our seller.
    const genuine = await ebay.sendAccountDeletion({ endpoint: endpoint(), username: "someone_else" });
    expect(genuine).toMatchObject({ delivered: true, status: 204 });
    const forged = structuredClone(genuine.notification) as { notification: { data: { username: string } } };
    forged.notification.data.username = EBAY_SELLER.username;
    const post = (headers: Record<string, string>) =>
      fetch(endpoint(), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(forged),
      });

    expect((await post({ "x-ebay-signature": genuine.signatureHeader })).status).toBe(412);
    expect((await post({})).status).toBe(412);
    const unknownKid = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(genuine.signatureHeader, "base64").toString()), kid: "no-such-key" }),
    ).toString("base64");
    expect((await post({ "x-ebay-signature": unknownKid })).status).toBe(412);

    const [still] = db.select().from(marketplaceAccounts).where(eq(marketplaceAccounts.id, connected.id)).all();
    expect(still).toEqual(connected);
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("Connect buttons in a browser", () => {
  beforeEach(resetWorld);

  it("Connect eBay goes through eBay's consent page and back to the Orders page with the account listed", async () => {
    ebay.seedOrder({
      username: EBAY_SELLER.username,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => {
        if (!/WebSocket/.test(e.message)) pageErrors.push(e.message);
      });
      await page.goto(`${http.url}${adminUrl({})}`, { waitUntil: "networkidle" });
      await page.getByRole("button", { name: "Connect eBay" }).click();
      await page.waitForURL((url) => url.searchParams.get("connected") === "ebay", { timeout: 20_000 });
      await expect.poll(() => page.getByText("eBay account connected").count()).toBe(1);
      await expect.poll(() => page.getByText(`eBay · ${EBAY_SELLER.username}`).count()).toBe(1);
      expect(listAccounts(db, shop.id)).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
