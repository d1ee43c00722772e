/**
 * The sandbox control API (JSON, under `/__sandbox/`, not logged, no auth), on top of the kit's
 * requests/faults/limits/reset routes:
 *
 *   POST /__sandbox/sellers {sellerId, clientId, clientSecret, refreshToken, marketplaceIds?}  → 201 seller
 *   GET  /__sandbox/sellers                                                               → 200 [seller]
 *   POST /__sandbox/sellers/{sellerId}/expire-tokens   expire its live access tokens now → 200 {expired}
 *   POST /__sandbox/orders {sellerId, items:[…], …}                    → 201 order as stored (SandboxOrder)
 *   GET  /__sandbox/orders?sellerId=                                   → 200 [SandboxOrder]
 *   GET  /__sandbox/orders/{id}                                        → 200 SandboxOrder (with packages)
 *   POST /__sandbox/orders/{id}/ship {carrierCode, trackingNumber, carrierName?, shippingMethod?, shipDate?}
 *        the seller shipped the rest in Seller Central                → 200 SandboxOrder
 *   POST /__sandbox/orders/{id}/cancel   the buyer or Amazon cancelled → 200 SandboxOrder
 *   POST /__sandbox/orders/{id}/authorize-payment   Pending → Unshipped → 200 SandboxOrder
 *   GET  /__sandbox/clock                                              → 200 {now, timeScale}
 *   POST /__sandbox/clock {advanceSeconds}   jump emulated time ahead  → 200 {now, timeScale}
 *   GET/POST /__sandbox/settings {orderItemsPageSize?, requireRdtForPii?}  → 200 settings
 *   POST /__sandbox/applications {applicationId, clientId, clientSecret, redirectUris}  an SP-API app → 201
 *   POST /__sandbox/consent {decision: "approve"|"deny", sellerId?}   how the next consents go → 200
 *   POST /__sandbox/authorization-codes {sellerId, applicationId, redirectUri?}  a consent without the
 *        browser                                                      → 201 {code, sellerId, redirectUri}
 *
 * Errors: 400/404/409 `{error: "..."}`. The in-process helpers of index.ts call the same functions.
 */
import { guarded, registerClockRoutes } from "../kit/control-routes";
import { isoSeconds } from "./clock";
import type { AmazonContext } from "./sp-api";
import { sandboxView } from "./sandbox-view";
import { ControlError, type SeedOrderInput, type SeedSellerInput, type ShipOnMarketplaceInput } from "./state";

function sellerView(s: { sellerId: string; clientId: string; marketplaceIds: string[] }) {
  // Secrets stay out of answers; the caller knows them, having seeded them.
  return { sellerId: s.sellerId, clientId: s.clientId, marketplaceIds: s.marketplaceIds };
}

function registerConsentControl(ctx: AmazonContext): void {
  const { server, consents } = ctx;
  server.route(
    "POST",
    "/__sandbox/applications",
    guarded((req) => {
      const { clientSecret: _secret, ...app } = consents.addApplication(req.body);
      return { status: 201, body: app };
    }),
  );
  server.route(
    "POST",
    "/__sandbox/consent",
    guarded((req) => ({ status: 200, body: consents.setDecision(req.body) })),
  );
  server.route(
    "POST",
    "/__sandbox/authorization-codes",
    guarded((req) => ({ status: 201, body: consents.codeFor(req.body) })),
  );
}

export function clockView(ctx: AmazonContext) {
  return { now: isoSeconds(ctx.clock.now()), timeScale: ctx.server.limits.timeScale };
}

export function registerControl(ctx: AmazonContext): void {
  const { server, state, clock } = ctx;
  registerConsentControl(ctx);

  server.route(
    "POST",
    "/__sandbox/sellers",
    guarded((req) => ({ status: 201, body: sellerView(state.addSeller(req.body as SeedSellerInput)) })),
  );
  server.route("GET", "/__sandbox/sellers", () => ({ status: 200, body: [...state.sellers.values()].map(sellerView) }));
  server.route(
    "POST",
    "/__sandbox/sellers/:sellerId/expire-tokens",
    guarded((req) => {
      if (!state.seller(req.params.sellerId)) throw new ControlError(404, `unknown seller ${req.params.sellerId}`);
      return { status: 200, body: { expired: ctx.tokens.expire(req.params.sellerId) } };
    }),
  );

  server.route(
    "POST",
    "/__sandbox/orders",
    guarded((req) => ({ status: 201, body: sandboxView(state.addOrder(req.body as SeedOrderInput, clock.now())) })),
  );
  server.route("GET", "/__sandbox/orders", (req) => {
    const sellerId = req.query.get("sellerId") ?? undefined;
    const orders = state
      .ordersOf(sellerId)
      .sort((a, b) => a.purchaseDate - b.purchaseDate || a.lastUpdateDate - b.lastUpdateDate);
    return { status: 200, body: orders.map(sandboxView) };
  });
  server.route(
    "GET",
    "/__sandbox/orders/:id",
    guarded((req) => {
      const order = state.order(req.params.id);
      if (!order) throw new ControlError(404, `unknown order ${req.params.id}`);
      return { status: 200, body: sandboxView(order) };
    }),
  );
  server.route(
    "POST",
    "/__sandbox/orders/:id/ship",
    guarded((req) => ({
      status: 200,
      body: sandboxView(state.shipOnMarketplace(req.params.id, req.body as ShipOnMarketplaceInput, clock.now())),
    })),
  );
  server.route(
    "POST",
    "/__sandbox/orders/:id/cancel",
    guarded((req) => ({ status: 200, body: sandboxView(state.cancelOnMarketplace(req.params.id, clock.now())) })),
  );

  server.route(
    "POST",
    "/__sandbox/orders/:id/authorize-payment",
    guarded((req) => ({ status: 200, body: sandboxView(state.authorizePayment(req.params.id, clock.now())) })),
  );

  registerClockRoutes(server, clock, () => clockView(ctx));

  server.route("GET", "/__sandbox/settings", () => ({ status: 200, body: ctx.settings }));
  server.route(
    "POST",
    "/__sandbox/settings",
    guarded((req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (b.orderItemsPageSize !== undefined) {
        const n = b.orderItemsPageSize;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
          throw new ControlError(400, "orderItemsPageSize must be a positive integer");
        ctx.settings.orderItemsPageSize = n;
      }
      if (b.requireRdtForPii !== undefined) {
        if (typeof b.requireRdtForPii !== "boolean") throw new ControlError(400, "requireRdtForPii must be a boolean");
        ctx.settings.requireRdtForPii = b.requireRdtForPii;
      }
      return { status: 200, body: ctx.settings };
    }),
  );
}
