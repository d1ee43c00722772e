import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, APP, control, OTHER_SHOP, refresh, type Running, SHOP, shopsOfUserPath, start } from "./test-support";

describe("getShopByOwnerUserId", () => {
  let r: Running;
  beforeAll(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
  });
  afterAll(() => r.etsy.close());

  it("answers the user's Shop with the API key alone", async () => {
    const res = await api(r.baseUrl, "GET", shopsOfUserPath());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      shop_id: SHOP.shopId,
      user_id: SHOP.userId,
      shop_name: `SandboxShop${SHOP.shopId}`,
      currency_code: "USD",
    });
    expect(res.body.create_date).toBe(res.body.created_timestamp);
    expect(Math.abs(res.body.create_date - r.etsy.now() / 1000)).toBeLessThan(60);
    const other = await api(r.baseUrl, "GET", shopsOfUserPath(OTHER_SHOP.userId));
    expect(other.body).toMatchObject({ shop_id: OTHER_SHOP.shopId, user_id: OTHER_SHOP.userId });
  });

  it("keeps the seeded shop name, and the shop's creation time when seeded again", async () => {
    const before = (await api(r.baseUrl, "GET", shopsOfUserPath())).body.create_date as number;
    r.etsy.advanceClock(3600);
    r.etsy.seedShop({ ...SHOP, shopName: "MugsByTheSea" });
    const res = await api(r.baseUrl, "GET", shopsOfUserPath());
    expect(res.body).toMatchObject({
      shop_name: "MugsByTheSea",
      create_date: before,
      url: "https://www.etsy.com/shop/MugsByTheSea",
    });
  });

  it("answers 404 in Etsy's error shape for a user without a shop", async () => {
    const res = await api(r.baseUrl, "GET", shopsOfUserPath(123_456));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Could not find a shop for user with user_id = 123456" });
  });

  it("answers 400 for a user_id that is not a positive integer", async () => {
    for (const bad of ["0", "abc", "-5"]) {
      const res = await api(r.baseUrl, "GET", shopsOfUserPath(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body).toEqual({ error: expect.stringContaining("user_id") });
    }
  });

  it("needs x-api-key with the shared secret (403), and reads no bearer token", async () => {
    const keystringOnly = await api(r.baseUrl, "GET", shopsOfUserPath(), { apiKey: APP.keystring });
    expect(keystringOnly.status).toBe(403);
    expect(keystringOnly.body).toEqual({ error: "Shared secret is required in x-api-key header." });
    for (const apiKey of [`${APP.keystring}:wrong`, "unknownkey:whatever"]) {
      const res = await api(r.baseUrl, "GET", shopsOfUserPath(), { apiKey });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: "Invalid API key" });
    }
    expect((await api(r.baseUrl, "GET", shopsOfUserPath(), { apiKey: null })).status).toBe(403);
    // A bearer token, even an invalid one or another seller's, changes nothing: the spec asks for none.
    expect((await api(r.baseUrl, "GET", shopsOfUserPath(), { token: "1.nope" })).status).toBe(200);
    const { accessToken } = await refresh(r.baseUrl, OTHER_SHOP.refreshToken);
    expect((await api(r.baseUrl, "GET", shopsOfUserPath(), { token: accessToken })).body.shop_id).toBe(SHOP.shopId);
  });

  it("answers in the same way whichever app's key asks", async () => {
    r.etsy.seedApp({ keystring: "secondapp", sharedSecret: "s2" });
    const res = await api(r.baseUrl, "GET", shopsOfUserPath(), { apiKey: "secondapp:s2" });
    expect(res.status).toBe(200);
    expect(res.body.shop_id).toBe(SHOP.shopId);
  });
});

describe("getShopByOwnerUserId under rate limits", () => {
  let r: Running;
  afterEach(() => r.etsy.close());

  it("counts against the key's per-second quota and carries the limit headers", async () => {
    r = await start({ limitsEnabled: true, timeScale: 0.01 });
    const remaining: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await api(r.baseUrl, "GET", shopsOfUserPath(i % 2 === 0 ? SHOP.userId : 999));
      expect(res.status).toBe(i % 2 === 0 ? 200 : 404);
      expect(res.headers.get("x-limit-per-second")).toBe("10");
      remaining.push(res.headers.get("x-remaining-this-second")!);
    }
    expect(remaining).toEqual(["9", "8", "7", "6", "5", "4", "3", "2", "1", "0"]);
    const over = await api(r.baseUrl, "GET", shopsOfUserPath());
    expect(over.status).toBe(429);
    expect(over.headers.get("x-limit-per-second")).toBeNull();
  });

  it("answers injected faults in Etsy's shape", async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    await control(r.baseUrl, "POST", "/__sandbox/faults", { kind: "http_503", match: "/users/", times: 1 });
    const res = await api(r.baseUrl, "GET", shopsOfUserPath());
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: expect.any(String) });
    expect((await api(r.baseUrl, "GET", shopsOfUserPath())).status).toBe(200);
  });
});
