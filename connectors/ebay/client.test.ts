import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ConnectorError, isConnectorError } from "../types";
import { INVALID_TOKEN_BODY, json, stubFetch, tokenResponse } from "./__tests__/fetch-stub";
import { EbayCallLimiter, resetEbayCallLimits } from "./call-limits";
import { EbayFulfillmentClient, fulfillmentIdFromLocation } from "./client";
import { clearEbayTokenCache, EbayTokenProvider } from "./oauth";

const API = "https://api.test";
const TOKEN = "/identity/v1/oauth2/token";
const ORDERS = "/sell/fulfillment/v1/order";

beforeEach(() => {
  clearEbayTokenCache();
  resetEbayCallLimits();
});
afterEach(() => vi.restoreAllMocks());

function client(rateLimit = { enabled: false, timeScale: 1 }) {
  return new EbayFulfillmentClient({
    apiBaseUrl: API,
    tokens: new EbayTokenProvider({
      authBaseUrl: "https://auth.test",
      app: { clientId: "cid", clientSecret: "sec" },
      refreshToken: "r",
    }),
    limiter: new EbayCallLimiter("cid", rateLimit),
    timeoutMs: 2000,
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

describe("EbayFulfillmentClient", () => {
  it("sends the bearer token and the percent-encoded filter", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("tok-1"),
      [`GET ${ORDERS}`]: () => json(200, { href: "x", total: 0, limit: 50, offset: 0, orders: [] }),
    });
    await client().getOrders({ filter: "lastmodifieddate:[2026-03-01T00:00:00.000Z..]", limit: "100", offset: "0" });
    const req = f.to(ORDERS)[0]!;
    expect(req.headers.get("authorization")).toBe("Bearer tok-1");
    expect(req.rawUrl).toContain("filter=lastmodifieddate%3A%5B2026-03-01T00%3A00%3A00.000Z..%5D");
    expect(req.url.searchParams.get("limit")).toBe("100");
  });

  it("accepts an empty page without `orders`", async () => {
    stubFetch({ [`POST ${TOKEN}`]: () => tokenResponse("t"), [`GET ${ORDERS}`]: () => json(200, { total: 0 }) });
    expect(await client().getOrders({})).toEqual({ total: 0 });
  });

  it("a page whose orders are not all objects is a malformed body (retryable)", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("t"),
      [`GET ${ORDERS}`]: () => json(200, { total: 1, orders: [null] }),
    });
    expect(await failure(client().getOrders({}))).toMatchObject({
      kind: "retryable",
      details: { httpStatus: 200, operation: "getOrders" },
    });
  });

  it("refreshes once on a 401 and resends; a second 401 is auth_expired", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: [() => tokenResponse("old"), () => tokenResponse("new"), () => tokenResponse("newer")],
      [`GET ${ORDERS}/12-34567-89012`]: [
        () => json(401, INVALID_TOKEN_BODY),
        () => json(200, { orderId: "12-34567-89012" }),
        () => json(401, INVALID_TOKEN_BODY),
      ],
    });
    const c = client();
    expect((await c.getOrder("12-34567-89012")).orderId).toBe("12-34567-89012");
    expect(f.to(`${ORDERS}/12-34567-89012`).map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer old",
      "Bearer new",
    ]);
    const err = await failure(c.getOrder("12-34567-89012"));
    expect(err).toMatchObject({
      kind: "auth_expired",
      details: { httpStatus: 401, code: "1001", operation: "getOrder" },
    });
    expect(f.to(TOKEN)).toHaveLength(3);
  });

  it("maps 429, 5xx, 400 and 403 1100 into our kinds with eBay's error ids", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("t"),
      [`GET ${ORDERS}`]: [
        () =>
          json(429, {
            errors: [{ errorId: 2001, domain: "ACCESS", category: "REQUEST", message: "Too many requests" }],
          }),
        () =>
          json(500, {
            errors: [{ errorId: 30500, domain: "API_FULFILLMENT", category: "APPLICATION", message: "System error" }],
          }),
        () =>
          json(400, {
            errors: [{ errorId: 30830, domain: "API_FULFILLMENT", category: "REQUEST", message: "Time range ..." }],
          }),
        () =>
          json(403, {
            errors: [
              {
                errorId: 1100,
                domain: "ACCESS",
                category: "REQUEST",
                message: "Access denied",
                longMessage: "Insufficient permissions to fulfill the request.",
              },
            ],
          }),
        () => new Response("<html>Bad Gateway</html>", { status: 502 }),
      ],
    });
    // Throttling on (so a 429 drains the bucket), at a scale where the refill takes a millisecond.
    const c = client({ enabled: true, timeScale: 1000 });
    const limited = await failure(c.getOrders({}));
    expect(limited).toMatchObject({ kind: "rate_limited", details: { code: "2001", httpStatus: 429 } });
    expect(limited.details.retryAfterMs).toBeGreaterThan(0);
    expect(await failure(c.getOrders({}))).toMatchObject({ kind: "retryable", details: { code: "30500" } });
    const bad = await failure(c.getOrders({}));
    expect(bad).toMatchObject({ kind: "permanent", details: { code: "30830", httpStatus: 400 } });
    expect(bad.message).toContain("30830 Time range");
    const denied = await failure(c.getOrders({}));
    expect(denied).toMatchObject({ kind: "auth_expired", details: { code: "1100" } });
    expect(denied.message).toContain("Insufficient permissions");
    expect(await failure(c.getOrders({}))).toMatchObject({ kind: "retryable", details: { httpStatus: 502 } });
  });

  it("a malformed 200 body is retryable", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("t"),
      [`GET ${ORDERS}`]: () => new Response('{"orders": [', { status: 200 }),
    });
    expect(await failure(client().getOrders({}))).toMatchObject({ kind: "retryable" });
  });

  it("posts a fulfillment and reads its id from the Location header", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("t"),
      [`POST ${ORDERS}/12-34567-89012/shipping_fulfillment`]: () =>
        json(201, {}, { location: `${API}${ORDERS}/12-34567-89012/shipping_fulfillment/9405509699937003457459` }),
    });
    const created = await client().createShippingFulfillment("12-34567-89012", {
      lineItems: [{ lineItemId: "10022882297012", quantity: 1 }],
      shippedDate: "2026-03-03T10:00:00.000Z",
      shippingCarrierCode: "USPS",
      trackingNumber: "9405509699937003457459",
    });
    expect(created.fulfillmentId).toBe("9405509699937003457459");
    const req = f.to(`${ORDERS}/12-34567-89012/shipping_fulfillment`)[0]!;
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(req.body)).toMatchObject({
      shippingCarrierCode: "USPS",
      lineItems: [{ lineItemId: "10022882297012", quantity: 1 }],
    });
  });

  it("reads ids from Location headers", () => {
    expect(
      fulfillmentIdFromLocation("https://api.ebay.com/sell/fulfillment/v1/order/1-2-3/shipping_fulfillment/999"),
    ).toBe("999");
    expect(
      fulfillmentIdFromLocation("https://api.ebay.com/sell/fulfillment/v1/order/1-2-3/shipping_fulfillment/"),
    ).toBeNull();
    expect(fulfillmentIdFromLocation(null)).toBeNull();
  });
});
