/**
 * The Amazon SP-API emulator: a real, stateful HTTP server serving, from its base URL,
 *   GET  /apps/authorize/consent                          Seller Central's consent page (website authorization)
 *   POST /auth/o2/token                                   Login with Amazon (refresh_token, authorization_code)
 *   GET  /orders/v0/orders[/{id}[/orderItems|/address|/buyerInfo]]   Orders v0
 *   POST /orders/v0/orders/{id}/shipmentConfirmation      confirmShipment
 *   GET  /orders/2026-01-01/orders[/{id}]                 Orders 2026-01-01
 *   POST /tokens/2021-03-01/restrictedDataToken           Restricted Data Tokens
 *   GET  /sellers/v1/marketplaceParticipations            Sellers API
 * plus the kit's and our control API under /__sandbox/ (see control.ts). Point an SP-API client's
 * endpoint and LWA URL at the base URL and it works unchanged.
 *
 *   const amazon = createAmazonEmulator({ timeScale: 60 });
 *   const baseUrl = await amazon.listen(0);
 *   amazon.seedSeller({ sellerId: "A1SELLER", clientId: "amzn1.application-oa2-client.x", clientSecret: "s", refreshToken: "Atzr|r" });
 *   const order = amazon.seedOrder({ sellerId: "A1SELLER", items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "9.99" }] });
 */
import { clockedEmulatorHandle, type ClockedEmulatorHandle } from "../kit/clocked-emulator-handle";
import { AmazonEmulatorServer } from "./amazon-emulator-server";
import { type Application, type ConsentDecision, ConsentStore } from "./consent";
import { registerControl } from "./control";
import { AccessTokens, lwaTokenHandler } from "./lwa";
import { registerOrders2026 } from "./routes-orders-2026";
import { registerOrdersV0 } from "./routes-orders-v0";
import { registerSellers } from "./routes-sellers";
import { registerTokens } from "./routes-tokens";
import { type AmazonContext, type AmazonSettings, rateLimitForPath } from "./sp-api";
import { sandboxView, type SandboxOrder } from "./sandbox-view";
import { AmazonState, type SeedOrderInput, type SeedSellerInput, type ShipOnMarketplaceInput } from "./state";
import { RateLimiter } from "./usage-plans";

export type { SandboxOrder } from "./sandbox-view";
export type { SeedOrderInput, SeedSellerInput, ShipOnMarketplaceInput } from "./state";
export { ControlError } from "./state";
export type { Application, ConsentDecision } from "./consent";
export type { AmazonSettings } from "./sp-api";
export { USAGE_PLANS } from "./usage-plans";

export interface AmazonEmulatorOptions {
  /** Emulated seconds per real second (default 1). Applies to rate limits, token lifetime and the lag. */
  timeScale?: number;
  /** Enforce the usage plans (default true). */
  limitsEnabled?: boolean;
  orderItemsPageSize?: number;
  requireRdtForPii?: boolean;
}

export interface SeededSeller {
  sellerId: string;
  clientId: string;
  marketplaceIds: string[];
}

/** Also: server, listen, close, baseUrl, advanceClock (see clock.ts), now and reset (ClockedEmulatorHandle). */
export interface AmazonEmulator extends ClockedEmulatorHandle {
  /** Same as POST /__sandbox/sellers. Throws ControlError on bad input. */
  seedSeller(input: SeedSellerInput): SeededSeller;
  /** Same as POST /__sandbox/orders. */
  seedOrder(input: SeedOrderInput): SandboxOrder;
  /** Same as GET /__sandbox/orders/{id}; undefined when unknown. */
  getOrder(amazonOrderId: string): SandboxOrder | undefined;
  /** Same as GET /__sandbox/orders?sellerId=. */
  listOrders(sellerId?: string): SandboxOrder[];
  /** Same as POST /__sandbox/orders/{id}/ship. */
  shipOnMarketplace(amazonOrderId: string, input: ShipOnMarketplaceInput): SandboxOrder;
  /** Same as POST /__sandbox/orders/{id}/cancel. */
  cancelOnMarketplace(amazonOrderId: string): SandboxOrder;
  /** Same as POST /__sandbox/orders/{id}/authorize-payment: a Pending order becomes Unshipped. */
  authorizePayment(amazonOrderId: string): SandboxOrder;
  /** Same as POST /__sandbox/applications: an SP-API app sellers can authorise (website authorization workflow). */
  seedApplication(input: Application): Application;
  /** Same as POST /__sandbox/consent: whether the next consents approve, and as which seller. */
  setConsent(input: ConsentDecision): ConsentDecision;
  /** Same as POST /__sandbox/authorization-codes: a seller's consent without the browser; the code for LWA. */
  authorizationCode(input: { sellerId: string; applicationId: string; redirectUri?: string }): {
    code: string;
    sellerId: string;
    redirectUri: string;
  };
  /** Same as POST /__sandbox/sellers/{id}/expire-tokens (all sellers when omitted). */
  expireAccessTokens(sellerId?: string): number;
  readonly settings: AmazonSettings;
}

export function createAmazonEmulator(opts: AmazonEmulatorOptions = {}): AmazonEmulator {
  const server = new AmazonEmulatorServer({ timeScale: opts.timeScale, limitsEnabled: opts.limitsEnabled });
  const clock = server.clock;
  const defaults: AmazonSettings = {
    orderItemsPageSize: opts.orderItemsPageSize ?? 100,
    requireRdtForPii: opts.requireRdtForPii ?? false,
  };
  const state = new AmazonState();
  const ctx: AmazonContext = {
    server,
    state,
    clock,
    tokens: new AccessTokens(clock),
    consents: new ConsentStore(state, clock),
    limiter: new RateLimiter(clock),
    settings: { ...defaults },
    operations: [],
  };
  server.rateLimitFor = (method, path) => rateLimitForPath(ctx, method, path);

  server.route("POST", "/auth/o2/token", lwaTokenHandler(ctx.state, ctx.tokens, ctx.consents));
  server.route("GET", "/apps/authorize/consent", (req) => ctx.consents.consentPage(req));
  registerOrdersV0(ctx);
  registerOrders2026(ctx);
  registerTokens(ctx);
  registerSellers(ctx);
  registerControl(ctx);

  server.onReset(() => {
    ctx.state.reset();
    ctx.tokens.reset();
    ctx.consents.reset();
    ctx.limiter.reset();
    Object.assign(ctx.settings, defaults);
  });

  const seller = (s: { sellerId: string; clientId: string; marketplaceIds: string[] }): SeededSeller => ({
    sellerId: s.sellerId,
    clientId: s.clientId,
    marketplaceIds: [...s.marketplaceIds],
  });

  return clockedEmulatorHandle<AmazonEmulator>(server, {
    seedSeller: (input) => seller(ctx.state.addSeller(input)),
    seedOrder: (input) => sandboxView(ctx.state.addOrder(input, clock.now())),
    getOrder: (id) => {
      const o = ctx.state.order(id);
      return o ? sandboxView(o) : undefined;
    },
    listOrders: (sellerId) => ctx.state.ordersOf(sellerId).map(sandboxView),
    shipOnMarketplace: (id, input) => sandboxView(ctx.state.shipOnMarketplace(id, input, clock.now())),
    cancelOnMarketplace: (id) => sandboxView(ctx.state.cancelOnMarketplace(id, clock.now())),
    authorizePayment: (id) => sandboxView(ctx.state.authorizePayment(id, clock.now())),
    seedApplication: (input) => ctx.consents.addApplication(input),
    setConsent: (input) => ctx.consents.setDecision(input),
    authorizationCode: (input) => ctx.consents.codeFor(input),
    expireAccessTokens: (sellerId) => ctx.tokens.expire(sellerId),
    settings: ctx.settings,
  });
}
