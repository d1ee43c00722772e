import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  APP,
  OTHER_SHOP,
  receipt,
  receiptsPath,
  refresh,
  type Running,
  SHOP,
  start,
  tokenRequest,
} from "./test-support";

describe("x-api-key and bearer tokens", () => {
  let r: Running;
  let token: string;
  beforeAll(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.etsy.seedReceipt(receipt());
    token = (await refresh(r.baseUrl)).accessToken;
  });
  afterAll(() => r.etsy.close());

  it("answers 403 without the shared secret, with a wrong one, an unknown key or no key at all", async () => {
    const keystringOnly = await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey: APP.keystring });
    expect(keystringOnly.status).toBe(403);
    expect(keystringOnly.body).toEqual({ error: "Shared secret is required in x-api-key header." });
    for (const apiKey of [`${APP.keystring}:wrong`, "unknownkey:whatever", "unknownkey"]) {
      const res = await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: "Invalid API key" });
    }
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey: null })).status).toBe(403);
  });

  it("is not demanded by the token endpoint, where the body's client_id names the app", async () => {
    const fields = { grant_type: "refresh_token", client_id: APP.keystring, refresh_token: "x" };
    const invalidGrant = {
      status: 400,
      body: { error: "invalid_grant", error_description: "refresh_token is invalid" },
    };
    // No header, a keystring alone, or the full key: all reach the grant check.
    expect(await tokenRequest(r.baseUrl, fields, null)).toMatchObject(invalidGrant);
    expect(await tokenRequest(r.baseUrl, fields, APP.keystring)).toMatchObject(invalidGrant);
    expect(await tokenRequest(r.baseUrl, fields)).toMatchObject(invalidGrant);
    expect(await tokenRequest(r.baseUrl, { ...fields, client_id: "unknownkey" }, null)).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await tokenRequest(r.baseUrl, { grant_type: "refresh_token", refresh_token: "x" }, null)).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: "client_id is required" },
    });
  });

  it("answers 401 for a missing, unknown or foreign bearer token", async () => {
    const missing = await api(r.baseUrl, "GET", receiptsPath(), { token: null });
    expect(missing.status).toBe(401);
    const forged = await api(r.baseUrl, "GET", receiptsPath(), { token: `${SHOP.userId}.forged` });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: "invalid_token", error_description: "access token is invalid" });
    // A token of the right seller but presented with another app's key.
    r.etsy.seedApp({ keystring: "secondapp", sharedSecret: "s2" });
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey: "secondapp:s2" })).status).toBe(401);
  });

  it("a seller reaches only their own shop: 403 for another seller's shop, 404 for no shop", async () => {
    const other = await api(r.baseUrl, "GET", receiptsPath(OTHER_SHOP.shopId), { token });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/does not have access/);
    const none = await api(r.baseUrl, "GET", receiptsPath(999_999), { token });
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ error: expect.stringContaining("999999") });
  });

  it("sends the rate-limit headers on every answer past the key check", async () => {
    const ok = await api(r.baseUrl, "GET", receiptsPath(), { token });
    const denied = await api(r.baseUrl, "GET", receiptsPath(), { token: null });
    for (const res of [ok, denied]) {
      expect(res.headers.get("x-limit-per-second")).toBe("10");
      expect(res.headers.get("x-limit-per-day")).toBe("10000");
      expect(res.headers.get("x-remaining-this-second")).toMatch(/^\d+$/);
      expect(res.headers.get("x-remaining-today")).toMatch(/^\d+$/);
    }
    const badKey = await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey: "unknownkey:x" });
    expect(badKey.headers.get("x-limit-per-second")).toBeNull();
  });
});
