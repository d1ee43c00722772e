/**
 * eBay OAuth for user tokens (docs/platform-facts.md#ebay-oauth): `POST {authBaseUrl}/identity/v1/oauth2/token`, HTTP Basic
 * `base64(client_id:client_secret)`, form-urlencoded body.
 *
 *  - `buildConsentUrl`: where the merchant grants the app access (auth.ebay.com; `redirect_uri` is the RuName).
 *  - `exchangeAuthorizationCode`: the code from the accept URL → access token (2 h) and refresh token (18 months).
 *  - `EbayTokenProvider`: refresh_token grant → access token, cached per (auth host, client id, refresh
 *    token, scopes) at module level, so connector instances of one account share it, and concurrent callers
 *    share one in-flight refresh. The client drops it (`invalidate`) and refreshes once on a 401.
 *
 * Token errors: invalid_grant / invalid_client / unauthorized_client / invalid_scope mean the merchant must
 * connect again (`auth_expired`); other statuses follow the shared HTTP rules.
 */
import { createHash } from "node:crypto";
import {
  malformedBody,
  oauthTokenError,
  parseJsonBody,
  sendRequest,
  type HttpCallSite,
  type HttpResponse,
} from "../http";
import { AccessTokenCache, type CachedToken } from "../access-token-cache";
import type { ConnectorError } from "../types";

export const EBAY_SCOPES = {
  public: "https://api.ebay.com/oauth/api_scope",
  fulfillment: "https://api.ebay.com/oauth/api_scope/sell.fulfillment",
  fulfillmentReadonly: "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly",
} as const;

/** What the connector needs: reading orders and creating shipping fulfillments. */
export const CONNECTOR_SCOPES: readonly string[] = [EBAY_SCOPES.fulfillment];
/** What to ask for at consent. */
export const CONSENT_SCOPES: readonly string[] = [EBAY_SCOPES.public, EBAY_SCOPES.fulfillment];

export const EBAY_AUTHORIZE_URL = "https://auth.ebay.com/oauth2/authorize";
export const TOKEN_PATH = "/identity/v1/oauth2/token";

const REAUTHORIZE_ERRORS = new Set(["invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope"]);

export interface EbayAppCredentials {
  clientId: string;
  clientSecret: string;
}

export interface ConsentUrlInput {
  clientId: string;
  /** The RuName (eBay's redirect_uri), not a URL. */
  ruName: string;
  state: string;
  scopes?: readonly string[];
  /** Default https://auth.ebay.com/oauth2/authorize (sandbox: https://auth.sandbox.ebay.com/oauth2/authorize). */
  authorizeUrl?: string;
  /** "login" forces the eBay sign-in page even with a session (another seller account). */
  prompt?: "login";
}

export function buildConsentUrl(input: ConsentUrlInput): string {
  const url = new URL(input.authorizeUrl ?? EBAY_AUTHORIZE_URL);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.ruName);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", (input.scopes ?? CONSENT_SCOPES).join(" "));
  url.searchParams.set("state", input.state);
  if (input.prompt) url.searchParams.set("prompt", input.prompt);
  return url.toString();
}

export interface EbayUserTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

function basicAuth(app: EbayAppCredentials): string {
  return `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`, "utf8").toString("base64")}`;
}

function tokenUrl(authBaseUrl: string): string {
  return `${authBaseUrl.replace(/\/+$/, "")}${TOKEN_PATH}`;
}

/** A ConnectorError for a failed token request, `auth_expired` when eBay says to connect again. */
function tokenError(res: HttpResponse, site: HttpCallSite): ConnectorError {
  return oauthTokenError(res, site, REAUTHORIZE_ERRORS);
}

/** The authorization-code grant: what the app's OAuth callback calls with `?code=` from eBay's redirect. */
export async function exchangeAuthorizationCode(input: {
  authBaseUrl: string;
  app: EbayAppCredentials;
  ruName: string;
  code: string;
  timeoutMs?: number;
  now?: () => number;
}): Promise<EbayUserTokens> {
  const site: HttpCallSite = { marketplace: "ebay", operation: "exchangeAuthorizationCode" };
  const sentAt = (input.now ?? Date.now)();
  const res = await sendRequest(
    {
      method: "POST",
      url: tokenUrl(input.authBaseUrl),
      headers: { authorization: basicAuth(input.app) },
      form: { grant_type: "authorization_code", code: input.code, redirect_uri: input.ruName },
      timeoutMs: input.timeoutMs,
    },
    site,
  );
  if (res.status < 200 || res.status >= 300) throw tokenError(res, site);
  const body = parseJsonBody(res, site) as Record<string, unknown> | null;
  if (!body || typeof body.access_token !== "string" || typeof body.refresh_token !== "string") {
    throw malformedBody(res, site, new Error("access_token or refresh_token missing"));
  }
  const seconds = (v: unknown, fallback: number) => (typeof v === "number" && v > 0 ? v : fallback);
  return {
    accessToken: body.access_token,
    accessTokenExpiresAt: new Date(sentAt + seconds(body.expires_in, 7200) * 1000),
    refreshToken: body.refresh_token,
    refreshTokenExpiresAt: new Date(sentAt + seconds(body.refresh_token_expires_in, 47_304_000) * 1000),
  };
}

/**
 * One grant (refresh_token, client_credentials) at eBay's token endpoint with the app's Basic auth: the access
 * token, and when to stop using it (its lifetime less `earlyRefreshMs`, at most half of it).
 */
export async function requestAccessToken(input: {
  authBaseUrl: string;
  app: EbayAppCredentials;
  form: Record<string, string>;
  site: HttpCallSite;
  timeoutMs?: number;
  earlyRefreshMs?: number;
  now: () => number;
  /** How a failed answer becomes a ConnectorError (default: tokenError, auth_expired when eBay says to connect again). */
  errorOf?: (res: HttpResponse, site: HttpCallSite) => ConnectorError;
}): Promise<CachedToken> {
  const { site } = input;
  const sentAt = input.now();
  const res = await sendRequest(
    {
      method: "POST",
      url: tokenUrl(input.authBaseUrl),
      headers: { authorization: basicAuth(input.app) },
      form: input.form,
      timeoutMs: input.timeoutMs,
    },
    site,
  );
  if (res.status < 200 || res.status >= 300) throw (input.errorOf ?? tokenError)(res, site);
  const body = parseJsonBody(res, site) as { access_token?: unknown; expires_in?: unknown } | null;
  if (!body || typeof body.access_token !== "string" || body.access_token === "") {
    throw malformedBody(res, site, new Error("no access_token in the token response"));
  }
  const lifetime = (typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 7200) * 1000;
  const margin = Math.min(input.earlyRefreshMs ?? 5 * 60_000, lifetime / 2);
  return { accessToken: body.access_token, refreshAt: sentAt + lifetime - margin };
}

const cache = new AccessTokenCache();

export interface EbayTokenProviderOptions {
  authBaseUrl: string;
  app: EbayAppCredentials;
  refreshToken: string;
  scopes?: readonly string[];
  timeoutMs?: number;
  /** Refresh this long before the stated expiry (default 5 minutes, at most half the lifetime). */
  earlyRefreshMs?: number;
  now?: () => number;
}

/** What the API client needs from OAuth (a seam for tests). */
export interface IEbayAccessTokens {
  getAccessToken(): Promise<string>;
  /** Forgets the token eBay refused, so the next call refreshes. */
  invalidate(accessToken?: string): void;
}

export class EbayTokenProvider implements IEbayAccessTokens {
  private readonly key: string;
  private readonly scopes: readonly string[];
  private readonly now: () => number;

  constructor(private readonly options: EbayTokenProviderOptions) {
    this.scopes = options.scopes ?? CONNECTOR_SCOPES;
    this.key = createHash("sha256")
      .update([options.authBaseUrl, options.app.clientId, options.refreshToken, this.scopes.join(" ")].join("\n"))
      .digest("hex");
    this.now = options.now ?? Date.now;
  }

  getAccessToken(): Promise<string> {
    return cache.get(this.key, this.now(), () => this.requestToken());
  }

  invalidate(accessToken?: string): void {
    cache.invalidate(this.key, accessToken);
  }

  private async requestToken(): Promise<CachedToken> {
    const { authBaseUrl, app, refreshToken, timeoutMs, earlyRefreshMs } = this.options;
    return requestAccessToken({
      authBaseUrl,
      app,
      form: { grant_type: "refresh_token", refresh_token: refreshToken, scope: this.scopes.join(" ") },
      site: { marketplace: "ebay", operation: "refreshAccessToken" },
      timeoutMs,
      earlyRefreshMs,
      now: this.now,
    });
  }
}

/** Test helper: forget all cached access tokens. */
export function clearEbayTokenCache(): void {
  cache.clear();
}
