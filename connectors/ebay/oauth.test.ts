import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import { json, stubFetch, tokenResponse } from "./__tests__/fetch-stub";
import {
  buildConsentUrl,
  clearEbayTokenCache,
  EBAY_SCOPES,
  EbayTokenProvider,
  exchangeAuthorizationCode,
} from "./oauth";

const APP = { clientId: "OrderBri-Sandbox-PRD-a1b2", clientSecret: "PRD-secret" };
const AUTH = "https://auth.test";
const TOKEN = "/identity/v1/oauth2/token";

beforeEach(() => clearEbayTokenCache());
afterEach(() => vi.restoreAllMocks());

function provider(now = () => Date.now()) {
  return new EbayTokenProvider({ authBaseUrl: AUTH, app: APP, refreshToken: "v^1.1#refresh", now });
}

describe("EbayTokenProvider", () => {
  it("sends the refresh_token grant with Basic auth, form-encoded, asking for sell.fulfillment", async () => {
    const f = stubFetch({ [`POST ${TOKEN}`]: () => tokenResponse("v^1.1#access-1") });
    expect(await provider().getAccessToken()).toBe("v^1.1#access-1");
    const req = f.to(TOKEN)[0]!;
    expect(req.headers.get("authorization")).toBe(
      `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString("base64")}`,
    );
    expect(req.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "v^1.1#refresh",
      scope: EBAY_SCOPES.fulfillment,
    });
  });

  it("caches the token until 5 minutes before expiry, shares one refresh between callers", async () => {
    let t = 1_000_000;
    const f = stubFetch({ [`POST ${TOKEN}`]: [() => tokenResponse("a1"), () => tokenResponse("a2")] });
    const p = provider(() => t);
    expect(await Promise.all([p.getAccessToken(), provider(() => t).getAccessToken()])).toEqual(["a1", "a1"]);
    t += 7200_000 - 5 * 60_000 - 1;
    expect(await p.getAccessToken()).toBe("a1");
    t += 2;
    expect(await p.getAccessToken()).toBe("a2");
    expect(f.to(TOKEN)).toHaveLength(2);
  });

  it("invalidate drops only the token that failed", async () => {
    stubFetch({ [`POST ${TOKEN}`]: [() => tokenResponse("a1"), () => tokenResponse("a2")] });
    const p = provider();
    expect(await p.getAccessToken()).toBe("a1");
    p.invalidate("other");
    expect(await p.getAccessToken()).toBe("a1");
    p.invalidate("a1");
    expect(await p.getAccessToken()).toBe("a2");
  });

  it("maps invalid_grant to auth_expired, 5xx to retryable, a bad body to retryable", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: [
        () =>
          json(400, {
            error: "invalid_grant",
            error_description: "the provided authorization refresh token is invalid or was issued to another client",
          }),
        () => json(503, { error: "temporarily_unavailable" }),
        () => new Response("<html>gateway</html>", { status: 200 }),
      ],
    });
    const err1 = await provider()
      .getAccessToken()
      .catch((e: unknown) => e as ConnectorError);
    expect(err1).toBeInstanceOf(ConnectorError);
    expect(err1).toMatchObject({
      kind: "auth_expired",
      details: { code: "invalid_grant", httpStatus: 400, marketplace: "ebay" },
    });
    await expect(provider().getAccessToken()).rejects.toMatchObject({
      kind: "retryable",
      details: { httpStatus: 503 },
    });
    await expect(provider().getAccessToken()).rejects.toMatchObject({ kind: "retryable" });
  });
});

describe("authorization code", () => {
  it("builds the consent URL with the RuName as redirect_uri", () => {
    const url = new URL(buildConsentUrl({ clientId: APP.clientId, ruName: "OrderBridge-RuName", state: "s-1" }));
    expect(url.origin + url.pathname).toBe("https://auth.ebay.com/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: APP.clientId,
      redirect_uri: "OrderBridge-RuName",
      response_type: "code",
      scope: `${EBAY_SCOPES.public} ${EBAY_SCOPES.fulfillment}`,
      state: "s-1",
    });
  });

  it("exchanges the code for both tokens and their expiry", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: () =>
        json(200, {
          access_token: "acc",
          expires_in: 7200,
          refresh_token: "ref",
          refresh_token_expires_in: 47_304_000,
          token_type: "User Access Token",
        }),
    });
    const tokens = await exchangeAuthorizationCode({
      authBaseUrl: AUTH,
      app: APP,
      ruName: "Ru",
      code: "v^1.1#code",
      now: () => 0,
    });
    expect(tokens).toEqual({
      accessToken: "acc",
      accessTokenExpiresAt: new Date(7_200_000),
      refreshToken: "ref",
      refreshTokenExpiresAt: new Date(47_304_000_000),
    });
    expect(Object.fromEntries(new URLSearchParams(f.to(TOKEN)[0]!.body))).toEqual({
      grant_type: "authorization_code",
      code: "v^1.1#code",
      redirect_uri: "Ru",
    });
  });

  it("a refused code is auth_expired", async () => {
    stubFetch({ [`POST ${TOKEN}`]: () => json(400, { error: "invalid_grant", error_description: "bad code" }) });
    await expect(
      exchangeAuthorizationCode({ authBaseUrl: AUTH, app: APP, ruName: "Ru", code: "x" }),
    ).rejects.toMatchObject({ kind: "auth_expired" });
  });
});
