/**
 * eBay OAuth (docs/platform-facts.md#ebay-oauth): `POST /identity/v1/oauth2/token` and the consent page.
 *
 *  - Client authentication is HTTP Basic `base64(client_id:client_secret)` only; the body is
 *    application/x-www-form-urlencoded.
 *  - `authorization_code` (code, redirect_uri = the RuName): a user access token (7200 s) and a new refresh
 *    token (47304000 s, 18 months). Codes are single use and live 299 s, as eBay's redirect says.
 *  - `refresh_token` (refresh_token, optional scope ⊆ the granted scopes): a user access token, no new
 *    refresh token.
 *  - `client_credentials` (scope): an application access token (used for the notification public key).
 *  - Errors in RFC 6749's shape with eBay's wording: 401 invalid_client, 400 invalid_request,
 *    invalid_grant, invalid_scope, unsupported_grant_type.
 *  - `GET /oauth2/authorize?client_id&redirect_uri=<RuName>&response_type=code&scope&state` stands for the
 *    consent page: the user (the only one of that app and RuName, or `username=` in sandbox) grants at
 *    once, and it redirects to the RuName's accept URL with `code`, `state` and `expires_in`; without an
 *    accept URL it answers the same as JSON.
 *
 * Lifetimes run on the emulated clock (`timeScale`): at 3600 an access token lives two real seconds.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import type { EmulatedClock } from "../kit/emulated-clock";
import { oauthError } from "./errors";
import { ControlError, PUBLIC_SCOPE, type EbayState, type User } from "./state";

export const ACCESS_TOKEN_SECONDS = 7200;
export const REFRESH_TOKEN_SECONDS = 47_304_000;
export const AUTHORIZATION_CODE_SECONDS = 299;

export interface AccessToken {
  token: string;
  clientId: string;
  /** null for an application token (client_credentials). */
  username: string | null;
  scopes: string[];
  /** On the emulated-time counter (`EmulatedClock.emulatedMs`). */
  expiresAt: number;
}

interface RefreshToken {
  token: string;
  clientId: string;
  username: string;
  scopes: string[];
  expiresAt: number;
}

interface AuthorizationCode {
  code: string;
  clientId: string;
  username: string;
  ruName: string;
  scopes: string[];
  expiresAt: number;
}

export type TokenLookup =
  { status: "valid"; token: AccessToken } | { status: "expired"; token: AccessToken } | { status: "unknown" };

/** eBay tokens look like `v^1.1#i^1#p^3#I^3#r^0#f^0#t^H4sI...` (then a long base64 blob). */
function ebayToken(kind: "access" | "refresh" | "app"): string {
  const flags =
    kind === "refresh"
      ? "v^1.1#i^1#p^3#I^3#r^1#f^0#t^"
      : kind === "app"
        ? "v^1.1#i^1#p^1#I^3#r^0#f^0#t^"
        : "v^1.1#i^1#p^3#I^3#r^0#f^0#t^";
  return flags + "H4sI" + randomBytes(96).toString("base64");
}

export class OAuthStore {
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly clock: EmulatedClock) {}

  reset(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }

  /** Throws 409 when another user holds this refresh token. */
  assertRefreshTokenFree(username: string, token: string): void {
    const t = this.refreshTokens.get(token);
    if (t && t.username !== username) throw new ControlError(409, `refreshToken already belongs to user ${t.username}`);
  }

  registerRefreshToken(user: User, token: string): void {
    this.assertRefreshTokenFree(user.username, token);
    this.refreshTokens.set(token, {
      token,
      clientId: user.clientId,
      username: user.username,
      scopes: [...user.scopes],
      expiresAt: this.clock.emulatedMs() + REFRESH_TOKEN_SECONDS * 1000,
    });
  }

  issueCode(user: User, ruName: string, scopes: string[]): AuthorizationCode {
    const code: AuthorizationCode = {
      code: `v^1.1#i^1#r^1#I^3#f^0#p^3#t^${randomBytes(48).toString("base64")}`,
      clientId: user.clientId,
      username: user.username,
      ruName,
      scopes,
      expiresAt: this.clock.emulatedMs() + AUTHORIZATION_CODE_SECONDS * 1000,
    };
    this.codes.set(code.code, code);
    return code;
  }

  private issueAccess(clientId: string, username: string | null, scopes: string[]): AccessToken {
    const token: AccessToken = {
      token: ebayToken(username === null ? "app" : "access"),
      clientId,
      username,
      scopes,
      expiresAt: this.clock.emulatedMs() + ACCESS_TOKEN_SECONDS * 1000,
    };
    this.accessTokens.set(token.token, token);
    return token;
  }

  lookup(value: string | undefined): TokenLookup {
    const token = value ? this.accessTokens.get(value) : undefined;
    if (!token) return { status: "unknown" };
    return token.expiresAt > this.clock.emulatedMs() ? { status: "valid", token } : { status: "expired", token };
  }

  /** Expires every live access token of a user (or of everyone) now. Returns how many. */
  expireAccessTokens(username?: string): number {
    const now = this.clock.emulatedMs();
    let n = 0;
    for (const t of this.accessTokens.values()) {
      if ((username === undefined || t.username === username) && t.expiresAt > now) {
        t.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Revokes everything a user holds (account closed). */
  revokeUser(username: string): void {
    for (const [k, t] of this.accessTokens) if (t.username === username) this.accessTokens.delete(k);
    for (const [k, t] of this.refreshTokens) if (t.username === username) this.refreshTokens.delete(k);
  }

  /** The `POST /identity/v1/oauth2/token` handler. */
  tokenHandler(state: EbayState) {
    return (req: EmulatorRequest): EmulatorResponse => {
      const contentType = String(req.headers["content-type"] ?? "");
      const basic = basicCredentials(req.headers.authorization);
      const app = basic ? state.apps.get(basic.id) : undefined;
      if (!basic || !app || app.clientSecret !== basic.secret) {
        return oauthError(401, "invalid_client", "client authentication failed");
      }
      if (!contentType.includes("application/x-www-form-urlencoded") || !req.body || typeof req.body !== "object") {
        return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
      }
      const body = req.body as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === "string" && body[k] !== "" ? (body[k] as string) : undefined);
      const grantType = str("grant_type");
      if (!grantType)
        return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
      const now = this.clock.emulatedMs();

      if (grantType === "authorization_code") {
        const code = str("code");
        const redirectUri = str("redirect_uri");
        // The code is a credential too: keep it out of the request log (the kit redacts *token* keys only).
        if (code !== undefined) req.body = { ...body, code: "[redacted]" };
        if (!code || !redirectUri)
          return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
        const grant = this.codes.get(code);
        if (!grant || grant.clientId !== app.clientId || grant.expiresAt <= now) {
          return oauthError(
            400,
            "invalid_grant",
            "the provided authorization grant code is invalid or was issued to another client",
          );
        }
        this.codes.delete(code); // single use
        if (grant.ruName !== redirectUri) {
          return oauthError(
            400,
            "invalid_grant",
            "the provided authorization grant code is invalid or was issued to another client",
          );
        }
        const user = state.user(grant.username);
        if (!user || user.deleted) {
          return oauthError(
            400,
            "invalid_grant",
            "the provided authorization grant code is invalid or was issued to another client",
          );
        }
        const refresh = ebayToken("refresh");
        this.refreshTokens.set(refresh, {
          token: refresh,
          clientId: app.clientId,
          username: user.username,
          scopes: grant.scopes,
          expiresAt: now + REFRESH_TOKEN_SECONDS * 1000,
        });
        const access = this.issueAccess(app.clientId, user.username, grant.scopes);
        return tokenResponse({
          access_token: access.token,
          expires_in: ACCESS_TOKEN_SECONDS,
          refresh_token: refresh,
          refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
          token_type: "User Access Token",
        });
      }

      if (grantType === "refresh_token") {
        const refreshToken = str("refresh_token");
        if (!refreshToken)
          return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
        const grant = this.refreshTokens.get(refreshToken);
        if (!grant || grant.clientId !== app.clientId || grant.expiresAt <= now) {
          return oauthError(
            400,
            "invalid_grant",
            "the provided authorization refresh token is invalid or was issued to another client",
          );
        }
        const user = state.user(grant.username);
        if (!user || user.deleted) {
          return oauthError(
            400,
            "invalid_grant",
            "the provided authorization refresh token is invalid or was issued to another client",
          );
        }
        const requested = splitScopes(str("scope"));
        if (requested && requested.some((s) => !grant.scopes.includes(s))) {
          return oauthError(
            400,
            "invalid_scope",
            "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
          );
        }
        const access = this.issueAccess(app.clientId, user.username, requested ?? grant.scopes);
        return tokenResponse({
          access_token: access.token,
          expires_in: ACCESS_TOKEN_SECONDS,
          token_type: "User Access Token",
        });
      }

      if (grantType === "client_credentials") {
        const requested = splitScopes(str("scope"));
        if (!requested)
          return oauthError(400, "invalid_request", "request is missing a required parameter or malformed.");
        if (requested.some((s) => s !== PUBLIC_SCOPE && !s.startsWith(`${PUBLIC_SCOPE}/`))) {
          return oauthError(
            400,
            "invalid_scope",
            "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
          );
        }
        const access = this.issueAccess(app.clientId, null, requested);
        return tokenResponse({
          access_token: access.token,
          expires_in: ACCESS_TOKEN_SECONDS,
          token_type: "Application Access Token",
        });
      }

      return oauthError(
        400,
        "unsupported_grant_type",
        "grant type in request is not supported by the authorization server",
      );
    };
  }

  /** The `GET /oauth2/authorize` handler: consent granted at once. */
  authorizeHandler(state: EbayState) {
    return (req: EmulatorRequest): EmulatorResponse => {
      const q = req.query;
      const clientId = q.get("client_id") ?? "";
      const ruName = q.get("redirect_uri") ?? "";
      const app = state.apps.get(clientId);
      if (!app || !app.ruNames.has(ruName)) {
        return oauthError(400, "invalid_request", "Input request parameters are invalid.");
      }
      if (q.get("response_type") !== "code")
        return oauthError(400, "unsupported_response_type", "response_type must be code");
      const requested = splitScopes(q.get("scope") ?? undefined);
      if (!requested)
        return oauthError(
          400,
          "invalid_scope",
          "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
        );
      const wanted = q.get("username");
      const candidates = [...state.users.values()].filter(
        (u) => u.clientId === clientId && !u.deleted && (wanted === null || u.username === wanted),
      );
      if (candidates.length !== 1) {
        return oauthError(
          400,
          "invalid_request",
          wanted ? `unknown user ${wanted}` : "several users could consent; pass username= (sandbox only)",
        );
      }
      const user = candidates[0]!;
      if (requested.some((s) => !user.scopes.includes(s))) {
        return oauthError(
          400,
          "invalid_scope",
          "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
        );
      }
      const code = this.issueCode(user, ruName, requested);
      const state_ = q.get("state");
      const acceptUrl = app.ruNames.get(ruName);
      if (!acceptUrl) {
        return {
          status: 200,
          body: {
            code: code.code,
            expires_in: AUTHORIZATION_CODE_SECONDS,
            ...(state_ !== null ? { state: state_ } : {}),
          },
        };
      }
      const target = new URL(acceptUrl);
      if (state_ !== null) target.searchParams.set("state", state_);
      target.searchParams.set("code", code.code);
      target.searchParams.set("expires_in", String(AUTHORIZATION_CODE_SECONDS));
      return { status: 302, headers: { location: target.toString() } };
    };
  }
}

function tokenResponse(body: Record<string, unknown>): EmulatorResponse {
  return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, body };
}

function splitScopes(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const list = scope.split(/\s+/).filter(Boolean);
  return list.length > 0 ? list : undefined;
}

export function basicCredentials(header: string | string[] | undefined): { id: string; secret: string } | null {
  const h = Array.isArray(header) ? header[0] : header;
  const m = h ? /^Basic\s+(.+)$/i.exec(h) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return null;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const h = Array.isArray(header) ? header[0] : header;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m ? m[1] : undefined;
}
