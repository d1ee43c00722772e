/**
 * Etsy OAuth 2.0 (docs/platform-facts.md#etsy-oauth).
 *
 * Connecting a seller (the app's connect route uses these):
 *   1. `createCodeVerifier()` and `createState()` are kept in the merchant's session. The browser goes to
 *      `buildAuthorizeUrl({keystring, redirectUri, state, codeChallenge: codeChallengeS256(verifier)})`.
 *      Etsy requires PKCE, with S256 only.
 *   2. On the callback, after checking `state`, `exchangeAuthorizationCode(...)` returns the first access
 *      and refresh tokens, plus the seller's user id (the access token's prefix, "<user_id>.<token>").
 *
 * Afterwards, `EtsyTokenProvider` hands out access tokens. Etsy ROTATES refresh tokens: each refresh
 * returns a new one, and the one sent stops working. So:
 *  - the new credentials go through `onCredentialsRotated` (the app persists them) BEFORE the new access
 *    token is used. If persisting fails, the call fails `retryable`, and the new tokens stay in memory
 *    and are saved again before any later use. Saves run one at a time, so an older rotation can never
 *    overwrite a newer one;
 *  - refreshes are single-flight per account in this process. Two jobs of one account would otherwise
 *    race, and the loser would present a refresh token the winner had just spent. The newest refresh
 *    token is kept in a module-level registry, so a connector built later from slightly stale
 *    credentials (read from the database before the last save landed) still uses the newest token. A
 *    refresh token the registry has never seen (the seller reconnected) starts a new lineage.
 * Several processes (web + worker) refreshing one account at once can still race. The loser gets
 * invalid_grant, which maps to `auth_expired`.
 */
import { createHash, randomBytes } from "node:crypto";
import { malformedBody, oauthTokenError, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import { ConnectorError } from "../types";

export const ETSY_AUTHORIZE_URL = "https://www.etsy.com/oauth/connect";
/** What OrderBridge needs: read receipts, submit tracking. */
export const ETSY_REQUIRED_SCOPES = ["transactions_r", "transactions_w"] as const;

const TOKEN_PATH = "/v3/public/oauth/token";
const SITE: HttpCallSite = { marketplace: "etsy", operation: "oauthToken" };

/** A PKCE code verifier (RFC 7636 §4.1): 32 random bytes, base64url, 43 characters. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString("base64url");
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier))
    throw new RangeError("A PKCE code verifier is 43-128 characters of [A-Za-z0-9-._~]");
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unguessable `state` for the authorize request (CSRF protection). */
export function createState(): string {
  return randomBytes(24).toString("base64url");
}

export interface AuthorizeUrlInput {
  keystring: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes?: readonly string[];
  /** Default Etsy's consent page; the emulator serves the same at `<base>/oauth/connect`. */
  authorizeUrl?: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.authorizeUrl ?? ETSY_AUTHORIZE_URL);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.keystring);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("scope", (input.scopes ?? ETSY_REQUIRED_SCOPES).join(" "));
  url.searchParams.set("state", input.state);
  url.searchParams.set("code_challenge", input.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

export interface EtsyApiKey {
  keystring: string;
  sharedSecret: string;
}

/** The `x-api-key` header every Etsy request carries (shared secret enforced since 2026-02-09). */
export function apiKeyHeader(key: EtsyApiKey): string {
  return `${key.keystring}:${key.sharedSecret}`;
}

export interface EtsyTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as Etsy states it (3600). */
  expiresIn: number;
  /** The seller's Etsy user id, read from the access token ("<user_id>.<token>"); null if it has no such prefix. */
  userId: number | null;
}

interface TokenCall extends EtsyApiKey {
  authBaseUrl: string;
  timeoutMs?: number;
}

/** OAuth errors that mean the seller must connect again. */
const REAUTHORIZE_ERRORS = new Set(["invalid_grant", "unauthorized_client", "access_denied"]);

async function tokenRequest(call: TokenCall, form: Record<string, string>): Promise<EtsyTokens> {
  const res = await sendRequest(
    {
      method: "POST",
      url: `${call.authBaseUrl.replace(/\/+$/, "")}${TOKEN_PATH}`,
      form,
      headers: { "x-api-key": apiKeyHeader(call) },
      timeoutMs: call.timeoutMs,
    },
    SITE,
  );
  if (res.status < 200 || res.status >= 300) {
    // 403 without a reauthorize code: x-api-key or client_id, our configuration. A 401 is a refused credential,
    // checked again before the account's work is parked (oauthTokenError).
    throw oauthTokenError(res, SITE, REAUTHORIZE_ERRORS, res.status === 403 ? "permanent" : undefined);
  }
  const body = parseJsonBody(res, SITE) as Record<string, unknown> | null;
  const access = body?.access_token;
  const refresh = body?.refresh_token;
  if (typeof access !== "string" || access === "" || typeof refresh !== "string" || refresh === "") {
    throw malformedBody(res, SITE, new Error("access_token or refresh_token missing"));
  }
  const prefix = /^(\d+)\./.exec(access)?.[1];
  return {
    accessToken: access,
    refreshToken: refresh,
    expiresIn: typeof body?.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600,
    userId: prefix ? Number(prefix) : null,
  };
}

export function exchangeAuthorizationCode(
  input: TokenCall & { redirectUri: string; code: string; codeVerifier: string },
): Promise<EtsyTokens> {
  return tokenRequest(input, {
    grant_type: "authorization_code",
    client_id: input.keystring,
    redirect_uri: input.redirectUri,
    code: input.code,
    code_verifier: input.codeVerifier,
  });
}

/** One refresh. The refresh token sent is spent, whatever happens next: keep the one returned. */
export function refreshAccessToken(input: TokenCall & { refreshToken: string }): Promise<EtsyTokens> {
  return tokenRequest(input, {
    grant_type: "refresh_token",
    client_id: input.keystring,
    refresh_token: input.refreshToken,
  });
}

/** What the API client needs from a token source (a seam for tests). */
export interface IEtsyAccessTokens {
  getAccessToken(): Promise<string>;
  /** The API refused this token (401): forget it, so the next getAccessToken refreshes. */
  invalidate(accessToken: string): void;
}

export interface EtsyTokenProviderOptions extends TokenCall {
  accountId: number;
  /** The account's stored credentials: keystring, sharedSecret, refreshToken and maybe accessToken. */
  credentials: Record<string, string>;
  onCredentialsRotated?: (credentials: Record<string, string>) => Promise<void>;
  /** Refresh this long before the access token's stated expiry (default 5 minutes). */
  earlyRefreshMs?: number;
  now?: () => number;
}

interface Lineage {
  /** The newest refresh token: the only one Etsy still accepts. */
  refreshToken: string;
  /** Refresh tokens this lineage has spent. A connector built with one of them still belongs here. */
  superseded: Set<string>;
  accessToken: string | null;
  /** Epoch ms after which the access token is not used (Infinity: unknown expiry, use until a 401). */
  refreshAt: number;
  /** Rotated credentials not yet saved through onCredentialsRotated. */
  unsaved: Record<string, string> | null;
  refreshing: Promise<void> | null;
  saving: Promise<void> | null;
}

const lineages = new Map<string, Lineage>();

export class EtsyTokenProvider implements IEtsyAccessTokens {
  private readonly lineage: Lineage;
  private readonly earlyRefreshMs: number;
  private readonly now: () => number;

  constructor(private readonly options: EtsyTokenProviderOptions) {
    const key = createHash("sha256")
      .update(`${options.authBaseUrl}\n${options.keystring}\n${options.accountId}`)
      .digest("hex");
    const given = options.credentials.refreshToken ?? "";
    let lineage = lineages.get(key);
    if (!lineage || (lineage.refreshToken !== given && !lineage.superseded.has(given))) {
      const stored = options.credentials.accessToken || null;
      lineage = {
        refreshToken: given,
        superseded: new Set(),
        accessToken: stored,
        refreshAt: stored ? Infinity : 0,
        unsaved: null,
        refreshing: null,
        saving: null,
      };
      lineages.set(key, lineage);
    }
    this.lineage = lineage;
    this.earlyRefreshMs = options.earlyRefreshMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The refresh token this account holds now (the newest of its lineage). */
  get currentRefreshToken(): string {
    return this.lineage.refreshToken;
  }

  async getAccessToken(): Promise<string> {
    const l = this.lineage;
    if (l.unsaved) await this.save();
    if (l.accessToken && l.refreshAt > this.now()) return l.accessToken;
    await this.refresh();
    if (!l.accessToken)
      throw new ConnectorError("retryable", "Etsy access token unavailable after refresh", {
        marketplace: "etsy",
        operation: "oauthToken",
      });
    return l.accessToken;
  }

  invalidate(accessToken: string): void {
    // Only the token that failed: another caller may have refreshed already.
    if (this.lineage.accessToken === accessToken) {
      this.lineage.accessToken = null;
      this.lineage.refreshAt = 0;
    }
  }

  private refresh(): Promise<void> {
    const l = this.lineage;
    l.refreshing ??= this.rotate().finally(() => {
      l.refreshing = null;
    });
    return l.refreshing;
  }

  private async rotate(): Promise<void> {
    const l = this.lineage;
    const { authBaseUrl, keystring, sharedSecret, timeoutMs } = this.options;
    const tokens = await refreshAccessToken({
      authBaseUrl,
      keystring,
      sharedSecret,
      timeoutMs,
      refreshToken: l.refreshToken,
    });
    // The old refresh token is spent: take the new one at once, before anything else can fail.
    l.superseded.add(l.refreshToken);
    l.refreshToken = tokens.refreshToken;
    l.accessToken = tokens.accessToken;
    const lifetime = tokens.expiresIn * 1000;
    l.refreshAt = this.now() + lifetime - Math.min(this.earlyRefreshMs, lifetime / 2);
    l.unsaved = { ...this.options.credentials, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken };
    await this.save();
  }

  /** Saves `unsaved` through onCredentialsRotated, one save at a time; throws `retryable` if it fails. */
  private async save(): Promise<void> {
    const l = this.lineage;
    const persist = this.options.onCredentialsRotated;
    while (l.unsaved) {
      if (l.saving) {
        await l.saving.catch(() => undefined);
        continue;
      }
      const credentials = l.unsaved;
      if (!persist) {
        throw new ConnectorError(
          "permanent",
          "Etsy rotated the refresh token, but the connector context has no onCredentialsRotated to save it: the account would be lost on restart",
          { marketplace: "etsy", operation: "oauthToken" },
        );
      }
      l.saving = persist(credentials)
        .then(() => {
          if (l.unsaved === credentials) l.unsaved = null;
        })
        .finally(() => {
          l.saving = null;
        });
      try {
        await l.saving;
      } catch (cause) {
        throw new ConnectorError(
          "retryable",
          "Etsy rotated the refresh token but saving it failed; the new token is kept in memory and saved again before it is used",
          { marketplace: "etsy", operation: "oauthToken", cause },
        );
      }
    }
  }
}

/** Test helper: forget every account's token lineage. */
export function clearEtsyTokenCache(): void {
  lineages.clear();
}
