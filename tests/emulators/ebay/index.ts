/**
 * The eBay emulator: a real, stateful HTTP server serving, from its base URL, what the real hosts serve:
 *   POST /identity/v1/oauth2/token                                   OAuth (auth code, refresh, client credentials)
 *   GET  /oauth2/authorize                                           consent (auth.ebay.com), granted at once
 *   GET  /sell/fulfillment/v1/order[/{orderId}]                      getOrders, getOrder
 *   POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment   createShippingFulfillment
 *   GET  /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment[/{fulfillmentId}]
 *   GET  /commerce/notification/v1/public_key/{kid}                  key for X-EBAY-SIGNATURE
 * plus the kit's and our control API under /__sandbox/ (control.ts). Every Fulfillment API request is
 * validated against the OpenAPI 3 spec in the shared specs folder. Point a client's API and auth base
 * URLs at the base URL and it works unchanged.
 *
 *   const ebay = createEbayEmulator({ timeScale: 60 });
 *   const baseUrl = await ebay.listen(0);
 *   ebay.seedUser({ username: "seller1", clientId: "App-PRD-1", clientSecret: "PRD-s", refreshToken: "v^1.1#r" });
 *   const order = ebay.seedOrder({ username: "seller1", items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "9.99" }] });
 */
import { clockedEmulatorHandle, type ClockedEmulatorHandle } from "../kit/clocked-emulator-handle";
import {
  type ChallengeResult,
  type DeletionDelivery,
  NotificationKeys,
  registerPublicKeyRoute,
} from "./account-deletion";
import { CallLimiter, DEFAULT_SETTINGS, type EbayContext, type EbaySettings } from "./api";
import { controlActions, registerControl } from "./control";
import { EbayEmulatorServer } from "./ebay-emulator-server";
import { OAuthStore } from "./oauth";
import { registerFulfillments } from "./routes-fulfillment";
import { registerOrders } from "./routes-orders";
import { sandboxOrderView, type sandboxUserView, type SandboxOrder } from "./sandbox-view";
import { loadFulfillmentSpec } from "./spec";
import { EbayState, type SeedOrderInput, type SeedUserInput, type ShipOnMarketplaceInput } from "./state";

export type { SandboxOrder } from "./sandbox-view";
export type { SeedItemInput, SeedOrderInput, SeedUserInput, ShipOnMarketplaceInput } from "./state";
export { ControlError, FULFILLMENT_READONLY_SCOPE, FULFILLMENT_SCOPE, PUBLIC_SCOPE } from "./state";
export { ASSUMED_FULFILLMENT_RATE_LIMIT, type EbaySettings } from "./api";
export { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS } from "./oauth";
export type { ChallengeResult, DeletionDelivery } from "./account-deletion";

export interface EbayEmulatorOptions {
  /** Emulated seconds per real second (default 1): token lifetimes, call-limit refill. */
  timeScale?: number;
  /** Enforce the call limits (default true). */
  limitsEnabled?: boolean;
  settings?: Partial<EbaySettings>;
}

/** Also: server, listen, close, baseUrl, advanceClock, now and reset (ClockedEmulatorHandle). */
export interface EbayEmulator extends ClockedEmulatorHandle {
  /** Same as POST /__sandbox/users. Throws ControlError on bad input. */
  seedUser(input: SeedUserInput): ReturnType<typeof sandboxUserView>;
  /** Same as POST /__sandbox/orders. */
  seedOrder(input: SeedOrderInput): SandboxOrder;
  getOrder(orderId: string): SandboxOrder | undefined;
  listOrders(username?: string): SandboxOrder[];
  shipOnMarketplace(orderId: string, input?: ShipOnMarketplaceInput): SandboxOrder;
  cancelOnMarketplace(orderId: string): SandboxOrder;
  markPaid(orderId: string): SandboxOrder;
  /** Same as POST /__sandbox/authorization-codes. */
  authorizationCode(input: { username: string; ruName?: string; scopes?: string[] }): {
    code: string;
    expires_in: number;
  };
  expireAccessTokens(username?: string): number;
  sendAccountDeletion(input: { endpoint: string; username: string; deleteUser?: boolean }): Promise<DeletionDelivery>;
  runChallenge(input: { endpoint: string; verificationToken: string }): Promise<ChallengeResult>;
  readonly settings: EbaySettings;
}

export function createEbayEmulator(opts: EbayEmulatorOptions = {}): EbayEmulator {
  loadFulfillmentSpec(); // fail at construction, not at the first request, when the spec is missing
  const server = new EbayEmulatorServer({ timeScale: opts.timeScale, limitsEnabled: opts.limitsEnabled });
  const clock = server.clock;
  const defaults: EbaySettings = {
    ...DEFAULT_SETTINGS,
    ...opts.settings,
    rateLimit: { ...DEFAULT_SETTINGS.rateLimit, ...opts.settings?.rateLimit },
  };
  const settings: EbaySettings = structuredClone(defaults);
  const state = new EbayState();
  const ctx: EbayContext = {
    server,
    state,
    clock,
    oauth: new OAuthStore(clock),
    limiter: new CallLimiter(clock, () => settings.rateLimit),
    settings,
  };
  const keys = new NotificationKeys();

  server.route("POST", "/identity/v1/oauth2/token", ctx.oauth.tokenHandler(state));
  server.route("GET", "/oauth2/authorize", ctx.oauth.authorizeHandler(state));
  registerOrders(ctx);
  registerFulfillments(ctx);
  registerPublicKeyRoute(ctx, keys);
  registerControl(ctx, keys);
  const actions = controlActions(ctx, keys);

  server.onReset(() => {
    state.reset();
    ctx.oauth.reset();
    ctx.limiter.reset();
    Object.assign(settings, structuredClone(defaults));
  });

  return clockedEmulatorHandle<EbayEmulator>(server, {
    seedUser: (input) => actions.addUser(input),
    seedOrder: (input) => sandboxOrderView(state.addOrder(input, clock.now())),
    getOrder: (id) => {
      const o = state.order(id);
      return o ? sandboxOrderView(o) : undefined;
    },
    listOrders: (username) => state.ordersOf(username).map(sandboxOrderView),
    shipOnMarketplace: (id, input = {}) => actions.ship(id, input),
    cancelOnMarketplace: (id) => sandboxOrderView(state.cancelOnMarketplace(id, clock.now())),
    markPaid: (id) => sandboxOrderView(state.markPaid(id, clock.now())),
    authorizationCode: (input) => actions.authorizationCode(input),
    expireAccessTokens: (username) => ctx.oauth.expireAccessTokens(username),
    sendAccountDeletion: (input) => actions.sendAccountDeletion(input),
    runChallenge: (input) => actions.runChallenge(input),
    settings,
  });
}
