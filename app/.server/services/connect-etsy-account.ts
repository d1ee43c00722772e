import type { EtsyConnectApp, EtsyShopSummary, EtsyTokens } from "#connectors/etsy/index.ts";
import { CONNECT_FLOWS } from "#connectors/registry.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import {
  appBaseUrl,
  connectOutcome,
  issueConnectState,
  saveConnectedAccount,
  takeConnectState,
  type ConnectOutcome,
} from "./connect-state";

/**
 * Connecting an Etsy shop (docs/platform-facts.md#etsy-oauth): OAuth 2.0 with PKCE (S256). The code verifier waits server-side,
 * sealed, with the state; the callback exchanges the code, reads the seller's user id from the access token's
 * prefix, finds their shop (getShopByOwnerUserId) and stores the rotating refresh token sealed.
 */

export const ETSY_CALLBACK_PATH = "/connect/etsy/callback";

const flow = CONNECT_FLOWS.etsy;

function etsyApp(ctx: AppContext): EtsyConnectApp | null {
  const { ETSY_KEYSTRING: keystring, ETSY_SHARED_SECRET: sharedSecret } = ctx.env;
  const baseUrl = appBaseUrl(ctx.env);
  return keystring && sharedSecret && baseUrl
    ? { keystring, sharedSecret, redirectUri: `${baseUrl}${ETSY_CALLBACK_PATH}` }
    : null;
}

export function startEtsyConnect(ctx: AppContext, shop: Shop): { authorizeUrl: string } | { error: "not_configured" } {
  const app = etsyApp(ctx);
  if (!app) return { error: "not_configured" };
  const codeVerifier = flow.createCodeVerifier();
  const state = issueConnectState(ctx, {
    shopId: shop.id,
    marketplace: "etsy",
    codeVerifier: codeVerifier ?? undefined,
    redirectUri: app.redirectUri,
  });
  return {
    authorizeUrl: flow.consentUrl({ app, state, codeVerifier, authorizeUrl: ctx.env.ETSY_CONNECT_URL }),
  };
}

/** Etsy's redirect: `?code=&state=` when approved, `?error=access_denied&state=` when not. */
export async function finishEtsyConnect(ctx: AppContext, query: URLSearchParams): Promise<ConnectOutcome> {
  const taken = takeConnectState(ctx, "etsy", query.get("state"));
  if (!taken.ok) return connectOutcome(ctx, taken.shopId, { error: taken.error, marketplace: "etsy" });
  const fail = (error: "denied" | "not_configured" | "marketplace_error" | "no_shop") =>
    connectOutcome(ctx, taken.shopId, { error, marketplace: "etsy" });
  const code = query.get("code");
  if (!code || query.get("error")) return fail("denied");
  const app = etsyApp(ctx);
  if (!app || !taken.codeVerifier) return fail("not_configured");
  const apiKey = { keystring: app.keystring, sharedSecret: app.sharedSecret };

  let tokens: EtsyTokens;
  let etsyShop: EtsyShopSummary | null;
  try {
    tokens = await flow.exchangeCode({
      authBaseUrl: ctx.env.ETSY_AUTH_BASE_URL,
      // The redirect_uri sent to the consent page, even if APP_URL changed since.
      app: { ...app, redirectUri: taken.redirectUri ?? app.redirectUri },
      code,
      codeVerifier: taken.codeVerifier,
    });
    // Throws when the access token names no user (no user id prefix).
    etsyShop = await flow.identifySeller({ apiBaseUrl: ctx.env.ETSY_API_BASE_URL, app, tokens });
  } catch (e) {
    ctx.logger.warn("Etsy connect failed", { shopId: taken.shopId, error: (e as Error).message });
    return fail("marketplace_error");
  }
  if (!etsyShop) return fail("no_shop");

  return saveConnectedAccount(ctx, {
    shopId: taken.shopId,
    marketplace: "etsy",
    seller: { key: "shopId", value: etsyShop.shopId },
    name: etsyShop.shopName ?? `Shop ${etsyShop.shopId}`,
    settings: { shopId: etsyShop.shopId, userId: tokens.userId },
    // The access token goes too: the connector uses it until it expires, rather than spending the refresh token at once.
    credentials: { ...apiKey, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken },
  });
}
