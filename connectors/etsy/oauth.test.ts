import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import { json, stubFetch, tokens } from "./__tests__/fetch-stub";
import {
  buildAuthorizeUrl,
  clearEtsyTokenCache,
  codeChallengeS256,
  createCodeVerifier,
  createState,
  EtsyTokenProvider,
  type EtsyTokenProviderOptions,
  exchangeAuthorizationCode,
  refreshAccessToken,
} from "./oauth";

const AUTH = "https://api.etsy.test";
const TOKEN = "/v3/public/oauth/token";
const KEY = { keystring: "kskskskskskskskskskskskskks", sharedSecret: "s3cr3t" };

afterEach(() => {
  vi.restoreAllMocks();
  clearEtsyTokenCache();
});

describe("PKCE and the authorize URL", () => {
  it("computes the RFC 7636 S256 challenge", () => {
    // RFC 7636, appendix B.
    expect(codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    expect(() => codeChallengeS256("short")).toThrow(RangeError);
  });

  it("creates 43-character verifiers and distinct states", () => {
    const v = createCodeVerifier();
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createCodeVerifier()).not.toBe(v);
    expect(createState()).not.toBe(createState());
  });

  it("builds Etsy's consent URL with PKCE and our scopes", () => {
    const url = new URL(
      buildAuthorizeUrl({
        keystring: KEY.keystring,
        redirectUri: "https://app.example/cb",
        state: "st",
        codeChallenge: "c".repeat(43),
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://www.etsy.com/oauth/connect");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: KEY.keystring,
      redirect_uri: "https://app.example/cb",
      scope: "transactions_r transactions_w",
      state: "st",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
    expect(
      buildAuthorizeUrl({
        keystring: "k",
        redirectUri: "http://127.0.0.1/cb",
        state: "s",
        codeChallenge: "x",
        authorizeUrl: "http://127.0.0.1:9/oauth/connect",
      }),
    ).toMatch(/^http:\/\/127\.0\.0\.1:9\/oauth\/connect\?/);
  });
});

describe("token endpoint calls", () => {
  it("exchanges a code with the verifier, sending x-api-key and a form body", async () => {
    const stub = stubFetch({
      [`POST ${TOKEN}`]: () =>
        json(200, {
          access_token: "70001001.abc",
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: "70001001.def",
        }),
    });
    const out = await exchangeAuthorizationCode({
      authBaseUrl: AUTH,
      ...KEY,
      redirectUri: "https://app.example/cb",
      code: "the-code",
      codeVerifier: "v".repeat(43),
    });
    expect(out).toEqual({
      accessToken: "70001001.abc",
      refreshToken: "70001001.def",
      expiresIn: 3600,
      userId: 70001001,
    });
    const req = stub.requests[0]!;
    expect(req.headers.get("x-api-key")).toBe(`${KEY.keystring}:${KEY.sharedSecret}`);
    expect(req.headers.get("content-type")).toMatch(/application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      grant_type: "authorization_code",
      client_id: KEY.keystring,
      redirect_uri: "https://app.example/cb",
      code: "the-code",
      code_verifier: "v".repeat(43),
    });
  });

  it("maps invalid_grant to auth_expired, a bad API key to permanent, 5xx to retryable", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: [
        () => json(400, { error: "invalid_grant", error_description: "refresh_token is revoked" }),
        () => json(403, { error: "Invalid API key" }),
        () => json(503, { error: "Service temporarily unavailable." }),
        () => json(200, { access_token: "x" }),
      ],
    });
    const call = () =>
      refreshAccessToken({ authBaseUrl: AUTH, ...KEY, refreshToken: "r" }).then(
        () => null,
        (e: unknown) => e as ConnectorError,
      );
    const revoked = await call();
    expect(revoked).toMatchObject({
      kind: "auth_expired",
      details: { code: "invalid_grant", httpStatus: 400, marketplace: "etsy" },
    });
    expect(revoked!.message).toMatch(/refresh_token is revoked/);
    expect((await call())!.kind).toBe("permanent");
    expect((await call())!.kind).toBe("retryable");
    expect((await call())!.message).toMatch(/malformed/); // no refresh_token in the answer
  });
});

describe("EtsyTokenProvider: rotation", () => {
  function provider(overrides: Partial<EtsyTokenProviderOptions> = {}) {
    return new EtsyTokenProvider({
      authBaseUrl: AUTH,
      ...KEY,
      accountId: 7,
      credentials: { ...KEY, refreshToken: "70001001.refresh-0" },
      onCredentialsRotated: async () => undefined,
      ...overrides,
    });
  }

  it("persists the rotated credentials before handing out the new access token, and sends the newest refresh token next time", async () => {
    const events: string[] = [];
    stubFetch({
      [`POST ${TOKEN}`]: (req) => {
        events.push(`refresh with ${new URLSearchParams(req.body).get("refresh_token")}`);
        return tokens(3600);
      },
    });
    let now = 1_000_000;
    const p = provider({
      now: () => now,
      onCredentialsRotated: async (c) => {
        events.push(`saved ${c.refreshToken} / ${c.accessToken}`);
      },
    });
    const first = await p.getAccessToken();
    events.push(`using ${first}`);
    expect(await p.getAccessToken()).toBe(first); // cached
    now += 3600_000; // expired
    const second = await p.getAccessToken();
    events.push(`using ${second}`);
    expect(events).toEqual([
      "refresh with 70001001.refresh-0",
      expect.stringMatching(/^saved 70001001\.refresh-(\d+) \/ 70001001\.access-\1$/),
      `using ${first}`,
      expect.stringMatching(/^refresh with 70001001\.refresh-\d+$/),
      expect.stringMatching(/^saved /),
      `using ${second}`,
    ]);
    expect(events[3]!.replace("refresh with ", "")).toBe(events[1]!.split(" ")[1]);
    expect(p.currentRefreshToken).toBe(events[4]!.split(" ")[1]);
  });

  it("passes the account's other credentials through with the rotated ones", async () => {
    stubFetch({ [`POST ${TOKEN}`]: () => tokens() });
    const saved: Record<string, string>[] = [];
    await provider({
      credentials: { ...KEY, refreshToken: "70001001.refresh-0", extra: "kept" },
      onCredentialsRotated: async (c) => void saved.push(c),
    }).getAccessToken();
    expect(saved).toEqual([
      {
        ...KEY,
        extra: "kept",
        refreshToken: expect.stringMatching(/^70001001\.refresh-/),
        accessToken: expect.stringMatching(/^70001001\.access-/),
      },
    ]);
  });

  it("when saving fails: retryable, the new token is kept in memory and saved again before it is used", async () => {
    const stub = stubFetch({ [`POST ${TOKEN}`]: () => tokens() });
    let fail = true;
    const saved: string[] = [];
    const p = provider({
      onCredentialsRotated: async (c) => {
        if (fail) throw new Error("database is locked");
        saved.push(c.refreshToken!);
      },
    });
    const err = await p.getAccessToken().catch((e: unknown) => e as ConnectorError);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: "retryable" });
    expect((err as ConnectorError).message).toMatch(/saving it failed/);
    fail = false;
    const token = await p.getAccessToken();
    expect(token).toMatch(/^70001001\.access-/);
    expect(saved).toEqual([p.currentRefreshToken]);
    expect(stub.to(TOKEN)).toHaveLength(1); // no second refresh: the spent token was not reused
  });

  it("refuses to rotate without a way to save the new refresh token", async () => {
    stubFetch({ [`POST ${TOKEN}`]: () => tokens() });
    const err = await provider({ onCredentialsRotated: undefined })
      .getAccessToken()
      .catch((e: unknown) => e as ConnectorError);
    expect(err).toMatchObject({ kind: "permanent" });
    expect((err as ConnectorError).message).toMatch(/onCredentialsRotated/);
  });

  it("refreshes once for concurrent callers, and instances of one account share the newest token", async () => {
    const stub = stubFetch({ [`POST ${TOKEN}`]: async () => (await new Promise((r) => setTimeout(r, 20)), tokens()) });
    const a = provider();
    const b = provider();
    const [t1, t2, t3] = await Promise.all([a.getAccessToken(), a.getAccessToken(), b.getAccessToken()]);
    expect(new Set([t1, t2, t3]).size).toBe(1);
    expect(stub.to(TOKEN)).toHaveLength(1);
    // A connector built later from the stale stored credentials still uses the newest refresh token.
    const late = provider({ credentials: { ...KEY, refreshToken: "70001001.refresh-0" } });
    expect(late.currentRefreshToken).toBe(a.currentRefreshToken);
    const newest = late.currentRefreshToken;
    late.invalidate(t1);
    await late.getAccessToken();
    expect(new URLSearchParams(stub.to(TOKEN)[1]!.body).get("refresh_token")).toBe(newest);
  });

  it("uses a stored access token until Etsy refuses it; a reconnect (unknown refresh token) starts afresh", async () => {
    const stub = stubFetch({ [`POST ${TOKEN}`]: () => tokens() });
    const p = provider({ credentials: { ...KEY, refreshToken: "70001001.refresh-0", accessToken: "70001001.stored" } });
    expect(await p.getAccessToken()).toBe("70001001.stored");
    expect(stub.to(TOKEN)).toHaveLength(0);
    p.invalidate("70001001.stored");
    expect(await p.getAccessToken()).toMatch(/^70001001\.access-/);
    const reconnected = provider({ credentials: { ...KEY, refreshToken: "70001001.brand-new" } });
    expect(reconnected.currentRefreshToken).toBe("70001001.brand-new");
  });
});

describe("EtsyTokenProvider with a failing refresh", () => {
  beforeEach(() => clearEtsyTokenCache());
  it("reports a revoked refresh token as auth_expired", async () => {
    stubFetch({
      [`POST ${TOKEN}`]: () => json(400, { error: "invalid_grant", error_description: "refresh_token is revoked" }),
    });
    const p = new EtsyTokenProvider({
      authBaseUrl: AUTH,
      ...KEY,
      accountId: 9,
      credentials: { ...KEY, refreshToken: "r" },
      onCredentialsRotated: async () => undefined,
    });
    await expect(p.getAccessToken()).rejects.toMatchObject({ kind: "auth_expired" });
  });
});
