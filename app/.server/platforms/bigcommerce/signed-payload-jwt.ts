import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The `signed_payload_jwt` of BigCommerce's /load, /uninstall and /remove_user callbacks (docs/platform-facts.md#bc-app-callbacks),
 * verified as `bigcommerce-api-node`'s OAuth.verifyJWT does: HS256 only (no `none`, no other algorithm, so a
 * token cannot choose how it is checked), signed with the client secret, `aud` = client id, `iss` "bc",
 * `nbf`/`exp` with a small clock leeway, `sub` "stores/{hash}".
 */

export const JWT_LEEWAY_S = 30;

export interface SignedPayload {
  storeHash: string;
  user: { id: number; email: string };
  owner: { id: number; email: string };
  /** The deep link inside the app ("/" from the Apps menu). */
  url: string;
  channelId: number | null;
  /** Epoch ms the JWT was issued (`iat`, else `nbf`): a user removed after this may not use it. */
  issuedAt: number;
}

export type SignedPayloadVerification = { ok: true; payload: SignedPayload } | { ok: false; reason: string };

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function person(v: unknown): { id: number; email: string } | null {
  if (!v || typeof v !== "object") return null;
  const p = v as { id?: unknown; email?: unknown };
  return typeof p.id === "number" && Number.isInteger(p.id)
    ? { id: p.id, email: typeof p.email === "string" ? p.email : "" }
    : null;
}

export function verifySignedPayloadJwt(
  token: string | null | undefined,
  app: { clientId: string; clientSecret: string },
  opts: { now?: number; leewayS?: number } = {},
): SignedPayloadVerification {
  if (!app.clientId || !app.clientSecret)
    return { ok: false, reason: "the BigCommerce app credentials are not configured" };
  const parts = (token ?? "").split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: "not a JWT" };
  const [head, body, sig] = parts;
  const header = decodeJson(head);
  const claims = decodeJson(body);
  if (!header || !claims) return { ok: false, reason: "malformed JWT" };
  if (header.alg !== "HS256") return { ok: false, reason: `algorithm ${String(header.alg)} is not accepted` };
  const expected = createHmac("sha256", app.clientSecret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "signature does not match" };

  const now = (opts.now ?? Date.now()) / 1000;
  const leeway = opts.leewayS ?? JWT_LEEWAY_S;
  const aud = claims.aud;
  if (!(aud === app.clientId || (Array.isArray(aud) && aud.includes(app.clientId))))
    return { ok: false, reason: "audience is not this app" };
  if (claims.iss !== "bc") return { ok: false, reason: "issuer is not bc" };
  if (typeof claims.exp !== "number" || claims.exp + leeway < now) return { ok: false, reason: "token expired" };
  if (typeof claims.nbf === "number" && claims.nbf - leeway > now) return { ok: false, reason: "token not yet valid" };
  const sub = typeof claims.sub === "string" ? /^stores\/([A-Za-z0-9]+)$/.exec(claims.sub) : null;
  if (!sub) return { ok: false, reason: "subject is not stores/{hash}" };
  const user = person(claims.user);
  const owner = person(claims.owner);
  if (!user || !owner) return { ok: false, reason: "user or owner missing" };
  return {
    ok: true,
    payload: {
      storeHash: sub[1],
      user,
      owner,
      url: typeof claims.url === "string" ? claims.url : "/",
      channelId: typeof claims.channel_id === "number" ? claims.channel_id : null,
      issuedAt:
        (typeof claims.iat === "number"
          ? claims.iat
          : typeof claims.nbf === "number"
            ? claims.nbf
            : claims.exp - 24 * 3600) * 1000,
    },
  };
}
