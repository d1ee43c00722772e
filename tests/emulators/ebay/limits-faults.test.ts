/** Call limits at a time scale, injected faults in eBay's shapes, and the request log's redaction. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ASSUMED_FULFILLMENT_RATE_LIMIT } from "./index";
import { api, API, errorIds, order, SELLER, start, tokenRequest, userToken, type Running } from "./test-support";

let run: Running;

beforeAll(async () => {
  run = await start({ limitsEnabled: true, timeScale: 1 });
});
afterAll(() => run.ebay.close());
beforeEach(async () => {
  await run.ebay.reset();
  run.ebay.seedUser(SELLER);
  await control("POST", "/__sandbox/limits", { enabled: true, timeScale: 1 });
});

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${run.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe("call limits", () => {
  it("assumes 100,000 calls a day with a burst of 50 unless told otherwise", async () => {
    expect(ASSUMED_FULFILLMENT_RATE_LIMIT).toEqual({ callsPerDay: 100_000, burst: 50 });
    expect((await control("GET", "/__sandbox/settings")).body.rateLimit).toEqual({ callsPerDay: 100_000, burst: 50 });
  });

  it("answers 429 2001 past the burst, and refills on emulated time", async () => {
    // One call per 100 emulated seconds: at time scale 1 nothing refills during the test.
    await control("POST", "/__sandbox/settings", { rateLimit: { callsPerDay: 864, burst: 3 } });
    const token = await userToken(run.baseUrl);
    for (let i = 0; i < 3; i++) expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
    const limited = await api(run.baseUrl, token, "GET", `${API}/order`);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]).toMatchObject({ errorId: 2001, message: "Too many requests" });
    // The token endpoint is not counted against the API.
    expect(
      (await tokenRequest(run.baseUrl, { grant_type: "refresh_token", refresh_token: SELLER.refreshToken })).status,
    ).toBe(200);

    // At 10,000 emulated seconds per real second, 200 ms refill the bucket many times over.
    await control("POST", "/__sandbox/limits", { timeScale: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
  });

  it("checks the token before the limit, and does not count when limits are off", async () => {
    await control("POST", "/__sandbox/settings", { rateLimit: { callsPerDay: 864, burst: 1 } });
    await control("POST", "/__sandbox/limits", { enabled: false });
    const token = await userToken(run.baseUrl);
    for (let i = 0; i < 3; i++) expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
    await control("POST", "/__sandbox/limits", { enabled: true });
    expect((await api(run.baseUrl, "bogus", "GET", `${API}/order`)).status).toBe(401);
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(429);
  });
});

describe("faults", () => {
  it("answers each injected fault in eBay's shape, once per `times`", async () => {
    const token = await userToken(run.baseUrl);
    const cases: [string, number, number][] = [
      ["http_500", 500, 30500],
      ["http_503", 503, 2003],
      ["http_429", 429, 2001],
      ["expired_token", 401, 1001],
    ];
    for (const [kind, status, id] of cases) {
      expect(
        (await control("POST", "/__sandbox/faults", { kind, match: "GET /sell/fulfillment/v1/order", times: 1 }))
          .status,
      ).toBe(201);
      const res = await api(run.baseUrl, token, "GET", `${API}/order`);
      expect({ kind, status: res.status, ids: errorIds(res.body) }).toEqual({ kind, status, ids: [id] });
      expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
    }
  });

  it("sends a malformed body, and hangs up after a timeout", async () => {
    const token = await userToken(run.baseUrl);
    await control("POST", "/__sandbox/faults", { kind: "malformed_body", match: "GET /sell", times: 1 });
    const bad = await api(run.baseUrl, token, "GET", `${API}/order`);
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.text)).toThrow();
    await control("POST", "/__sandbox/faults", { kind: "timeout", match: "GET /sell", times: 1, delayMs: 100 });
    await expect(api(run.baseUrl, token, "GET", `${API}/order`)).rejects.toThrow();
  });

  it("matches faults by method and path only", async () => {
    const token = await userToken(run.baseUrl);
    const seeded = run.ebay.seedOrder(order());
    await control("POST", "/__sandbox/faults", {
      kind: "http_500",
      match: "POST /sell/fulfillment/v1/order",
      times: 1,
    });
    expect((await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}`)).status).toBe(200);
    const post = await api(run.baseUrl, token, "POST", `${API}/order/${seeded.orderId}/shipping_fulfillment`, {
      lineItems: [{ lineItemId: seeded.lineItems[1]!.lineItemId }],
    });
    expect(post.status).toBe(500);
    expect(run.ebay.getOrder(seeded.orderId)!.fulfillments).toEqual([]);
  });
});

describe("request log", () => {
  it("records API calls with secrets redacted: refresh tokens, authorization codes; headers are not logged", async () => {
    const token = await userToken(run.baseUrl);
    const { code } = run.ebay.authorizationCode({ username: SELLER.username });
    await tokenRequest(run.baseUrl, { grant_type: "authorization_code", code, redirect_uri: SELLER.ruName });
    const seeded = run.ebay.seedOrder(order());
    await api(run.baseUrl, token, "POST", `${API}/order/${seeded.orderId}/shipping_fulfillment`, {
      lineItems: [{ lineItemId: seeded.lineItems[1]!.lineItemId }],
      shippingCarrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    const log = (await control("GET", "/__sandbox/requests")).body as {
      method: string;
      path: string;
      body: any;
      status: number;
    }[];
    expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "POST /identity/v1/oauth2/token 200",
      "POST /identity/v1/oauth2/token 200",
      `POST ${API}/order/${seeded.orderId}/shipping_fulfillment 201`,
    ]);
    expect(log[0]!.body).toEqual({ grant_type: "refresh_token", refresh_token: "[redacted]" });
    expect(log[1]!.body).toEqual({ grant_type: "authorization_code", code: "[redacted]", redirect_uri: SELLER.ruName });
    expect(log[2]!.body.trackingNumber).toBe("1Z999AA10123456784");
    const text = JSON.stringify(log);
    expect(text).not.toContain(SELLER.refreshToken);
    expect(text).not.toContain(code);
    expect(text).not.toContain(token);
    expect(text).not.toContain(SELLER.clientSecret);
  });
});
