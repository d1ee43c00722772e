import { afterEach, describe, expect, it } from "vitest";
import { api, LONG_AGO, lwaToken, order, OTHER_SELLER, type Running, SELLER, settle, start, US } from "./test-support";

const listPath = `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`;
const QUOTA = {
  errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource.", details: "" }],
};

async function post(baseUrl: string, path: string, body: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("usage plans", () => {
  let r: Running;
  afterEach(() => r.amazon.close());

  it("answers 429 QuotaExceeded past the burst, per seller and per operation, and refills at the rate", async () => {
    r = await start({ limitsEnabled: true, timeScale: 60 });
    r.amazon.seedSeller(SELLER);
    r.amazon.seedSeller(OTHER_SELLER);
    const seeded = r.amazon.seedOrder(order());
    const token = await lwaToken(r.baseUrl);
    for (let i = 0; i < 20; i++) expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(200);
    const over = await api(r.baseUrl, token, "GET", listPath);
    expect(over.status).toBe(429);
    expect(over.body).toEqual(QUOTA);
    expect(over.headers.get("x-amzn-ratelimit-limit")).toBe("0.0167");
    expect(over.headers.get("x-amzn-requestid")).toBeTruthy();

    // Other operations and other sellers have their own buckets.
    expect((await api(r.baseUrl, token, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}`)).status).toBe(200);
    const other = await lwaToken(r.baseUrl, OTHER_SELLER);
    expect((await api(r.baseUrl, other, "GET", listPath)).status).toBe(200);

    // 0.0167 rps: one request per ~60 emulated seconds, i.e. about one real second at timeScale 60.
    await new Promise((res) => setTimeout(res, 1100));
    expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(200);
    expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(429);
    r.amazon.advanceClock(60);
    expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(200);
  });

  it("enforces confirmShipment's 2 rps / burst 10, and nothing when limits are off", async () => {
    r = await start({ limitsEnabled: true, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    const token = await lwaToken(r.baseUrl);
    const path = "/orders/v0/orders/113-0000000-0000000/shipmentConfirmation";
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api(r.baseUrl, token, "POST", path, {})).status);
    // Requests that fail validation still count against the plan, as on Amazon.
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // At timeScale 100, 30 real ms are 3 emulated seconds: 6 requests' worth.
    await post(r.baseUrl, "/__sandbox/limits", { timeScale: 100 });
    await new Promise((res) => setTimeout(res, 30));
    expect((await api(r.baseUrl, token, "POST", path, {})).status).toBe(400);

    const limits = await post(r.baseUrl, "/__sandbox/limits", { enabled: false });
    expect(await limits.json()).toMatchObject({ enabled: false, timeScale: 100 });
    for (let i = 0; i < 15; i++) expect((await api(r.baseUrl, token, "POST", path, {})).status).toBe(400);
  });
});

describe("faults", () => {
  let r: Running;
  afterEach(() => r.amazon.close());

  async function setup() {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    r.amazon.seedOrder(order());
    settle(r.amazon);
    return lwaToken(r.baseUrl);
  }

  it("injects 500, 503 and 429 in SP-API's error shape, with Amazon's headers", async () => {
    const token = await setup();
    const cases = [
      ["http_500", 500, "InternalFailure"],
      ["http_503", 503, "ServiceUnavailable"],
      ["http_429", 429, "QuotaExceeded"],
    ] as const;
    for (const [kind, status, code] of cases) {
      expect(
        (await post(r.baseUrl, "/__sandbox/faults", { kind, match: "GET /orders/v0/orders", times: 1 })).status,
      ).toBe(201);
      const res = await api(r.baseUrl, token, "GET", listPath);
      expect(res.status).toBe(status);
      expect(res.body.errors[0]).toMatchObject({ code, message: expect.any(String), details: "" });
      expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
      expect(res.headers.get("x-amzn-ratelimit-limit")).toBe("0.0167");
      expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(200);
    }
  });

  it("an expired_token fault looks exactly like a really expired token", async () => {
    const token = await setup();
    await post(r.baseUrl, "/__sandbox/faults", { kind: "expired_token", times: 1 });
    const injected = await api(r.baseUrl, token, "GET", listPath);
    r.amazon.advanceClock(3600);
    const real = await api(r.baseUrl, token, "GET", listPath);
    expect(injected.status).toBe(403);
    expect(real.status).toBe(403);
    expect(injected.text).toBe(real.text);
    expect(injected.body).toEqual({
      errors: [
        {
          code: "Unauthorized",
          message: "Access to requested resource is denied.",
          details: "The access token you provided has expired.",
        },
      ],
    });
  });

  it("times out, sends malformed bodies, honours match and times", async () => {
    const token = await setup();
    await post(r.baseUrl, "/__sandbox/faults", {
      kind: "timeout",
      match: "GET /orders/v0/orders",
      times: 1,
      delayMs: 100,
    });
    await expect(api(r.baseUrl, token, "GET", listPath)).rejects.toThrow();

    await post(r.baseUrl, "/__sandbox/faults", { kind: "malformed_body", match: "GET /orders/v0/orders", times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api(r.baseUrl, token, "GET", listPath);
      expect(res.status).toBe(200);
      expect(() => JSON.parse(res.text)).toThrow();
    }
    await post(r.baseUrl, "/__sandbox/faults", { kind: "http_503", match: "shipmentConfirmation", times: 1 });
    expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(200);
    const faults = await (await fetch(`${r.baseUrl}/__sandbox/faults`)).json();
    expect(faults).toEqual([expect.objectContaining({ kind: "http_503", match: "shipmentConfirmation", times: 1 })]);
    expect((await post(r.baseUrl, "/__sandbox/faults", { kind: "meteor_strike" })).status).toBe(400);
  });

  it("answers faults on the LWA endpoint in OAuth's shape, and keeps expired_token for the API", async () => {
    const token = await setup();
    await post(r.baseUrl, "/__sandbox/faults", { kind: "http_503", match: "/auth/o2/token", times: 1 });
    const res = await fetch(`${r.baseUrl}/auth/o2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: SELLER.refreshToken,
        client_id: SELLER.clientId,
        client_secret: SELLER.clientSecret,
      }),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "temporarily_unavailable", error_description: expect.any(String) });

    await post(r.baseUrl, "/__sandbox/faults", { kind: "expired_token", times: 1 });
    const fresh = await lwaToken(r.baseUrl); // not consumed by the token call
    expect(fresh).not.toBe(token);
    expect((await api(r.baseUrl, fresh, "GET", listPath)).status).toBe(403);
    expect((await api(r.baseUrl, fresh, "GET", listPath)).status).toBe(200);
  });
});

describe("request log", () => {
  let r: Running;
  afterEach(() => r.amazon.close());

  it("records API traffic with tokens and secrets redacted, tracking numbers kept", async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    await post(r.baseUrl, "/__sandbox/sellers", SELLER);
    const seeded = await (await post(r.baseUrl, "/__sandbox/orders", order())).json();
    const token = await lwaToken(r.baseUrl);
    await api(r.baseUrl, token, "GET", listPath);
    await api(r.baseUrl, token, "POST", `/orders/v0/orders/${seeded.AmazonOrderId}/shipmentConfirmation`, {
      marketplaceId: US,
      packageDetail: {
        packageReferenceId: "1",
        carrierCode: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shipDate: "2026-01-27T04:55:15Z",
        orderItems: [{ orderItemId: seeded.OrderItems[0].OrderItemId, quantity: 1 }],
      },
    });
    const log = await (await fetch(`${r.baseUrl}/__sandbox/requests`)).json();
    expect(
      log.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual([
      "POST /auth/o2/token 200",
      "GET /orders/v0/orders 200",
      `POST /orders/v0/orders/${seeded.AmazonOrderId}/shipmentConfirmation 204`,
    ]);
    const text = JSON.stringify(log);
    for (const secret of [SELLER.clientSecret, SELLER.refreshToken, token]) expect(text).not.toContain(secret);
    expect(log[0].body).toMatchObject({
      grant_type: "refresh_token",
      client_secret: "[redacted]",
      refresh_token: "[redacted]",
    });
    expect(log[2].body.packageDetail.trackingNumber).toBe("1Z999AA10123456784");

    const reset = await fetch(`${r.baseUrl}/__sandbox/reset`, { method: "POST" });
    expect(reset.status).toBe(204);
    expect(await (await fetch(`${r.baseUrl}/__sandbox/requests`)).json()).toEqual([]);
    expect((await api(r.baseUrl, token, "GET", listPath)).status).toBe(403); // sellers and tokens are gone too
  });
});
