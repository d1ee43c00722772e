/**
 * Login with Amazon: `POST /auth/o2/token` (refresh_token and authorization_code grants) and the access tokens
 * it hands out.
 *
 * - authorization_code (the website authorization workflow, consent.ts): code, redirect_uri, client_id and
 *   client_secret; a code unknown, used, expired, issued to another client or for another redirect_uri is
 *   `invalid_grant`. The answer carries the new refresh token.
 * - Form-urlencoded (as LWA documents) or JSON bodies; the client secret may also come as HTTP Basic.
 * - Errors in LWA's shape `{error, error_description}`: an unknown client id or a wrong secret is
 *   `invalid_client` with HTTP 401 (what LWA answers; RFC 6749 §5.2 allows 401 there), an unknown or
 *   revoked refresh token, or one issued to another client, is `invalid_grant` with 400, a missing
 *   parameter `invalid_request` 400, another grant type `unsupported_grant_type` 400.
 * - An access token (`Atza|…`) lives 3600 emulated seconds and identifies the seller. Expired tokens are
 *   remembered, so the API can tell "expired" from "unknown", as Amazon does.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import type { EmulatedClock } from "./clock";
import type { ConsentStore } from "./consent";
import type { AmazonState } from "./state";

export const ACCESS_TOKEN_SECONDS = 3600;

export interface RestrictedResource {
  method: string;
  path: string;
  dataElements?: string[];
}

export interface AccessToken {
  token: string;
  sellerId: string;
  kind: "lwa" | "rdt";
  /** On the emulated-time counter (`EmulatedClock.emulatedMs`). */
  expiresAt: number;
  /** For a restricted data token: what it may be used on. */
  restrictedResources?: RestrictedResource[];
}

export type TokenLookup =
  { status: "valid"; token: AccessToken } | { status: "expired"; token: AccessToken } | { status: "unknown" };

export class AccessTokens {
  private readonly tokens = new Map<string, AccessToken>();

  constructor(private readonly clock: EmulatedClock) {}

  issue(sellerId: string, kind: "lwa" | "rdt" = "lwa", restrictedResources?: RestrictedResource[]): AccessToken {
    const secret = randomBytes(48).toString("base64url");
    const token: AccessToken = {
      token: kind === "lwa" ? `Atza|${secret}` : `Atz.sprdt|${secret}`,
      sellerId,
      kind,
      expiresAt: this.clock.emulatedMs() + ACCESS_TOKEN_SECONDS * 1000,
      ...(restrictedResources ? { restrictedResources } : {}),
    };
    this.tokens.set(token.token, token);
    return token;
  }

  lookup(value: string | undefined): TokenLookup {
    const token = value ? this.tokens.get(value) : undefined;
    if (!token) return { status: "unknown" };
    return token.expiresAt > this.clock.emulatedMs() ? { status: "valid", token } : { status: "expired", token };
  }

  /** Expires every live token of a seller (or of all sellers) at once. Returns how many. */
  expire(sellerId?: string): number {
    const now = this.clock.emulatedMs();
    let n = 0;
    for (const t of this.tokens.values()) {
      if ((sellerId === undefined || t.sellerId === sellerId) && t.expiresAt > now) {
        t.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  reset(): void {
    this.tokens.clear();
  }
}

function lwaError(status: number, error: string, description: string): EmulatorResponse {
  return { status, headers: { "cache-control": "no-store" }, body: { error_description: description, error } };
}

function basicCredentials(header: string | string[] | undefined): { id: string; secret: string } | null {
  const h = Array.isArray(header) ? header[0] : header;
  const m = h ? /^Basic\s+(.+)$/i.exec(h) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

/** The `POST /auth/o2/token` handler. */
export function lwaTokenHandler(state: AmazonState, tokens: AccessTokens, consents: ConsentStore) {
  return (req: EmulatorRequest): EmulatorResponse => {
    const body = req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
    const str = (k: string) => (typeof body[k] === "string" && body[k] !== "" ? (body[k] as string) : undefined);
    const basic = basicCredentials(req.headers.authorization);

    const grantType = str("grant_type");
    if (!grantType) return lwaError(400, "invalid_request", "The request is missing a required parameter : grant_type");
    if (grantType !== "refresh_token" && grantType !== "authorization_code") {
      return lwaError(
        400,
        "unsupported_grant_type",
        `The authorization grant type is not supported by the authorization server : ${grantType}`,
      );
    }
    const clientId = str("client_id") ?? basic?.id;
    const clientSecret = str("client_secret") ?? basic?.secret;
    const required = grantType === "refresh_token" ? (["refresh_token"] as const) : (["code", "redirect_uri"] as const);
    for (const name of [...required, "client_id", "client_secret"] as const) {
      const v = name === "client_id" ? clientId : name === "client_secret" ? clientSecret : str(name);
      if (!v) return lwaError(400, "invalid_request", `The request is missing a required parameter : ${name}`);
    }

    const sellers = [...state.sellers.values()];
    const client = sellers.filter((s) => s.clientId === clientId);
    const appSecret = consents.clientSecretOf(clientId!);
    if (appSecret !== clientSecret && !client.some((s) => s.clientSecret === clientSecret)) {
      return lwaError(401, "invalid_client", "Client authentication failed");
    }
    const answer = (sellerId: string, refreshToken: string): EmulatorResponse => ({
      status: 200,
      headers: { "cache-control": "no-store", pragma: "no-cache" },
      body: {
        access_token: tokens.issue(sellerId).token,
        refresh_token: refreshToken,
        token_type: "bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
      },
    });

    if (grantType === "authorization_code") {
      const exchanged = consents.exchange({
        clientId: clientId!,
        code: str("code")!,
        redirectUri: str("redirect_uri")!,
      });
      if (!exchanged.ok) return lwaError(400, "invalid_grant", `The request has an invalid grant parameter : code`);
      return answer(exchanged.grant.sellerId, exchanged.refreshToken);
    }
    const refreshToken = str("refresh_token")!;
    const granted = consents.grant(refreshToken);
    if (granted && granted.clientId === clientId && state.seller(granted.sellerId))
      return answer(granted.sellerId, refreshToken);
    const seller = client.find((s) => s.refreshToken === refreshToken && s.clientSecret === clientSecret);
    if (!seller) return lwaError(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
    return answer(seller.sellerId, seller.refreshToken);
  };
}
