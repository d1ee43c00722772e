import { recordBigCommerceUserRemoval } from "#db/queries/bigcommerce-user-removals.ts";
import { findShopByDomain } from "#db/queries/shops.ts";
import { ACCESS_REMOVED, bigCommerceSessionCookie, userAccessRemoved } from "../bigcommerce-session";
import type { AppContext } from "../context";
import { bigCommerceAppCredentials } from "../platforms/bigcommerce/app-credentials";
import { verifySignedPayloadJwt, type SignedPayload } from "../platforms/bigcommerce/signed-payload-jwt";
import type { WebhookAnswer } from "./webhook-answer";
import { recordShopUninstalled } from "./shop-installation";

/**
 * BigCommerce's signed callbacks (docs/platform-facts.md#bc-app-callbacks): `/load`, `/uninstall` and `/remove_user`, each with a
 * `signed_payload_jwt` that must verify before anything happens (401 otherwise).
 */

type Verified = { ok: true; payload: SignedPayload } | { ok: false; answer: WebhookAnswer };

function verifyCallback(ctx: AppContext, signedPayloadJwt: string | null, callback: string): Verified {
  const app = bigCommerceAppCredentials(ctx.env);
  if (!app) return { ok: false, answer: { status: 503, body: "The BigCommerce app is not configured" } };
  const v = verifySignedPayloadJwt(signedPayloadJwt, app);
  if (v.ok) return v;
  ctx.logger.warn("BigCommerce callback refused", { callback, reason: v.reason });
  return { ok: false, answer: { status: 401, body: `Invalid signed_payload_jwt: ${v.reason}` } };
}

export type LoadAnswer = { ok: true; storeHash: string; setCookie: string } | { ok: false; answer: WebhookAnswer };

/** The merchant opens the app: the store and user go into the session cookie the BigCommerce pages read. */
export function loadBigCommerceApp(ctx: AppContext, signedPayloadJwt: string | null): LoadAnswer {
  const v = verifyCallback(ctx, signedPayloadJwt, "load");
  if (!v.ok) return v;
  const { storeHash, user } = v.payload;
  const shop = findShopByDomain(ctx.db, "bigcommerce", storeHash);
  if (!shop || shop.uninstalledAt) {
    return {
      ok: false,
      answer: {
        status: 403,
        body: "OrderBridge is not installed in this store; install it again from the BigCommerce control panel",
      },
    };
  }
  // A JWT stays valid 24 h: one issued before the user was removed must not open a session afterwards.
  if (userAccessRemoved(ctx, shop.id, user.id, v.payload.issuedAt))
    return { ok: false, answer: { status: 401, body: ACCESS_REMOVED } };
  return {
    ok: true,
    storeHash,
    setCookie: bigCommerceSessionCookie(ctx, { storeHash, userId: user.id, issuedAt: v.payload.issuedAt }),
  };
}

/** The merchant uninstalled the app (BigCommerce has already revoked the token and removed our hooks). */
export function uninstallBigCommerceStore(ctx: AppContext, signedPayloadJwt: string | null): WebhookAnswer {
  const v = verifyCallback(ctx, signedPayloadJwt, "uninstall");
  if (!v.ok) return v.answer;
  const shop = findShopByDomain(ctx.db, "bigcommerce", v.payload.storeHash);
  if (shop && !shop.uninstalledAt) ctx.db.transaction((tx) => recordShopUninstalled(ctx, tx, shop));
  ctx.logger.info("BigCommerce store uninstalled", { storeHash: v.payload.storeHash, shopId: shop?.id ?? null });
  return { status: 200, body: "" };
}

/**
 * The store owner removed a user's access. We keep no per-user data but the removal itself (user id and time), so
 * the session cookie that user already holds (sealed, valid up to 12 h) is refused from now on; if the user is
 * given access again, their next /load opens a new session.
 */
export function removeBigCommerceUser(
  ctx: AppContext,
  signedPayloadJwt: string | null,
  now = new Date(),
): WebhookAnswer {
  const v = verifyCallback(ctx, signedPayloadJwt, "remove_user");
  if (!v.ok) return v.answer;
  const { storeHash, user } = v.payload;
  const shop = findShopByDomain(ctx.db, "bigcommerce", storeHash);
  if (shop) recordBigCommerceUserRemoval(ctx.db, { shopId: shop.id, userId: user.id, at: now });
  ctx.logger.info("BigCommerce user removed; their sessions end", {
    storeHash,
    userId: user.id,
    shopId: shop?.id ?? null,
  });
  return { status: 200, body: "" };
}
