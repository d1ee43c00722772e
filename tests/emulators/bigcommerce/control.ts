/**
 * The control API (`/__sandbox/...`, JSON, no auth, not in the request log), on top of the kit's
 * `requests`, `faults`, `limits` and `reset`. Each route calls the BigCommerceEmulator helper of the same
 * name, so in-process and HTTP callers do the same thing. Errors: `{error}` with 400/404/409.
 *
 *   GET  /__sandbox/stores
 *   POST /__sandbox/stores {storeHash, name?, accessToken?, plan?, quota?, currency?, scopes?}   → 201 {storeHash, accessToken, storeId, ...}
 *   GET  /__sandbox/stores/:hash
 *   POST /__sandbox/stores/:hash/products {name, sku?, price, inventory_level?, variants?:[{sku, price?, inventory_level?}]} → 201
 *   GET  /__sandbox/stores/:hash/products
 *   POST /__sandbox/stores/:hash/inventory {sku, inventory_level}  sets a variant's stock → 200 product (inventory webhook)
 *   POST /__sandbox/stores/:hash/channels {name, type?, platform?, status?}                    → 201 channel
 *   POST /__sandbox/stores/:hash/orders  (a POST /v2/orders body; products may be {sku, quantity}) → 201 order
 *   GET  /__sandbox/stores/:hash/orders                    orders with products, addresses, shipments inlined
 *   GET  /__sandbox/stores/:hash/orders/:id
 *   POST /__sandbox/stores/:hash/orders/:id/ship {items?:[{sku|order_product_id, quantity?}], order_address_id?,
 *        tracking_number?, tracking_carrier?, shipping_provider?, tracking_link?, shipping_method?, comments?}  → 201 shipment
 *   POST /__sandbox/stores/:hash/orders/:id/status {status_id}                                  → 200 order
 *   POST /__sandbox/stores/:hash/orders/:id/shipments/:shipmentId {tracking_number?, ...}      → 200 shipment (store/shipment/updated)
 *   DELETE /__sandbox/stores/:hash/orders/:id/shipments/:shipmentId                            → 200 order (store/shipment/deleted)
 *   GET  /__sandbox/stores/:hash/hooks                     the app's subscriptions
 *   POST /__sandbox/stores/:hash/install                   GET {appUrl}/auth?code… → 200 {code, scope, context, callback}
 *   POST /__sandbox/stores/:hash/load {userId?, url?, channelId?}    GET {appUrl}/load?signed_payload_jwt… → 200
 *   POST /__sandbox/stores/:hash/uninstall                 revoke tokens, delete hooks, GET {appUrl}/uninstall… → 200
 *   POST /__sandbox/stores/:hash/revoke-tokens            its tokens answer 401 (no uninstall, no callback) → 200
 *   POST /__sandbox/stores/:hash/restore-tokens           its tokens are accepted again → 200
 *   POST /__sandbox/stores/:hash/remove-user {userId?}     GET {appUrl}/remove_user… → 200
 *   POST /__sandbox/stores/:hash/signed-payload {userId?, url?, channelId?}  → 200 {signed_payload_jwt}
 *   POST /__sandbox/stores/:hash/oauth-code {redirectUri?} → 200 {code, scope, context}
 *   GET  /__sandbox/app | POST /__sandbox/app {appUrl}     where the app callbacks go
 *   GET  /__sandbox/webhooks?scope=&store=                 delivery log (custom header values left out)
 *   POST /__sandbox/webhooks/wait {timeoutMs?}             200 when nothing is pending, else 408
 *   GET  /__sandbox/webhooks/:id                           one delivery with every attempt
 *   POST /__sandbox/webhooks/:id/redeliver {newWebhookId?} → 202 (same webhook-id and body; newWebhookId: a duplicate firing)
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorServer, RouteHandler } from "../kit/emulator-server";
import { ControlError } from "./errors";
import type { BigCommerceEmulator } from "./emulator";

type Body = Record<string, unknown>;

function body(req: EmulatorRequest): Body {
  const b = req.body;
  if (b === undefined) return {};
  if (!b || typeof b !== "object" || Array.isArray(b)) throw new ControlError(400, "body must be a JSON object");
  return b as Body;
}

function handle(status: number, fn: (req: EmulatorRequest) => unknown): RouteHandler {
  return async (req) => {
    try {
      return { status, body: await fn(req) } satisfies EmulatorResponse;
    } catch (e) {
      if (e instanceof ControlError) return { status: e.status, body: { error: e.message } };
      if (e instanceof TypeError && /Invalid URL/.test(e.message)) return { status: 400, body: { error: e.message } };
      throw e;
    }
  };
}

const optNumber = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ControlError(400, `${name} must be an integer`);
  return v;
};

export function registerControlRoutes(server: EmulatorServer, emu: BigCommerceEmulator): void {
  const S = "/__sandbox/stores/:hash";
  const O = `${S}/orders/:orderId`;
  server
    .route(
      "GET",
      "/__sandbox/stores",
      handle(200, () => emu.listStores()),
    )
    .route(
      "POST",
      "/__sandbox/stores",
      handle(201, (req) => emu.createStore(body(req) as never)),
    )
    .route(
      "GET",
      S,
      handle(200, (req) => emu.getStore(req.params.hash)),
    )
    .route(
      "POST",
      `${S}/products`,
      handle(201, (req) => emu.addProduct(req.params.hash, body(req) as never)),
    )
    .route(
      "POST",
      `${S}/inventory`,
      handle(200, (req) => emu.setInventory(req.params.hash, body(req) as never)),
    )
    .route(
      "GET",
      `${S}/products`,
      handle(200, (req) => emu.listProducts(req.params.hash)),
    )
    .route(
      "POST",
      `${S}/channels`,
      handle(201, (req) => emu.addChannel(req.params.hash, body(req) as never)),
    )
    .route(
      "POST",
      `${S}/orders`,
      handle(201, (req) => emu.createOrder(req.params.hash, body(req))),
    )
    .route(
      "GET",
      `${S}/orders`,
      handle(200, (req) => emu.listOrders(req.params.hash)),
    )
    .route(
      "GET",
      O,
      handle(200, (req) => emu.getOrder(req.params.hash, req.params.orderId)),
    )
    .route(
      "POST",
      `${O}/ship`,
      handle(201, (req) => emu.ship(req.params.hash, req.params.orderId, body(req) as never)),
    )
    .route(
      "POST",
      `${O}/status`,
      handle(200, (req) => emu.setOrderStatus(req.params.hash, req.params.orderId, body(req).status_id as number)),
    )
    .route(
      "POST",
      `${O}/shipments/:shipmentId`,
      handle(200, (req) => emu.updateShipment(req.params.hash, req.params.orderId, req.params.shipmentId, body(req))),
    )
    .route(
      "DELETE",
      `${O}/shipments/:shipmentId`,
      handle(200, (req) => emu.deleteShipment(req.params.hash, req.params.orderId, req.params.shipmentId)),
    )
    .route(
      "GET",
      `${S}/hooks`,
      handle(200, (req) => emu.hooks(req.params.hash)),
    )
    .route(
      "POST",
      `${S}/install`,
      handle(200, (req) => emu.install(req.params.hash)),
    )
    .route(
      "POST",
      `${S}/load`,
      handle(200, (req) => {
        const b = body(req);
        return emu.load(req.params.hash, {
          userId: optNumber(b.userId, "userId"),
          url: b.url as string | undefined,
          channelId: optNumber(b.channelId, "channelId"),
        });
      }),
    )
    .route(
      "POST",
      `${S}/uninstall`,
      handle(200, (req) => emu.uninstall(req.params.hash)),
    )
    .route(
      "POST",
      `${S}/revoke-tokens`,
      handle(200, (req) => emu.refuseTokens(req.params.hash, true)),
    )
    .route(
      "POST",
      `${S}/restore-tokens`,
      handle(200, (req) => emu.refuseTokens(req.params.hash, false)),
    )
    .route(
      "POST",
      `${S}/remove-user`,
      handle(200, (req) => emu.removeUser(req.params.hash, optNumber(body(req).userId, "userId"))),
    )
    .route(
      "POST",
      `${S}/signed-payload`,
      handle(200, (req) => {
        const b = body(req);
        return {
          signed_payload_jwt: emu.signedPayload(req.params.hash, {
            userId: optNumber(b.userId, "userId"),
            url: b.url as string | undefined,
            channelId: optNumber(b.channelId, "channelId"),
          }),
        };
      }),
    )
    .route(
      "POST",
      `${S}/oauth-code`,
      handle(200, (req) => {
        const r = body(req).redirectUri;
        if (r !== undefined && typeof r !== "string") throw new ControlError(400, "redirectUri must be a string");
        return emu.oauthCode(req.params.hash, (r as string | undefined) ?? null);
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
          throw new ControlError(400, "appUrl must be a URL string or null");
        emu.setAppUrl(b.appUrl as string | null);
        return { appUrl: emu.getAppUrl() };
      }),
    )
    .route(
      "GET",
      "/__sandbox/webhooks",
      handle(200, (req) =>
        emu.webhookLog({ scope: req.query.get("scope") ?? undefined, store: req.query.get("store") ?? undefined }),
      ),
    )
    .route("POST", "/__sandbox/webhooks/wait", async (req): Promise<EmulatorResponse> => {
      const b = (req.body && typeof req.body === "object" ? req.body : {}) as Body;
      const timeoutMs = typeof b.timeoutMs === "number" ? b.timeoutMs : 10_000;
      let timer: NodeJS.Timeout | undefined;
      const idle = await Promise.race([
        emu.whenWebhooksIdle().then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), timeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      return { status: idle ? 200 : 408, body: emu.webhookLog() };
    })
    .route(
      "GET",
      "/__sandbox/webhooks/:id",
      handle(200, (req) => {
        const d = emu.delivery(req.params.id);
        if (!d) throw new ControlError(404, `no webhook delivery ${req.params.id}`);
        return d;
      }),
    )
    .route(
      "POST",
      "/__sandbox/webhooks/:id/redeliver",
      handle(202, (req) => emu.redeliver(req.params.id, { newWebhookId: body(req).newWebhookId === true })),
    );
}
