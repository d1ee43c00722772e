/**
 * The sandbox control API: JSON, under `/__sandbox/`, not logged, no auth. It sits on top of the kit's
 * requests, faults, limits and reset routes:
 *
 *   POST /__sandbox/apps {keystring, sharedSecret, qps?, qpd?}                   → 201 {keystring, qps, qpd}
 *   GET  /__sandbox/apps                                                         → 200 [{keystring, qps, qpd}]
 *   POST /__sandbox/shops {shopId, userId, keystring, refreshToken, shopName?, scopes?}
 *        a seller connected to the app, holding `refreshToken` (current)        → 201 shop
 *   GET  /__sandbox/shops/{shopId}        with the seller's current refresh token → 200 shop
 *   POST /__sandbox/shops/{shopId}/expire-tokens   expire its live access tokens → 200 {expired}
 *   POST /__sandbox/shops/{shopId}/revoke-tokens   revoke its refresh tokens     → 200 {revoked}
 *   POST /__sandbox/oauth/authorize {client_id, redirect_uri, scope, code_challenge,
 *        code_challenge_method, state?, user_id?}   the seller approves         → 201 {code, state, redirect_url}
 *   POST /__sandbox/receipts {shopId, items:[{sku,title,quantity,unitPrice}], country_iso?, name?,
 *        first_line?, second_line?, city?, state?, zip?, buyer_email?, shipping?, tax?, currency?,
 *        paid?, receipt_id?, created?}                                          → 201 ShopReceipt
 *   GET  /__sandbox/receipts?shopId=                                            → 200 [ShopReceipt]
 *   GET  /__sandbox/receipts/{id}                                               → 200 ShopReceipt
 *   POST /__sandbox/receipts/{id}/ship {tracking_code?, carrier_name?, note_to_buyer?}
 *        the seller shipped on etsy.com (the same rules as the API)            → 200 ShopReceipt
 *   POST /__sandbox/receipts/{id}/cancel                                        → 200 ShopReceipt
 *   GET  /__sandbox/clock   ·   POST /__sandbox/clock {advanceSeconds}           → 200 {now, nowSeconds, timeScale}
 *
 * Errors: 400/404/409 `{error}`. The in-process helpers of index.ts call the same functions.
 */
import { guarded as kitGuarded, registerClockRoutes } from "../kit/control-routes";
import type { RouteHandler } from "../kit/emulator-server";
import type { EtsyContext } from "./api";
import { AuthorizeError, ETSY_SCOPES } from "./oauth";
import {
  ControlError,
  type SeedAppInput,
  type SeedReceiptInput,
  type SeedShopInput,
  ShipmentRuleError,
  type Shop,
} from "./state";
import { shopReceiptView } from "./views";

/** Runs a control action, turning ControlError, the shipping rules and OAuth consent errors into their HTTP answer. */
function guarded(fn: RouteHandler): RouteHandler {
  return kitGuarded(fn, (e) => {
    if (e instanceof ShipmentRuleError) return { status: e.status, body: { error: e.message } };
    if (e instanceof AuthorizeError) return { status: 400, body: { error: e.error, error_description: e.message } };
    return null;
  });
}

function idParam(raw: string, name: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1)
    throw new ControlError(400, `${name} must be a positive integer`);
  return n;
}

function body(req: { body: unknown }): Record<string, unknown> {
  return req.body && typeof req.body === "object" && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {};
}

/** Shared by the control routes and index.ts. */
export function controlActions(ctx: EtsyContext) {
  const { state, oauth, clock } = ctx;
  const shopView = (s: Shop) => ({
    shopId: s.shopId,
    userId: s.userId,
    keystring: s.keystring,
    shopName: s.shopName,
    refreshToken: oauth.currentRefreshToken(s.userId, s.keystring) ?? null,
  });
  const mustShop = (shopId: number) => {
    const shop = state.shops.get(shopId);
    if (!shop) throw new ControlError(404, `unknown shop ${shopId}`);
    return shop;
  };
  return {
    shopView,
    mustShop,
    addApp: (input: SeedAppInput) => {
      const app = state.addApp(input);
      return { keystring: app.keystring, qps: app.qps, qpd: app.qpd };
    },
    addShop: (input: SeedShopInput & { scopes?: string[] }) => {
      const b = (input ?? {}) as unknown as Record<string, unknown>;
      if (b.scopes !== undefined) {
        const ok =
          Array.isArray(b.scopes) &&
          b.scopes.every((s) => typeof s === "string" && (ETSY_SCOPES as readonly string[]).includes(s));
        if (!ok) throw new ControlError(400, `scopes must be an array of Etsy scopes (${ETSY_SCOPES.join(", ")})`);
      }
      const previous = typeof b.refreshToken === "string" ? oauth.refreshTokenOwner(b.refreshToken) : undefined;
      if (previous && previous.userId !== b.userId)
        throw new ControlError(409, "refreshToken already belongs to another seller");
      const shop = state.addShop(input, clock.nowSeconds());
      oauth.registerRefreshToken(input.refreshToken, shop.userId, shop.keystring, input.scopes);
      return shopView(shop);
    },
    addReceipt: (input: SeedReceiptInput) => shopReceiptView(state.addReceipt(input, clock.nowSeconds())),
    ship: (receiptId: number, input: { tracking_code?: unknown; carrier_name?: unknown; note_to_buyer?: unknown }) => {
      const receipt = state.mustGet(receiptId);
      const str = (v: unknown, field: string) => {
        if (v === undefined || v === null) return undefined;
        if (typeof v !== "string") throw new ControlError(400, `${field} must be a string`);
        return v;
      };
      state.shipReceipt(
        receipt,
        {
          trackingCode: str(input?.tracking_code, "tracking_code"),
          carrierName: str(input?.carrier_name, "carrier_name"),
          noteToBuyer: str(input?.note_to_buyer, "note_to_buyer"),
          source: "etsy",
        },
        clock.nowSeconds(),
      );
      return shopReceiptView(receipt);
    },
    cancel: (receiptId: number) => shopReceiptView(state.cancelReceipt(receiptId, clock.nowSeconds())),
    clockView: () => ({
      now: new Date(clock.now()).toISOString(),
      nowSeconds: clock.nowSeconds(),
      timeScale: ctx.server.limits.timeScale,
    }),
  };
}

export function registerControl(ctx: EtsyContext): void {
  const { server, state, oauth, clock } = ctx;
  const act = controlActions(ctx);

  server.route(
    "POST",
    "/__sandbox/apps",
    guarded((req) => ({ status: 201, body: act.addApp(req.body as SeedAppInput) })),
  );
  server.route("GET", "/__sandbox/apps", () => ({
    status: 200,
    body: [...state.apps.values()].map((a) => ({ keystring: a.keystring, qps: a.qps, qpd: a.qpd })),
  }));

  server.route(
    "POST",
    "/__sandbox/shops",
    guarded((req) => ({ status: 201, body: act.addShop(req.body as SeedShopInput) })),
  );
  server.route("GET", "/__sandbox/shops", () => ({ status: 200, body: [...state.shops.values()].map(act.shopView) }));
  server.route(
    "GET",
    "/__sandbox/shops/:shopId",
    guarded((req) => ({ status: 200, body: act.shopView(act.mustShop(idParam(req.params.shopId!, "shopId"))) })),
  );
  server.route(
    "POST",
    "/__sandbox/shops/:shopId/expire-tokens",
    guarded((req) => ({
      status: 200,
      body: { expired: oauth.expireAccessTokens(act.mustShop(idParam(req.params.shopId!, "shopId")).userId) },
    })),
  );
  server.route(
    "POST",
    "/__sandbox/shops/:shopId/revoke-tokens",
    guarded((req) => ({
      status: 200,
      body: { revoked: oauth.revokeRefreshTokens(act.mustShop(idParam(req.params.shopId!, "shopId")).userId) },
    })),
  );

  server.route(
    "POST",
    "/__sandbox/oauth/authorize",
    guarded((req) => {
      const b = body(req);
      const s = (k: string) => (typeof b[k] === "string" ? (b[k] as string) : "");
      if (b.user_id !== undefined && (typeof b.user_id !== "number" || !Number.isSafeInteger(b.user_id)))
        throw new ControlError(400, "user_id must be an integer");
      const { code, userId } = oauth.authorize({
        clientId: s("client_id"),
        redirectUri: s("redirect_uri"),
        scope: s("scope"),
        state: s("state"),
        codeChallenge: s("code_challenge"),
        codeChallengeMethod: s("code_challenge_method"),
        userId: b.user_id as number | undefined,
      });
      const redirect = new URL(s("redirect_uri"));
      redirect.searchParams.set("code", code);
      if (s("state")) redirect.searchParams.set("state", s("state"));
      return {
        status: 201,
        body: { code, state: s("state") || null, user_id: userId, redirect_url: redirect.toString() },
      };
    }),
  );

  server.route(
    "POST",
    "/__sandbox/receipts",
    guarded((req) => ({ status: 201, body: act.addReceipt(req.body as SeedReceiptInput) })),
  );
  server.route(
    "GET",
    "/__sandbox/receipts",
    guarded((req) => {
      const raw = req.query.get("shopId");
      const shopId = raw === null ? undefined : idParam(raw, "shopId");
      const list = state.receiptsOf(shopId).sort((a, b) => a.createdAt - b.createdAt || a.receiptId - b.receiptId);
      return { status: 200, body: list.map(shopReceiptView) };
    }),
  );
  server.route(
    "GET",
    "/__sandbox/receipts/:id",
    guarded((req) => ({ status: 200, body: shopReceiptView(state.mustGet(idParam(req.params.id!, "receipt id"))) })),
  );
  server.route(
    "POST",
    "/__sandbox/receipts/:id/ship",
    guarded((req) => ({ status: 200, body: act.ship(idParam(req.params.id!, "receipt id"), body(req)) })),
  );
  server.route(
    "POST",
    "/__sandbox/receipts/:id/cancel",
    guarded((req) => ({ status: 200, body: act.cancel(idParam(req.params.id!, "receipt id")) })),
  );

  registerClockRoutes(server, clock, act.clockView);
}
