/** eBay OAuth over HTTP: refresh, authorization code (control API and consent page), client credentials, errors, lifetimes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ACCESS_TOKEN_SECONDS,
  FULFILLMENT_READONLY_SCOPE,
  FULFILLMENT_SCOPE,
  PUBLIC_SCOPE,
  REFRESH_TOKEN_SECONDS,
} from "./index";
import { api, API, basic, errorIds, SELLER, start, tokenRequest, userToken, type Running } from "./test-support";

let run: Running;

beforeAll(async () => {
  run = await start();
});
afterAll(() => run.ebay.close());
beforeEach(async () => {
  await run.ebay.reset();
  run.ebay.seedUser({ ...SELLER, acceptUrl: "https://app.example.test/auth/ebay/callback" });
});

describe("refresh_token grant", () => {
  it("trades the refresh token for a 2-hour user access token that works on the API", async () => {
    const res = await tokenRequest(run.baseUrl, {
      grant_type: "refresh_token",
      refresh_token: SELLER.refreshToken,
      scope: FULFILLMENT_SCOPE,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 7200, token_type: "User Access Token" });
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.access_token).toMatch(/^v\^1\.1#/);
    const list = await api(run.baseUrl, res.body.access_token, "GET", `${API}/order`);
    expect(list.status).toBe(200);
  });

  it("refuses a wrong client secret, a missing Basic header and an unknown refresh token", async () => {
    const wrongSecret = await tokenRequest(
      run.baseUrl,
      { grant_type: "refresh_token", refresh_token: SELLER.refreshToken },
      basic(SELLER.clientId, "nope"),
    );
    expect(wrongSecret).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "client authentication failed" },
    });
    const noBasic = await tokenRequest(
      run.baseUrl,
      { grant_type: "refresh_token", refresh_token: SELLER.refreshToken },
      "",
    );
    expect(noBasic.status).toBe(401);
    const unknown = await tokenRequest(run.baseUrl, { grant_type: "refresh_token", refresh_token: "v^1.1#nope" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe("invalid_grant");
  });

  it("refuses scopes beyond what the user granted, and other grant types", async () => {
    const scope = await tokenRequest(run.baseUrl, {
      grant_type: "refresh_token",
      refresh_token: SELLER.refreshToken,
      scope: "https://api.ebay.com/oauth/api_scope/sell.inventory",
    });
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe("invalid_scope");
    const password = await tokenRequest(run.baseUrl, { grant_type: "password" });
    expect(password.body.error).toBe("unsupported_grant_type");
  });

  it("wants a form-encoded body", async () => {
    const res = await fetch(`${run.baseUrl}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: basic() },
      body: JSON.stringify({ grant_type: "refresh_token", refresh_token: SELLER.refreshToken }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("a readonly token may read but not create fulfillments (403 1100)", async () => {
    const res = await tokenRequest(run.baseUrl, {
      grant_type: "refresh_token",
      refresh_token: SELLER.refreshToken,
      scope: FULFILLMENT_READONLY_SCOPE,
    });
    const token = res.body.access_token as string;
    const order = run.ebay.seedOrder({
      username: SELLER.username,
      items: [{ title: "Mug", quantity: 1, unitPrice: "5.00" }],
    });
    expect((await api(run.baseUrl, token, "GET", `${API}/order/${order.orderId}`)).status).toBe(200);
    const post = await api(run.baseUrl, token, "POST", `${API}/order/${order.orderId}/shipping_fulfillment`, {
      lineItems: [{ lineItemId: order.lineItems[0]!.lineItemId }],
    });
    expect(post.status).toBe(403);
    expect(errorIds(post.body)).toEqual([1100]);
  });
});

describe("authorization_code grant", () => {
  it("exchanges a code once for an access token and a new 18-month refresh token", async () => {
    const { code, expires_in } = run.ebay.authorizationCode({ username: SELLER.username });
    expect(expires_in).toBe(299);
    const res = await tokenRequest(run.baseUrl, {
      grant_type: "authorization_code",
      code,
      redirect_uri: SELLER.ruName,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      expires_in: 7200,
      refresh_token_expires_in: 47_304_000,
      token_type: "User Access Token",
    });
    // The new refresh token works, the code does not work twice.
    expect((await userToken(run.baseUrl, { refreshToken: res.body.refresh_token })).length).toBeGreaterThan(20);
    const again = await tokenRequest(run.baseUrl, {
      grant_type: "authorization_code",
      code,
      redirect_uri: SELLER.ruName,
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("refuses a code sent with another redirect_uri, or after its 299 seconds", async () => {
    const a = run.ebay.authorizationCode({ username: SELLER.username });
    const wrong = await tokenRequest(run.baseUrl, {
      grant_type: "authorization_code",
      code: a.code,
      redirect_uri: "Other-RuName",
    });
    expect(wrong.body.error).toBe("invalid_grant");
    const b = run.ebay.authorizationCode({ username: SELLER.username });
    run.ebay.advanceClock(300);
    const late = await tokenRequest(run.baseUrl, {
      grant_type: "authorization_code",
      code: b.code,
      redirect_uri: SELLER.ruName,
    });
    expect(late.body.error).toBe("invalid_grant");
    const missing = await tokenRequest(run.baseUrl, { grant_type: "authorization_code", redirect_uri: SELLER.ruName });
    expect(missing.body.error).toBe("invalid_request");
  });

  it("the consent page redirects to the RuName's accept URL with code, state and expires_in", async () => {
    const q = new URLSearchParams({
      client_id: SELLER.clientId,
      redirect_uri: SELLER.ruName,
      response_type: "code",
      scope: `${PUBLIC_SCOPE} ${FULFILLMENT_SCOPE}`,
      state: "csrf-123",
    });
    const res = await fetch(`${run.baseUrl}/oauth2/authorize?${q}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example.test/auth/ebay/callback");
    expect(location.searchParams.get("state")).toBe("csrf-123");
    expect(location.searchParams.get("expires_in")).toBe("299");
    const exchanged = await tokenRequest(run.baseUrl, {
      grant_type: "authorization_code",
      code: location.searchParams.get("code")!,
      redirect_uri: SELLER.ruName,
    });
    expect(exchanged.status).toBe(200);
  });
});

describe("client_credentials grant", () => {
  it("gives an application token, which the Fulfillment API refuses", async () => {
    const res = await tokenRequest(run.baseUrl, { grant_type: "client_credentials", scope: PUBLIC_SCOPE });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("Application Access Token");
    const list = await api(run.baseUrl, res.body.access_token, "GET", `${API}/order`);
    expect(list.status).toBe(403);
  });
});

describe("lifetimes and the bearer token", () => {
  it("answers 401 1001 without a token, with a bad one and with an expired one", async () => {
    const none = await api(run.baseUrl, undefined, "GET", `${API}/order`);
    expect(none.status).toBe(401);
    expect(none.body.errors[0]).toMatchObject({ errorId: 1001, message: "Invalid access token" });
    expect((await api(run.baseUrl, "v^1.1#forged", "GET", `${API}/order`)).status).toBe(401);

    const token = await userToken(run.baseUrl);
    run.ebay.advanceClock(ACCESS_TOKEN_SECONDS - 5);
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(200);
    run.ebay.advanceClock(10);
    const expired = await api(run.baseUrl, token, "GET", `${API}/order`);
    expect(expired.status).toBe(401);
    expect(errorIds(expired.body)).toEqual([1001]);
  });

  it("a refresh token lasts 18 months", async () => {
    run.ebay.advanceClock(REFRESH_TOKEN_SECONDS - 60);
    expect(
      (await tokenRequest(run.baseUrl, { grant_type: "refresh_token", refresh_token: SELLER.refreshToken })).status,
    ).toBe(200);
    run.ebay.advanceClock(120);
    const res = await tokenRequest(run.baseUrl, { grant_type: "refresh_token", refresh_token: SELLER.refreshToken });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
  });

  it("expire-tokens makes live tokens fail at once", async () => {
    const token = await userToken(run.baseUrl);
    const res = await fetch(`${run.baseUrl}/__sandbox/users/${SELLER.username}/expire-tokens`, { method: "POST" });
    expect(await res.json()).toEqual({ expired: 1 });
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(401);
  });
});
