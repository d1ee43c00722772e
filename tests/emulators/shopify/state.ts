/**
 * The emulator's data: shops (each with its access tokens, one location, products, orders), held in memory.
 * Records are plain data; GraphQL views (resolvers.ts), REST payloads (rest-payloads.ts) and the control API
 * read them. Changes that Shopify announces by webhook are emitted as StateEvents (webhooks.ts listens).
 */
import { randomBytes } from "node:crypto";
import { IdSequence } from "./ids";
import { isDecimal, toMinor } from "./money";

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface LocationRecord {
  id: number;
  name: string;
  address: Omit<AddressRecord, "id" | "firstName" | "lastName" | "company">;
  createdAt: string;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  variantIds: number[];
}

export interface VariantRecord {
  id: number;
  productId: number;
  inventoryItemId: number;
  sku: string | null;
  title: string;
  /** Minor units in the shop currency. */
  price: number;
  barcode: string | null;
  inventoryQuantity: number;
  inventoryPolicy: "DENY" | "CONTINUE";
  requiresShipping: boolean;
  taxable: boolean;
  grams: number;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface TaxLineRecord {
  title: string;
  rate: number;
  /** Minor units. */
  price: number;
  channelLiable: boolean;
}

export interface LineItemRecord {
  id: number;
  variantId: number | null;
  productId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  /** Unit price, minor units in the order currency. */
  price: number;
  /** Discount allocated to the whole line, minor units. */
  discount: number;
  requiresShipping: boolean;
  taxable: boolean;
  giftCard: boolean;
  grams: number;
  properties: { name: string; value: string }[];
  taxLines: TaxLineRecord[];
}

export interface ShippingLineRecord {
  id: number;
  title: string;
  code: string | null;
  source: string | null;
  price: number;
  discount: number;
  taxLines: TaxLineRecord[];
}

export interface FulfillmentOrderLineRecord {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderRecord {
  id: number;
  locationId: number;
  status: "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED";
  lineItems: FulfillmentOrderLineRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface TrackingRecord {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentLineRecord {
  id: number;
  lineItemId: number;
  fulfillmentOrderId: number;
  fulfillmentOrderLineItemId: number;
  quantity: number;
}

export interface FulfillmentRecord {
  id: number;
  orderId: number;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  locationId: number;
  tracking: TrackingRecord[];
  lineItems: FulfillmentLineRecord[];
  notifyCustomer: boolean;
  shipmentStatus: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerRecord {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

export type FinancialStatus =
  "PENDING" | "AUTHORIZED" | "PARTIALLY_PAID" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED" | "EXPIRED";

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  currency: string;
  presentmentCurrency: string;
  sourceName: string | null;
  sourceIdentifier: string | null;
  sourceUrl: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  poNumber: string | null;
  tags: string[];
  customAttributes: { key: string; value: string }[];
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  customer: CustomerRecord | null;
  lineItems: LineItemRecord[];
  shippingLines: ShippingLineRecord[];
  /** Order-level tax lines (in addition to the lines' own). */
  taxLines: TaxLineRecord[];
  discountCodes: string[];
  taxesIncluded: boolean;
  financialStatus: FinancialStatus;
  test: boolean;
  fulfillmentOrders: FulfillmentOrderRecord[];
  fulfillments: FulfillmentRecord[];
  processedAt: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  cancelledAt: string | null;
  /** OrderCancelReason, once cancelled. */
  cancelReason: string | null;
  /** Where Shopify emailed the order confirmation (`sendReceipt` with an email on the order); null: none sent. */
  receiptSentTo: string | null;
}

export interface ShopRecord {
  id: number;
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  scopes: string[];
  installed: boolean;
  accessToken: string;
  createdAt: string;
  locations: LocationRecord[];
  products: ProductRecord[];
  variants: VariantRecord[];
  orders: OrderRecord[];
  nextOrderNumber: number;
}

export interface TokenRecord {
  domain: string;
  kind: "offline" | "online";
  /** Epoch ms; online tokens only. */
  expiresAt?: number;
  userId?: number;
}

export type StateEvent =
  | { type: "order_created"; shop: ShopRecord; order: OrderRecord }
  | { type: "fulfillment_created"; shop: ShopRecord; order: OrderRecord; fulfillment: FulfillmentRecord }
  | { type: "fulfillment_updated"; shop: ShopRecord; order: OrderRecord; fulfillment: FulfillmentRecord }
  | { type: "app_uninstalled"; shop: ShopRecord }
  | { type: "inventory_changed"; shop: ShopRecord; variant: VariantRecord };

/** A problem with a control-API request (HTTP 4xx). */
export class StateError extends Error {
  constructor(
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

export interface NewShopInput {
  domain: string;
  name?: string;
  email?: string;
  currencyCode?: string;
  accessToken?: string;
  scopes?: string[];
}

export interface NewProductInput {
  title: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  variants: {
    sku?: string | null;
    title?: string;
    price: string | number;
    inventoryQuantity?: number;
    inventoryPolicy?: "DENY" | "CONTINUE";
    requiresShipping?: boolean;
    taxable?: boolean;
    barcode?: string | null;
    grams?: number;
  }[];
}

/** Shopify's DateTime format: seconds precision, UTC. */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function normalizeDomain(domain: string): string {
  const d = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  return d.includes(".") ? d : `${d}.myshopify.com`;
}

export function newAccessToken(): string {
  return `shpat_${randomBytes(16).toString("hex")}`;
}

export class ShopifyState {
  readonly ids = new IdSequence();
  readonly shops = new Map<string, ShopRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Shops whose tokens are refused for now (revokeTokens), the tokens kept for restoreTokens. */
  readonly refusedShops = new Set<string>();
  private readonly listeners: ((e: StateEvent) => void)[] = [];

  constructor(private readonly defaultScopes: () => string[]) {}

  onEvent(fn: (e: StateEvent) => void): void {
    this.listeners.push(fn);
  }

  emit(e: StateEvent): void {
    for (const l of this.listeners) l(e);
  }

  reset(): void {
    this.shops.clear();
    this.tokens.clear();
    this.refusedShops.clear();
    this.ids.reset();
  }

  // ---- shops and tokens ----

  createShop(input: NewShopInput): ShopRecord {
    if (!input || typeof input.domain !== "string" || !input.domain.trim())
      throw new StateError("domain is required", 400);
    const domain = normalizeDomain(input.domain);
    if (this.shops.has(domain)) throw new StateError(`shop ${domain} already exists`, 409);
    const currencyCode = (input.currencyCode ?? "USD").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currencyCode)) throw new StateError("currencyCode must be an ISO 4217 code", 400);
    if (input.accessToken !== undefined && (typeof input.accessToken !== "string" || !input.accessToken)) {
      throw new StateError("accessToken must be a non-empty string", 400);
    }
    if (input.accessToken && this.tokens.has(input.accessToken))
      throw new StateError("accessToken is already in use", 409);
    if (
      input.scopes !== undefined &&
      (!Array.isArray(input.scopes) || input.scopes.some((s) => typeof s !== "string"))
    ) {
      throw new StateError("scopes must be an array of scope names", 400);
    }
    const created = nowIso();
    const handle = domain.split(".")[0];
    const shop: ShopRecord = {
      id: this.ids.take(),
      domain,
      name: input.name ?? handle,
      email: input.email ?? `owner@${handle}.example`,
      currencyCode,
      scopes: input.scopes ?? this.defaultScopes(),
      installed: true,
      accessToken: input.accessToken ?? newAccessToken(),
      createdAt: created,
      locations: [
        {
          id: this.ids.take(),
          name: "Shop location",
          address: {
            address1: "1 Main Street",
            address2: null,
            city: "Ottawa",
            province: "Ontario",
            provinceCode: "ON",
            country: "Canada",
            countryCode: "CA",
            zip: "K1A 0B1",
            phone: null,
          },
          createdAt: created,
        },
      ],
      products: [],
      variants: [],
      orders: [],
      nextOrderNumber: 1001,
    };
    this.shops.set(domain, shop);
    this.tokens.set(shop.accessToken, { domain, kind: "offline" });
    return shop;
  }

  shop(domain: string): ShopRecord | null {
    return this.shops.get(normalizeDomain(domain)) ?? null;
  }

  requireShop(domain: string): ShopRecord {
    const s = this.shop(domain);
    if (!s) throw new StateError(`no shop ${domain}`, 404);
    return s;
  }

  /** The installed shop an access token belongs to, or null (unknown, revoked or expired token). */
  shopByToken(token: string | undefined): ShopRecord | null {
    if (!token) return null;
    const t = this.tokens.get(token);
    if (!t) return null;
    if (t.expiresAt !== undefined && t.expiresAt < Date.now()) return null;
    const shop = this.shops.get(t.domain);
    return shop && shop.installed && !this.refusedShops.has(shop.domain) ? shop : null;
  }

  /** Every token of the shop is refused (401) from now on, without an uninstall: the app's grant was withdrawn. */
  revokeTokens(shop: ShopRecord): void {
    this.refusedShops.add(shop.domain);
  }

  /** The shop's tokens are accepted again (the grant restored on Shopify's side). */
  restoreTokens(shop: ShopRecord): void {
    this.refusedShops.delete(shop.domain);
  }

  /** (Re)installs the app on a shop: a revoked offline token is replaced by a new one. */
  install(shop: ShopRecord): void {
    if (shop.installed) return;
    shop.installed = true;
    shop.accessToken = newAccessToken();
    this.tokens.set(shop.accessToken, { domain: shop.domain, kind: "offline" });
  }

  issueOnlineToken(shop: ShopRecord, userId: number, ttlSeconds: number): string {
    const token = newAccessToken();
    this.tokens.set(token, { domain: shop.domain, kind: "online", userId, expiresAt: Date.now() + ttlSeconds * 1000 });
    return token;
  }

  /** Uninstalls the app: every token of the shop is revoked; data stays (as in Shopify, until shop/redact). */
  uninstall(shop: ShopRecord): void {
    if (!shop.installed) throw new StateError(`the app is not installed on ${shop.domain}`, 409);
    shop.installed = false;
    for (const [token, t] of this.tokens) if (t.domain === shop.domain) this.tokens.delete(token);
    this.emit({ type: "app_uninstalled", shop });
  }

  // ---- catalog ----

  addProduct(shop: ShopRecord, input: NewProductInput): ProductRecord {
    if (!input || typeof input.title !== "string" || !input.title.trim())
      throw new StateError("title is required", 400);
    const variants = input.variants ?? [];
    if (!Array.isArray(variants) || variants.length === 0)
      throw new StateError("variants must be a non-empty array", 400);
    for (const [i, v] of variants.entries()) {
      if (!isDecimal(v?.price))
        throw new StateError(`variants[${i}].price must be a decimal string such as "19.99"`, 400);
      if (v.inventoryQuantity !== undefined && !Number.isInteger(v.inventoryQuantity)) {
        throw new StateError(`variants[${i}].inventoryQuantity must be an integer`, 400);
      }
    }
    const created = nowIso();
    const product: ProductRecord = {
      id: this.ids.take(),
      title: input.title,
      handle:
        input.title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "") || "product",
      vendor: input.vendor ?? shop.name,
      productType: input.productType ?? "",
      tags: input.tags ?? [],
      createdAt: created,
      updatedAt: created,
      variantIds: [],
    };
    variants.forEach((v, i) => {
      const variant: VariantRecord = {
        id: this.ids.take(),
        productId: product.id,
        inventoryItemId: this.ids.take(),
        sku: v.sku ?? null,
        title: v.title ?? (variants.length === 1 ? "Default Title" : (v.sku ?? `Variant ${i + 1}`)),
        price: toMinor(v.price, shop.currencyCode),
        barcode: v.barcode ?? null,
        inventoryQuantity: v.inventoryQuantity ?? 0,
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        requiresShipping: v.requiresShipping ?? true,
        taxable: v.taxable ?? true,
        grams: v.grams ?? 0,
        position: i + 1,
        createdAt: created,
        updatedAt: created,
      };
      shop.variants.push(variant);
      product.variantIds.push(variant.id);
    });
    shop.products.push(product);
    return product;
  }

  product(shop: ShopRecord, id: number): ProductRecord | null {
    return shop.products.find((p) => p.id === id) ?? null;
  }

  variant(shop: ShopRecord, id: number): VariantRecord | null {
    return shop.variants.find((v) => v.id === id) ?? null;
  }

  variantBySku(shop: ShopRecord, sku: string): VariantRecord | null {
    return shop.variants.find((v) => v.sku === sku) ?? null;
  }

  location(shop: ShopRecord, id: number): LocationRecord | null {
    return shop.locations.find((l) => l.id === id) ?? null;
  }

  // ---- orders ----

  order(shop: ShopRecord, id: number): OrderRecord | null {
    return shop.orders.find((o) => o.id === id) ?? null;
  }

  fulfillmentOrder(shop: ShopRecord, id: number): { order: OrderRecord; fo: FulfillmentOrderRecord } | null {
    for (const order of shop.orders) {
      const fo = order.fulfillmentOrders.find((f) => f.id === id);
      if (fo) return { order, fo };
    }
    return null;
  }

  fulfillment(shop: ShopRecord, id: number): { order: OrderRecord; fulfillment: FulfillmentRecord } | null {
    for (const order of shop.orders) {
      const fulfillment = order.fulfillments.find((f) => f.id === id);
      if (fulfillment) return { order, fulfillment };
    }
    return null;
  }

  lineItem(shop: ShopRecord, id: number): { order: OrderRecord; line: LineItemRecord } | null {
    for (const order of shop.orders) {
      const line = order.lineItems.find((l) => l.id === id);
      if (line) return { order, line };
    }
    return null;
  }
}

// ---- derived order figures ----

export function fulfilledQuantity(order: OrderRecord, lineItemId: number): number {
  let n = 0;
  for (const f of order.fulfillments) {
    if (f.status !== "SUCCESS") continue;
    for (const l of f.lineItems) if (l.lineItemId === lineItemId) n += l.quantity;
  }
  return n;
}

export function unfulfilledQuantity(order: OrderRecord, line: LineItemRecord): number {
  return Math.max(0, line.quantity - fulfilledQuantity(order, line.id));
}

export type DisplayFulfillmentStatus = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";

export function displayFulfillmentStatus(order: OrderRecord): DisplayFulfillmentStatus {
  const total = order.lineItems.reduce((s, l) => s + l.quantity, 0);
  const done = order.lineItems.reduce((s, l) => s + Math.min(l.quantity, fulfilledQuantity(order, l.id)), 0);
  if (done === 0) return "UNFULFILLED";
  return done >= total ? "FULFILLED" : "PARTIALLY_FULFILLED";
}

export interface OrderTotals {
  /** Line items after their discounts. */
  subtotal: number;
  /** Shipping before discounts (Shopify's totalShippingPriceSet). */
  shipping: number;
  tax: number;
  discounts: number;
  total: number;
}

export function orderTotals(order: OrderRecord): OrderTotals {
  const lines = order.lineItems.reduce((s, l) => s + l.price * l.quantity - l.discount, 0);
  const shipping = order.shippingLines.reduce((s, l) => s + l.price, 0);
  const shippingDiscount = order.shippingLines.reduce((s, l) => s + l.discount, 0);
  const tax =
    order.taxLines.reduce((s, t) => s + t.price, 0) +
    order.lineItems.reduce((s, l) => s + l.taxLines.reduce((a, t) => a + t.price, 0), 0) +
    order.shippingLines.reduce((s, l) => s + l.taxLines.reduce((a, t) => a + t.price, 0), 0);
  const discounts = order.lineItems.reduce((s, l) => s + l.discount, 0) + shippingDiscount;
  const total = lines + shipping - shippingDiscount + (order.taxesIncluded ? 0 : tax);
  return { subtotal: lines, shipping, tax, discounts, total };
}
