/**
 * HS256 JWTs signed with an app's client secret, as Shopify's session tokens and BigCommerce's signed_payload_jwt
 * are: signing, and the checks every app makes (signature, `aud` = client id, `exp`/`nbf` within a clock tolerance).
 * Each emulator adds its own claim checks (Shopify's dest/iss, BigCommerce's sub).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

export function signHs256Jwt(header: Record<string, unknown>, claims: object, secret: string): string {
  const head = b64url(JSON.stringify(header));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url")}`;
}

export type Hs256Verification<C> = { ok: true; claims: C } | { ok: false; reason: string };

export function verifyHs256Jwt<C extends { aud?: unknown; exp?: unknown; nbf?: unknown }>(
  token: string,
  app: { clientId: string; clientSecret: string },
  opts: { nowMs: number; clockToleranceS: number },
): Hs256Verification<C> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  let header: { alg?: string };
  let claims: C;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed JWT" };
  }
  if (header.alg !== "HS256") return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  const expected = createHmac("sha256", app.clientSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "signature does not match the client secret" };
  const t = opts.nowMs / 1000;
  if (claims.aud !== app.clientId) return { ok: false, reason: "aud is not the app's client id" };
  if (typeof claims.exp !== "number" || claims.exp + opts.clockToleranceS < t)
    return { ok: false, reason: "token expired" };
  if (typeof claims.nbf === "number" && claims.nbf - opts.clockToleranceS > t)
    return { ok: false, reason: "token not yet valid" };
  return { ok: true, claims };
}
