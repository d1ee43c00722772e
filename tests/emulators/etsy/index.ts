/**
 * The Etsy Open API v3 emulator: a real, stateful HTTP server. From its base URL it serves:
 *   POST /v3/public/oauth/token                                          OAuth (PKCE code, rotating refresh)
 *   GET  /oauth/connect                                                  consent (approved at once, 302)
 *   GET  /v3/application/users/{user_id}/shops                           getShopByOwnerUserId (API key only)
 *   GET  /v3/application/shops/{shop_id}/receipts                        getShopReceipts
 *   GET  /v3/application/shops/{shop_id}/receipts/{receipt_id}           getShopReceipt
 *   POST /v3/application/shops/{shop_id}/receipts/{receipt_id}/tracking  createReceiptShipment
 * It also serves the kit's control API and its own under /__sandbox/ (see control.ts). Every API request
 * is validated against the official OpenAPI document (spec.ts), needs `x-api-key: keystring:secret`
 * (api.ts) and counts against the key's 10 QPS / 10,000 QPD. The receipt operations also need an OAuth
 * bearer token of the shop's owner.
 *
 *   const etsy = createEtsyEmulator({ timeScale: 60 });
 *   const baseUrl = await etsy.listen(0);
 *   etsy.seedApp({ keystring: "k", sharedSecret: "s" });
 *   etsy.seedShop({ shopId: 5001, userId: 7001, keystring: "k", refreshToken: "7001.r" });
 *   const receipt = etsy.seedReceipt({ shopId: 5001, items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "19.99" }] });
 */
import { clockedEmulatorHandle, type ClockedEmulatorHandle } from "../kit/clocked-emulator-handle";
import { RateLimiter, type EtsyContext } from "./api";
import { controlActions, registerControl } from "./control";
import { EtsyEmulatorServer } from "./etsy-emulator-server";
import { type AuthorizeInput, OAuthStore } from "./oauth";
import { registerReceipts } from "./receipts";
import { registerOAuth } from "./routes-oauth";
import { registerShops } from "./shops";
import { EtsyState, type SeedAppInput, type SeedReceiptInput, type SeedShopInput } from "./state";
import { shopReceiptView, type ShopReceiptView } from "./views";

export {
  ControlError,
  ShipmentRuleError,
  MSG_TRACKING_REQUIRED,
  type SeedAppInput,
  type SeedReceiptInput,
  type SeedShopInput,
} from "./state";
export type { ShopReceiptView, ShopView } from "./views";
export { ACCESS_TOKEN_SECONDS, DEFAULT_SCOPES, s256 } from "./oauth";

export interface EtsyEmulatorOptions {
  /** Emulated seconds per real second (default 1): rate limits and token lifetimes run on it. */
  timeScale?: number;
  /** Enforce the QPS/QPD limits (default true). */
  limitsEnabled?: boolean;
}

export interface SeededShop {
  shopId: number;
  userId: number;
  keystring: string;
  shopName: string;
  /** The seller's current refresh token. */
  refreshToken: string | null;
}

/** Also: server, listen, close, baseUrl, advanceClock, now and reset (ClockedEmulatorHandle). */
export interface EtsyEmulator extends ClockedEmulatorHandle {
  /** Same as POST /__sandbox/apps. Throws ControlError on bad input. */
  seedApp(input: SeedAppInput): { keystring: string; qps: number; qpd: number };
  /** Same as POST /__sandbox/shops. */
  seedShop(input: SeedShopInput & { scopes?: string[] }): SeededShop;
  /** Same as GET /__sandbox/shops/{id}; undefined when unknown. */
  getShop(shopId: number): SeededShop | undefined;
  /** Same as POST /__sandbox/receipts. */
  seedReceipt(input: SeedReceiptInput): ShopReceiptView;
  /** Same as GET /__sandbox/receipts/{id}; undefined when unknown. */
  getReceipt(receiptId: number): ShopReceiptView | undefined;
  /** Same as GET /__sandbox/receipts?shopId=. */
  listReceipts(shopId?: number): ShopReceiptView[];
  /** Same as POST /__sandbox/receipts/{id}/ship: the seller shipped on etsy.com. */
  shipOnEtsy(
    receiptId: number,
    input?: { tracking_code?: string; carrier_name?: string; note_to_buyer?: string },
  ): ShopReceiptView;
  /** Same as POST /__sandbox/receipts/{id}/cancel. */
  cancelOnEtsy(receiptId: number): ShopReceiptView;
  /** Same as POST /__sandbox/oauth/authorize: the seller approves; returns the authorization code. */
  authorize(input: AuthorizeInput): { code: string; userId: number };
  /** The seller's current (newest live) refresh token. */
  currentRefreshToken(shopId: number): string | undefined;
  /** Same as POST /__sandbox/shops/{id}/expire-tokens (all sellers when omitted). */
  expireAccessTokens(shopId?: number): number;
  /** Same as POST /__sandbox/shops/{id}/revoke-tokens. */
  revokeRefreshTokens(shopId: number): number;
}

export function createEtsyEmulator(opts: EtsyEmulatorOptions = {}): EtsyEmulator {
  const server = new EtsyEmulatorServer({ timeScale: opts.timeScale, limitsEnabled: opts.limitsEnabled });
  const clock = server.clock;
  const state = new EtsyState();
  const ctx: EtsyContext = {
    server,
    state,
    oauth: new OAuthStore(clock, state),
    clock,
    limiter: new RateLimiter(clock),
  };
  registerOAuth(ctx);
  registerShops(ctx);
  registerReceipts(ctx);
  registerControl(ctx);
  const act = controlActions(ctx);

  server.onReset(() => {
    ctx.state.reset();
    ctx.oauth.reset();
    ctx.limiter.reset();
  });

  return clockedEmulatorHandle<EtsyEmulator>(server, {
    seedApp: (input) => act.addApp(input),
    seedShop: (input) => act.addShop(input),
    getShop: (shopId) => {
      const shop = state.shops.get(shopId);
      return shop ? act.shopView(shop) : undefined;
    },
    seedReceipt: (input) => act.addReceipt(input),
    getReceipt: (id) => {
      const r = state.receipt(id);
      return r ? shopReceiptView(r) : undefined;
    },
    listReceipts: (shopId) => state.receiptsOf(shopId).map(shopReceiptView),
    shipOnEtsy: (id, input = {}) => act.ship(id, input),
    cancelOnEtsy: (id) => act.cancel(id),
    authorize: (input) => ctx.oauth.authorize(input),
    currentRefreshToken: (shopId) => {
      const shop = state.shops.get(shopId);
      return shop ? ctx.oauth.currentRefreshToken(shop.userId, shop.keystring) : undefined;
    },
    expireAccessTokens: (shopId) =>
      ctx.oauth.expireAccessTokens(shopId === undefined ? undefined : act.mustShop(shopId).userId),
    revokeRefreshTokens: (shopId) => ctx.oauth.revokeRefreshTokens(act.mustShop(shopId).userId),
  });
}
