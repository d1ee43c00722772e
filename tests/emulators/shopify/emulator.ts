/**
 * The Shopify Admin API emulator: a real, stateful HTTP server (several shops, one token each) serving
 *  - `POST /admin/api/<SHOPIFY_API_VERSION>/graphql.json` (validated against that version's Admin schema, cost-throttled),
 *  - `POST /admin/oauth/access_token` (token exchange, authorization code) and `GET /admin/oauth/authorize`,
 *  - signed webhooks to the app for the subscriptions in `shopify.app.toml`,
 *  - the control API under `/__sandbox/...` (see control.ts), mirrored by the helpers on ShopifyEmulator.
 */
import { AppEmulator } from "../kit/app-emulator";
import { loadAppConfig, defaultAppConfigPath, type AppConfig } from "./app-config";
import { merchantFulfill, updateTracking, type MerchantFulfillInput } from "./fulfillments";
import { graphqlHandler } from "./graphql-endpoint";
import { gid, idOf } from "./ids";
import { OAuthEndpoints, signSessionToken } from "./oauth";
import { createOrder, type OrderCreateOptionsInput, type OrderCreateOrderInput } from "./orders";
import { compliancePayload, restFulfillment, restInventoryLevel, restShop } from "./rest-payloads";
import { adminSchema } from "./schema";
import { ShopifyEmulatorServer } from "./server";
import {
  fulfillmentSnapshot,
  orderSnapshot,
  productSnapshot,
  shopSnapshot,
  variantSnapshot,
  type FulfillmentSnapshot,
  type OrderSnapshot,
  type ProductSnapshot,
  type ShopSnapshot,
  type VariantSnapshot,
} from "./snapshots";
import {
  ShopifyState,
  StateError,
  type NewProductInput,
  type NewShopInput,
  type OrderRecord,
  type ShopRecord,
} from "./state";
import { CostThrottle } from "./throttle";
import { WebhookDispatcher, type Delivery, type DeliverySummary } from "./webhooks";

export { StateError } from "./state";
export { hmacOf } from "./webhooks";
export { signSessionToken, verifySessionToken } from "./oauth";
export type { FulfillmentSnapshot, OrderSnapshot, ProductSnapshot, ShopSnapshot, VariantSnapshot } from "./snapshots";
export type { DeliverySummary } from "./webhooks";
export type { MerchantFulfillInput } from "./fulfillments";
export type { OrderCreateOrderInput, OrderCreateOptionsInput } from "./orders";

export interface ShopifyEmulatorOptions {
  /** The app's client id (API key): `aud` of session tokens, `client_id` of the token endpoint. */
  clientId: string;
  /** The app's client secret: signs webhooks and session tokens. */
  clientSecret: string;
  /** Emulated seconds per real second, for the cost bucket and webhook retry backoff. */
  timeScale?: number;
  /** Enforce the cost-based rate limit (default true). */
  limitsEnabled?: boolean;
  /** Where webhooks go (`${appUrl}${uri}`); without it deliveries are logged as skipped. */
  appUrl?: string;
  /** The app TOML with access scopes and webhook subscriptions (default: the repository's shopify.app.toml). */
  appConfigPath?: string;
  /** Time the app has to answer a webhook (default 5000 ms, Shopify's limit). */
  webhookTimeoutMs?: number;
}

/** The app URL (setAppUrl) is where webhooks are delivered; retries keep the address of their event. */
export class ShopifyEmulator extends AppEmulator {
  readonly server: ShopifyEmulatorServer;
  readonly state: ShopifyState;
  readonly webhooks: WebhookDispatcher;
  readonly oauth: OAuthEndpoints;
  readonly throttle: CostThrottle;
  readonly config: AppConfig;

  constructor(readonly opts: ShopifyEmulatorOptions) {
    super();
    this.config = loadAppConfig(opts.appConfigPath ?? defaultAppConfigPath());
    if (opts.appUrl) this.setAppUrl(opts.appUrl);
    this.server = new ShopifyEmulatorServer("shopify", {
      timeScale: opts.timeScale,
      limitsEnabled: opts.limitsEnabled,
    });
    this.state = new ShopifyState(() => [...this.config.scopes]);
    this.throttle = new CostThrottle(this.server.timeScale, () => this.server.limits.enabled);
    this.webhooks = new WebhookDispatcher({
      clientSecret: opts.clientSecret,
      config: () => this.config,
      appUrl: () => this.appUrl,
      timeScale: this.server.timeScale,
      timeoutMs: opts.webhookTimeoutMs,
    });
    this.oauth = new OAuthEndpoints(this.state, {
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      scopes: () => [...this.config.scopes],
    });

    this.state.onEvent((e) => {
      switch (e.type) {
        case "fulfillment_created":
          if (e.shop.installed)
            this.webhooks.emit(e.shop.domain, "fulfillments/create", restFulfillment(e.order, e.fulfillment));
          break;
        case "fulfillment_updated":
          if (e.shop.installed)
            this.webhooks.emit(e.shop.domain, "fulfillments/update", restFulfillment(e.order, e.fulfillment));
          break;
        case "app_uninstalled":
          this.webhooks.emit(e.shop.domain, "app/uninstalled", restShop(e.shop));
          break;
        case "inventory_changed":
          if (e.shop.installed)
            this.webhooks.emit(e.shop.domain, "inventory_levels/update", restInventoryLevel(e.shop, e.variant));
          break;
        case "order_created":
          break;
      }
    });

    adminSchema(); // load the schema now, not on the first request
    this.server.route("POST", "/admin/api/:version/graphql.json", graphqlHandler(this.state, this.throttle));
    this.server.route("POST", "/admin/oauth/access_token", this.oauth.accessToken);
    this.server.route("GET", "/admin/oauth/authorize", this.oauth.authorize);
    this.server.onReset(() => this.resetState());
  }

  /** Drops all shops, deliveries and buckets (also `POST /__sandbox/reset`). */
  resetState(): void {
    this.state.reset();
    this.webhooks.reset();
    this.oauth.reset();
    this.throttle.reset();
  }

  // ---- in-process helpers, one per control route ----

  private shop(domain: string): ShopRecord {
    return this.state.requireShop(domain);
  }

  private order(shop: ShopRecord, orderId: string | number): OrderRecord {
    const id = idOf(orderId, "Order");
    const order = id === null ? null : this.state.order(shop, id);
    if (!order) throw new StateError(`shop ${shop.domain} has no order ${orderId}`, 404);
    return order;
  }

  createShop(input: NewShopInput): ShopSnapshot {
    return shopSnapshot(this.state.createShop(input));
  }

  listShops(): ShopSnapshot[] {
    return [...this.state.shops.values()].map(shopSnapshot);
  }

  getShop(domain: string): ShopSnapshot {
    return shopSnapshot(this.shop(domain));
  }

  addProduct(domain: string, input: NewProductInput): ProductSnapshot {
    const shop = this.shop(domain);
    return productSnapshot(this.state, shop, this.state.addProduct(shop, input));
  }

  listProducts(domain: string): ProductSnapshot[] {
    const shop = this.shop(domain);
    return shop.products.map((p) => productSnapshot(this.state, shop, p));
  }

  /** Sets the available quantity of a variant, by SKU or variant id. */
  setInventory(
    domain: string,
    input: { sku?: string; variantId?: string | number; quantity: number },
  ): VariantSnapshot {
    const shop = this.shop(domain);
    if (!Number.isInteger(input?.quantity)) throw new StateError("quantity must be an integer", 400);
    const vid = input.variantId !== undefined ? idOf(input.variantId, "ProductVariant") : null;
    const v =
      vid !== null
        ? this.state.variant(shop, vid)
        : input.sku !== undefined
          ? this.state.variantBySku(shop, input.sku)
          : null;
    if (!v) throw new StateError(`no variant ${input.sku ?? input.variantId}`, 404);
    v.inventoryQuantity = input.quantity;
    // The merchant's stock change, as Shopify tells it: inventory_levels/update (at the shop's first location).
    this.state.emit({ type: "inventory_changed", shop, variant: v });
    return variantSnapshot(shop, v);
  }

  /**
   * Creates an order as `orderCreate` would (same input shape). Convenience for seeding: a line with only
   * `sku` and `quantity` is matched to the shop's variant with that SKU.
   */
  createOrder(domain: string, input: OrderCreateOrderInput, options?: OrderCreateOptionsInput): OrderSnapshot {
    const shop = this.shop(domain);
    if (!input || typeof input !== "object") throw new StateError("body must be an OrderCreateOrderInput object", 400);
    const lineItems = (input.lineItems ?? []).map((l) => {
      if (l && l.variantId == null && l.title == null && typeof l.sku === "string") {
        const v = this.state.variantBySku(shop, l.sku);
        if (!v) throw new StateError(`no variant with SKU ${l.sku}`, 422);
        return { ...l, variantId: gid("ProductVariant", v.id) };
      }
      return l;
    });
    const r = createOrder(this.state, shop, { ...input, lineItems }, options);
    if (!r.order)
      throw new StateError(r.userErrors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; "), 422);
    return orderSnapshot(r.order);
  }

  listOrders(domain: string): OrderSnapshot[] {
    return this.shop(domain).orders.map(orderSnapshot);
  }

  getOrder(domain: string, orderId: string | number): OrderSnapshot {
    const shop = this.shop(domain);
    return orderSnapshot(this.order(shop, orderId));
  }

  /** The merchant fulfills in the admin; fires fulfillments/create. */
  fulfill(domain: string, orderId: string | number, input: MerchantFulfillInput = {}): FulfillmentSnapshot {
    const shop = this.shop(domain);
    const order = this.order(shop, orderId);
    return fulfillmentSnapshot(order, merchantFulfill(this.state, shop, order, input ?? {}));
  }

  /** The merchant edits tracking; fires fulfillments/update. */
  updateTracking(
    domain: string,
    fulfillmentId: string | number,
    input: {
      trackingCompany?: string | null;
      trackingNumber?: string | null;
      trackingUrl?: string | null;
      notifyCustomer?: boolean;
    },
  ): FulfillmentSnapshot {
    const shop = this.shop(domain);
    const id = idOf(fulfillmentId, "Fulfillment");
    const r = updateTracking(
      this.state,
      shop,
      id === null ? String(fulfillmentId) : gid("Fulfillment", id),
      {
        company: input?.trackingCompany ?? null,
        number: input?.trackingNumber ?? null,
        url: input?.trackingUrl ?? null,
      },
      input?.notifyCustomer,
    );
    if (!r.fulfillment || !r.order)
      throw new StateError(
        r.userErrors.map((e) => e.message).join("; "),
        r.userErrors[0]?.message.includes("does not exist") ? 404 : 422,
      );
    return fulfillmentSnapshot(r.order, r.fulfillment);
  }

  /** The merchant uninstalls the app: tokens revoked, app/uninstalled fired. */
  uninstall(domain: string): DeliverySummary[] {
    const shop = this.shop(domain);
    const before = new Set(this.webhooks.list().map((d) => d.id));
    this.state.uninstall(shop);
    return this.webhooks.list().filter((d) => !before.has(d.id));
  }

  /** The shop's tokens are refused (401) until restoreTokens; no webhook fires. */
  revokeTokens(domain: string): ShopSnapshot {
    const shop = this.shop(domain);
    this.state.revokeTokens(shop);
    return shopSnapshot(shop);
  }

  /** The shop's tokens are accepted again. */
  restoreTokens(domain: string): ShopSnapshot {
    const shop = this.shop(domain);
    this.state.restoreTokens(shop);
    return shopSnapshot(shop);
  }

  /** Reinstalls the app (a new offline token). */
  install(domain: string): ShopSnapshot {
    const shop = this.shop(domain);
    this.state.install(shop);
    return shopSnapshot(shop);
  }

  /** A session token (ID token) for the shop, as App Bridge would give the app. */
  sessionToken(domain: string, opts: { userId?: number; ttlSeconds?: number } = {}): string {
    const shop = this.shop(domain);
    return signSessionToken({
      shop: shop.domain,
      clientId: this.opts.clientId,
      clientSecret: this.opts.clientSecret,
      ...opts,
    });
  }

  /** An authorization code, as the merchant's approval of the install link gives the app. */
  oauthCode(domain: string): string {
    return this.oauth.issueCode(this.shop(domain).domain);
  }

  /** Fires any subscribed topic (e.g. the compliance topics) with a payload (defaults for compliance topics). */
  triggerWebhook(domain: string, topic: string, payload?: Record<string, unknown>): DeliverySummary[] {
    const shop = this.shop(domain);
    if (typeof topic !== "string" || !topic) throw new StateError("topic is required", 400);
    const body = payload ?? compliancePayload(shop, topic);
    const made = this.webhooks.emit(shop.domain, topic, body);
    if (!made.length) throw new StateError(`the app has no subscription for ${topic} in its TOML`, 422);
    return made.map((d) => this.webhooks.list().find((s) => s.id === d.id)!);
  }

  webhookLog(filter: { topic?: string; shop?: string } = {}): DeliverySummary[] {
    return this.webhooks.list(filter);
  }

  delivery(id: string): (DeliverySummary & { attemptsLog: Delivery["attempts"] }) | null {
    const d = this.webhooks.get(id);
    if (!d) return null;
    return { ...this.webhooks.list().find((s) => s.id === id)!, attemptsLog: d.attempts };
  }

  redeliver(id: string): DeliverySummary {
    const d = this.webhooks.redeliver(id);
    if (!d) throw new StateError(`no webhook delivery ${id}`, 404);
    return this.webhooks.list().find((s) => s.id === d.id)!;
  }

  /** Resolves when no webhook is being sent or waiting for a retry. */
  whenWebhooksIdle(): Promise<void> {
    return this.webhooks.whenIdle();
  }
}
