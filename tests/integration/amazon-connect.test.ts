import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer, type HttpServer } from "#app/.server/http-server.ts";
import { pollAccount } from "#app/.server/services/import-orders.ts";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { listAccounts, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import { upsertShop, type Shop } from "#db/queries/shops.ts";
import { marketplaceAccounts, oauthStates } from "#db/schema/index.ts";
import { createAmazonEmulator, type AmazonEmulator } from "../emulators/amazon";
import { createEbayEmulator, type EbayEmulator } from "../emulators/ebay";
import { createEtsyEmulator, type EtsyEmulator } from "../emulators/etsy";
import { ebayAppEnv } from "../setup/ebay-app-env";
import { etsyAppEnv } from "../setup/etsy-app-env";

/**
 * Connecting Amazon accounts by the SP-API website authorization workflow, through the real Express/Remix server
 * and the Amazon emulator over HTTP: "Connect Amazon" with a region, Seller Central's consent, our callback (LWA code
 * exchange, Sellers API), then the first poll. Also: a seller already connected to another shop is refused, for
 * Amazon, eBay and Etsy, while reconnecting in the same shop restores the account.
 */

const AMAZON_APP = {
  applicationId: "amzn1.sp.solution.11111111-connect-test",
  clientId: "amzn1.application-oa2-client.connecttest",
  clientSecret: "amzn1.oa2-cs.v1.connect-test-secret",
};
const US = "ATVPDKIKX0DER";
const CA = "A2EUQ1WTGCTBG2";
const MX = "A1AM78C64UM0Y8";
const UK = "A1F83G8C2ARO7P";
const DE = "A1PA6795UKMFR9";
const SELLER = {
  sellerId: "A3CONNECTSELLER",
  clientId: "amzn1.application-oa2-client.someone-else",
  clientSecret: "unrelated",
  refreshToken: "Atzr|seeded-for-another-app",
  storeName: "Mugs Inc",
  marketplaceIds: [US, CA, UK],
  lapsedMarketplaceIds: [MX, DE],
};
const EBAY_APP = {
  clientId: "OrderBri-AmznConn-PRD-1a2b3c",
  clientSecret: "PRD-amzn-connect-secret",
  ruName: "OrderBridge-AmznConn-RuName",
};
const EBAY_SELLER = { username: "mugs_and_more", userId: "u1", refreshToken: "v^1.1#i^1#r^1#seeded" };
const ETSY_APP = { keystring: "amznconnkeystring", sharedSecret: "amzn-conn-shared-secret" };
const ETSY_SHOP = { shopId: 31_337_102, userId: 81_000_102, refreshToken: "81000102.seeded", shopName: "MugsByTheSea" };
const TIME_SCALE = 60;

let amazon: AmazonEmulator;
let ebay: EbayEmulator;
let etsy: EtsyEmulator;
let db: DB;
let app: App;
let http: HttpServer;
let shop: Shop;
let otherShop: Shop;
let dbFile: string;

beforeAll(async () => {
  amazon = createAmazonEmulator({ timeScale: TIME_SCALE });
  ebay = createEbayEmulator({ timeScale: TIME_SCALE });
  etsy = createEtsyEmulator({ timeScale: TIME_SCALE });
  const [amazonUrl, ebayUrl, etsyUrl] = await Promise.all([amazon.listen(0), ebay.listen(0), etsy.listen(0)]);
  const dir = join(process.cwd(), "tests/.tmp");
  mkdirSync(dir, { recursive: true });
  dbFile = join(dir, `amazon-connect-${randomUUID()}.sqlite`);
  db = openDatabase(dbFile);
  migrateDatabase(db);
  const env = readEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_FILE: dbFile,
    SHOPIFY_API_KEY: "",
    SHOPIFY_API_SECRET: "",
    AMAZON_SP_API_BASE_URL: amazonUrl,
    AMAZON_LWA_BASE_URL: amazonUrl,
    AMAZON_CONSENT_URL: `${amazonUrl}/apps/authorize/consent`,
    AMAZON_APPLICATION_ID: AMAZON_APP.applicationId,
    AMAZON_LWA_CLIENT_ID: AMAZON_APP.clientId,
    AMAZON_LWA_CLIENT_SECRET: AMAZON_APP.clientSecret,
    AMAZON_APP_DRAFT: "true",
    ...ebayAppEnv(ebayUrl, EBAY_APP),
    ...etsyAppEnv(etsyUrl, ETSY_APP),
  });
  app = createApp({
    env,
    db,
    encryptionKey: "d".repeat(64),
    shopifyApiSecret: "amazon-connect-test-shopify-secret",
    connectorRateLimit: { enabled: true, timeScale: TIME_SCALE },
  });
  http = await startHttpServer(app.ctx, { port: 0, host: "127.0.0.1" });
  app.ctx.env.APP_URL = http.url;
  shop = upsertShop(db, { platform: "shopify", domain: "amazon-connect.myshopify.com", name: "Amazon Connect" });
  otherShop = upsertShop(db, { platform: "shopify", domain: "second-shop.myshopify.com", name: "Second Shop" });
}, 120_000);

afterAll(async () => {
  await http?.close();
  await Promise.all([amazon?.close(), ebay?.close(), etsy?.close()]);
  db?.$client.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbFile}${suffix}`, { force: true });
});

beforeEach(async () => {
  db.delete(marketplaceAccounts).run();
  db.delete(oauthStates).run();
  await Promise.all([amazon.reset(), ebay.reset(), etsy.reset()]);
  amazon.seedSeller(SELLER);
  amazon.seedApplication({ ...AMAZON_APP, redirectUris: [`${http.url}/connect/amazon/callback`] });
  ebay.seedUser({ ...EBAY_SELLER, ...EBAY_APP, acceptUrl: `${http.url}/connect/ebay/callback` });
  ebay.seedOrder({
    username: EBAY_SELLER.username,
    items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
  });
  etsy.seedApp(ETSY_APP);
  etsy.seedShop({ ...ETSY_SHOP, keystring: ETSY_APP.keystring });
});

const noRedirect = { redirect: "manual" } as const;

/** "Connect <marketplace>" from a shop's admin (sandbox picks the shop by ?shop=), Amazon's with a region. */
async function startConnect(marketplace: string, on: Shop = shop, region?: string): Promise<URL> {
  const res = await fetch(`${http.url}/connect/${marketplace}?${new URLSearchParams({ shop: on.domain })}`, {
    method: "POST",
    ...(region ? { body: new URLSearchParams({ region }) } : {}),
  });
  const body = (await res.json()) as { authorizeUrl?: string; error?: string };
  expect(body.error).toBeUndefined();
  return new URL(body.authorizeUrl!);
}

/** The consent page's answer: the callback URL it sends the browser to. */
async function consent(authorizeUrl: URL): Promise<URL> {
  const res = await fetch(authorizeUrl, noRedirect);
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

async function callback(url: URL | string): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(url, noRedirect);
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const adminUrl = (on: Shop, params: Record<string, string>) =>
  `/app?${new URLSearchParams({ shop: on.domain, ...params })}`;
const amazonAccounts = (on: Shop = shop) => listAccounts(db, on.id).filter((a) => a.marketplace === "amazon");
const credentialsOf = (account: MarketplaceAccount) =>
  app.ctx.secrets.decryptJson<Record<string, string>>(account.credentialsEncrypted);

async function connectAmazon(region: string, on: Shop = shop) {
  return callback(await consent(await startConnect("amazon", on, region)));
}

describe("Connect Amazon", () => {
  it("consent → callback → account with its region's marketplaces; the first poll imports an order", async () => {
    const authorizeUrl = await startConnect("amazon", shop, "na");
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${amazon.baseUrl}/apps/authorize/consent`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      application_id: AMAZON_APP.applicationId,
      redirect_uri: `${http.url}/connect/amazon/callback`,
      version: "beta",
    });
    expect(authorizeUrl.searchParams.get("state")).toMatch(/^na\.[\w-]{40,}$/);

    const order = amazon.seedOrder({
      sellerId: SELLER.sellerId,
      marketplaceId: CA,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "9.99" }],
    });
    const back = await consent(authorizeUrl);
    expect(back.searchParams.get("selling_partner_id")).toBe(SELLER.sellerId);
    expect(await callback(back)).toMatchObject({ status: 302, location: adminUrl(shop, { connected: "amazon" }) });

    const [account] = amazonAccounts();
    expect(account).toMatchObject({ region: "na", name: "Mugs Inc (NA)", enabled: true, pollIntervalSeconds: 300 });
    // The NA marketplaces only (not UK, nor DE), MX listed but not imported (no longer participating).
    expect(account!.settings).toMatchObject({ sellerId: SELLER.sellerId, marketplaceIds: [US, CA] });
    expect((account!.settings.participations as { marketplaceId: string }[]).map((p) => p.marketplaceId)).toEqual([
      US,
      CA,
      MX,
    ]);
    const credentials = credentialsOf(account!);
    expect(credentials).toMatchObject({ clientId: AMAZON_APP.clientId, clientSecret: AMAZON_APP.clientSecret });
    expect(credentials.refreshToken).toMatch(/^Atzr\|/);
    expect(credentials.refreshToken).not.toBe(SELLER.refreshToken);
    expect(account!.credentialsEncrypted).not.toContain("Atzr|");

    amazon.advanceClock(180); // past Amazon's 2-minute listing lag
    const polled = await pollAccount(app.ctx, shop.id, account!.id);
    expect(polled.created).toBe(1);
    const html = await (await fetch(`${http.url}${adminUrl(shop, { connected: "amazon" })}`)).text();
    expect(html).toContain("Amazon account connected");
    expect(html).toContain(order.AmazonOrderId);

    // The settings page narrows the import to the US marketplace: a Canadian order is no longer imported.
    const settingsUrl = `${http.url}/app/accounts/${account!.id}/settings?${new URLSearchParams({
      shop: shop.domain,
      _data: "routes/app.accounts.$accountId_.settings",
    })}`;
    const page = await (await fetch(settingsUrl)).json();
    expect(page.settings.marketplaces.chosen).toEqual([US, CA]);
    expect(page.settings.marketplaces.options).toContainEqual({
      id: MX,
      name: expect.any(String),
      participating: false,
    });
    const save = async (marketplaceIds: string) =>
      (await fetch(settingsUrl, { method: "POST", body: new URLSearchParams({ marketplaceIds }) })).status;
    for (const refused of ["", MX, `${US},NOPE`]) expect(await save(refused), refused).toBe(422);
    expect(await save(US)).toBe(200);
    expect(amazonAccounts()[0]!.settings).toMatchObject({ sellerId: SELLER.sellerId, marketplaceIds: [US] });
    const canadian = amazon.seedOrder({
      sellerId: SELLER.sellerId,
      marketplaceId: CA,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const american = amazon.seedOrder({
      sellerId: SELLER.sellerId,
      marketplaceId: US,
      items: [{ sku: "MUG-1", title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    amazon.advanceClock(180);
    expect((await pollAccount(app.ctx, shop.id, account!.id)).created).toBe(1);
    const imported = await (await fetch(`${http.url}${adminUrl(shop, {})}`)).text();
    expect(imported).toContain(american.AmazonOrderId);
    expect(imported).not.toContain(canadian.AmazonOrderId);
  });

  it("a denied consent connects nothing; a state works once", async () => {
    amazon.setConsent({ decision: "deny" });
    const denied = await callback(await consent(await startConnect("amazon", shop, "na")));
    expect(denied).toMatchObject({
      status: 302,
      location: adminUrl(shop, { connect_error: "denied", marketplace: "amazon" }),
    });
    expect(amazonAccounts()).toEqual([]);
    const html = await (await fetch(`${http.url}${denied.location}`)).text();
    expect(html).toContain("Amazon access was not granted");

    amazon.setConsent({ decision: "approve" });
    const back = await consent(await startConnect("amazon", shop, "na"));
    expect((await callback(back)).location).toBe(adminUrl(shop, { connected: "amazon" }));
    const reused = await callback(back);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain("already used");
    // A region forged into a valid state's prefix makes it unknown (the hash covers it).
    const state = (await startConnect("amazon", shop, "na")).searchParams.get("state")!;
    const forged = new URL(back);
    forged.searchParams.set("state", state.replace(/^na\./, "eu."));
    expect((await callback(forged)).status).toBe(400);
    expect(amazonAccounts()).toHaveLength(1);
  });

  it("refuses Connect without a valid region, saying what to choose", async () => {
    const res = await fetch(`${http.url}/connect/amazon?shop=${shop.domain}`, {
      method: "POST",
      body: new URLSearchParams({ region: "moon" }),
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toContain("North America, Europe or Far East");
  });

  it("the same seller in two regions is two accounts of the shop", async () => {
    expect((await connectAmazon("na")).location).toBe(adminUrl(shop, { connected: "amazon" }));
    expect((await connectAmazon("eu")).location).toBe(adminUrl(shop, { connected: "amazon" }));
    const accounts = amazonAccounts().sort((a, b) => a.region.localeCompare(b.region));
    expect(accounts.map((a) => [a.region, a.settings.marketplaceIds])).toEqual([
      ["eu", [UK]],
      ["na", [US, CA]],
    ]);
    // A region where the seller sells nothing is refused.
    const fe = await connectAmazon("fe");
    expect(fe.location).toBe(adminUrl(shop, { connect_error: "no_marketplaces", marketplace: "amazon" }));
    expect(amazonAccounts()).toHaveLength(2);
  });

  it("reconnecting in the same shop restores the account, its cursor, name and chosen marketplaces", async () => {
    await connectAmazon("na");
    const [first] = amazonAccounts();
    const cursor = new Date("2026-11-30T10:00:00Z");
    db.update(marketplaceAccounts)
      .set({
        name: "My US store",
        cursor,
        settings: { ...first!.settings, marketplaceIds: [CA] },
        authLostAt: new Date(),
        authLostReason: "refused",
      })
      .run();
    expect((await connectAmazon("na")).location).toBe(adminUrl(shop, { connected: "amazon" }));
    const [again] = amazonAccounts();
    expect(again).toMatchObject({ id: first!.id, name: "My US store", cursor, authLostAt: null, enabled: true });
    expect(again!.settings.marketplaceIds).toEqual([CA]);
    expect(credentialsOf(again!).refreshToken).not.toBe(credentialsOf(first!).refreshToken);
  });
});

describe("a seller already connected to another shop is refused", () => {
  const refused = (on: Shop, marketplace: string) =>
    adminUrl(on, { connect_error: "seller_in_other_shop", marketplace });

  it("Amazon, in the same region (the seller's other region is free)", async () => {
    await connectAmazon("na");
    const second = await connectAmazon("na", otherShop);
    expect(second.location).toBe(refused(otherShop, "amazon"));
    expect(amazonAccounts(otherShop)).toEqual([]);
    expect(amazonAccounts()).toHaveLength(1);
    const html = await (await fetch(`${http.url}${second.location}`)).text();
    expect(html).toContain("already connected to another shop");
    // The seller's EU account is not connected anywhere: the second shop may have it.
    expect((await connectAmazon("eu", otherShop)).location).toBe(adminUrl(otherShop, { connected: "amazon" }));
  });

  it("eBay", async () => {
    const first = await callback(await consent(await startConnect("ebay")));
    expect(first.location).toBe(adminUrl(shop, { connected: "ebay" }));
    const second = await callback(await consent(await startConnect("ebay", otherShop)));
    expect(second.location).toBe(refused(otherShop, "ebay"));
    expect(listAccounts(db, otherShop.id)).toEqual([]);
    expect(listAccounts(db, shop.id).map((a) => a.name)).toEqual([EBAY_SELLER.username]);
  });

  it("Etsy", async () => {
    expect((await callback(await consent(await startConnect("etsy")))).location).toBe(
      adminUrl(shop, { connected: "etsy" }),
    );
    expect((await callback(await consent(await startConnect("etsy", otherShop)))).location).toBe(
      refused(otherShop, "etsy"),
    );
    expect(listAccounts(db, otherShop.id)).toEqual([]);
  });
});
