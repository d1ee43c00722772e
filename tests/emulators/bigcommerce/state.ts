/**
 * Everything the emulator remembers, per store: tokens, channels, users, catalog, orders (with their order
 * products, shipping addresses and shipments) and webhook subscriptions. Plain records and id sequences;
 * the rules live in orders.ts, shipments.ts and hooks.ts, the JSON shapes in views.ts. Changes that
 * BigCommerce announces by webhook are published as StateEvents (the emulator turns them into deliveries).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ControlError } from "./errors";
import { PLAN_QUOTAS, type Plan } from "./rate-limit";

/** GET /v2/order_statuses (docs/platform-facts.md#bc-order-statuses). */
export const ORDER_STATUSES: Record<number, string> = {
  0: "Incomplete",
  1: "Pending",
  2: "Shipped",
  3: "Partially Shipped",
  4: "Refunded",
  5: "Cancelled",
  6: "Declined",
  7: "Awaiting Payment",
  8: "Awaiting Pickup",
  9: "Awaiting Shipment",
  10: "Completed",
  11: "Awaiting Fulfillment",
  12: "Manual Verification Required",
  13: "Disputed",
  14: "Partially Refunded",
};
export const STATUS = { PENDING: 1, SHIPPED: 2, PARTIALLY_SHIPPED: 3, AWAITING_FULFILLMENT: 11 } as const;

export const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "street_1",
  "street_2",
  "city",
  "state",
  "zip",
  "country",
  "country_iso2",
  "phone",
  "email",
] as const;
export type Address = Record<(typeof ADDRESS_FIELDS)[number], string>;

export interface UserRecord {
  id: number;
  username: string;
  email: string;
  locale: string;
}

export interface ChannelRecord {
  id: number;
  name: string;
  type: string;
  platform: string;
  /** "active" and "prelaunch" count as enabled for new orders. */
  status: string;
}

export interface VariantRecord {
  id: number;
  productId: number;
  sku: string;
  skuId: number | null;
  price: number;
  inventoryLevel: number;
  upc: string;
  optionValues: { id: number; option_id: number; label: string; option_display_name: string }[];
}

export interface ProductRecord {
  id: number;
  name: string;
  sku: string;
  price: number;
  weight: number;
  inventoryTracking: "none" | "product" | "variant";
  variants: VariantRecord[];
  /** The variant that is the product itself (products without options); null when it has options. */
  baseVariantId: number | null;
  dateCreated: number;
  dateModified: number;
}

export interface OrderAddressRecord extends Address {
  id: number;
  orderId: number;
  shippingMethod: string;
  costExTax: number;
  costIncTax: number;
}

export interface OrderProductRecord {
  id: number;
  orderId: number;
  /** 0 for a custom product. */
  productId: number;
  variantId: number;
  orderAddressId: number;
  name: string;
  sku: string;
  upc: string;
  priceExTax: number;
  priceIncTax: number;
  quantity: number;
  quantityShipped: number;
}

export interface ShipmentRecord {
  id: number;
  orderId: number;
  orderAddressId: number;
  dateCreated: number;
  trackingNumber: string;
  trackingCarrier: string;
  trackingLink: string;
  shippingProvider: string;
  shippingMethod: string;
  comments: string;
  merchantShippingCost: number;
  items: { orderProductId: number; productId: number; quantity: number }[];
}

export interface OrderRecord {
  id: number;
  customerId: number;
  dateCreated: number;
  dateModified: number;
  dateShipped: number | null;
  statusId: number;
  channelId: number;
  billingAddress: Address;
  addresses: OrderAddressRecord[];
  products: OrderProductRecord[];
  shipments: ShipmentRecord[];
  externalSource: string | null;
  externalOrderId: string | null;
  externalMerchantId: string | null;
  staffNotes: string;
  customerMessage: string;
  paymentMethod: string;
  customerLocale: string;
  currencyCode: string;
  shippingCostExTax: number;
  shippingCostIncTax: number;
  handlingCostExTax: number;
  handlingCostIncTax: number;
  discountAmount: number;
  /** Paired overrides given at creation (subtotal_*, total_*); null: computed from the lines. */
  subtotalOverride: { exTax: number; incTax: number } | null;
  totalOverride: { exTax: number; incTax: number } | null;
  isDeleted: boolean;
}

export interface HookRecord {
  id: number;
  storeHash: string;
  clientId: string;
  scope: string;
  destination: string;
  headers: Record<string, string> | null;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface StoreRecord {
  hash: string;
  /** The numeric store id (`store_id` of webhook payloads). */
  id: number;
  name: string;
  currency: string;
  plan: Plan;
  quota: number;
  accountUuid: string;
  /** OAuth scopes granted to the app on this store (space-separated in OAuth answers). */
  scopes: string[];
  /** Tokens of the installed app (OAuth or seeded); they never expire, uninstall revokes them. */
  accessTokens: Set<string>;
  installed: boolean;
  owner: UserRecord;
  users: UserRecord[];
  channels: ChannelRecord[];
  products: ProductRecord[];
  orders: OrderRecord[];
  seq: {
    product: number;
    variant: number;
    order: number;
    orderProduct: number;
    address: number;
    shipment: number;
    channel: number;
    user: number;
  };
}

export type StateEvent =
  | { type: "order_created" | "order_updated" | "order_archived"; store: StoreRecord; order: OrderRecord }
  | { type: "order_status_changed"; store: StoreRecord; order: OrderRecord; previous: number; current: number }
  | {
      type: "shipment_created" | "shipment_updated" | "shipment_deleted";
      store: StoreRecord;
      order: OrderRecord;
      shipment: ShipmentRecord;
    }
  | { type: "app_uninstalled"; store: StoreRecord }
  | { type: "inventory_changed"; store: StoreRecord; product: ProductRecord; variant: VariantRecord };

export interface NewStoreInput {
  storeHash: string;
  name?: string;
  accessToken?: string;
  plan?: Plan;
  /** Requests per 30 s window; defaults to the plan's quota. */
  quota?: number;
  currency?: string;
  /** Scopes granted to the app (default: the emulator's app scopes). */
  scopes?: string[];
}

/** A BigCommerce-looking access token (31 lowercase alphanumerics). */
export function newAccessToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(31)].map((b) => alphabet[b % alphabet.length]).join("");
}

export function emptyAddress(): Address {
  return Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, ""])) as Address;
}

export class BigCommerceState {
  readonly stores = new Map<string, StoreRecord>();
  private readonly tokens = new Map<string, string>();
  /** Stores whose tokens are refused for now (refuseTokens), the tokens kept for a restore. */
  private readonly refusedStores = new Set<string>();
  private readonly listeners: ((e: StateEvent) => void)[] = [];
  private storeSeq = 0;
  private hookSeq = 0;
  readonly hooks: HookRecord[] = [];

  constructor(private readonly defaultScopes: () => string[]) {}

  onEvent(fn: (e: StateEvent) => void): void {
    this.listeners.push(fn);
  }

  emit(e: StateEvent): void {
    for (const l of this.listeners) l(e);
  }

  reset(): void {
    this.stores.clear();
    this.tokens.clear();
    this.refusedStores.clear();
    this.hooks.length = 0;
    this.storeSeq = 0;
    this.hookSeq = 0;
  }

  createStore(input: NewStoreInput): StoreRecord {
    if (!input || typeof input !== "object") throw new ControlError(400, "body must be a JSON object");
    const hash = input.storeHash;
    if (typeof hash !== "string" || !/^[a-z0-9]{1,32}$/.test(hash))
      throw new ControlError(400, "storeHash must be 1-32 lowercase letters or digits");
    if (this.stores.has(hash)) throw new ControlError(409, `store ${hash} already exists`);
    if (input.plan !== undefined && !(input.plan in PLAN_QUOTAS))
      throw new ControlError(400, `plan must be one of ${Object.keys(PLAN_QUOTAS).join(", ")}`);
    if (input.quota !== undefined && (!Number.isInteger(input.quota) || input.quota < 1))
      throw new ControlError(400, "quota must be a positive integer");
    if (input.accessToken !== undefined && (typeof input.accessToken !== "string" || !input.accessToken))
      throw new ControlError(400, "accessToken must be a non-empty string");
    if (input.accessToken && this.tokens.has(input.accessToken))
      throw new ControlError(409, "accessToken is already used by another store");
    if (input.scopes !== undefined && (!Array.isArray(input.scopes) || input.scopes.some((s) => typeof s !== "string")))
      throw new ControlError(400, "scopes must be an array of strings");
    const n = ++this.storeSeq;
    const plan = input.plan ?? "standard";
    const owner: UserRecord = {
      id: 9_000 + n,
      username: `owner@${hash}.example`,
      email: `owner@${hash}.example`,
      locale: "en-US",
    };
    const store: StoreRecord = {
      hash,
      id: 1_000_000 + n,
      name: input.name ?? `Store ${hash}`,
      currency: input.currency ?? "USD",
      plan,
      quota: input.quota ?? PLAN_QUOTAS[plan],
      accountUuid: randomUUID(),
      scopes: [...(input.scopes ?? this.defaultScopes())],
      accessTokens: new Set(),
      installed: true,
      owner,
      users: [owner],
      channels: [
        { id: 1, name: input.name ?? `Store ${hash}`, type: "storefront", platform: "bigcommerce", status: "active" },
      ],
      products: [],
      orders: [],
      seq: { product: 110, variant: 70, order: 99, orderProduct: 0, address: 0, shipment: 0, channel: 1000, user: 0 },
    };
    this.stores.set(hash, store);
    this.issueToken(store, input.accessToken);
    return store;
  }

  store(hash: string): StoreRecord | undefined {
    return this.stores.get(hash);
  }

  requireStore(hash: string): StoreRecord {
    const s = this.stores.get(hash);
    if (!s) throw new ControlError(404, `no store ${hash}`);
    return s;
  }

  /** The store a token belongs to (undefined for unknown or revoked tokens). */
  storeForToken(token: string | undefined): StoreRecord | undefined {
    if (!token) return undefined;
    const hash = this.tokens.get(token);
    return hash && !this.refusedStores.has(hash) ? this.stores.get(hash) : undefined;
  }

  /** The store's tokens are refused (401) while `refused`, kept as they are for when it is lifted. */
  refuseTokens(store: StoreRecord, refused: boolean): void {
    if (refused) this.refusedStores.add(store.hash);
    else this.refusedStores.delete(store.hash);
  }

  issueToken(store: StoreRecord, token = newAccessToken()): string {
    store.accessTokens.add(token);
    store.installed = true;
    this.tokens.set(token, store.hash);
    return token;
  }

  revokeTokens(store: StoreRecord): void {
    for (const t of store.accessTokens) this.tokens.delete(t);
    store.accessTokens.clear();
  }

  addUser(store: StoreRecord, email?: string): UserRecord {
    const n = ++store.seq.user;
    const user: UserRecord = {
      id: store.owner.id + n * 10,
      username: email ?? `staff${n}@${store.hash}.example`,
      email: email ?? `staff${n}@${store.hash}.example`,
      locale: "en-US",
    };
    store.users.push(user);
    return user;
  }

  order(store: StoreRecord, id: number): OrderRecord | undefined {
    return store.orders.find((o) => o.id === id && !o.isDeleted);
  }

  variantBySku(store: StoreRecord, sku: string): VariantRecord | undefined {
    for (const p of store.products) for (const v of p.variants) if (v.sku === sku) return v;
    return undefined;
  }

  product(store: StoreRecord, id: number): ProductRecord | undefined {
    return store.products.find((p) => p.id === id);
  }

  addHook(h: Omit<HookRecord, "id">): HookRecord {
    const hook: HookRecord = { id: 22_561_590 + ++this.hookSeq, ...h };
    this.hooks.push(hook);
    return hook;
  }

  hooksOf(storeHash: string, clientId?: string): HookRecord[] {
    return this.hooks.filter((h) => h.storeHash === storeHash && (clientId === undefined || h.clientId === clientId));
  }

  removeHook(id: number): void {
    const i = this.hooks.findIndex((h) => h.id === id);
    if (i >= 0) this.hooks.splice(i, 1);
  }
}
