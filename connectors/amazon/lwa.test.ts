import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import { json, lwaToken, stubFetch } from "./__tests__/fetch-stub";
import { clearLwaTokenCache, LwaTokenProvider } from "./lwa";

const credentials = {
  clientId: "amzn1.application-oa2-client.abc",
  clientSecret: "s3cret",
  refreshToken: "Atzr|IwEB-refresh",
};

beforeEach(() => clearLwaTokenCache());
afterEach(() => vi.restoreAllMocks());

describe("LwaTokenProvider", () => {
  it("posts a form-urlencoded refresh_token grant to {authBaseUrl}/auth/o2/token", async () => {
    const fetch = stubFetch({ "POST /auth/o2/token": () => lwaToken("Atza|first") });
    const lwa = new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test/", credentials });
    await expect(lwa.getAccessToken()).resolves.toBe("Atza|first");
    const [req] = fetch.requests;
    expect(req!.url.href).toBe("https://api.amazon.test/auth/o2/token");
    expect(req!.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req!.body))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "Atzr|IwEB-refresh",
      client_id: "amzn1.application-oa2-client.abc",
      client_secret: "s3cret",
    });
  });

  it("caches the token until shortly before expiry, across provider instances", async () => {
    let now = 1_000_000;
    const fetch = stubFetch({ "POST /auth/o2/token": [() => lwaToken("Atza|one"), () => lwaToken("Atza|two")] });
    const opts = { authBaseUrl: "https://api.amazon.test", credentials, now: () => now };
    expect(await new LwaTokenProvider(opts).getAccessToken()).toBe("Atza|one");
    now += 50 * 60_000; // 50 minutes: still 10 minutes left, more than the 5-minute margin
    expect(await new LwaTokenProvider(opts).getAccessToken()).toBe("Atza|one");
    expect(fetch.spy).toHaveBeenCalledTimes(1);
    now += 6 * 60_000; // 56 minutes: inside the margin
    expect(await new LwaTokenProvider(opts).getAccessToken()).toBe("Atza|two");
    expect(fetch.spy).toHaveBeenCalledTimes(2);
  });

  it("keeps separate tokens for separate refresh tokens", async () => {
    stubFetch({ "POST /auth/o2/token": [() => lwaToken("Atza|a"), () => lwaToken("Atza|b")] });
    const a = new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test", credentials });
    const b = new LwaTokenProvider({
      authBaseUrl: "https://api.amazon.test",
      credentials: { ...credentials, refreshToken: "Atzr|other" },
    });
    expect(await a.getAccessToken()).toBe("Atza|a");
    expect(await b.getAccessToken()).toBe("Atza|b");
    expect(await a.getAccessToken()).toBe("Atza|a");
  });

  it("shares one in-flight refresh between concurrent callers", async () => {
    const fetch = stubFetch({ "POST /auth/o2/token": () => lwaToken("Atza|shared") });
    const lwa = new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test", credentials });
    const tokens = await Promise.all([lwa.getAccessToken(), lwa.getAccessToken(), lwa.getAccessToken()]);
    expect(tokens).toEqual(["Atza|shared", "Atza|shared", "Atza|shared"]);
    expect(fetch.spy).toHaveBeenCalledTimes(1);
  });

  it("invalidate() drops only the token that failed", async () => {
    const fetch = stubFetch({ "POST /auth/o2/token": [() => lwaToken("Atza|one"), () => lwaToken("Atza|two")] });
    const lwa = new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test", credentials });
    await lwa.getAccessToken();
    lwa.invalidate("Atza|stale-from-someone-else");
    expect(await lwa.getAccessToken()).toBe("Atza|one");
    lwa.invalidate("Atza|one");
    expect(await lwa.getAccessToken()).toBe("Atza|two");
    expect(fetch.spy).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["invalid_grant", 400, "auth_expired"],
    ["invalid_client", 401, "auth_expired"],
    ["invalid_request", 400, "permanent"],
    ["server_error", 500, "retryable"],
  ] as const)("LWA %s (%d) → %s", async (error, status, kind) => {
    stubFetch({
      "POST /auth/o2/token": () =>
        json(status, { error, error_description: "The request has an invalid grant parameter" }),
    });
    const err = await new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test", credentials })
      .getAccessToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe(kind);
    expect((err as ConnectorError).details).toMatchObject({ operation: "lwaToken", httpStatus: status, code: error });
  });

  it("treats a 200 without an access token as a malformed body", async () => {
    stubFetch({ "POST /auth/o2/token": () => new Response("<html>oops</html>", { status: 200 }) });
    const err = await new LwaTokenProvider({ authBaseUrl: "https://api.amazon.test", credentials })
      .getAccessToken()
      .catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe("retryable");
    expect((err as ConnectorError).message).toMatch(/answered a malformed body/);
  });
});
