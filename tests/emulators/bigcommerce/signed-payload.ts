/**
 * The `signed_payload_jwt` BigCommerce appends to the single-click app callbacks `/load`, `/uninstall` and
 * `/remove_user` (PLATFORM_FACTS B5): an HS256 JWT signed with the app's client secret, verified by the app
 * with `audience = client_id` (as `bigcommerce-api-node`'s `OAuth.verifyJWT` does). Claims: `aud` (client
 * id), `iss: "bc"`, `iat`, `nbf` (= iat), `exp` (nbf + 24 h), `jti`, `sub: "stores/{hash}"`,
 * `user {id, email, locale}`, `owner {id, email}`, `url` (the deep link, "/" by default) and `channel_id`
 * (null when opened from the Apps menu).
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { StoreRecord, UserRecord } from "./state";

export const SIGNED_PAYLOAD_TTL_S = 24 * 60 * 60;
const CLOCK_TOLERANCE_S = 10;

export interface SignedPayloadClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  sub: string;
  user: { id: number; email: string; locale: string };
  owner: { id: number; email: string };
  url: string;
  channel_id: number | null;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

export function signSignedPayloadJwt(opts: {
  clientId: string;
  clientSecret: string;
  store: StoreRecord;
  user?: UserRecord;
  url?: string;
  channelId?: number | null;
  now?: number;
}): string {
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  const user = opts.user ?? opts.store.owner;
  const claims: SignedPayloadClaims = {
    aud: opts.clientId,
    iss: "bc",
    iat,
    nbf: iat,
    exp: iat + SIGNED_PAYLOAD_TTL_S,
    jti: randomUUID(),
    sub: `stores/${opts.store.hash}`,
    user: { id: user.id, email: user.email, locale: user.locale },
    owner: { id: opts.store.owner.id, email: opts.store.owner.email },
    url: opts.url ?? "/",
    channel_id: opts.channelId ?? null,
  };
  const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac("sha256", opts.clientSecret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

/** Verifies as an app does (HS256 with the client secret, aud = client id, nbf/exp); the claims or why not. */
export function verifySignedPayloadJwt(
  token: string,
  clientId: string,
  clientSecret: string,
  now = Date.now(),
): { ok: true; claims: SignedPayloadClaims } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  let header: { alg?: string };
  let claims: SignedPayloadClaims;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed JWT" };
  }
  if (header.alg !== "HS256") return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  const expected = createHmac("sha256", clientSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature does not match the client secret" };
  const t = now / 1000;
  if (claims.aud !== clientId) return { ok: false, reason: "aud is not the app's client id" };
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_TOLERANCE_S < t) return { ok: false, reason: "token expired" };
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_TOLERANCE_S > t) return { ok: false, reason: "token not yet valid" };
  if (typeof claims.sub !== "string" || !/^stores\/[a-z0-9]+$/.test(claims.sub)) return { ok: false, reason: "sub is not stores/{hash}" };
  return { ok: true, claims };
}
