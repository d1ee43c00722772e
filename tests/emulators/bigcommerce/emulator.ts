/**
 * The BigCommerce emulator: a real, stateful HTTP server (several stores, one app) serving, from its base URL,
 *   /stores/{store_hash}/v2/orders...           Orders v2, shipments, order statuses   (routes-orders.ts, routes-shipments.ts)
 *   /stores/{store_hash}/v3/catalog/...         variant and product lookup by SKU      (routes-catalog.ts)
 *   /stores/{store_hash}/v3/hooks...            webhook subscriptions                  (routes-hooks.ts)
 *   POST /oauth2/token                          the single-click app's code exchange   (oauth.ts)
 * every REST call authenticated by X-Auth-Token, rate-limited per store and validated against the specs
 * (api.ts, spec.ts); signed Standard Webhooks deliveries with retries (webhooks.ts); the app callbacks
 * with signed_payload_jwt (app-callbacks.ts, signed-payload.ts); and the control API under /__sandbox/...
 * (control.ts), mirrored by the helpers below. Point a client's API host and login host at the base URL.
 *
 *   const bc = createBigCommerceEmulator({ clientId, clientSecret, timeScale: 600 });
 *   const base = await bc.listen();
 *   const { storeHash, accessToken } = bc.createStore({ storeHash: "abc123" });
 *   bc.addProduct(storeHash, { name: "Mug", sku: "MUG-1", price: 12, inventory_level: 10 });
 */
import { AppEmulator } from "../kit/app-emulator";
import type { RequestLogEntry } from "../kit/emulator-server";
import { addProduct, productView, type NewProductInput } from "./catalog";
import { callApp, callbackUrl, type CallbackResult } from "./app-callbacks";
import { ControlError, apiError, NOT_FOUND_MESSAGE } from "./errors";
import { merchantSetStatus, merchantShip, seedOrder, type MerchantShipInput } from "./merchant";
import { OAuthEndpoint } from "./oauth";
import { StoreRateLimiter } from "./rate-limit";
import { registerCatalogRoutes } from "./routes-catalog";
import { hookView, registerHookRoutes } from "./routes-hooks";
import { registerOrderRoutes } from "./routes-orders";
import { registerShipmentRoutes } from "./routes-shipments";
import { BigCommerceEmulatorServer, versionOf } from "./server";
import { deleteShipment, updateShipment } from "./shipments";
import { signSignedPayloadJwt } from "./signed-payload";
import { BigCommerceState, type ChannelRecord, type NewStoreInput, type OrderRecord, type StoreRecord } from "./state";
import { sandboxOrderView, shipmentView } from "./views";
import { WebhookDispatcher, type Delivery, type DeliverySummary } from "./webhooks";
import type { BcContext } from "./api";

export { ControlError } from "./errors";
export { verifySignedPayloadJwt, signSignedPayloadJwt, type SignedPayloadClaims } from "./signed-payload";
export {
  verifyStandardWebhook,
  standardWebhookSignature,
  eventHash,
  RETRY_SCHEDULE_S,
  type DeliverySummary,
} from "./webhooks";
export { PLAN_QUOTAS, WINDOW_MS } from "./rate-limit";
export { ORDER_STATUSES } from "./state";
export type { NewProductInput } from "./catalog";
export type { MerchantShipInput } from "./merchant";
export type { NewStoreInput } from "./state";
export type { CallbackResult } from "./app-callbacks";

/** The scopes the emulated app is granted by default (space-separated in OAuth answers). */
export const DEFAULT_APP_SCOPES = ["store_v2_orders", "store_v2_products_read_only", "store_v2_information_read_only"];

export interface BigCommerceEmulatorOptions {
  /** The app's client id: `aud` of signed_payload_jwt, `client_id` of /oauth2/token, owner of hooks. */
  clientId: string;
  /** The app's client secret: signs webhooks (Standard Webhooks) and signed_payload_jwt. */
  clientSecret: string;
  /** Emulated seconds per real second: the 30 s rate-limit window and webhook retry delays. */
  timeScale?: number;
  /** Enforce the per-store quota (default true). */
  limitsEnabled?: boolean;
  /** Where the single-click callbacks go (`{appUrl}/auth`, `/load`...). Webhooks go to each hook's destination. */
  appUrl?: string;
  /** OAuth scopes granted to the app (default DEFAULT_APP_SCOPES). */
  scopes?: string[];
  /** Time the app has to answer a webhook (default 5000 ms). */
  webhookTimeoutMs?: number;
}

export interface StoreSummary {
  storeHash: string;
  storeId: number;
  name: string;
  accessToken: string | null;
  accessTokens: string[];
  installed: boolean;
  plan: string;
  quota: number;
  currency: string;
  scopes: string[];
  accountUuid: string;
  owner: { id: number; email: string };
  users: { id: number; email: string }[];
  channels: ChannelRecord[];
}

function storeSummary(s: StoreRecord): StoreSummary {
  const tokens = [...s.accessTokens];
  return {
    storeHash: s.hash,
    storeId: s.id,
    name: s.name,
    accessToken: tokens[tokens.length - 1] ?? null,
    accessTokens: tokens,
    installed: s.installed,
    plan: s.plan,
    quota: s.quota,
    currency: s.currency,
    scopes: [...s.scopes],
    accountUuid: s.accountUuid,
    owner: { id: s.owner.id, email: s.owner.email },
    users: s.users.map((u) => ({ id: u.id, email: u.email })),
    channels: s.channels.map((c) => ({ ...c })),
  };
}

/** The app URL (setAppUrl) is where the single-click callbacks go; webhooks go to each hook's destination. */
export class BigCommerceEmulator extends AppEmulator {
  readonly server: BigCommerceEmulatorServer;
  readonly state: BigCommerceState;
  readonly webhooks: WebhookDispatcher;
  readonly oauth: OAuthEndpoint;
  readonly limiter: StoreRateLimiter;
  private readonly ctx: BcContext;
  private readonly scopes: string[];

  constructor(readonly opts: BigCommerceEmulatorOptions) {
    super();
    this.scopes = [...(opts.scopes ?? DEFAULT_APP_SCOPES)];
    if (opts.appUrl) this.setAppUrl(opts.appUrl);
    this.server = new BigCommerceEmulatorServer({ timeScale: opts.timeScale, limitsEnabled: opts.limitsEnabled });
    this.state = new BigCommerceState(() => this.scopes);
    this.limiter = new StoreRateLimiter(this.server.timeScale, () => this.server.limits.enabled);
    this.webhooks = new WebhookDispatcher({
      clientSecret: opts.clientSecret,
      state: this.state,
      timeScale: this.server.timeScale,
      timeoutMs: opts.webhookTimeoutMs,
    });
    this.oauth = new OAuthEndpoint(this.state, {
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      scopes: () => this.scopes,
      now: () => Date.now(),
    });
    this.ctx = {
      server: this.server,
      state: this.state,
      limiter: this.limiter,
      clientId: opts.clientId,
      apiBase: () => this.server.baseUrl,
      now: () => Date.now(),
    };

    this.state.onEvent((e) => {
      const order = (id: number) => ({ type: "order", id });
      switch (e.type) {
        case "order_created":
          this.webhooks.emit(e.store, "store/order/created", order(e.order.id));
          break;
        case "order_updated":
          this.webhooks.emit(e.store, "store/order/updated", order(e.order.id));
          break;
        case "order_archived":
          this.webhooks.emit(e.store, "store/order/archived", order(e.order.id));
          break;
        case "order_status_changed":
          this.webhooks.emit(e.store, "store/order/statusUpdated", {
            ...order(e.order.id),
            status: { previous_status_id: e.previous, new_status_id: e.current },
          });
          break;
        case "shipment_created":
        case "shipment_updated":
        case "shipment_deleted":
          this.webhooks.emit(e.store, `store/shipment/${e.type.slice("shipment_".length)}`, {
            type: "shipment",
            id: e.shipment.id,
            orderId: e.order.id,
          });
          break;
        case "inventory_changed": {
          // A variant tracked by variant fires store/sku/inventory/updated; a product without variants (its base
          // variant), store/product/inventory/updated, whatever its tracking (webhooks callbacks, _all.yml).
          const { product, variant } = e;
          const value = variant.inventoryLevel;
          if (product.baseVariantId === null && product.inventoryTracking === "variant")
            this.webhooks.emit(e.store, "store/sku/inventory/updated", {
              type: "sku",
              id: variant.skuId ?? variant.id,
              inventory: { product_id: product.id, variant_id: variant.id, method: "absolute", value },
            });
          else if (product.baseVariantId !== null)
            this.webhooks.emit(e.store, "store/product/inventory/updated", {
              type: "product",
              id: product.id,
              inventory: { product_id: product.id, method: "absolute", value },
            });
          break;
        }
        case "app_uninstalled":
          break;
      }
    });

    this.server.route("POST", "/oauth2/token", this.oauth.token);
    registerOrderRoutes(this.ctx);
    registerShipmentRoutes(this.ctx);
    registerCatalogRoutes(this.ctx);
    registerHookRoutes(this.ctx);
    // Anything else under /stores/ answers BigCommerce's 404 in the version's shape.
    for (const method of ["GET", "POST", "PUT", "DELETE"]) {
      for (let depth = 0; depth <= 6; depth++) {
        const rest = Array.from({ length: depth }, (_, i) => `/:p${i}`).join("");
        this.server.route(method, `/stores/:storeHash/:version${rest}`, (req) => ({
          ...apiError(versionOf(req.path), 404, NOT_FOUND_MESSAGE),
          headers: { "x-emulator-note": "not implemented by the BigCommerce emulator" },
        }));
      }
    }
    this.server.onReset(() => this.resetState());
  }

  /** Drops all stores, hooks, deliveries, codes and rate windows (also `POST /__sandbox/reset`). */
  resetState(): void {
    this.state.reset();
    this.webhooks.reset();
    this.oauth.reset();
    this.limiter.reset();
  }

  requests(): RequestLogEntry[] {
    return this.server.requests();
  }

  // ---- in-process helpers, one per control route ----

  private store(hash: string): StoreRecord {
    return this.state.requireStore(hash);
  }

  private order(store: StoreRecord, id: number | string): OrderRecord {
    const order = this.state.order(store, Number(id));
    if (!order) throw new ControlError(404, `store ${store.hash} has no order ${id}`);
    return order;
  }

  createStore(input: NewStoreInput): StoreSummary {
    return storeSummary(this.state.createStore(input));
  }

  listStores(): StoreSummary[] {
    return [...this.state.stores.values()].map(storeSummary);
  }

  getStore(hash: string): StoreSummary {
    return storeSummary(this.store(hash));
  }

  /** A sales channel orders can name in `channel_id` (e.g. a marketplace channel). */
  addChannel(hash: string, input: { name: string; type?: string; platform?: string; status?: string }): ChannelRecord {
    const store = this.store(hash);
    if (!input || typeof input.name !== "string" || !input.name) throw new ControlError(400, "name is required");
    const channel: ChannelRecord = {
      id: ++store.seq.channel,
      name: input.name,
      type: input.type ?? "marketplace",
      platform: input.platform ?? "custom",
      status: input.status ?? "active",
    };
    store.channels.push(channel);
    return { ...channel };
  }

  addProduct(hash: string, input: NewProductInput): Record<string, unknown> {
    return productView(addProduct(this.store(hash), input), ["variants"]);
  }

  /** The merchant sets a variant's stock (found by SKU), as in the control panel; fires the inventory webhook. */
  setInventory(hash: string, input: { sku?: unknown; inventory_level?: unknown }): Record<string, unknown> {
    const store = this.store(hash);
    const level = input?.inventory_level;
    if (typeof level !== "number" || !Number.isInteger(level) || level < 0)
      throw new ControlError(400, "inventory_level must be a whole number of at least 0");
    for (const product of store.products) {
      const variant = product.variants.find((v) => v.sku === input.sku);
      if (!variant) continue;
      variant.inventoryLevel = level;
      product.dateModified = Date.now();
      this.state.emit({ type: "inventory_changed", store, product, variant });
      return productView(product, ["variants"]);
    }
    throw new ControlError(404, `no variant with SKU ${String(input?.sku)}`);
  }

  listProducts(hash: string): Record<string, unknown>[] {
    return this.store(hash).products.map((p) => productView(p, ["variants"]));
  }

  /** Creates an order as `POST /v2/orders` does (same body; a product may be `{sku, quantity}`). Fires store/order/created. */
  createOrder(hash: string, body: Record<string, unknown>): Record<string, unknown> {
    const store = this.store(hash);
    return sandboxOrderView(this.baseUrl, store, seedOrder(this.state, store, body, Date.now()));
  }

  listOrders(hash: string): Record<string, unknown>[] {
    const store = this.store(hash);
    return store.orders.filter((o) => !o.isDeleted).map((o) => sandboxOrderView(this.baseUrl, store, o));
  }

  getOrder(hash: string, orderId: number | string): Record<string, unknown> {
    const store = this.store(hash);
    return sandboxOrderView(this.baseUrl, store, this.order(store, orderId));
  }

  /** The merchant ships in the control panel: creates a shipment, fires store/shipment/created (and the status webhooks). */
  ship(hash: string, orderId: number | string, input: MerchantShipInput = {}): Record<string, unknown> {
    const store = this.store(hash);
    const order = this.order(store, orderId);
    return shipmentView(order, merchantShip(this.state, store, order, input, Date.now()));
  }

  /** The merchant edits a shipment's tracking: fires store/shipment/updated. */
  updateShipment(
    hash: string,
    orderId: number | string,
    shipmentId: number | string,
    input: Record<string, unknown>,
  ): Record<string, unknown> {
    const store = this.store(hash);
    const order = this.order(store, orderId);
    const shipment = order.shipments.find((s) => s.id === Number(shipmentId));
    if (!shipment) throw new ControlError(404, `order ${order.id} has no shipment ${shipmentId}`);
    return shipmentView(order, updateShipment(this.state, store, order, shipment, input ?? {}, Date.now()));
  }

  /** The merchant deletes a shipment: fires store/shipment/deleted. */
  deleteShipment(hash: string, orderId: number | string, shipmentId: number | string): Record<string, unknown> {
    const store = this.store(hash);
    const order = this.order(store, orderId);
    const shipment = order.shipments.find((s) => s.id === Number(shipmentId));
    if (!shipment) throw new ControlError(404, `order ${order.id} has no shipment ${shipmentId}`);
    deleteShipment(this.state, store, order, shipment, Date.now());
    return sandboxOrderView(this.baseUrl, store, order);
  }

  /** The merchant changes the order's status: fires store/order/statusUpdated (when it changes) and store/order/updated. */
  setOrderStatus(hash: string, orderId: number | string, statusId: number): Record<string, unknown> {
    const store = this.store(hash);
    return sandboxOrderView(
      this.baseUrl,
      store,
      merchantSetStatus(this.state, store, this.order(store, orderId), statusId, Date.now()),
    );
  }

  /** The app's webhook subscriptions on the store. */
  hooks(hash: string): Record<string, unknown>[] {
    return this.state.hooksOf(this.store(hash).hash).map(hookView);
  }

  webhookLog(filter: { scope?: string; store?: string } = {}): DeliverySummary[] {
    return this.webhooks.list(filter);
  }

  delivery(id: string): (DeliverySummary & { attemptsLog: Delivery["attempts"] }) | null {
    const d = this.webhooks.get(id);
    if (!d) return null;
    return { ...this.webhooks.list().find((s) => s.id === id)!, attemptsLog: d.attempts.map((a) => ({ ...a })) };
  }

  /** Sends a delivery again: same webhook-id and body (or, with newWebhookId, a duplicate firing). */
  redeliver(id: string, opts: { newWebhookId?: boolean } = {}): DeliverySummary {
    const d = this.webhooks.redeliver(id, opts);
    if (!d) throw new ControlError(404, `no webhook delivery ${id}`);
    return this.webhooks.list().find((s) => s.id === d.id)!;
  }

  /** Resolves when no webhook is being sent or waiting for a retry. */
  whenWebhooksIdle(): Promise<void> {
    return this.webhooks.whenIdle();
  }

  /** A fresh OAuth code for the store (what `install` sends to the app's /auth). */
  oauthCode(hash: string, redirectUri: string | null = null): { code: string; scope: string; context: string } {
    return this.oauth.issueCode(this.store(hash), redirectUri);
  }

  /** A signed_payload_jwt for the store, as /load, /uninstall and /remove_user receive it (`now`: its iat, epoch ms). */
  signedPayload(
    hash: string,
    opts: { userId?: number; url?: string; channelId?: number | null; now?: number } = {},
  ): string {
    const store = this.store(hash);
    const user = opts.userId === undefined ? store.owner : store.users.find((u) => u.id === opts.userId);
    if (!user) throw new ControlError(404, `store ${hash} has no user ${opts.userId}`);
    return signSignedPayloadJwt({
      clientId: this.opts.clientId,
      clientSecret: this.opts.clientSecret,
      store,
      user,
      url: opts.url,
      channelId: opts.channelId,
      now: opts.now,
    });
  }

  /** The store owner gives a staff user access to the store (and its apps); `again`: a user removed earlier, same id. */
  addUser(hash: string, again?: { id: number; email: string }): { id: number; email: string } {
    const store = this.store(hash);
    if (!again) {
      const user = this.state.addUser(store);
      return { id: user.id, email: user.email };
    }
    if (store.users.some((u) => u.id === again.id))
      throw new ControlError(409, `user ${again.id} already has access to store ${hash}`);
    store.users.push({ id: again.id, username: again.email, email: again.email, locale: "en-US" });
    return again;
  }

  private requireAppUrl(): string {
    if (!this.appUrl) throw new ControlError(409, "no app URL configured (POST /__sandbox/app {appUrl})");
    return this.appUrl;
  }

  /** The merchant installs the app: GET {appUrl}/auth?code&scope&context&account_uuid (the app then calls /oauth2/token). */
  async install(hash: string): Promise<{ code: string; scope: string; context: string; callback: CallbackResult }> {
    const store = this.store(hash);
    const appUrl = this.requireAppUrl();
    const redirectUri = `${appUrl}/auth`;
    const issued = this.oauth.issueCode(store, redirectUri);
    const url = callbackUrl(appUrl, "auth", {
      code: issued.code,
      scope: issued.scope,
      context: issued.context,
      account_uuid: store.accountUuid,
    });
    return { ...issued, callback: await callApp(url) };
  }

  /** The merchant opens the app: GET {appUrl}/load?signed_payload_jwt=… */
  async load(
    hash: string,
    opts: { userId?: number; url?: string; channelId?: number | null } = {},
  ): Promise<{ signed_payload_jwt: string; callback: CallbackResult }> {
    const appUrl = this.requireAppUrl();
    const jwt = this.signedPayload(hash, opts);
    return {
      signed_payload_jwt: jwt,
      callback: await callApp(callbackUrl(appUrl, "load", { signed_payload_jwt: jwt })),
    };
  }

  /** The store's tokens answer 401 (no uninstall, no callback) until restored: the app's grant withdrawn for a while. */
  refuseTokens(hash: string, refused: boolean): { storeHash: string; refused: boolean } {
    this.state.refuseTokens(this.store(hash), refused);
    return { storeHash: hash, refused };
  }

  /**
   * The merchant uninstalls the app: its tokens are revoked and its hooks on the store deleted (assumption),
   * then GET {appUrl}/uninstall?signed_payload_jwt=…
   */
  async uninstall(hash: string): Promise<{ signed_payload_jwt: string; callback: CallbackResult | null }> {
    const store = this.store(hash);
    const jwt = this.signedPayload(hash);
    this.state.revokeTokens(store);
    store.installed = false;
    for (const h of this.state.hooksOf(store.hash, this.opts.clientId)) this.state.removeHook(h.id);
    this.state.emit({ type: "app_uninstalled", store });
    const callback = this.appUrl
      ? await callApp(callbackUrl(this.appUrl, "uninstall", { signed_payload_jwt: jwt }))
      : null;
    return { signed_payload_jwt: jwt, callback };
  }

  /** The store owner removes a user's access: GET {appUrl}/remove_user?signed_payload_jwt=… (a new staff user when userId is omitted). */
  async removeUser(
    hash: string,
    userId?: number,
  ): Promise<{ signed_payload_jwt: string; user: { id: number; email: string }; callback: CallbackResult }> {
    const store = this.store(hash);
    const appUrl = this.requireAppUrl();
    const user = userId === undefined ? this.state.addUser(store) : store.users.find((u) => u.id === userId);
    if (!user) throw new ControlError(404, `store ${hash} has no user ${userId}`);
    if (user.id === store.owner.id) throw new ControlError(400, "the store owner cannot be removed");
    const jwt = signSignedPayloadJwt({
      clientId: this.opts.clientId,
      clientSecret: this.opts.clientSecret,
      store,
      user,
    });
    store.users = store.users.filter((u) => u.id !== user.id);
    return {
      signed_payload_jwt: jwt,
      user: { id: user.id, email: user.email },
      callback: await callApp(callbackUrl(appUrl, "remove_user", { signed_payload_jwt: jwt })),
    };
  }
}
