/**
 * App authentication endpoints:
 *  - `POST /admin/oauth/access_token` with the token-exchange grant (session token: an HS256 JWT signed with
 *    the client secret, `aud` = client id, `dest` = https://{shop}) or the authorization-code grant
 *    (`client_id`, `client_secret`, `code`). Answers `{access_token, scope}` (plus `expires_in` and
 *    `associated_user` for online tokens); anything invalid is a 400.
 *  - `GET /admin/oauth/authorize` (the merchant approves at once): redirects to `redirect_uri` with `code`,
 *    `shop`, `state`, `timestamp`, `host` and the query `hmac` (hex HMAC-SHA256 of the sorted parameters).
 * Both grants install the app on the shop (creating the shop if the emulator does not know it yet).
 * Session tokens for tests come from `signSessionToken()`.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import { signHs256Jwt, verifyHs256Jwt, type Hs256Verification } from "../kit/hs256-jwt";
import { normalizeDomain, type ShopifyState, type ShopRecord } from "./state";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
/** Clock tolerance of @shopify/shopify-api's decodeSessionToken. */
const CLOCK_TOLERANCE_S = 10;

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig?: string;
}

/** A session (ID) token as App Bridge hands it to the app: HS256 with the client secret, valid 1 minute. */
export function signSessionToken(opts: {
  shop: string;
  clientId: string;
  clientSecret: string;
  userId?: number;
  ttlSeconds?: number;
  now?: number;
}): string {
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const shop = normalizeDomain(opts.shop);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: opts.clientId,
    sub: String(opts.userId ?? 1),
    exp: now + (opts.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
  };
  return signHs256Jwt({ alg: "HS256", typ: "JWT" }, claims, opts.clientSecret);
}

/** Verifies a session token like the Shopify libraries do; the claims or the reason it is invalid. */
export function verifySessionToken(
  token: string,
  clientId: string,
  clientSecret: string,
): Hs256Verification<SessionTokenClaims> {
  const v = verifyHs256Jwt<SessionTokenClaims>(
    token,
    { clientId, clientSecret },
    { nowMs: Date.now(), clockToleranceS: CLOCK_TOLERANCE_S },
  );
  if (!v.ok) return v;
  const { claims } = v;
  if (typeof claims.dest !== "string" || !/^https:\/\/[^/]+$/.test(claims.dest))
    return { ok: false, reason: "dest is not https://{shop}" };
  if (typeof claims.iss === "string" && new URL(claims.iss).host !== new URL(claims.dest).host)
    return { ok: false, reason: "iss and dest name different shops" };
  return v;
}

function bad(error: string, description: string): EmulatorResponse {
  return { status: 400, body: { error, error_description: description } };
}

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  scopes: () => string[];
}

export class OAuthEndpoints {
  /** Authorization codes → shop domain; single use. */
  private readonly codes = new Map<string, { domain: string; expiresAt: number }>();

  constructor(
    private readonly state: ShopifyState,
    private readonly opts: OAuthOptions,
  ) {}

  reset(): void {
    this.codes.clear();
  }

  private shopFor(domain: string): ShopRecord {
    const shop = this.state.shop(domain) ?? this.state.createShop({ domain, scopes: this.opts.scopes() });
    this.state.install(shop);
    return shop;
  }

  /** A fresh authorization code for a shop (what the merchant's approval produces). */
  issueCode(domain: string): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { domain: normalizeDomain(domain), expiresAt: Date.now() + 10 * 60_000 });
    return code;
  }

  readonly accessToken = (req: EmulatorRequest): EmulatorResponse => {
    const b = req.body;
    if (!b || typeof b !== "object" || Array.isArray(b))
      return bad("invalid_request", "The request body must be JSON or form-encoded parameters");
    const p = b as Record<string, unknown>;
    if (p.client_id !== this.opts.clientId) return bad("invalid_client", "Unknown client_id");
    if (typeof p.client_secret !== "string" || !safeEqual(p.client_secret, this.opts.clientSecret))
      return bad("invalid_client", "client_secret does not match");

    if (p.grant_type === TOKEN_EXCHANGE_GRANT) {
      if (p.subject_token_type !== ID_TOKEN_TYPE)
        return bad("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}`);
      if (typeof p.subject_token !== "string") return bad("invalid_subject_token", "subject_token is missing");
      const requested = p.requested_token_type ?? OFFLINE_TOKEN_TYPE;
      if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE)
        return bad("invalid_request", "requested_token_type is not supported");
      const v = verifySessionToken(p.subject_token, this.opts.clientId, this.opts.clientSecret);
      if (!v.ok) return bad("invalid_subject_token", v.reason);
      const shop = this.shopFor(new URL(v.claims.dest).host);
      const scope = shop.scopes.join(",");
      if (requested === OFFLINE_TOKEN_TYPE) return { status: 200, body: { access_token: shop.accessToken, scope } };
      const userId = Number(v.claims.sub) || 1;
      const ttl = 86_399;
      return {
        status: 200,
        body: {
          access_token: this.state.issueOnlineToken(shop, userId, ttl),
          scope,
          expires_in: ttl,
          associated_user_scope: scope,
          associated_user: {
            id: userId,
            first_name: "Sandbox",
            last_name: "Merchant",
            email: `merchant+${userId}@${shop.domain.split(".")[0]}.example`,
            account_owner: userId === 1,
            locale: "en",
            collaborator: false,
            email_verified: true,
          },
        },
      };
    }

    if (p.grant_type === undefined || p.grant_type === "authorization_code") {
      if (typeof p.code !== "string") return bad("invalid_request", "code is missing");
      const c = this.codes.get(p.code);
      this.codes.delete(p.code);
      if (!c || c.expiresAt < Date.now())
        return bad("invalid_request", "The authorization code was not found or was already used");
      const shop = this.shopFor(c.domain);
      return { status: 200, body: { access_token: shop.accessToken, scope: shop.scopes.join(",") } };
    }
    return bad("unsupported_grant_type", `grant_type ${String(p.grant_type)} is not supported`);
  };

  /** The merchant opens the install link and approves: straight back to the app with a code. */
  readonly authorize = (req: EmulatorRequest): EmulatorResponse => {
    const q = req.query;
    if (q.get("client_id") !== this.opts.clientId) return { status: 400, body: { errors: "Invalid client_id" } };
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri) return { status: 400, body: { errors: "redirect_uri is missing" } };
    const host = String(req.headers.host ?? "");
    const shopParam = q.get("shop") ?? (host.includes(".myshopify.com") ? host : null);
    if (!shopParam) return { status: 400, body: { errors: "shop is missing (pass ?shop=name.myshopify.com)" } };
    const domain = normalizeDomain(shopParam);
    const params: Record<string, string> = {
      code: this.issueCode(domain),
      host: Buffer.from(`admin.shopify.com/store/${domain.split(".")[0]}`).toString("base64url"),
      shop: domain,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const state = q.get("state");
    if (state) params.state = state;
    params.hmac = queryHmac(params, this.opts.clientSecret);
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { status: 302, headers: { location: url.toString() }, body: "" };
  };
}

/** Shopify's OAuth query signature: hex HMAC-SHA256 of `k=v&...` sorted by key, hmac excluded. */
export function queryHmac(params: Record<string, string>, secret: string): string {
  const msg = Object.keys(params)
    .filter((k) => k !== "hmac" && k !== "signature")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  return createHmac("sha256", secret).update(msg).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
