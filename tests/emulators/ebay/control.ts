/**
 * The sandbox control API (JSON, under `/__sandbox/`, not logged, no auth), on top of the kit's
 * requests/faults/limits/reset routes:
 *
 *   POST /__sandbox/users {username, userId?, clientId, clientSecret, refreshToken, ruName?, acceptUrl?, scopes?, marketplaceId?}
 *                                                                          → 201 user (no secrets)
 *   GET  /__sandbox/users                                                  → 200 [user]
 *   POST /__sandbox/users/{username}/expire-tokens   expire its access tokens now → 200 {expired}
 *   POST /__sandbox/authorization-codes {username, ruName, scopes?}  a consent, without the browser
 *                                                                          → 201 {code, expires_in}
 *   POST /__sandbox/orders {username, items:[{sku?, title, quantity, unitPrice, lineItemCost?, shippingCost?, tax?}],
 *        shipTo?, buyerUsername?, currency?, marketplaceId?, creationDate?, lastModifiedDate?,
 *        paymentStatus?, shippingServiceCode?, addressCountryField?, orderId?}  → 201 order as stored
 *   GET  /__sandbox/orders?username=                                       → 200 [order]
 *   GET  /__sandbox/orders/{id}                                            → 200 order
 *   POST /__sandbox/orders/{id}/ship {shippingCarrierCode?, trackingNumber?, lineItems?, shippedDate?}
 *        the seller shipped in Seller Hub (default: everything left)       → 200 order
 *   POST /__sandbox/orders/{id}/cancel                                     → 200 order
 *   POST /__sandbox/orders/{id}/pay    the buyer's payment cleared          → 200 order
 *   GET/POST /__sandbox/clock {advanceSeconds}                             → 200 {now, timeScale}
 *   GET/POST /__sandbox/settings {searchWindowDays?, maxLimit?, rateLimit?:{callsPerDay, burst}} → 200 settings
 *   POST /__sandbox/account-deletion {endpoint, username, deleteUser?}      → 200 delivery
 *        username: a seeded seller, or the buyerUsername of some order
 *   POST /__sandbox/account-deletion/challenge {endpoint, verificationToken} → 200 {matched, ...}
 *
 * Errors: 400/404/409 `{error: "..."}`. index.ts's in-process helpers call the same functions.
 */
import { guarded, registerClockRoutes } from "../kit/control-routes";
import type { EbayContext } from "./api";
import { type NotificationKeys, runChallenge, sendAccountDeletion } from "./account-deletion";
import { isoMillis } from "./ebay-emulator-server";
import { AUTHORIZATION_CODE_SECONDS } from "./oauth";
import { newFulfillmentId } from "./routes-fulfillment";
import { sandboxOrderView, sandboxUserView } from "./sandbox-view";
import { ControlError, type SeedOrderInput, type SeedUserInput, type ShipOnMarketplaceInput } from "./state";

export function clockView(ctx: EbayContext) {
  return { now: isoMillis(ctx.clock.now()), timeScale: ctx.server.limits.timeScale };
}

/** The helpers both the routes and index.ts use. */
export function controlActions(ctx: EbayContext, keys: NotificationKeys) {
  const { state, clock, oauth } = ctx;
  return {
    addUser(input: SeedUserInput) {
      const existing = typeof input?.username === "string" ? state.user(input.username) : undefined;
      if (typeof input?.username === "string" && typeof input.refreshToken === "string") {
        oauth.assertRefreshTokenFree(input.username, input.refreshToken);
      }
      // Seeding a user again replaces its credentials: what it held before stops working.
      const user = state.addUser(input);
      if (existing) oauth.revokeUser(user.username);
      oauth.registerRefreshToken(user, input.refreshToken);
      return sandboxUserView(user);
    },
    authorizationCode(input: { username?: unknown; ruName?: unknown; scopes?: unknown }) {
      if (typeof input?.username !== "string") throw new ControlError(400, "username is required");
      const user = state.user(input.username);
      if (!user) throw new ControlError(404, `unknown user ${input.username}`);
      const app = state.apps.get(user.clientId)!;
      const ruName = input.ruName ?? [...app.ruNames.keys()][0];
      if (typeof ruName !== "string" || !app.ruNames.has(ruName)) {
        throw new ControlError(
          400,
          `ruName must be one the app has (${[...app.ruNames.keys()].join(", ") || "none: seed the user with ruName"})`,
        );
      }
      let scopes = user.scopes;
      if (input.scopes !== undefined) {
        if (
          !Array.isArray(input.scopes) ||
          !input.scopes.every((s) => typeof s === "string" && user.scopes.includes(s))
        ) {
          throw new ControlError(400, "scopes must be a subset of the user's scopes");
        }
        scopes = input.scopes as string[];
      }
      return { code: oauth.issueCode(user, ruName, scopes).code, expires_in: AUTHORIZATION_CODE_SECONDS };
    },
    ship(orderId: string, input: ShipOnMarketplaceInput) {
      const order = state.mustGet(orderId);
      return sandboxOrderView(
        state.shipOnMarketplace(orderId, input, clock.now(), (t) => newFulfillmentId(ctx, order, t)),
      );
    },
    sendAccountDeletion: (input: { endpoint?: unknown; username?: unknown; deleteUser?: unknown }) =>
      sendAccountDeletion(ctx, keys, input),
    runChallenge: (input: { endpoint?: unknown; verificationToken?: unknown }) => runChallenge(input),
  };
}

export function registerControl(ctx: EbayContext, keys: NotificationKeys): void {
  const { server, state, clock } = ctx;
  const actions = controlActions(ctx, keys);

  server.route(
    "POST",
    "/__sandbox/users",
    guarded((req) => ({ status: 201, body: actions.addUser(req.body as SeedUserInput) })),
  );
  server.route("GET", "/__sandbox/users", () => ({
    status: 200,
    body: [...state.users.values()].map(sandboxUserView),
  }));
  server.route(
    "POST",
    "/__sandbox/users/:username/expire-tokens",
    guarded((req) => {
      if (!state.user(req.params.username!)) throw new ControlError(404, `unknown user ${req.params.username}`);
      return { status: 200, body: { expired: ctx.oauth.expireAccessTokens(req.params.username) } };
    }),
  );
  server.route(
    "POST",
    "/__sandbox/authorization-codes",
    guarded((req) => ({ status: 201, body: actions.authorizationCode((req.body ?? {}) as Record<string, unknown>) })),
  );

  server.route(
    "POST",
    "/__sandbox/orders",
    guarded((req) => ({
      status: 201,
      body: sandboxOrderView(state.addOrder(req.body as SeedOrderInput, clock.now())),
    })),
  );
  server.route("GET", "/__sandbox/orders", (req) => {
    const orders = state
      .ordersOf(req.query.get("username") ?? undefined)
      .sort((a, b) => a.creationDate - b.creationDate);
    return { status: 200, body: orders.map(sandboxOrderView) };
  });
  server.route(
    "GET",
    "/__sandbox/orders/:id",
    guarded((req) => ({ status: 200, body: sandboxOrderView(state.mustGet(req.params.id!)) })),
  );
  server.route(
    "POST",
    "/__sandbox/orders/:id/ship",
    guarded((req) => ({ status: 200, body: actions.ship(req.params.id!, (req.body ?? {}) as ShipOnMarketplaceInput) })),
  );
  server.route(
    "POST",
    "/__sandbox/orders/:id/cancel",
    guarded((req) => ({ status: 200, body: sandboxOrderView(state.cancelOnMarketplace(req.params.id!, clock.now())) })),
  );
  server.route(
    "POST",
    "/__sandbox/orders/:id/pay",
    guarded((req) => ({ status: 200, body: sandboxOrderView(state.markPaid(req.params.id!, clock.now())) })),
  );

  registerClockRoutes(server, clock, () => clockView(ctx));

  server.route("GET", "/__sandbox/settings", () => ({ status: 200, body: ctx.settings }));
  server.route(
    "POST",
    "/__sandbox/settings",
    guarded((req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const positiveInt = (v: unknown, name: string): number => {
        if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
          throw new ControlError(400, `${name} must be a positive integer`);
        return v;
      };
      if (b.searchWindowDays !== undefined)
        ctx.settings.searchWindowDays = positiveInt(b.searchWindowDays, "searchWindowDays");
      if (b.maxLimit !== undefined) ctx.settings.maxLimit = positiveInt(b.maxLimit, "maxLimit");
      if (b.rateLimit !== undefined) {
        const r = (b.rateLimit ?? {}) as Record<string, unknown>;
        ctx.settings.rateLimit = {
          callsPerDay:
            r.callsPerDay === undefined
              ? ctx.settings.rateLimit.callsPerDay
              : positiveInt(r.callsPerDay, "rateLimit.callsPerDay"),
          burst: r.burst === undefined ? ctx.settings.rateLimit.burst : positiveInt(r.burst, "rateLimit.burst"),
        };
      }
      return { status: 200, body: ctx.settings };
    }),
  );

  server.route(
    "POST",
    "/__sandbox/account-deletion",
    guarded(async (req) => ({
      status: 200,
      body: await actions.sendAccountDeletion((req.body ?? {}) as Record<string, unknown>),
    })),
  );
  server.route(
    "POST",
    "/__sandbox/account-deletion/challenge",
    guarded(async (req) => ({
      status: 200,
      body: await actions.runChallenge((req.body ?? {}) as Record<string, unknown>),
    })),
  );
}
