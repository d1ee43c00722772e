/**
 * The control API (`/__sandbox/...`, JSON): seed shops, products and orders, act as the merchant (fulfill,
 * edit tracking, uninstall), point webhooks at the app, and inspect or replay webhook deliveries. Each route
 * calls the ShopifyEmulator helper of the same name, so tests in-process and out-of-process do the same thing.
 *
 *   GET  /__sandbox/shops                                   list shops
 *   POST /__sandbox/shops {domain, name?, currencyCode?, accessToken?, scopes?}  → 201 {domain, accessToken, ...}
 *   GET  /__sandbox/shops/:domain
 *   POST /__sandbox/shops/:domain/products {title, variants:[{sku, price, inventoryQuantity?}]} → 201
 *   GET  /__sandbox/shops/:domain/products
 *   POST /__sandbox/shops/:domain/inventory {sku|variantId, quantity}
 *   POST /__sandbox/shops/:domain/orders {order: OrderCreateOrderInput, options?} (or the input itself) → 201
 *   GET  /__sandbox/shops/:domain/orders                    full order state (lines, fulfillment orders, fulfillments)
 *   GET  /__sandbox/shops/:domain/orders/:orderId
 *   POST /__sandbox/shops/:domain/orders/:orderId/fulfill {lineItems?:[{sku?|lineItemId?, quantity}], trackingCompany?, trackingNumber?, trackingUrl?, notifyCustomer?} → 201
 *   POST /__sandbox/shops/:domain/fulfillments/:fulfillmentId/tracking {trackingCompany, trackingNumber, trackingUrl?, notifyCustomer?}
 *   POST /__sandbox/shops/:domain/uninstall                 fires app/uninstalled, revokes tokens
 *   POST /__sandbox/shops/:domain/install                   reinstall (new token)
 *   POST /__sandbox/shops/:domain/revoke-tokens             its tokens answer 401 (no uninstall, no webhook)
 *   POST /__sandbox/shops/:domain/restore-tokens            its tokens are accepted again
 *   POST /__sandbox/shops/:domain/session-token {userId?, ttlSeconds?} → {token}
 *   POST /__sandbox/shops/:domain/oauth-code                → {code}
 *   POST /__sandbox/shops/:domain/webhooks {topic, payload?} fire a subscribed topic (compliance topics)
 *   GET  /__sandbox/app | POST /__sandbox/app {appUrl}
 *   GET  /__sandbox/webhooks?topic=&shop=                   delivery log
 *   GET  /__sandbox/webhooks/:id                            one delivery with every attempt
 *   POST /__sandbox/webhooks/:id/redeliver                  duplicate delivery (same webhook id and body) → 202
 *   POST /__sandbox/webhooks/wait {timeoutMs?}              200 when no delivery is pending, else 408
 */
import type { EmulatorResponse, EmulatorServer, RouteHandler, EmulatorRequest } from "../kit/emulator-server";
import type { ShopifyEmulator } from "./emulator";
import { StateError } from "./state";

type Body = Record<string, unknown>;

function body(req: EmulatorRequest): Body {
  const b = req.body;
  if (b === undefined) return {};
  if (!b || typeof b !== "object" || Array.isArray(b)) throw new StateError("body must be a JSON object", 400);
  return b as Body;
}

/** Runs a helper; StateError → its status, `{error}`. */
function handle(status: number, fn: (req: EmulatorRequest) => unknown): RouteHandler {
  return async (req) => {
    try {
      const out = await fn(req);
      return { status, body: out } satisfies EmulatorResponse;
    } catch (e) {
      if (e instanceof StateError) return { status: e.status, body: { error: e.message } };
      if (e instanceof TypeError && /Invalid URL/.test(e.message)) return { status: 400, body: { error: e.message } };
      throw e;
    }
  };
}

export function registerControlRoutes(server: EmulatorServer, emu: ShopifyEmulator): void {
  const S = "/__sandbox/shops/:domain";
  server
    .route(
      "GET",
      "/__sandbox/shops",
      handle(200, () => emu.listShops()),
    )
    .route(
      "POST",
      "/__sandbox/shops",
      handle(201, (req) => emu.createShop(body(req) as never)),
    )
    .route(
      "GET",
      S,
      handle(200, (req) => emu.getShop(req.params.domain)),
    )
    .route(
      "POST",
      `${S}/products`,
      handle(201, (req) => emu.addProduct(req.params.domain, body(req) as never)),
    )
    .route(
      "GET",
      `${S}/products`,
      handle(200, (req) => emu.listProducts(req.params.domain)),
    )
    .route(
      "POST",
      `${S}/inventory`,
      handle(200, (req) => emu.setInventory(req.params.domain, body(req) as never)),
    )
    .route(
      "POST",
      `${S}/orders`,
      handle(201, (req) => {
        const b = body(req);
        const wrapped = b.order && typeof b.order === "object" && !Array.isArray(b.order);
        return emu.createOrder(
          req.params.domain,
          (wrapped ? b.order : b) as never,
          (wrapped ? b.options : undefined) as never,
        );
      }),
    )
    .route(
      "GET",
      `${S}/orders`,
      handle(200, (req) => emu.listOrders(req.params.domain)),
    )
    .route(
      "GET",
      `${S}/orders/:orderId`,
      handle(200, (req) => emu.getOrder(req.params.domain, req.params.orderId)),
    )
    .route(
      "POST",
      `${S}/orders/:orderId/fulfill`,
      handle(201, (req) => emu.fulfill(req.params.domain, req.params.orderId, body(req) as never)),
    )
    .route(
      "POST",
      `${S}/fulfillments/:fulfillmentId/tracking`,
      handle(200, (req) => emu.updateTracking(req.params.domain, req.params.fulfillmentId, body(req) as never)),
    )
    .route(
      "POST",
      `${S}/uninstall`,
      handle(200, (req) => ({ uninstalled: true, webhooks: emu.uninstall(req.params.domain) })),
    )
    .route(
      "POST",
      `${S}/install`,
      handle(200, (req) => emu.install(req.params.domain)),
    )
    .route(
      "POST",
      `${S}/revoke-tokens`,
      handle(200, (req) => emu.revokeTokens(req.params.domain)),
    )
    .route(
      "POST",
      `${S}/restore-tokens`,
      handle(200, (req) => emu.restoreTokens(req.params.domain)),
    )
    .route(
      "POST",
      `${S}/session-token`,
      handle(200, (req) => {
        const b = body(req);
        return {
          token: emu.sessionToken(req.params.domain, {
            userId: b.userId as number | undefined,
            ttlSeconds: b.ttlSeconds as number | undefined,
          }),
        };
      }),
    )
    .route(
      "POST",
      `${S}/oauth-code`,
      handle(200, (req) => ({ code: emu.oauthCode(req.params.domain) })),
    )
    .route(
      "POST",
      `${S}/webhooks`,
      handle(202, (req) => {
        const b = body(req);
        return emu.triggerWebhook(
          req.params.domain,
          b.topic as string,
          b.payload as Record<string, unknown> | undefined,
        );
      }),
    )
    .route(
      "GET",
      "/__sandbox/app",
      handle(200, () => ({ appUrl: emu.getAppUrl() })),
    )
    .route(
      "POST",
      "/__sandbox/app",
      handle(200, (req) => {
        const b = body(req);
        if (b.appUrl !== null && typeof b.appUrl !== "string")
          throw new StateError("appUrl must be a URL string or null", 400);
        emu.setAppUrl(b.appUrl as string | null);
        return { appUrl: emu.getAppUrl() };
      }),
    )
    .route(
      "GET",
      "/__sandbox/webhooks",
      handle(200, (req) =>
        emu.webhookLog({ topic: req.query.get("topic") ?? undefined, shop: req.query.get("shop") ?? undefined }),
      ),
    )
    .route("POST", "/__sandbox/webhooks/wait", async (req): Promise<EmulatorResponse> => {
      const b = (req.body && typeof req.body === "object" ? req.body : {}) as Body;
      const timeoutMs = typeof b.timeoutMs === "number" ? b.timeoutMs : 10_000;
      const idle = await Promise.race([
        emu.whenWebhooksIdle().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref()),
      ]);
      return { status: idle ? 200 : 408, body: emu.webhookLog() };
    })
    .route(
      "GET",
      "/__sandbox/webhooks/:id",
      handle(200, (req) => {
        const d = emu.delivery(req.params.id);
        if (!d) throw new StateError(`no webhook delivery ${req.params.id}`, 404);
        return d;
      }),
    )
    .route(
      "POST",
      "/__sandbox/webhooks/:id/redeliver",
      handle(202, (req) => emu.redeliver(req.params.id)),
    );
}
