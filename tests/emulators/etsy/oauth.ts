/**
 * Etsy OAuth 2.0 (docs/platform-facts.md#etsy-oauth): authorization codes with PKCE, and the token endpoint
 * `POST /v3/public/oauth/token`.
 *
 * - Authorize: `GET /oauth/connect?response_type=code&client_id&redirect_uri&scope&state&code_challenge
 *   &code_challenge_method=S256`. On etsy.com the seller approves in a browser. Here the approval is
 *   immediate: a 302 to `redirect_uri?code=…&state=…`, approved as the seller given by the sandbox-only
 *   parameter `sandbox_user_id`, or, when the app has exactly one connected shop, as that shop's
 *   seller. `POST /__sandbox/oauth/authorize` does the same and returns the code as JSON. PKCE is
 *   required, and only S256 is accepted.
 * - Token, `authorization_code` grant: client_id, redirect_uri (the same as at authorize), code (single
 *   use, 300 emulated seconds; the lifetime is an assumption) and code_verifier (43–128 characters of
 *   [A-Za-z0-9-._~], whose S256 must equal the code_challenge).
 * - Token, `refresh_token` grant: client_id and refresh_token. Refresh tokens ROTATE. Each refresh
 *   returns a new one and revokes the one sent, which afterwards answers 400 invalid_grant
 *   "refresh_token is revoked" (the message observed in etsy/open-api#519).
 * - Answers: `{access_token:"<user_id>.<token>", token_type:"Bearer", expires_in:3600, refresh_token}`.
 *   Access tokens live 3600 emulated seconds and refresh tokens 90 emulated days. Errors use the OAuth
 *   shape `{error, error_description}`. The token endpoint takes no x-api-key (Etsy's authentication guide
 *   sends none): the body's client_id names the app (api.ts admitByClientId).
 */
import { createHash, randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import type { EmulatedClock } from "../kit/emulated-clock";
import { etsyError } from "./etsy-emulator-server";
import type { App, EtsyState } from "./state";

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 86_400;
export const AUTH_CODE_SECONDS = 300;

/** The scopes Etsy's spec defines (components.securitySchemes.oauth2). */
export const ETSY_SCOPES = [
  "address_r",
  "address_w",
  "billing_r",
  "cart_r",
  "cart_w",
  "email_r",
  "favorites_r",
  "favorites_w",
  "feedback_r",
  "listings_d",
  "listings_r",
  "listings_w",
  "profile_r",
  "profile_w",
  "recommend_r",
  "recommend_w",
  "shops_r",
  "shops_w",
  "transactions_r",
  "transactions_w",
] as const;

/** What a seeded shop's refresh token grants (OrderBridge needs these two). */
export const DEFAULT_SCOPES = ["transactions_r", "transactions_w"];

const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

interface Grant {
  userId: number;
  keystring: string;
  scopes: string[];
}

export interface AccessToken extends Grant {
  token: string;
  /** On the emulated-time counter. */
  expiresAt: number;
}

interface RefreshToken extends Grant {
  token: string;
  expiresAt: number;
  revoked: boolean;
  issuedSeq: number;
}

interface AuthCode extends Grant {
  code: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

export type AccessLookup =
  { status: "valid"; token: AccessToken } | { status: "expired"; token: AccessToken } | { status: "unknown" };

export interface AuthorizeInput {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  userId?: number;
}

/** An authorize request refused: Etsy shows an error page; we answer 400 `{error, error_description}`. */
export class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** S256 code challenge (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
}

export class OAuthStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthCode>();
  private seq = 0;

  constructor(
    private readonly clock: EmulatedClock,
    private readonly state: EtsyState,
  ) {}

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
    this.seq = 0;
  }

  /** Registers a refresh token the seller already holds (seeding a shop). */
  registerRefreshToken(token: string, userId: number, keystring: string, scopes: string[] = DEFAULT_SCOPES): void {
    const existing = this.refresh.get(token);
    if (existing && (existing.userId !== userId || existing.keystring !== keystring)) {
      throw new Error("refresh token already belongs to another seller");
    }
    this.refresh.set(token, {
      token,
      userId,
      keystring,
      scopes,
      expiresAt: this.clock.emulatedMs() + REFRESH_TOKEN_SECONDS * 1000,
      revoked: false,
      issuedSeq: ++this.seq,
    });
  }

  /** The seller's newest live refresh token for an app (what a client should be holding now). */
  currentRefreshToken(userId: number, keystring: string): string | undefined {
    let best: RefreshToken | undefined;
    for (const t of this.refresh.values()) {
      if (t.userId === userId && t.keystring === keystring && !t.revoked && (!best || t.issuedSeq > best.issuedSeq))
        best = t;
    }
    return best?.token;
  }

  refreshTokenOwner(token: string): Grant | undefined {
    return this.refresh.get(token);
  }

  lookupAccess(value: string | undefined): AccessLookup {
    const token = value ? this.access.get(value) : undefined;
    if (!token) return { status: "unknown" };
    return token.expiresAt > this.clock.emulatedMs() ? { status: "valid", token } : { status: "expired", token };
  }

  /** Expires the live access tokens of one seller (or all) now. Returns how many. */
  expireAccessTokens(userId?: number): number {
    const now = this.clock.emulatedMs();
    let n = 0;
    for (const t of this.access.values()) {
      if ((userId === undefined || t.userId === userId) && t.expiresAt > now) {
        t.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Revokes every refresh token of a seller (the seller changed their password, or disconnected the app). */
  revokeRefreshTokens(userId: number): number {
    let n = 0;
    for (const t of this.refresh.values()) {
      if (t.userId === userId && !t.revoked) {
        t.revoked = true;
        n++;
      }
    }
    return n;
  }

  authorize(input: AuthorizeInput): { code: string; userId: number } {
    const app = this.state.apps.get(input.clientId);
    if (!app) throw new AuthorizeError("invalid_client", `Unknown client_id ${input.clientId}`);
    let redirect: URL;
    try {
      redirect = new URL(input.redirectUri);
    } catch {
      throw new AuthorizeError("invalid_request", "redirect_uri must be an absolute URL");
    }
    if (redirect.protocol !== "https:" && !(redirect.protocol === "http:" && isLoopback(redirect))) {
      throw new AuthorizeError(
        "invalid_request",
        "redirect_uri must use https:// (http:// is allowed for loopback hosts in the sandbox)",
      );
    }
    const scopes = input.scope.split(/[\s+]+/).filter(Boolean);
    if (scopes.length === 0) throw new AuthorizeError("invalid_scope", "scope is required");
    const unknown = scopes.filter((s) => !(ETSY_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) throw new AuthorizeError("invalid_scope", `Unknown scope(s): ${unknown.join(", ")}`);
    if (!input.codeChallenge) throw new AuthorizeError("invalid_request", "code_challenge is required (PKCE)");
    if (input.codeChallengeMethod !== "S256")
      throw new AuthorizeError("invalid_request", "code_challenge_method must be S256");
    if (!/^[A-Za-z0-9_-]{43}$/.test(input.codeChallenge))
      throw new AuthorizeError("invalid_request", "code_challenge must be a base64url SHA-256 digest");

    let userId = input.userId;
    if (userId === undefined) {
      const shops = [...this.state.shops.values()].filter((s) => s.keystring === app.keystring);
      if (shops.length !== 1) {
        throw new AuthorizeError(
          "invalid_request",
          `Cannot tell which seller approves: pass sandbox_user_id (app ${app.keystring} has ${shops.length} shops)`,
        );
      }
      userId = shops[0]!.userId;
    }
    const code = randomBytes(32).toString("base64url");
    this.codes.set(code, {
      code,
      userId,
      keystring: app.keystring,
      scopes,
      redirectUri: input.redirectUri,
      codeChallenge: input.codeChallenge,
      expiresAt: this.clock.emulatedMs() + AUTH_CODE_SECONDS * 1000,
      used: false,
    });
    return { code, userId };
  }

  private issue(grant: Grant): {
    access_token: string;
    token_type: "Bearer";
    expires_in: number;
    refresh_token: string;
  } {
    const now = this.clock.emulatedMs();
    const access: AccessToken = {
      ...grant,
      token: `${grant.userId}.${randomBytes(48).toString("base64url")}`,
      expiresAt: now + ACCESS_TOKEN_SECONDS * 1000,
    };
    const refresh: RefreshToken = {
      ...grant,
      token: `${grant.userId}.${randomBytes(48).toString("base64url")}`,
      expiresAt: now + REFRESH_TOKEN_SECONDS * 1000,
      revoked: false,
      issuedSeq: ++this.seq,
    };
    this.access.set(access.token, access);
    this.refresh.set(refresh.token, refresh);
    return {
      access_token: access.token,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refresh.token,
    };
  }

  /** The `POST /v3/public/oauth/token` handler, for a request whose body's client_id named `app`. */
  tokenEndpoint(req: EmulatorRequest, app: App): EmulatorResponse {
    const body =
      req.body && typeof req.body === "object" && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const str = (k: string) => (typeof body[k] === "string" && body[k] !== "" ? (body[k] as string) : undefined);
    const fail = (status: number, error: string, description: string) => ({
      ...etsyError(status, error, description),
      headers: { "cache-control": "no-store" },
    });

    const grantType = str("grant_type");
    if (!grantType) return fail(400, "invalid_request", "grant_type is required");
    const clientId = str("client_id");
    if (!clientId) return fail(400, "invalid_request", "client_id is required");
    if (clientId !== app.keystring) return fail(401, "invalid_client", "client_id is not a known API key");
    const now = this.clock.emulatedMs();

    let grant: Grant;
    if (grantType === "authorization_code") {
      for (const k of ["redirect_uri", "code", "code_verifier"])
        if (!str(k)) return fail(400, "invalid_request", `${k} is required`);
      const verifier = str("code_verifier")!;
      if (!VERIFIER_RE.test(verifier))
        return fail(400, "invalid_request", "code_verifier must be 43-128 characters of [A-Za-z0-9-._~]");
      const code = this.codes.get(str("code")!);
      if (!code || code.keystring !== app.keystring) return fail(400, "invalid_grant", "code is invalid");
      if (code.used) return fail(400, "invalid_grant", "code has already been used");
      if (code.expiresAt <= now) return fail(400, "invalid_grant", "code is expired");
      if (code.redirectUri !== str("redirect_uri"))
        return fail(400, "invalid_grant", "redirect_uri does not match the authorization request");
      if (s256(verifier) !== code.codeChallenge) return fail(400, "invalid_grant", "code_verifier is invalid");
      code.used = true;
      grant = { userId: code.userId, keystring: code.keystring, scopes: code.scopes };
    } else if (grantType === "refresh_token") {
      const value = str("refresh_token");
      if (!value) return fail(400, "invalid_request", "refresh_token is required");
      const rt = this.refresh.get(value);
      if (!rt || rt.keystring !== app.keystring) return fail(400, "invalid_grant", "refresh_token is invalid");
      if (rt.revoked) return fail(400, "invalid_grant", "refresh_token is revoked");
      if (rt.expiresAt <= now) return fail(400, "invalid_grant", "refresh_token is expired");
      rt.revoked = true; // rotation: the token just used is spent
      grant = { userId: rt.userId, keystring: rt.keystring, scopes: rt.scopes };
    } else {
      return fail(400, "unsupported_grant_type", `grant_type ${grantType} is not supported`);
    }
    return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, body: this.issue(grant) };
  }
}
