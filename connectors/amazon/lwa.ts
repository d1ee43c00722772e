/**
 * Login with Amazon: trades the seller's refresh token for a one-hour access token
 * (`POST {authBaseUrl}/auth/o2/token`, form-urlencoded refresh_token grant, PLATFORM_FACTS C4).
 *
 * Tokens are cached at module level per (auth host, client id, refresh token), so connector instances of
 * the same account share one access token, and concurrent callers share one in-flight refresh.
 */
import { createHash } from "node:crypto";
import { connectorErrorFromResponse, parseJsonBody, sendRequest, malformedBody, type HttpCallSite } from "../http";
import { ConnectorError } from "../types";

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

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which we no longer use it. */
  refreshAt: number;
}

const cache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

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

  /** A valid access token, from cache when it is not about to expire. */
  async getAccessToken(): Promise<string> {
    const cached = cache.get(this.key);
    if (cached && cached.refreshAt > this.now()) return cached.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Forgets the cached token (Amazon said it expired), so the next call refreshes. */
  invalidate(accessToken?: string): void {
    const cached = cache.get(this.key);
    // Only drop the token that failed: another caller may already have refreshed it.
    if (cached && (accessToken === undefined || cached.accessToken === accessToken)) cache.delete(this.key);
  }

  private refresh(): Promise<CachedToken> {
    let pending = inFlight.get(this.key);
    if (!pending) {
      pending = this.requestToken().finally(() => inFlight.delete(this.key));
      inFlight.set(this.key, pending);
    }
    return pending;
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
    if (res.status < 200 || res.status >= 300) {
      let error: string | undefined;
      let description: string | undefined;
      try {
        const body = parseJsonBody(res, SITE) as { error?: unknown; error_description?: unknown } | null;
        if (body && typeof body.error === "string") error = body.error;
        if (body && typeof body.error_description === "string") description = body.error_description;
      } catch {
        // a non-JSON error page: the status decides
      }
      const reauthorize = error !== undefined && REAUTHORIZE_ERRORS.has(error);
      throw connectorErrorFromResponse(res, SITE, {
        ...(reauthorize ? { kind: "auth_expired" as const } : {}),
        ...(error ? { code: error, message: description ? `${error}: ${description}` : error } : {}),
      });
    }
    const body = parseJsonBody(res, SITE) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!body || typeof body.access_token !== "string" || body.access_token === "") {
      throw malformedBody(res, SITE, new Error("no access_token in LWA response"));
    }
    const expiresInS = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
    const lifetime = expiresInS * 1000;
    // Short-lived tokens (tests) still get used: never refresh earlier than half their lifetime.
    const margin = Math.min(this.earlyRefreshMs, lifetime / 2);
    const token: CachedToken = { accessToken: body.access_token, refreshAt: this.now() + lifetime - margin };
    cache.set(this.key, token);
    return token;
  }
}

/** Test helper: forget all cached access tokens. */
export function clearLwaTokenCache(): void {
  cache.clear();
  inFlight.clear();
}

export function isAuthExpired(e: unknown): boolean {
  return e instanceof ConnectorError && e.kind === "auth_expired";
}
