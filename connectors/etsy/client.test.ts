import { afterEach, describe, expect, it, vi } from "vitest";
import { paidUsReceiptFixture } from "#tests/fixtures/etsy/receipts-fixture.ts";
import type { ConnectorError } from "../types";
import { json, stubFetch, tokens } from "./__tests__/fetch-stub";
import { EtsyApiClient } from "./client";
import { clearEtsyTokenCache, EtsyTokenProvider } from "./oauth";
import { EtsyRateLimiter, resetEtsyRateLimits } from "./rate-limits";

const API = "https://openapi.etsy.test";
const AUTH = "https://api.etsy.test";
const KEY = { keystring: "clientkeystring", sharedSecret: "shh" };
const RECEIPTS = "/v3/application/shops/5001/receipts";
const TOKEN = "/v3/public/oauth/token";

afterEach(() => {
  vi.restoreAllMocks();
  clearEtsyTokenCache();
  resetEtsyRateLimits();
});

function client(opts: { rateLimit?: boolean; saved?: Record<string, string>[] } = {}) {
  return new EtsyApiClient({
    apiBaseUrl: `${API}/`,
    apiKey: KEY,
    tokens: new EtsyTokenProvider({
      authBaseUrl: AUTH,
      ...KEY,
      accountId: 1,
      credentials: { ...KEY, refreshToken: "70001001.refresh-0" },
      onCredentialsRotated: async (c) => void opts.saved?.push(c),
    }),
    limiter: new EtsyRateLimiter(`${API}\n${KEY.keystring}`, { enabled: opts.rateLimit ?? false, timeScale: 1 }),
  });
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e as ConnectorError,
  );

describe("EtsyApiClient", () => {
  it("sends x-api-key keystring:secret and the bearer token, with the query as given", async () => {
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`GET ${RECEIPTS}`]: () => json(200, { count: 1, results: [paidUsReceiptFixture] }),
    });
    const page = await client().getShopReceipts(5001, {
      min_last_modified: 1_772_000_000,
      sort_on: "updated",
      sort_order: "asc",
      limit: 100,
      offset: 0,
    });
    expect(page.count).toBe(1);
    expect(page.results[0]!.receipt_id).toBe(paidUsReceiptFixture.receipt_id);
    const req = stub.to(RECEIPTS)[0]!;
    expect(req.headers.get("x-api-key")).toBe("clientkeystring:shh");
    expect(req.headers.get("authorization")).toMatch(/^Bearer 70001001\.access-\d+$/);
    expect(Object.fromEntries(req.url.searchParams)).toEqual({
      min_last_modified: "1772000000",
      sort_on: "updated",
      sort_order: "asc",
      limit: "100",
      offset: "0",
    });
  });

  it("posts createReceiptShipment as a form", async () => {
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`POST ${RECEIPTS}/3901000001/tracking`]: () => json(200, paidUsReceiptFixture),
    });
    await client().createReceiptShipment(5001, 3_901_000_001, {
      tracking_code: "1Z999AA10123456784",
      carrier_name: "ups",
      send_bcc: false,
    });
    const req = stub.to(`${RECEIPTS}/3901000001/tracking`)[0]!;
    expect(req.headers.get("content-type")).toMatch(/application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      tracking_code: "1Z999AA10123456784",
      carrier_name: "ups",
      send_bcc: "false",
    });
  });

  it("refreshes once on a 401 (saving the rotated token first) and resends", async () => {
    const saved: Record<string, string>[] = [];
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`GET ${RECEIPTS}/3901000001`]: [
        () => json(401, { error: "invalid_token", error_description: "access token is expired" }),
        () => json(200, paidUsReceiptFixture),
      ],
    });
    const receipt = await client({ saved }).getShopReceipt(5001, 3_901_000_001);
    expect(receipt.receipt_id).toBe(3_901_000_001);
    expect(stub.to(TOKEN)).toHaveLength(2);
    expect(saved).toHaveLength(2);
    const [first, second] = stub.to(`${RECEIPTS}/3901000001`);
    expect(first!.headers.get("authorization")).not.toBe(second!.headers.get("authorization"));
    expect(second!.headers.get("authorization")).toBe(`Bearer ${saved[1]!.accessToken}`);
  });

  it("a second 401 is auth_expired", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`GET ${RECEIPTS}/1`]: () => json(401, { error: "invalid_token", error_description: "access token is invalid" }),
    });
    const err = await rejection(client().getShopReceipt(5001, 1));
    expect(err).toMatchObject({
      kind: "auth_expired",
      details: { httpStatus: 401, code: "invalid_token", operation: "getShopReceipt", marketplace: "etsy" },
    });
    expect(err.message).toMatch(/invalid_token: access token is invalid/);
  });

  it("translates 400, 403, 404, 409, 5xx and malformed bodies", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`POST ${RECEIPTS}/1/tracking`]: [
        () => json(400, { error: "tracking_code and carrier_name must be sent together." }),
        () => json(403, { error: "Shared secret is required in x-api-key header." }),
        () => json(404, { error: "Could not find a receipt" }),
        () => json(409, { error: "Receipt 1 has been canceled and cannot be shipped." }),
        () => json(500, { error: "An internal error occurred." }),
        () => new Response("<html>Bad gateway</html>", { status: 200 }),
      ],
    });
    const c = client();
    const ship = () => rejection(c.createReceiptShipment(5001, 1, {}));
    const results = [await ship(), await ship(), await ship(), await ship(), await ship(), await ship()];
    expect(results.map((e) => [e.kind, e.details.httpStatus])).toEqual([
      ["permanent", 400],
      ["permanent", 403],
      ["permanent", 404],
      ["permanent", 409],
      ["retryable", 500],
      ["retryable", 200],
    ]);
    expect(results[0]!.message).toMatch(/must be sent together/);
    expect(results[3]!.details.code).toBeUndefined();
  });

  it("resends once after a 429 when the wait is short, then reports rate_limited", async () => {
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`GET ${RECEIPTS}`]: [
        () => json(429, { error: "You have exceeded your quota of requests per second." }),
        () => json(200, { count: 0, results: [] }, { "x-limit-per-second": "50", "x-remaining-today": "9000" }),
        () => json(429, { error: "per second" }),
        () => json(429, { error: "per second" }),
      ],
    });
    const c = client({ rateLimit: true });
    expect((await c.getShopReceipts(5001, {})).count).toBe(0);
    const err = await rejection(c.getShopReceipts(5001, {}));
    expect(err.kind).toBe("rate_limited");
    expect(err.details.retryAfterMs).toBeGreaterThan(0);
    expect(err.details.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(stub.to(RECEIPTS)).toHaveLength(4);
  });

  it("does not resend a 429 once the day's quota is spent, and says to wait long", async () => {
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () => tokens(),
      [`GET ${RECEIPTS}`]: [
        () => json(200, { count: 0, results: [] }, { "x-remaining-today": "0" }),
        () => json(429, { error: "per day" }),
      ],
    });
    const c = client({ rateLimit: true });
    await c.getShopReceipts(5001, {});
    const err = await rejection(c.getShopReceipts(5001, {}));
    expect(err.kind).toBe("rate_limited");
    expect(err.details.retryAfterMs).toBe(3_600_000);
    expect(stub.to(RECEIPTS)).toHaveLength(2);
  });

  it("turns network failures into retryable errors", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(
      Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }),
    );
    const err = await rejection(client().getShopReceipt(5001, 1));
    expect(err).toMatchObject({ kind: "retryable", details: { marketplace: "etsy", operation: "oauthToken" } });
  });
});
