/**
 * The `signed_payload_jwt` BigCommerce appends to the single-click app callbacks `/load`, `/uninstall` and
 * `/remove_user` (docs/platform-facts.md#bc-app-callbacks): an HS256 JWT signed with the app's client secret, verified by the app
 * with `audience = client_id` (as `bigcommerce-api-node`'s `OAuth.verifyJWT` does). Claims: `aud` (client
 * id), `iss: "bc"`, `iat`, `nbf` (= iat), `exp` (nbf + 24 h), `jti`, `sub: "stores/{hash}"`,
 * `user {id, email, locale}`, `owner {id, email}`, `url` (the deep link, "/" by default) and `channel_id`
 * (null when opened from the Apps menu).
 */
import { randomUUID } from "node:crypto";
import { signHs256Jwt, verifyHs256Jwt, type Hs256Verification } from "../kit/hs256-jwt";
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
  return signHs256Jwt({ typ: "JWT", alg: "HS256" }, claims, opts.clientSecret);
}

/** Verifies as an app does (HS256 with the client secret, aud = client id, nbf/exp); the claims or why not. */
export function verifySignedPayloadJwt(
  token: string,
  clientId: string,
  clientSecret: string,
  now = Date.now(),
): Hs256Verification<SignedPayloadClaims> {
  const v = verifyHs256Jwt<SignedPayloadClaims>(
    token,
    { clientId, clientSecret },
    { nowMs: now, clockToleranceS: CLOCK_TOLERANCE_S },
  );
  if (!v.ok) return v;
  if (typeof v.claims.sub !== "string" || !/^stores\/[a-z0-9]+$/.test(v.claims.sub))
    return { ok: false, reason: "sub is not stores/{hash}" };
  return v;
}
