/**
 * Login with Amazon: trades the seller's refresh token for a one-hour access token
 * (`POST {authBaseUrl}/auth/o2/token`, form-urlencoded refresh_token grant, docs/platform-facts.md#amazon-lwa).
 *
 * Tokens are cached at module level per (auth host, client id, refresh token), so connector instances of
 * the same account share one access token, and concurrent callers share one in-flight refresh.
 */
import { createHash } from "node:crypto";
import { oauthTokenError, parseJsonBody, sendRequest, malformedBody, type HttpCallSite } from "../http";
import { AccessTokenCache, type CachedToken } from "../access-token-cache";
import { isConnectorError } from "../types";

export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface LwaOptions {
  authBaseUrl: string;
  credentials: LwaCredentials;
  timeoutMs?: number;
  /** Refresh this long before the token's stated expiry (default 5 minutes). */
  earlyRefreshMs?: number;
  now?: () => number;
}

const cache = new AccessTokenCache();

const SITE: HttpCallSite = { marketplace: "amazon", operation: "lwaToken" };

/** LWA errors that mean the seller must authorise the app again. */
const REAUTHORIZE_ERRORS = new Set(["invalid_grant", "invalid_client", "unauthorized_client"]);

export class LwaTokenProvider {
  private readonly key: string;
  private readonly earlyRefreshMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LwaOptions) {
    const { authBaseUrl, credentials } = options;
    this.key = createHash("sha256")
      .update(`${authBaseUrl}\n${credentials.clientId}\n${credentials.refreshToken}`)
      .digest("hex");
    this.earlyRefreshMs = options.earlyRefreshMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Identifies the account's grant (a hash of the auth host, client id and refresh token): a cache key for tokens derived from it. */
  get cacheKey(): string {
    return this.key;
  }

  /** A valid access token, from cache when it is not about to expire. */
  getAccessToken(): Promise<string> {
    return cache.get(this.key, this.now(), () => this.requestToken());
  }

  /** Forgets the cached token (Amazon said it expired), so the next call refreshes. */
  invalidate(accessToken?: string): void {
    cache.invalidate(this.key, accessToken);
  }

  private async requestToken(): Promise<CachedToken> {
    const { authBaseUrl, credentials, timeoutMs } = this.options;
    const res = await sendRequest(
      {
        method: "POST",
        url: `${authBaseUrl.replace(/\/+$/, "")}/auth/o2/token`,
        form: {
          grant_type: "refresh_token",
          refresh_token: credentials.refreshToken,
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        },
        timeoutMs,
      },
      SITE,
    );
    if (res.status < 200 || res.status >= 300) throw oauthTokenError(res, SITE, REAUTHORIZE_ERRORS);
    const body = parseJsonBody(res, SITE) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!body || typeof body.access_token !== "string" || body.access_token === "") {
      throw malformedBody(res, SITE, new Error("no access_token in LWA response"));
    }
    const expiresInS = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
    const lifetime = expiresInS * 1000;
    // Short-lived tokens (tests) still get used: never refresh earlier than half their lifetime.
    const margin = Math.min(this.earlyRefreshMs, lifetime / 2);
    return { accessToken: body.access_token, refreshAt: this.now() + lifetime - margin };
  }
}

/** What the authorization-code grant gives: the seller's refresh token, and a first access token. */
export interface LwaAuthorizationTokens {
  refreshToken: string;
  accessToken: string;
}

/**
 * The website authorization workflow's exchange (docs/platform-facts.md#amazon-connect): the `spapi_oauth_code`
 * of the consent redirect, with the redirect_uri the consent page was given, for the seller's refresh token.
 * The code is single use and short-lived; a refused one is `auth_expired` (invalid_grant), like a refused refresh.
 */
export async function exchangeAuthorizationCode(input: {
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  timeoutMs?: number;
}): Promise<LwaAuthorizationTokens> {
  const site: HttpCallSite = { marketplace: "amazon", operation: "lwaAuthorizationCode" };
  const res = await sendRequest(
    {
      method: "POST",
      url: `${input.authBaseUrl.replace(/\/+$/, "")}/auth/o2/token`,
      form: {
        grant_type: "authorization_code",
        code: input.code,
        redirect_uri: input.redirectUri,
        client_id: input.clientId,
        client_secret: input.clientSecret,
      },
      timeoutMs: input.timeoutMs,
    },
    site,
  );
  if (res.status < 200 || res.status >= 300) throw oauthTokenError(res, site, REAUTHORIZE_ERRORS);
  const body = parseJsonBody(res, site) as { access_token?: unknown; refresh_token?: unknown } | null;
  if (!body || typeof body.refresh_token !== "string" || body.refresh_token === "") {
    throw malformedBody(res, site, new Error("no refresh_token in LWA response"));
  }
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw malformedBody(res, site, new Error("no access_token in LWA response"));
  }
  return { refreshToken: body.refresh_token, accessToken: body.access_token };
}

/** Test helper: forget all cached access tokens. */
export function clearLwaTokenCache(): void {
  cache.clear();
}

export function isAuthExpired(e: unknown): boolean {
  return isConnectorError(e) && e.kind === "auth_expired";
}
