import type { AppLoadContext } from "@remix-run/node";
import { bigCommerceUserRemovedAt } from "#db/queries/bigcommerce-user-removals.ts";
import { findShopByDomain, listActiveShops, type Shop } from "#db/queries/shops.ts";
import type { AppContext } from "./context";
import { isSandbox } from "./env";

/**
 * Who is looking at the BigCommerce admin UI. BigCommerce opens the app in an iframe by calling `/load` with a
 * signed_payload_jwt; once verified, we keep the store and user in a sealed cookie (AES-256-GCM with the app's
 * encryption key), so the pages that follow need no JWT. Sandbox mode: no control panel in front, so the first
 * BigCommerce store (or `?store=`) is reachable directly in a browser.
 */

export const BC_SESSION_COOKIE = "ob_bc_session";
const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface BigCommerceSession {
  storeHash: string;
  userId: number;
  /** Epoch ms: when BigCommerce vouched for the user (the /load JWT's iat); a removal of the user after it ends the session. */
  issuedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** The Set-Cookie header value for a verified /load. Cross-site iframe outside sandbox: SameSite=None; Secure. */
export function bigCommerceSessionCookie(
  ctx: AppContext,
  s: { storeHash: string; userId: number; issuedAt?: number },
  now = Date.now(),
): string {
  const session: BigCommerceSession = {
    storeHash: s.storeHash,
    userId: s.userId,
    issuedAt: s.issuedAt ?? now,
    expiresAt: now + SESSION_TTL_MS,
  };
  const value = encodeURIComponent(ctx.secrets.encryptJson(session));
  const attrs = isSandbox(ctx.env) ? "SameSite=Lax" : "SameSite=None; Secure; Partitioned";
  return `${BC_SESSION_COOKIE}=${value}; Path=/; HttpOnly; Max-Age=${SESSION_TTL_MS / 1000}; ${attrs}`;
}

/** The session in the request's cookie, if it is ours, intact and not expired. */
export function readBigCommerceSession(ctx: AppContext, request: Request, now = Date.now()): BigCommerceSession | null {
  const header = request.headers.get("cookie") ?? "";
  const raw = header
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${BC_SESSION_COOKIE}=`));
  if (!raw) return null;
  try {
    const s = ctx.secrets.decryptJson<BigCommerceSession>(decodeURIComponent(raw.slice(BC_SESSION_COOKIE.length + 1)));
    if (typeof s.storeHash !== "string" || typeof s.expiresAt !== "number" || s.expiresAt < now) return null;
    // A cookie sealed before issuedAt existed: it was issued one TTL before it expires.
    return { ...s, issuedAt: typeof s.issuedAt === "number" ? s.issuedAt : s.expiresAt - SESSION_TTL_MS };
  } catch {
    return null; // tampered or sealed with another key
  }
}

export const ACCESS_REMOVED = "The store owner removed your access to OrderBridge in this store";

/** True when the store removed this user's access at or after `issuedAt` (of the session, or of a /load JWT). */
export function userAccessRemoved(ctx: AppContext, shopId: number, userId: number, issuedAt: number): boolean {
  const removedAt = bigCommerceUserRemovedAt(ctx.db, shopId, userId);
  return removedAt !== null && removedAt.getTime() >= issuedAt;
}

/** The installed BigCommerce store of this request, or a 401/404 Response to throw from a loader. */
export async function requireBigCommerceStore(request: Request, context: AppLoadContext): Promise<Shop> {
  const ctx = context.app;
  const session = readBigCommerceSession(ctx, request);
  if (session) {
    const shop = findShopByDomain(ctx.db, "bigcommerce", session.storeHash);
    if (!shop || shop.uninstalledAt) throw new Response("The app is not installed in this store", { status: 403 });
    if (userAccessRemoved(ctx, shop.id, session.userId, session.issuedAt))
      throw new Response(ACCESS_REMOVED, { status: 401 });
    return shop;
  }
  if (isSandbox(ctx.env)) {
    const wanted = new URL(request.url).searchParams.get("store");
    const shop = wanted
      ? findShopByDomain(ctx.db, "bigcommerce", wanted)
      : listActiveShops(ctx.db).find((s) => s.platform === "bigcommerce");
    if (!shop) throw new Response("No BigCommerce store in the sandbox database yet", { status: 404 });
    return shop;
  }
  throw new Response("Open OrderBridge from your BigCommerce control panel", { status: 401 });
}
