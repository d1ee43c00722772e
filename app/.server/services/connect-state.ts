import { createHash, randomBytes } from "node:crypto";
import { MARKETPLACE_DISPLAY_NAMES, MARKETPLACES, type Marketplace } from "#connectors/types.ts";
import {
  findAccountOfSellerInOtherShop,
  findShopAccountOfSeller,
  reconnectAccount,
  type SellerKey,
} from "#db/queries/marketplace-account-connections.ts";
import { createAccount } from "#db/queries/marketplace-accounts.ts";
import { consumeOAuthState, createOAuthState, purgeOAuthStates } from "#db/queries/oauth-states.ts";
import { getShop } from "#db/queries/shops.ts";
import { controlPanelAppUrl } from "../admin/bigcommerce-links";
import type { AppContext } from "../context";
import { isSandbox, type Env } from "../env";
import { restoreAccountAuthorization } from "./authorization";
import { SYNC_MINUTES } from "../domain/import-rules";

/**
 * What the Amazon, eBay and Etsy connects share: the pending `state` (bound to the shop, single use, expiring), the
 * outcome of a callback (back to the shop's admin with a banner, or an error page when we cannot tell the shop),
 * and the banner texts.
 */

/** How long a merchant has between "Connect" and coming back from the consent page. */
export const CONNECT_STATE_TTL_MS = 10 * 60_000;
/** Used or not, expired states are kept this long (so "already used" can be told apart from "unknown"), then purged. */
const KEEP_EXPIRED_MS = 24 * 60 * 60_000;

export const CONNECT_ERRORS = {
  not_configured: (m: string) => `${m} is not set up for this app yet (missing app keys or APP_URL).`,
  state_invalid: (m: string) => `This ${m} connection link is not valid. Start again from OrderBridge.`,
  state_used: (m: string) =>
    `This ${m} connection link was already used. If the account is not listed, start again from OrderBridge.`,
  state_expired: (m: string) =>
    `The ${m} connection took longer than ${CONNECT_STATE_TTL_MS / 60_000} minutes and expired. Start again from OrderBridge.`,
  denied: (m: string) => `${m} access was not granted, so no account was connected.`,
  marketplace_error: (m: string) => `${m} did not complete the connection. Try again in a moment.`,
  no_shop: (m: string) => `This ${m} account has no shop to import orders from.`,
  seller_in_other_shop: (m: string) =>
    `This ${m} seller account is already connected to another shop. A seller account imports into one shop only: remove it there first, or sign in to ${m} as another seller.`,
  region_invalid: (m: string) => `Choose the ${m} region you sell in: North America, Europe or Far East.`,
  no_marketplaces: (m: string) =>
    `This ${m} seller does not sell in any marketplace of the region chosen. Connect again and choose the region where you sell.`,
} as const;
export type ConnectErrorCode = keyof typeof CONNECT_ERRORS;

export type ConnectResult = { connected: Marketplace } | { error: ConnectErrorCode; marketplace: Marketplace };

/** A callback's answer: back to the shop's admin, or (shop unknown) an error page. */
export type ConnectOutcome = { redirectTo: string } | { status: number; message: string };

/** This app's public base URL, without a trailing slash; null when not configured. */
export function appBaseUrl(env: Env): string | null {
  const url = env.APP_URL ?? env.SHOPIFY_APP_URL;
  return url ? url.replace(/\/+$/, "") : null;
}

const hashState = (state: string) => createHash("sha256").update(state, "utf8").digest("hex");

/**
 * A new unguessable state for this shop's connect; only its hash is stored, with the sealed PKCE verifier if any.
 * `tag` (Amazon: the region) travels as the state's prefix, `<tag>.<random>`: covered by the stored hash, so it
 * comes back from the callback as it was issued, without a column of its own.
 */
export function issueConnectState(
  ctx: AppContext,
  p: { shopId: number; marketplace: Marketplace; codeVerifier?: string; redirectUri?: string; tag?: string },
  now = new Date(),
): string {
  const random = randomBytes(32).toString("base64url");
  const state = p.tag ? `${p.tag}.${random}` : random;
  ctx.db.transaction((tx) => {
    purgeOAuthStates(tx, new Date(now.getTime() - KEEP_EXPIRED_MS));
    createOAuthState(tx, {
      stateHash: hashState(state),
      shopId: p.shopId,
      marketplace: p.marketplace,
      codeVerifierEncrypted: p.codeVerifier ? ctx.secrets.encrypt(p.codeVerifier) : null,
      redirectUri: p.redirectUri ?? null,
      expiresAt: new Date(now.getTime() + CONNECT_STATE_TTL_MS),
    });
  });
  return state;
}

export type TakenState =
  | { ok: true; shopId: number; codeVerifier: string | null; redirectUri: string | null; tag: string | null }
  | { ok: false; error: "state_invalid" | "state_used" | "state_expired"; shopId: number | null };

/** Uses up the callback's state: valid once, before it expires, for the marketplace it was issued for. */
export function takeConnectState(
  ctx: AppContext,
  marketplace: Marketplace,
  state: string | null,
  now = new Date(),
): TakenState {
  if (!state) return { ok: false, error: "state_invalid", shopId: null };
  const taken = consumeOAuthState(ctx.db, { stateHash: hashState(state), marketplace, at: now });
  if (taken.status === "unknown") return { ok: false, error: "state_invalid", shopId: null };
  if (taken.status === "already_used") return { ok: false, error: "state_used", shopId: null };
  const row = taken.state;
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, error: "state_expired", shopId: row.shopId };
  return {
    ok: true,
    shopId: row.shopId,
    codeVerifier: row.codeVerifierEncrypted ? ctx.secrets.decrypt(row.codeVerifierEncrypted) : null,
    redirectUri: row.redirectUri,
    // base64url has no ".", so the tag is what precedes the first one.
    tag: state.includes(".") ? state.slice(0, state.indexOf(".")) : null,
  };
}

/**
 * Stores what a callback obtained, credentials sealed: a new account, or, when the shop already has an account of
 * this seller (`seller` names them in its settings; in `region` when given), that account with the new
 * credentials, polling again from its cursor. A seller already connected to another shop is refused: one seller
 * account imports into one shop (two would import every order twice, into two shops).
 * `settings` is merged over the reconnected account's; as a function it is given those first.
 */
export function saveConnectedAccount(
  ctx: AppContext,
  p: {
    shopId: number;
    marketplace: Marketplace;
    seller: { key: SellerKey; value: string | number } | null;
    /** The account's region (Amazon: na, eu, fe); default `global`. */
    region?: string;
    name: string;
    settings: Record<string, unknown> | ((previous: Record<string, unknown> | null) => Record<string, unknown>);
    credentials: Record<string, string>;
  },
): ConnectOutcome {
  const { shopId, marketplace, name } = p;
  const region = p.region ?? "global";
  const sellerQuery = p.seller ? { marketplace, ...p.seller, ...(p.region ? { region } : {}) } : null;
  if (sellerQuery && findAccountOfSellerInOtherShop(ctx.db, { ...sellerQuery, shopId })) {
    ctx.logger.warn("Marketplace account already connected to another shop", { shopId, marketplace });
    return connectOutcome(ctx, shopId, { error: "seller_in_other_shop", marketplace });
  }
  const settingsOver = (previous: Record<string, unknown> | null) =>
    typeof p.settings === "function" ? p.settings(previous) : p.settings;
  const credentialsEncrypted = ctx.secrets.encryptJson(p.credentials);
  const existing = sellerQuery ? findShopAccountOfSeller(ctx.db, { ...sellerQuery, shopId }) : undefined;
  if (existing) {
    ctx.db.transaction((tx) => {
      // The name stays: the merchant may have renamed the account.
      reconnectAccount(tx, shopId, existing.id, {
        name: existing.name,
        settings: { ...existing.settings, ...settingsOver(existing.settings) },
        credentialsEncrypted,
      });
      // Its polls and exports parked on the refused grant run now; the poll resumes from the stored cursor.
      restoreAccountAuthorization(ctx, tx, shopId, existing.id);
    });
  } else {
    createAccount(ctx.db, {
      shopId,
      marketplace,
      name,
      region,
      settings: settingsOver(null),
      credentialsEncrypted,
      // The merchant's frequency starts at the settings page's default (docs/decisions/030).
      pollIntervalSeconds: SYNC_MINUTES.default * 60,
    });
  }
  ctx.logger.info("Marketplace account connected", { shopId, marketplace, reconnected: Boolean(existing) });
  return connectOutcome(ctx, shopId, { connected: marketplace });
}

/**
 * Where the merchant lands after a callback. The shop is known: its admin home with the result in the query
 * (a banner there). Unknown (bad or reused state): an error page here, since we cannot tell whose admin it is.
 */
export function connectOutcome(ctx: AppContext, shopId: number | null, result: ConnectResult): ConnectOutcome {
  const shop = shopId === null ? undefined : getShop(ctx.db, shopId);
  if (!shop) {
    const message =
      "error" in result ? CONNECT_ERRORS[result.error](MARKETPLACE_DISPLAY_NAMES[result.marketplace]) : "Connected.";
    return { status: 400, message };
  }
  const params = new URLSearchParams(
    "error" in result
      ? { connect_error: result.error, marketplace: result.marketplace }
      : { connected: result.connected },
  );
  switch (shop.platform) {
    case "shopify":
      if (isSandbox(ctx.env))
        return { redirectTo: `/app?${new URLSearchParams({ shop: shop.domain, ...Object.fromEntries(params) })}` };
      // Back inside the Shopify admin: the app embedded at /app (the OAuth pages ran top-level, outside it).
      return { redirectTo: `https://${shop.domain}/admin/apps/${ctx.env.SHOPIFY_API_KEY ?? ""}/app?${params}` };
    case "bigcommerce": {
      // Outside sandbox the session cookie belongs to the control panel's frame, so go back through the control
      // panel (it calls /load, which opens a session); the result banner cannot travel that way.
      const panel = controlPanelAppUrl(ctx, shop);
      if (panel) return { redirectTo: panel };
      return {
        redirectTo: `/bc?${new URLSearchParams({ ...(isSandbox(ctx.env) ? { store: shop.domain } : {}), ...Object.fromEntries(params) })}`,
      };
    }
  }
}

/** The banner the admin home shows for `?connected=` / `?connect_error=&marketplace=` (codes only, never free text). */
export function connectBanner(params: URLSearchParams): { tone: "success" | "critical"; message: string } | null {
  const asMarketplace = (v: string | null) =>
    (MARKETPLACES as readonly string[]).includes(v ?? "") ? (v as Marketplace) : null;
  const connected = asMarketplace(params.get("connected"));
  if (connected)
    return {
      tone: "success",
      message: `${MARKETPLACE_DISPLAY_NAMES[connected]} account connected. Its orders will be imported shortly.`,
    };
  const error = params.get("connect_error");
  const marketplace = asMarketplace(params.get("marketplace"));
  if (error && marketplace && Object.hasOwn(CONNECT_ERRORS, error)) {
    return {
      tone: "critical",
      message: CONNECT_ERRORS[error as ConnectErrorCode](MARKETPLACE_DISPLAY_NAMES[marketplace]),
    };
  }
  return null;
}
