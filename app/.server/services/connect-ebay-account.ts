import type { EbayConnectApp, EbayUserTokens } from "#connectors/ebay/index.ts";
import { CONNECT_FLOWS } from "#connectors/registry.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import {
  connectOutcome,
  issueConnectState,
  saveConnectedAccount,
  takeConnectState,
  type ConnectOutcome,
} from "./connect-state";

/**
 * Connecting an eBay seller account (docs/platform-facts.md#ebay-oauth): consent at auth.ebay.com with a state bound to the shop,
 * then the RuName's accept URL (our callback) exchanges the code for an 18-month refresh token, sealed in a new
 * account (or the shop's existing account of the same seller, reconnected).
 */

const flow = CONNECT_FLOWS.ebay;

function ebayApp(ctx: AppContext): EbayConnectApp | null {
  const { EBAY_CLIENT_ID: clientId, EBAY_CLIENT_SECRET: clientSecret, EBAY_RU_NAME: ruName } = ctx.env;
  return clientId && clientSecret && ruName ? { clientId, clientSecret, ruName } : null;
}

export function startEbayConnect(ctx: AppContext, shop: Shop): { authorizeUrl: string } | { error: "not_configured" } {
  const app = ebayApp(ctx);
  if (!app) return { error: "not_configured" };
  const state = issueConnectState(ctx, { shopId: shop.id, marketplace: "ebay" });
  return { authorizeUrl: flow.consentUrl({ app, state, codeVerifier: null, authorizeUrl: ctx.env.EBAY_CONSENT_URL }) };
}

/** The accept (or decline) URL's request: `?code=&state=` when granted, no code when the seller declined. */
export async function finishEbayConnect(ctx: AppContext, query: URLSearchParams): Promise<ConnectOutcome> {
  const taken = takeConnectState(ctx, "ebay", query.get("state"));
  if (!taken.ok) return connectOutcome(ctx, taken.shopId, { error: taken.error, marketplace: "ebay" });
  const fail = (error: "denied" | "not_configured" | "marketplace_error") =>
    connectOutcome(ctx, taken.shopId, { error, marketplace: "ebay" });
  const code = query.get("code");
  if (!code || query.get("error")) return fail("denied");
  const app = ebayApp(ctx);
  if (!app) return fail("not_configured");

  let tokens: EbayUserTokens;
  try {
    tokens = await flow.exchangeCode({ authBaseUrl: ctx.env.EBAY_AUTH_BASE_URL, app, code, codeVerifier: null });
  } catch (e) {
    ctx.logger.warn("eBay authorization code exchange failed", { shopId: taken.shopId, error: (e as Error).message });
    return fail("marketplace_error");
  }
  let username: string | null = null;
  try {
    username = await flow.identifySeller({ apiBaseUrl: ctx.env.EBAY_API_BASE_URL, app, tokens });
  } catch (e) {
    // Not fatal: the account works without it, but an account-deletion notice cannot be matched to it.
    ctx.logger.warn("eBay seller username lookup failed", { shopId: taken.shopId, error: (e as Error).message });
  }

  return saveConnectedAccount(ctx, {
    shopId: taken.shopId,
    marketplace: "ebay",
    // Without a username the seller cannot be recognised: a reconnect adds an account, and deletion cannot match it.
    seller: username ? { key: "username", value: username } : null,
    name: username ?? "eBay seller",
    settings: { ...(username ? { username } : {}), refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString() },
    credentials: { ...app, refreshToken: tokens.refreshToken },
  });
}
