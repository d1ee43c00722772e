/**
 * The eBay connector against the eBay emulator (a real HTTP server, tests/emulators/ebay): OAuth refresh,
 * listing with paging, a shipment in two packages, repeats, call limits, faults and the error kinds, and
 * the account-deletion helpers against the emulator's challenge and signed notifications.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEbayEmulator, type EbayEmulator, type SandboxOrder } from "#tests/emulators/ebay/index.ts";
import {
  type ConnectorError,
  isConnectorError,
  type MarketplaceConnector,
  type ShipmentConfirmation,
  type ConnectorContext,
} from "../types";
import { challengeResponse, parseAccountDeletionNotification, verifyNotificationSignature } from "./account-deletion";
import { resetEbayCallLimits } from "./call-limits";
import { createEbayConnector } from "./connector";
import { clearEbayTokenCache } from "./oauth";

/** Emulated seconds per real second, for the emulator's call limits and the client's throttle alike. */
const TIME_SCALE = 60;
const SELLER = {
  username: "mugs_and_more",
  userId: "u2hxq8m3k1",
  clientId: "OrderBri-Emulator-PRD-a1b2c3d4e",
  clientSecret: "PRD-emulator-secret",
  refreshToken: "v^1.1#i^1#p^3#I^3#r^1#f^0#t^emulator-refresh",
  ruName: "OrderBridge-Emulator-RuName",
};

let emulator: EbayEmulator;
let baseUrl: string;
let accountId = 2000;

beforeAll(async () => {
  emulator = createEbayEmulator({ timeScale: TIME_SCALE, limitsEnabled: true });
  baseUrl = await emulator.listen(0);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await emulator.reset();
  await control("POST", "/__sandbox/limits", { enabled: true, timeScale: TIME_SCALE });
  clearEbayTokenCache();
  resetEbayCallLimits();
  accountId += 1;
  expect((await control("POST", "/__sandbox/users", SELLER)).status).toBe(201);
});

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function fault(kind: string, match: string, times = 1, extra: Record<string, unknown> = {}): Promise<void> {
  expect((await control("POST", "/__sandbox/faults", { kind, match, times, ...extra })).status).toBe(201);
}

async function seedOrder(body: Record<string, unknown> = {}): Promise<SandboxOrder> {
  const res = await control("POST", "/__sandbox/orders", {
    username: SELLER.username,
    items: [
      { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: "12.50", shippingCost: "4.99", tax: "2.00" },
      { sku: "CUP-RED", title: "Red cup", quantity: 1, unitPrice: "7.25" },
    ],
    shipTo: {
      fullName: "Jordan Ellis",
      contactAddress: {
        addressLine1: "2121 7th Ave",
        city: "Seattle",
        stateOrProvince: "WA",
        postalCode: "98121",
        countryCode: "US",
      },
    },
    ...body,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as SandboxOrder;
}

async function orderState(orderId: string): Promise<SandboxOrder> {
  const res = await control("GET", `/__sandbox/orders/${orderId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SandboxOrder;
}

function connector(
  overrides: Partial<ConnectorContext> = {},
  settings: Record<string, unknown> = {},
): MarketplaceConnector {
  return createEbayConnector({
    accountId,
    region: "us",
    settings: { marketplaceId: "EBAY_US", ...settings },
    credentials: {
      clientId: SELLER.clientId,
      clientSecret: SELLER.clientSecret,
      refreshToken: SELLER.refreshToken,
      ruName: SELLER.ruName,
    },
    endpoints: { apiBaseUrl: baseUrl, authBaseUrl: baseUrl },
    rateLimit: { enabled: true, timeScale: TIME_SCALE },
    timeoutMs: 5_000,
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (isConnectorError(e)) return e;
    throw e;
  }
  throw new Error("expected a ConnectorError");
}

async function listAll(c: MarketplaceConnector, updatedAfter: Date) {
  const ids: string[] = [];
  const pages = [];
  let token: string | null = null;
  do {
    const page = await c.listUpdatedOrders({ updatedAfter }, token);
    pages.push(page);
    ids.push(...page.orders.map((o) => o.marketplaceOrderId));
    token = page.nextPageToken;
  } while (token && pages.length < 20);
  return { ids, pages };
}

describe("listing", () => {
  it("pages through every order modified since the cursor, with coveredUntil from the first request", async () => {
    const since = new Date(Date.now() - 60_000);
    const seeded = [];
    for (let i = 0; i < 5; i++) seeded.push(await seedOrder());
    await seedOrder({
      creationDate: new Date(Date.now() - 86_400_000).toISOString(),
      lastModifiedDate: new Date(Date.now() - 3_600_000).toISOString(),
    });

    const before = Date.now();
    const { ids, pages } = await listAll(connector({}, { pageSize: 2 }), since);
    expect(pages).toHaveLength(3);
    expect(ids.sort()).toEqual(seeded.map((o) => o.orderId).sort());
    for (const p of pages) {
      expect(p.coveredUntil!.getTime()).toBe(pages[0]!.coveredUntil!.getTime());
    }
    expect(pages[0]!.coveredUntil!.getTime()).toBeGreaterThanOrEqual(before);
    expect(pages[0]!.coveredUntil!.getTime()).toBeLessThanOrEqual(Date.now());

    const log = (await (await control("GET", "/__sandbox/requests")).json()) as {
      method: string;
      path: string;
      query: Record<string, string>;
    }[];
    const listings = log.filter((e) => e.path === "/sell/fulfillment/v1/order");
    expect(listings.map((e) => e.query.offset)).toEqual(["0", "2", "4"]);
    expect(listings[0]!.query.filter).toBe(`lastmodifieddate:[${since.toISOString()}..]`);
  });

  it("maps orders as eBay serves them: money, address, statuses, shipments from Seller Hub", async () => {
    const since = new Date(Date.now() - 60_000);
    const shipped = await seedOrder();
    await control("POST", `/__sandbox/orders/${shipped.orderId}/ship`, {
      lineItems: [{ lineItemId: shipped.lineItems[0]!.lineItemId, quantity: 1 }],
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    const unpaid = await seedOrder({ paymentStatus: "PENDING" });
    const cancelled = await seedOrder();
    await control("POST", `/__sandbox/orders/${cancelled.orderId}/cancel`);

    const { pages } = await listAll(connector(), since);
    const byId = new Map(pages.flatMap((p) => p.orders).map((o) => [o.marketplaceOrderId, o]));
    const o = byId.get(shipped.orderId)!;
    expect(o).toMatchObject({
      status: "partially_shipped",
      marketplaceStatus: "IN_PROGRESS",
      currency: "USD",
      salesChannel: "EBAY_US",
      totals: { subtotal: { amount: 3225 }, shipping: { amount: 499 }, tax: { amount: 200 }, total: { amount: 3924 } },
      shippingAddress: {
        name: "Jordan Ellis",
        line1: "2121 7th Ave",
        city: "Seattle",
        region: "WA",
        postalCode: "98121",
        countryCode: "US",
      },
    });
    expect(o.lines.map((l) => [l.sku, l.quantity, l.quantityShipped, l.unitPrice.amount])).toEqual([
      ["MUG-BLUE", 2, 1, 1250],
      ["CUP-RED", 1, 0, 725],
    ]);
    expect(o.shipments).toEqual([
      { carrier: "USPS", trackingNumber: "9400111202555842332669", shippedAt: expect.any(Date) },
    ]);
    expect(byId.get(unpaid.orderId)!.status).toBe("pending");
    expect(byId.get(cancelled.orderId)!.status).toBe("cancelled");
  });

  it("clamps a cursor older than 90 days instead of failing with 30830", async () => {
    const order = await seedOrder();
    const { ids } = await listAll(connector(), new Date("2020-01-01T00:00:00Z"));
    expect(ids).toEqual([order.orderId]);
  });
});

describe("confirmShipment", () => {
  it("sends a shipment in two packages: each becomes a fulfillment, and the order ends FULFILLED", async () => {
    const order = await seedOrder({ creationDate: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const [mug, cup] = order.lineItems;
    const c = connector();
    const first: ShipmentConfirmation = {
      marketplaceOrderId: order.orderId,
      packageReference: "101",
      carrier: c.resolveCarrier("United States Postal Service"),
      trackingNumber: "9400 1112 0255 5842 3326 69",
      shippedAt: new Date(Date.now() - 3_600_000),
      lines: [{ marketplaceLineId: mug!.lineItemId, quantity: 1 }],
    };
    const second: ShipmentConfirmation = {
      ...first,
      packageReference: "102",
      carrier: c.resolveCarrier("UPS"),
      trackingNumber: "1Z999AA10123456784",
      lines: [
        { marketplaceLineId: mug!.lineItemId, quantity: 1 },
        { marketplaceLineId: cup!.lineItemId, quantity: 1 },
      ],
    };
    expect(await c.confirmShipment(first)).toEqual({ marketplaceShipmentId: "9400111202555842332669" });
    expect((await orderState(order.orderId)).orderFulfillmentStatus).toBe("IN_PROGRESS");
    expect(await c.confirmShipment(second)).toEqual({ marketplaceShipmentId: "1Z999AA10123456784" });

    const state = await orderState(order.orderId);
    expect(state.orderFulfillmentStatus).toBe("FULFILLED");
    expect(state.fulfillments).toEqual([
      {
        fulfillmentId: "9400111202555842332669",
        lineItems: [{ lineItemId: mug!.lineItemId, quantity: 1 }],
        shippingCarrierCode: "USPS",
        trackingNumber: "9400111202555842332669",
        shippedDate: first.shippedAt.toISOString(),
        source: "api",
      },
      {
        fulfillmentId: "1Z999AA10123456784",
        lineItems: [
          { lineItemId: mug!.lineItemId, quantity: 1 },
          { lineItemId: cup!.lineItemId, quantity: 1 },
        ],
        shippingCarrierCode: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shippedDate: first.shippedAt.toISOString(),
        source: "api",
      },
    ]);

    // Sending a package again (a crash between "sent" and "recorded") is answered with what eBay has.
    expect(await c.confirmShipment(first)).toEqual({ marketplaceShipmentId: "9400111202555842332669" });
    expect((await orderState(order.orderId)).fulfillments).toHaveLength(2);

    // The listing now shows it shipped, with both packages.
    const page = await c.listUpdatedOrders({ updatedAfter: new Date(Date.now() - 60_000) });
    const listed = page.orders.find((o) => o.marketplaceOrderId === order.orderId)!;
    expect(listed.status).toBe("shipped");
    expect(listed.lines.map((l) => l.quantityShipped)).toEqual([2, 1]);
    expect(listed.shipments?.map((s) => s.trackingNumber)).toEqual(["9400111202555842332669", "1Z999AA10123456784"]);
  });

  it("a 200 with a body where eBay answers 201 with a Location is not believed: read back, and a retry sends it", async () => {
    // Seen in the chaos soak: a malformed 200 was recorded as exported while eBay had no such fulfillment.
    const order = await seedOrder();
    const c = connector();
    const input: ShipmentConfirmation = {
      marketplaceOrderId: order.orderId,
      packageReference: "201",
      carrier: c.resolveCarrier("UPS"),
      trackingNumber: "1Z999AA10123456784",
      shippedAt: new Date(Date.now() - 60_000),
      lines: [{ marketplaceLineId: order.lineItems[0]!.lineItemId, quantity: 1 }],
    };
    await fault("malformed_body", "POST /sell/fulfillment/v1/order/");
    await expect(c.confirmShipment(input)).rejects.toMatchObject({
      kind: "retryable",
      details: { code: "unexpected_answer" },
    });
    expect((await orderState(order.orderId)).fulfillments).toHaveLength(0);
    await expect(c.confirmShipment(input)).resolves.toEqual({ marketplaceShipmentId: "1Z999AA10123456784" });
    expect((await orderState(order.orderId)).fulfillments).toHaveLength(1);
  });

  it("refusals are permanent with eBay's error id: unknown order, unknown line, too many units, cancelled order", async () => {
    const order = await seedOrder();
    const c = connector();
    const base: ShipmentConfirmation = {
      marketplaceOrderId: order.orderId,
      packageReference: "1",
      carrier: { code: "UPS", name: "UPS" },
      trackingNumber: "1Z999AA10123456784",
      shippedAt: new Date(Date.now() - 60_000),
      lines: [{ marketplaceLineId: order.lineItems[1]!.lineItemId, quantity: 1 }],
    };
    expect(await failure(c.confirmShipment({ ...base, marketplaceOrderId: "12-34567-89012" }))).toMatchObject({
      kind: "permanent",
      details: { httpStatus: 400, code: "32100", operation: "createShippingFulfillment" },
    });
    expect(
      await failure(c.confirmShipment({ ...base, lines: [{ marketplaceLineId: "99999999999999", quantity: 1 }] })),
    ).toMatchObject({
      kind: "permanent",
      details: { code: "32200" },
    });
    expect(
      await failure(
        c.confirmShipment({ ...base, lines: [{ marketplaceLineId: order.lineItems[1]!.lineItemId, quantity: 5 }] }),
      ),
    ).toMatchObject({
      kind: "permanent",
      details: { code: "32600" },
    });
    const cancelled = await seedOrder();
    await control("POST", `/__sandbox/orders/${cancelled.orderId}/cancel`);
    expect(
      await failure(
        c.confirmShipment({
          ...base,
          marketplaceOrderId: cancelled.orderId,
          lines: [{ marketplaceLineId: cancelled.lineItems[0]!.lineItemId, quantity: 1 }],
        }),
      ),
    ).toMatchObject({ kind: "permanent", details: { httpStatus: 409 } });
  });
});

describe("auth, limits and faults", () => {
  it("refreshes once when eBay refuses the cached access token", async () => {
    await seedOrder();
    const c = connector();
    await c.listUpdatedOrders({ updatedAfter: new Date(Date.now() - 60_000) });
    expect((await control("POST", `/__sandbox/users/${SELLER.username}/expire-tokens`)).status).toBe(200);
    const page = await c.listUpdatedOrders({ updatedAfter: new Date(Date.now() - 60_000) });
    expect(page.orders).toHaveLength(1);
    const log = (await (await control("GET", "/__sandbox/requests")).json()) as { path: string; status: number }[];
    expect(log.map((e) => `${e.path} ${e.status}`)).toEqual([
      "/identity/v1/oauth2/token 200",
      "/sell/fulfillment/v1/order 200",
      "/sell/fulfillment/v1/order 401",
      "/identity/v1/oauth2/token 200",
      "/sell/fulfillment/v1/order 200",
    ]);
  });

  it("a refresh token eBay no longer knows is auth_expired; injected 5xx, timeouts and bad bodies are retryable", async () => {
    const revoked = connector({
      credentials: { clientId: SELLER.clientId, clientSecret: SELLER.clientSecret, refreshToken: "v^1.1#revoked" },
    });
    expect(await failure(revoked.listUpdatedOrders({ updatedAfter: new Date() }))).toMatchObject({
      kind: "auth_expired",
      details: { code: "invalid_grant", httpStatus: 400 },
    });

    const c = connector();
    const params = { updatedAfter: new Date(Date.now() - 60_000) };
    await fault("http_500", "GET /sell/fulfillment/v1/order");
    expect(await failure(c.listUpdatedOrders(params))).toMatchObject({
      kind: "retryable",
      details: { httpStatus: 500, code: "30500" },
    });
    await fault("http_503", "GET /sell/fulfillment/v1/order");
    expect(await failure(c.listUpdatedOrders(params))).toMatchObject({
      kind: "retryable",
      details: { httpStatus: 503 },
    });
    await fault("timeout", "GET /sell/fulfillment/v1/order", 1, { delayMs: 3_000 });
    const impatient = await failure(connector({ timeoutMs: 400 }).listUpdatedOrders(params));
    expect(impatient).toMatchObject({ kind: "retryable" });
    expect(impatient.message).toMatch(/timed out/);
    await fault("malformed_body", "GET /sell/fulfillment/v1/order");
    expect(await failure(c.listUpdatedOrders(params))).toMatchObject({
      kind: "retryable",
      details: { httpStatus: 200 },
    });
    await fault("expired_token", "GET /sell/fulfillment/v1/order", 2);
    expect(await failure(c.listUpdatedOrders(params))).toMatchObject({
      kind: "auth_expired",
      details: { httpStatus: 401, code: "1001" },
    });
    expect((await c.listUpdatedOrders(params)).orders).toEqual([]);
  });

  it("eBay's 429 is rate_limited with a wait, also when eBay's own limit is lower than the one we assume", async () => {
    const c = connector();
    const params = { updatedAfter: new Date(Date.now() - 60_000) };
    await fault("http_429", "GET /sell/fulfillment/v1/order");
    const injected = await failure(c.listUpdatedOrders(params));
    expect(injected).toMatchObject({ kind: "rate_limited", details: { httpStatus: 429, code: "2001" } });
    expect(injected.details.retryAfterMs).toBeGreaterThan(0);

    // The app's real limit turns out lower (one call per 100 emulated seconds, burst 2).
    await control("POST", "/__sandbox/settings", { rateLimit: { callsPerDay: 864, burst: 2 } });
    const fresh = connector({ rateLimit: { enabled: false, timeScale: TIME_SCALE } });
    await fresh.listUpdatedOrders(params);
    await fresh.listUpdatedOrders(params);
    expect(await failure(fresh.listUpdatedOrders(params))).toMatchObject({
      kind: "rate_limited",
      details: { code: "2001" },
    });
  });
});

describe("marketplace account deletion", () => {
  let app: Server;
  let endpoint: string;
  const VERIFICATION_TOKEN = "orderbridge-emulator_verification_token_42";
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    // Stands in for the app's future route, built from the connector's pure helpers.
    app = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const ch of req) chunks.push(ch as Buffer);
      const url = new URL(req.url!, endpoint);
      if (req.method === "GET") {
        const code = url.searchParams.get("challenge_code") ?? "";
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ challengeResponse: challengeResponse(code, VERIFICATION_TOKEN, endpoint) }));
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
    endpoint = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/ebay/account-deletion`;
  });

  afterAll(async () => {
    app.closeAllConnections();
    await new Promise<void>((r) => app.close(() => r()));
  });

  it("answers eBay's challenge and verifies a signed notification", async () => {
    const challenge = await (
      await control("POST", "/__sandbox/account-deletion/challenge", {
        endpoint,
        verificationToken: VERIFICATION_TOKEN,
      })
    ).json();
    expect(challenge).toMatchObject({ matched: true, status: 200 });

    const delivery = await (
      await control("POST", "/__sandbox/account-deletion", { endpoint, username: SELLER.username })
    ).json();
    expect(delivery).toMatchObject({ delivered: true, status: 204 });
    const hit = received.at(-1)!;
    const parsed = parseAccountDeletionNotification(hit.body);
    expect(parsed.ok && parsed.value).toMatchObject({ username: SELLER.username, userId: SELLER.userId });

    const header = String(hit.headers["x-ebay-signature"]);
    const kid = JSON.parse(Buffer.from(header, "base64").toString("utf8")).kid as string;
    const tokenRes = await fetch(`${baseUrl}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${SELLER.clientId}:${SELLER.clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "https://api.ebay.com/oauth/api_scope" }),
    });
    const appToken = ((await tokenRes.json()) as { access_token: string }).access_token;
    const key = (await (
      await fetch(`${baseUrl}/commerce/notification/v1/public_key/${kid}`, {
        headers: { authorization: `Bearer ${appToken}` },
      })
    ).json()) as {
      key: string;
    };
    expect(verifyNotificationSignature({ rawBody: hit.body, signatureHeader: header, publicKey: key.key })).toBe(true);
    expect(
      verifyNotificationSignature({
        rawBody: hit.body.replace(SELLER.username, "someone_else"),
        signatureHeader: header,
        publicKey: key.key,
      }),
    ).toBe(false);
  });
});
