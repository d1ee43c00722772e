import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, APP, control, receiptsPath, refresh, type Running, SHOP, start, tokenRequest } from "./test-support";

const REDIRECT = "https://orderbridge.example/auth/etsy/callback";

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

describe("Etsy OAuth: authorization code with PKCE", () => {
  let r: Running;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
  });
  afterEach(() => r.etsy.close());

  async function authorize(challenge: string, extra: Record<string, unknown> = {}) {
    const res = await control(r.baseUrl, "POST", "/__sandbox/oauth/authorize", {
      client_id: APP.keystring,
      redirect_uri: REDIRECT,
      scope: "transactions_r transactions_w",
      state: "st-123",
      code_challenge: challenge,
      code_challenge_method: "S256",
      user_id: SHOP.userId,
      ...extra,
    });
    return res;
  }

  const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    tokenRequest(r.baseUrl, {
      grant_type: "authorization_code",
      client_id: APP.keystring,
      redirect_uri: REDIRECT,
      code,
      code_verifier: verifier,
      ...overrides,
    });

  it("exchanges a code and its S256 verifier for tokens named after the user; the code is single use", async () => {
    const { verifier, challenge } = pkce();
    const auth = await authorize(challenge);
    expect(auth.status).toBe(201);
    expect(auth.body).toMatchObject({ code: expect.any(String), state: "st-123", user_id: SHOP.userId });
    expect(new URL(auth.body.redirect_url).searchParams.get("code")).toBe(auth.body.code);

    const res = await exchange(auth.body.code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      access_token: expect.stringMatching(new RegExp(`^${SHOP.userId}\\.`)),
      token_type: "Bearer",
      expires_in: 3600,
      refresh_token: expect.stringMatching(new RegExp(`^${SHOP.userId}\\.`)),
    });
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: res.body.access_token })).status).toBe(200);

    const again = await exchange(auth.body.code, verifier);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant", error_description: "code has already been used" });
  });

  it("refuses a wrong verifier, a malformed one, another redirect_uri and unknown codes", async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).body.code;
    const other = pkce().verifier;
    expect((await exchange(code, other)).body).toEqual({
      error: "invalid_grant",
      error_description: "code_verifier is invalid",
    });
    expect((await exchange(code, "too-short")).body).toMatchObject({ error: "invalid_request" });
    expect((await exchange(code, verifier, { redirect_uri: "https://evil.example/cb" })).body).toMatchObject({
      error: "invalid_grant",
    });
    expect((await exchange("no-such-code", verifier)).body).toEqual({
      error: "invalid_grant",
      error_description: "code is invalid",
    });
    const { code_verifier: _omit, ...noVerifier } = {
      grant_type: "authorization_code",
      client_id: APP.keystring,
      redirect_uri: REDIRECT,
      code,
      code_verifier: verifier,
    };
    const missing = await tokenRequest(r.baseUrl, noVerifier);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "invalid_request", error_description: "code_verifier is required" });
    // The failed attempts did not spend the code.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it("requires PKCE with S256, known scopes and an https (or loopback) redirect at authorize", async () => {
    const { challenge } = pkce();
    expect((await authorize(challenge, { code_challenge_method: "plain" })).body).toMatchObject({
      error: "invalid_request",
    });
    expect((await authorize("")).body).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringContaining("PKCE"),
    });
    expect((await authorize(challenge, { scope: "transactions_r root_w" })).body).toMatchObject({
      error: "invalid_scope",
    });
    expect((await authorize(challenge, { redirect_uri: "http://orderbridge.example/cb" })).status).toBe(400);
    expect((await authorize(challenge, { redirect_uri: "http://127.0.0.1:3000/cb" })).status).toBe(201);
    expect((await authorize(challenge, { client_id: "nope" })).body).toMatchObject({ error: "invalid_client" });
  });

  it("GET /oauth/connect approves at once and redirects with code and state", async () => {
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({
      response_type: "code",
      client_id: APP.keystring,
      redirect_uri: REDIRECT,
      scope: "transactions_r",
      state: "xyz",
      code_challenge: challenge,
      code_challenge_method: "S256",
      sandbox_user_id: String(SHOP.userId),
    });
    const res = await fetch(`${r.baseUrl}/oauth/connect?${q}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get("state")).toBe("xyz");
    const tokens = await exchange(to.searchParams.get("code")!, verifier);
    expect(tokens.status).toBe(200);
    // Only transactions_r was granted: shipping needs transactions_w.
    const ship = await api(r.baseUrl, "POST", `${receiptsPath()}/1/tracking`, {
      token: tokens.body.access_token,
      form: {},
    });
    expect(ship.status).toBe(403);
    expect(ship.body.error).toBe("insufficient_scope");

    // Two shops on the app and no sandbox_user_id: the emulator cannot tell who approves.
    q.delete("sandbox_user_id");
    expect((await fetch(`${r.baseUrl}/oauth/connect?${q}`, { redirect: "manual" })).status).toBe(400);
  });
});

describe("Etsy OAuth: refresh tokens rotate", () => {
  let r: Running;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
  });
  afterEach(() => r.etsy.close());

  it("each refresh returns a new refresh token and revokes the one used", async () => {
    const first = await refresh(r.baseUrl, SHOP.refreshToken);
    expect(first.refreshToken).not.toBe(SHOP.refreshToken);
    expect(r.etsy.currentRefreshToken(SHOP.shopId)).toBe(first.refreshToken);
    expect((await control(r.baseUrl, "GET", `/__sandbox/shops/${SHOP.shopId}`)).body.refreshToken).toBe(
      first.refreshToken,
    );

    const reused = await tokenRequest(r.baseUrl, {
      grant_type: "refresh_token",
      client_id: APP.keystring,
      refresh_token: SHOP.refreshToken,
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: "invalid_grant", error_description: "refresh_token is revoked" });

    const second = await refresh(r.baseUrl, first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // Access tokens issued before stay valid until they expire.
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: first.accessToken })).status).toBe(200);
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: second.accessToken })).status).toBe(200);
  });

  it("refuses unknown, revoked and foreign refresh tokens, a client_id that is not the key's, and other grants", async () => {
    const ask = (fields: Record<string, string>) =>
      tokenRequest(r.baseUrl, {
        grant_type: "refresh_token",
        client_id: APP.keystring,
        refresh_token: SHOP.refreshToken,
        ...fields,
      });
    expect((await ask({ refresh_token: "1.nope" })).body).toEqual({
      error: "invalid_grant",
      error_description: "refresh_token is invalid",
    });
    expect(await ask({ client_id: "someoneelse" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await ask({ grant_type: "client_credentials" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await ask({ grant_type: "" })).toMatchObject({ status: 400, body: { error: "invalid_request" } });

    r.etsy.seedApp({ keystring: "secondapp", sharedSecret: "s2" });
    const foreign = await tokenRequest(
      r.baseUrl,
      { grant_type: "refresh_token", client_id: "secondapp", refresh_token: SHOP.refreshToken },
      "secondapp:s2",
    );
    expect(foreign.body).toEqual({ error: "invalid_grant", error_description: "refresh_token is invalid" });

    expect(r.etsy.revokeRefreshTokens(SHOP.shopId)).toBe(1);
    expect((await ask({})).body).toEqual({ error: "invalid_grant", error_description: "refresh_token is revoked" });
  });

  it("access tokens expire after 3600 emulated seconds, sooner in real time at a higher scale", async () => {
    const { accessToken } = await refresh(r.baseUrl);
    r.etsy.advanceClock(3599);
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken })).status).toBe(200);
    r.etsy.advanceClock(2);
    const expired = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: "invalid_token", error_description: "access token is expired" });

    // At timeScale 3600 an hour lasts one real second.
    await control(r.baseUrl, "POST", "/__sandbox/limits", { timeScale: 3600 });
    // (Only the expiry is checked here: asserting validity first would need a request within one real second.)
    const current = r.etsy.currentRefreshToken(SHOP.shopId)!;
    const fresh = await refresh(r.baseUrl, current);
    await new Promise((res) => setTimeout(res, 1300));
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: fresh.accessToken })).body.error_description).toBe(
      "access token is expired",
    );
  });

  it("expires a shop's access tokens on demand", async () => {
    const { accessToken } = await refresh(r.baseUrl);
    expect((await control(r.baseUrl, "POST", `/__sandbox/shops/${SHOP.shopId}/expire-tokens`)).body).toEqual({
      expired: 1,
    });
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken })).status).toBe(401);
  });
});
