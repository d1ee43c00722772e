/**
 * The Etsy connector against the Etsy emulator (a real HTTP server, tests/emulators/etsy): listing with
 * paging, shipments with several packages, refresh-token rotation persisted through
 * onCredentialsRotated, throttling, and Etsy's failures mapped to our error kinds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEtsyEmulator, type EtsyEmulator, type SeedReceiptInput } from "#tests/emulators/etsy/index.ts";
import {
  ConnectorError,
  type MarketplaceConnector,
  type MarketplaceOrder,
  type ShipmentConfirmation,
  type ConnectorContext,
} from "../types";
import { createEtsyConnector } from "./connector";
import { clearEtsyTokenCache } from "./oauth";
import { resetEtsyRateLimits } from "./rate-limits";

const APP = { keystring: "orderbridgeemulatorkey", sharedSecret: "emulator-shared-secret" };
const SHOP = {
  shopId: 31_337_001,
  userId: 81_000_001,
  keystring: APP.keystring,
  refreshToken: "81000001.initial-refresh-token",
};

let etsy: EtsyEmulator;
let baseUrl: string;
let accountId = 5000;
/** What the app would hold in its database: updated by onCredentialsRotated. */
let stored: Record<string, string>;
let saves: Record<string, string>[];

beforeAll(async () => {
  etsy = createEtsyEmulator({ timeScale: 1, limitsEnabled: true });
  baseUrl = await etsy.listen(0);
});

afterAll(async () => {
  await etsy.close();
});

beforeEach(async () => {
  await etsy.reset();
  await control("POST", "/__sandbox/limits", { timeScale: 1, enabled: true });
  clearEtsyTokenCache();
  resetEtsyRateLimits();
  accountId += 1;
  expect((await control("POST", "/__sandbox/apps", APP)).status).toBe(201);
  expect((await control("POST", "/__sandbox/shops", SHOP)).status).toBe(201);
  stored = { ...APP, refreshToken: SHOP.refreshToken };
  saves = [];
});

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function requestLog(): Promise<{ method: string; path: string; status: number }[]> {
  return (await control("GET", "/__sandbox/requests")).json() as Promise<
    { method: string; path: string; status: number }[]
  >;
}

function connector(
  overrides: Partial<ConnectorContext> = {},
  settings: Record<string, unknown> = {},
): MarketplaceConnector {
  return createEtsyConnector({
    accountId,
    region: "global",
    settings: { shopId: SHOP.shopId, ...settings },
    credentials: stored,
    endpoints: { apiBaseUrl: baseUrl, authBaseUrl: baseUrl },
    rateLimit: { enabled: true, timeScale: 1 },
    timeoutMs: 5_000,
    onCredentialsRotated: async (credentials) => {
      saves.push(credentials);
      stored = credentials;
    },
    ...overrides,
  });
}

function seed(overrides: Partial<SeedReceiptInput> = {}) {
  return etsy.seedReceipt({
    shopId: SHOP.shopId,
    items: [
      { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: "19.99" },
      { sku: "CARD", title: "Card", quantity: 1, unitPrice: "3.50" },
    ],
    name: "Jordan Ellis",
    first_line: "2121 7th Ave",
    city: "Seattle",
    state: "WA",
    zip: "98121",
    country_iso: "US",
    shipping: "4.99",
    tax: "1.20",
    ...overrides,
  });
}

async function listAll(c: MarketplaceConnector, updatedAfter: Date) {
  const orders: MarketplaceOrder[] = [];
  let token: string | null = null;
  let pages = 0;
  let coveredUntil: Date | null = null;
  do {
    const page = await c.listUpdatedOrders({ updatedAfter }, token);
    orders.push(...page.orders);
    coveredUntil ??= page.coveredUntil;
    expect(page.coveredUntil).toEqual(coveredUntil);
    token = page.nextPageToken;
    pages += 1;
  } while (token);
  return { orders, pages, coveredUntil };
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const anHourAgo = () => new Date(etsy.now() - 3600_000);

const pkg = (receiptId: number, overrides: Partial<ShipmentConfirmation> = {}): ShipmentConfirmation => ({
  marketplaceOrderId: String(receiptId),
  packageReference: "1",
  carrier: { code: "ups", name: "UPS" },
  trackingNumber: "1Z999AA10123456784",
  shippedAt: new Date(),
  lines: [],
  destinationCountry: "US",
  ...overrides,
});

describe("listing", () => {
  it("pages through every receipt changed since the cursor and maps it", async () => {
    const seeded = Array.from({ length: 7 }, (_, i) =>
      seed({ items: [{ sku: `SKU-${i}`, title: `Item ${i}`, quantity: i + 1, unitPrice: "10.00" }] }),
    );
    const unpaid = seed({ paid: false });
    const before = Date.now();
    const { orders, pages, coveredUntil } = await listAll(connector({}, { pageSize: 3 }), anHourAgo());
    expect(pages).toBe(3);
    expect(coveredUntil!.getTime()).toBeGreaterThanOrEqual(before);
    expect(coveredUntil!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(orders.map((o) => o.marketplaceOrderId).sort()).toEqual(
      [...seeded, unpaid].map((r) => String(r.receipt_id)).sort(),
    );

    const third = orders.find((o) => o.marketplaceOrderId === String(seeded[2]!.receipt_id))!;
    expect(third).toMatchObject({
      status: "unshipped",
      marketplaceStatus: "paid",
      currency: "USD",
      buyer: { name: "Jordan Ellis", email: "buyer@example.com" },
      shippingAddress: {
        name: "Jordan Ellis",
        line1: "2121 7th Ave",
        city: "Seattle",
        region: "WA",
        postalCode: "98121",
        countryCode: "US",
      },
      lines: [
        {
          marketplaceLineId: String(seeded[2]!.transactions[0]!.transaction_id),
          sku: "SKU-2",
          quantity: 3,
          quantityShipped: 0,
          unitPrice: { amount: 1000, currency: "USD" },
        },
      ],
      totals: {
        subtotal: { amount: 3000, currency: "USD" },
        shipping: { amount: 499, currency: "USD" },
        tax: { amount: 120, currency: "USD" },
        total: { amount: 3619, currency: "USD" },
      },
    });
    expect(orders.find((o) => o.marketplaceOrderId === String(unpaid.receipt_id))!.status).toBe("pending");
  });

  it("sees changes made on Etsy at the next poll from coveredUntil", async () => {
    const a = seed();
    const b = seed();
    const c = connector();
    const first = await listAll(c, anHourAgo());
    expect(first.orders).toHaveLength(2);
    etsy.shipOnEtsy(a.receipt_id, { tracking_code: "9400111202555842332669", carrier_name: "usps" });
    etsy.cancelOnEtsy(b.receipt_id);
    const next = await listAll(c, new Date(first.coveredUntil!.getTime() - 1_000));
    const byId = new Map(next.orders.map((o) => [o.marketplaceOrderId, o]));
    expect(byId.get(String(a.receipt_id))).toMatchObject({
      status: "shipped",
      shipments: [{ carrier: "usps", trackingNumber: "9400111202555842332669", shippedAt: expect.any(Date) }],
      lines: [expect.objectContaining({ quantityShipped: 2 }), expect.objectContaining({ quantityShipped: 1 })],
    });
    expect(byId.get(String(b.receipt_id))!.status).toBe("cancelled");
  });
});

describe("confirmShipment", () => {
  it("reports several packages of one receipt as separate shipments, and is safe to repeat", async () => {
    const r = seed();
    const c = connector();
    const first = await c.confirmShipment(pkg(r.receipt_id));
    const second = await c.confirmShipment(
      pkg(r.receipt_id, {
        packageReference: "2",
        carrier: c.resolveCarrier("United States Postal Service"),
        trackingNumber: "9400111202555842332669",
      }),
    );
    expect(first.marketplaceShipmentId).toMatch(/^\d+$/);
    expect(second.marketplaceShipmentId).toMatch(/^\d+$/);
    expect(second.marketplaceShipmentId).not.toBe(first.marketplaceShipmentId);
    expect(await c.confirmShipment(pkg(r.receipt_id))).toEqual(first);

    const after = etsy.getReceipt(r.receipt_id)!;
    expect(after).toMatchObject({ is_shipped: true, status: "completed" });
    expect(after.shipments.map((s) => [String(s.receipt_shipping_id), s.carrier_name, s.tracking_code])).toEqual([
      [first.marketplaceShipmentId, "ups", "1Z999AA10123456784"],
      [second.marketplaceShipmentId, "usps", "9400111202555842332669"],
    ]);
    const posts = (await requestLog()).filter((e) => e.method === "POST" && e.path.endsWith("/tracking"));
    expect(posts.map((e) => e.status)).toEqual([200, 200]);
  });

  it("sends unknown carriers as other, and marks small orders shipped without tracking", async () => {
    const r = seed({ country_iso: "GB", currency: "GBP" });
    const c = connector();
    await c.confirmShipment(
      pkg(r.receipt_id, {
        carrier: c.resolveCarrier("Evri"),
        trackingNumber: "H01ABC0001234567",
        destinationCountry: "GB",
      }),
    );
    expect(etsy.getReceipt(r.receipt_id)!.shipments[0]).toMatchObject({
      carrier_name: "other",
      tracking_code: "H01ABC0001234567",
    });
    const small = seed({
      items: [{ sku: "S", title: "Sticker", quantity: 1, unitPrice: "3.00" }],
      shipping: "1.00",
      tax: "0",
    });
    expect(await c.confirmShipment(pkg(small.receipt_id, { trackingNumber: "" }))).toEqual({
      marketplaceShipmentId: null,
    });
    expect(etsy.getReceipt(small.receipt_id)).toMatchObject({ is_shipped: true, shipments: [] });
  });
});

describe("refresh-token rotation", () => {
  it("persists every rotated refresh token through onCredentialsRotated before the new access token is used", async () => {
    const logAtSave: string[][] = [];
    const c = connector({
      onCredentialsRotated: async (credentials) => {
        const log = await requestLog();
        logAtSave.push(log.slice(-1).map((e) => `${e.method} ${e.path} ${e.status}`));
        saves.push(credentials);
        stored = credentials;
      },
    });
    seed();
    await c.listUpdatedOrders({ updatedAfter: anHourAgo() });
    expect(saves).toHaveLength(1);
    expect(saves[0]).toEqual({
      ...APP,
      refreshToken: etsy.currentRefreshToken(SHOP.shopId),
      accessToken: expect.stringMatching(/^81000001\./),
    });
    expect(saves[0]!.refreshToken).not.toBe(SHOP.refreshToken);

    // The token expires (an hour later): the connector refreshes once on the 401 and saves again.
    etsy.expireAccessTokens(SHOP.shopId);
    await c.listUpdatedOrders({ updatedAfter: anHourAgo() });
    expect(saves).toHaveLength(2);
    expect(saves[1]!.refreshToken).toBe(etsy.currentRefreshToken(SHOP.shopId));
    // At each save the last thing Etsy had seen was the token call: the new access token was not used yet.
    expect(logAtSave).toEqual([["POST /v3/public/oauth/token 200"], ["POST /v3/public/oauth/token 200"]]);
    const log = (await requestLog()).map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(log).toEqual([
      "POST /v3/public/oauth/token 200",
      `GET /v3/application/shops/${SHOP.shopId}/receipts 200`,
      `GET /v3/application/shops/${SHOP.shopId}/receipts 401`,
      "POST /v3/public/oauth/token 200",
      `GET /v3/application/shops/${SHOP.shopId}/receipts 200`,
    ]);

    // The spent refresh tokens no longer work; a new process starting from what was stored does.
    const reuse = await fetch(`${baseUrl}/v3/public/oauth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-api-key": `${APP.keystring}:${APP.sharedSecret}`,
      },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: APP.keystring,
        refresh_token: saves[0]!.refreshToken!,
      }),
    });
    expect(await reuse.json()).toEqual({ error: "invalid_grant", error_description: "refresh_token is revoked" });
    clearEtsyTokenCache();
    etsy.expireAccessTokens(SHOP.shopId);
    const page = await connector().listUpdatedOrders({ updatedAfter: anHourAgo() });
    expect(page.orders).toHaveLength(1);
    expect(stored.refreshToken).toBe(etsy.currentRefreshToken(SHOP.shopId));
  });

  it("when saving fails the call is retryable, and the next call saves the same token before using it", async () => {
    let failing = true;
    const c = connector({
      onCredentialsRotated: async (credentials) => {
        if (failing) throw new Error("SQLITE_BUSY");
        saves.push(credentials);
        stored = credentials;
      },
    });
    const err = await rejection(c.listUpdatedOrders({ updatedAfter: anHourAgo() }));
    expect(err.kind).toBe("retryable");
    expect((await requestLog()).map((e) => e.path)).toEqual(["/v3/public/oauth/token"]); // nothing used the unsaved token
    failing = false;
    await c.listUpdatedOrders({ updatedAfter: anHourAgo() });
    expect(saves).toHaveLength(1);
    expect(saves[0]!.refreshToken).toBe(etsy.currentRefreshToken(SHOP.shopId));
    expect((await requestLog()).filter((e) => e.path === "/v3/public/oauth/token")).toHaveLength(1);
  });
});

describe("errors mapped to our kinds", () => {
  it("Etsy's tracking rule: refused client-side as permanent, without calling createReceiptShipment", async () => {
    const us = seed();
    const india = seed({
      country_iso: "IN",
      items: [{ sku: "S", title: "Sticker", quantity: 1, unitPrice: "2.00" }],
      shipping: "0",
      tax: "0",
    });
    const c = connector();
    for (const [r, country] of [
      [us, "US"],
      [india, "IN"],
    ] as const) {
      const err = await rejection(
        c.confirmShipment(pkg(r.receipt_id, { trackingNumber: "", destinationCountry: country })),
      );
      expect(err).toMatchObject({ kind: "permanent", details: { code: "tracking_required" } });
      expect(err.message).toMatch(/United States over \$10.*India/);
    }
    expect((await requestLog()).some((e) => e.path.endsWith("/tracking"))).toBe(false);
  });

  it("canceled receipts and unknown receipts are permanent", async () => {
    const r = seed();
    etsy.cancelOnEtsy(r.receipt_id);
    const c = connector();
    expect(await rejection(c.confirmShipment(pkg(r.receipt_id)))).toMatchObject({
      kind: "permanent",
      details: { code: "canceled" },
    });
    expect(await rejection(c.confirmShipment(pkg(987_654)))).toMatchObject({
      kind: "permanent",
      details: { httpStatus: 404, marketplace: "etsy", operation: "getShopReceipt" },
    });
  });

  it("a revoked refresh token is auth_expired; a wrong shared secret is permanent", async () => {
    etsy.revokeRefreshTokens(SHOP.shopId);
    expect(await rejection(connector().listUpdatedOrders({ updatedAfter: anHourAgo() }))).toMatchObject({
      kind: "auth_expired",
      details: { code: "invalid_grant" },
    });
    // A wrong secret: the token endpoint takes no x-api-key (the grant is good), the API call is refused.
    await etsy.reset();
    expect((await control("POST", "/__sandbox/apps", APP)).status).toBe(201);
    expect((await control("POST", "/__sandbox/shops", SHOP)).status).toBe(201);
    clearEtsyTokenCache();
    stored = { ...APP, sharedSecret: "not-the-secret", refreshToken: SHOP.refreshToken };
    const err = await rejection(connector().listUpdatedOrders({ updatedAfter: anHourAgo() }));
    expect(err).toMatchObject({ kind: "permanent", details: { httpStatus: 403 } });
    expect(err.message).toMatch(/Invalid API key/);
  });

  it("5xx, timeouts and malformed bodies are retryable; an injected expired token is refreshed transparently", async () => {
    seed();
    const c = connector({ timeoutMs: 500 });
    const updatedAfter = anHourAgo();
    await c.listUpdatedOrders({ updatedAfter }); // token in hand
    const fault = async (kind: string, extra: Record<string, unknown> = {}) =>
      expect(
        (await control("POST", "/__sandbox/faults", { kind, match: "/receipts", times: 1, ...extra })).status,
      ).toBe(201);

    await fault("http_503");
    expect(await rejection(c.listUpdatedOrders({ updatedAfter }))).toMatchObject({
      kind: "retryable",
      details: { httpStatus: 503 },
    });
    await fault("timeout", { delayMs: 3_000 });
    expect((await rejection(c.listUpdatedOrders({ updatedAfter }))).message).toMatch(/timed out/);
    await fault("malformed_body");
    expect((await rejection(c.listUpdatedOrders({ updatedAfter }))).message).toMatch(/malformed/);

    await fault("expired_token");
    expect((await c.listUpdatedOrders({ updatedAfter })).orders).toHaveLength(1);
    expect(saves).toHaveLength(2);
  });

  it("a 429 is resent once; when the day's quota is spent it is rate_limited with a long wait", async () => {
    seed();
    const c = connector();
    const updatedAfter = anHourAgo();
    await control("POST", "/__sandbox/faults", { kind: "http_429", match: "/receipts", times: 1 });
    expect((await c.listUpdatedOrders({ updatedAfter })).orders).toHaveLength(1);

    // The key now has 4 requests a day (a fresh day bucket): 4 listings, then Etsy refuses.
    await control("POST", "/__sandbox/apps", { ...APP, qpd: 4 });
    const d = c;
    for (let i = 0; i < 4; i++) await d.listUpdatedOrders({ updatedAfter });
    const err = await rejection(d.listUpdatedOrders({ updatedAfter }));
    expect(err).toMatchObject({ kind: "rate_limited", details: { httpStatus: 429, retryAfterMs: 3_600_000 } });
  });

  it("throttles itself to the key's 10 requests a second instead of hitting 429s", async () => {
    for (let i = 0; i < 3; i++) seed();
    const c = connector({}, { pageSize: 1 });
    const updatedAfter = anHourAgo();
    const started = Date.now();
    let calls = 0;
    for (let round = 0; round < 8; round++) calls += (await listAll(c, updatedAfter)).pages;
    const elapsed = Date.now() - started;
    expect(calls).toBe(24);
    // 25 requests with the token call: the first 10 at once, then 10 a second.
    expect(elapsed).toBeGreaterThanOrEqual(1_300);
    const statuses = (await requestLog()).map((e) => e.status);
    expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(1);
  });
});
