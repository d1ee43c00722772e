import { afterEach, describe, expect, it } from "vitest";
import { StoreRateLimiter } from "./rate-limit";
import { start, type Started } from "./test-support";

let t: Started;
afterEach(() => t?.emu.close());

const rateHeaders = (h: Headers) => ({
  window: Number(h.get("x-rate-limit-time-window-ms")),
  reset: Number(h.get("x-rate-limit-time-reset-ms")),
  quota: Number(h.get("x-rate-limit-requests-quota")),
  left: Number(h.get("x-rate-limit-requests-left")),
});

describe("rate limits", () => {
  it("counts a fixed 30 s window per store (official values at time scale 1)", () => {
    let now = 1_000_000;
    let scale = 1;
    const limiter = new StoreRateLimiter(
      () => scale,
      () => true,
      () => now,
    );
    const first = limiter.take("s1", 150);
    expect(first).toEqual({
      allowed: true,
      headers: {
        "X-Rate-Limit-Time-Window-Ms": "30000",
        "X-Rate-Limit-Time-Reset-Ms": "30000",
        "X-Rate-Limit-Requests-Quota": "150",
        "X-Rate-Limit-Requests-Left": "149",
      },
    });
    for (let i = 0; i < 149; i++) expect(limiter.take("s1", 150).allowed).toBe(true);
    now += 10_000;
    const over = limiter.take("s1", 150);
    expect(over.allowed).toBe(false);
    expect(over.headers).toMatchObject({ "X-Rate-Limit-Time-Reset-Ms": "20000", "X-Rate-Limit-Requests-Left": "0" });
    expect(limiter.take("s2", 150).allowed).toBe(true); // another store has its own quota
    now += 20_000;
    expect(limiter.take("s1", 150).headers["X-Rate-Limit-Requests-Left"]).toBe("149");
    // At time scale 100 the window lasts 300 real ms, and the headers say so.
    scale = 100;
    now += 30_000;
    expect(limiter.take("s1", 150).headers).toMatchObject({
      "X-Rate-Limit-Time-Window-Ms": "300",
      "X-Rate-Limit-Time-Reset-Ms": "300",
    });
  });

  it("sends the four headers on every answer and 429 over the store's quota, until the window resets", async () => {
    // Time scale 15: the 30 s window lasts two real seconds.
    t = await start({ limitsEnabled: true, timeScale: 15 });
    // Warm up (spec parsing) on another store, so the timed window below only holds a few quick requests.
    await t.api("GET", "/v2/order_statuses");
    await t.api("GET", "/v3/hooks");
    t.emu.createStore({ storeHash: "tinyplan", quota: 3, accessToken: "tiny-token" });
    const call = () => t.api("GET", "/v2/order_statuses", undefined, { store: "tinyplan", token: "tiny-token" });
    const answers = [await call(), await call(), await call(), await call()];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => rateHeaders(a.headers).left)).toEqual([2, 1, 0, 0]);
    for (const a of answers) expect(rateHeaders(a.headers)).toMatchObject({ window: 2000, quota: 3 });
    const over = answers[3];
    expect(over.body).toEqual([{ status: 429, message: "Too Many Requests" }]);
    const reset = rateHeaders(over.headers).reset;
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(2000);
    // The 429 also says X-Retry-After, whole seconds; answers within the quota do not.
    expect(Number(over.headers.get("x-retry-after"))).toBe(Math.max(1, Math.ceil(reset / 1000)));
    expect(answers[0].headers.get("x-retry-after")).toBeNull();
    // v3 answers 429 in its own shape; the quota is shared by v2 and v3.
    const v3 = await t.api("GET", "/v3/hooks", undefined, { store: "tinyplan", token: "tiny-token" });
    expect(v3.status).toBe(429);
    expect(v3.body).toMatchObject({ status: 429, title: "Too Many Requests" });
    // Another store is not affected.
    expect((await t.api("GET", "/v2/order_statuses")).status).toBe(200);

    await new Promise((r) => setTimeout(r, reset + 20));
    const fresh = await call();
    expect(fresh.status).toBe(200);
    expect(rateHeaders(fresh.headers).left).toBe(2);

    // Limits off: headers still come, nothing is refused.
    await t.control("POST", "/__sandbox/limits", { enabled: false });
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200);
    expect(rateHeaders((await call()).headers)).toMatchObject({ quota: 3, left: 3 });
  });

  it("uses the plan's quota (Standard 150, Pro 450)", async () => {
    t = await start({ limitsEnabled: true });
    expect(rateHeaders((await t.api("GET", "/v2/order_statuses")).headers)).toMatchObject({
      quota: 150,
      left: 149,
      window: 30_000,
    });
    t.emu.createStore({ storeHash: "proplan", plan: "pro", accessToken: "pro-token" });
    const pro = await t.api("GET", "/v2/order_statuses", undefined, { store: "proplan", token: "pro-token" });
    expect(rateHeaders(pro.headers)).toMatchObject({ quota: 450, left: 449 });
  });
});

describe("faults", () => {
  it("injects 500, 503 and 429 in the version's shape; a fault 429 has no rate-limit headers (platform load)", async () => {
    t = await start();
    const cases = [
      ["http_500", 500, "Internal Server Error"],
      ["http_503", 503, "Service Unavailable"],
      ["http_429", 429, "Too Many Requests"],
    ] as const;
    for (const [kind, status, text] of cases) {
      expect((await t.control("POST", "/__sandbox/faults", { kind, match: "/v2/orders", times: 1 })).status).toBe(201);
      const v2 = await t.api("GET", "/v2/orders");
      expect(v2.status).toBe(status);
      expect(v2.body).toEqual([{ status, message: text }]);
      expect(v2.headers.get("x-rate-limit-requests-left")).toBeNull();
      await t.control("POST", "/__sandbox/faults", { kind, match: "/v3/catalog", times: 1 });
      const v3 = await t.api("GET", "/v3/catalog/variants?sku=A");
      expect(v3.status).toBe(status);
      expect(v3.body).toMatchObject({ status, title: text, type: expect.stringContaining("api-status-codes") });
    }
    expect((await t.api("GET", "/v2/orders")).status).toBe(204);
  });

  it("answers 401 for expired_token, OAuth-shaped errors on /oauth2/token, a broken body, and a hang", async () => {
    t = await start();
    await t.control("POST", "/__sandbox/faults", [
      { kind: "expired_token", match: "/v2/", times: 1 },
      { kind: "http_503", match: "/oauth2/token", times: 1 },
    ]);
    const expired = await t.api("GET", "/v2/orders");
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 401 });
    const oauth = await fetch(`${t.base}/oauth2/token`, { method: "POST", body: "{}" });
    expect(oauth.status).toBe(503);
    expect(await oauth.json()).toMatchObject({ error: "temporarily_unavailable" });

    await t.control("POST", "/__sandbox/faults", { kind: "malformed_body", match: "/v2/orders", times: 1 });
    const broken = await t.api("GET", "/v2/orders");
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.text)).toThrow();

    await t.control("POST", "/__sandbox/faults", { kind: "timeout", match: "/v2/orders", times: 1, delayMs: 50 });
    await expect(t.api("GET", "/v2/orders")).rejects.toThrow();
    expect((await t.api("GET", "/v2/orders")).status).toBe(204);
  });
});

describe("scopes and the request log", () => {
  it("answers 403 when the app lacks the endpoint's scope", async () => {
    t = await start();
    t.emu.createStore({ storeHash: "catalogonly", scopes: ["store_v2_products_read_only"], accessToken: "cat-token" });
    const orders = await t.api("GET", "/v2/orders", undefined, { store: "catalogonly", token: "cat-token" });
    expect(orders.status).toBe(403);
    expect(orders.body).toEqual([{ status: 403, message: "You don't have a required scope to access the endpoint" }]);
    const variants = await t.api("GET", "/v3/catalog/variants", undefined, {
      store: "catalogonly",
      token: "cat-token",
    });
    expect(variants.status).toBe(200);
    // The default scope is enough for webhooks.
    expect((await t.api("GET", "/v3/hooks", undefined, { store: "catalogonly", token: "cat-token" })).status).toBe(200);
  });

  it("logs API calls (not control calls) without the hooks' custom header values", async () => {
    t = await start();
    await t.api("POST", "/v3/hooks", {
      scope: "store/order/*",
      destination: "https://app.example.com/webhooks",
      headers: { "X-App-Key": "very-secret-value" },
    });
    await t.api("POST", "/v3/hooks", { scope: "store/order/*", headers: { "X-App-Key": "very-secret-value" } });
    const log = (await t.control("GET", "/__sandbox/requests")).body as any[];
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", `/stores/${t.store}/v3/hooks`, 200],
      ["POST", `/stores/${t.store}/v3/hooks`, 422],
    ]);
    expect(log[0].body.headers).toEqual({ "X-App-Key": "[redacted]" });
    expect(JSON.stringify(log)).not.toContain("very-secret-value");
    expect(JSON.stringify(log)).not.toContain(t.token);
    // The hook itself kept the real value.
    expect(t.emu.hooks(t.store)[0].headers).toEqual({ "X-App-Key": "very-secret-value" });
  });
});
