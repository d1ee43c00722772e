/**
 * The emulator's state: apps (client id/secret, RuNames), sellers ("users") and their orders with line
 * items and shipping fulfillments. Orders are held in one neutral shape; order-view.ts renders the API's
 * `Order`, sandbox-view.ts the control API's view.
 *
 * Money is held in integer minor units of the order's currency; timestamps as wall-clock epoch ms from the
 * emulator's clock (see ../amazon/clock.ts).
 */
import { buyerUserIdFor, IdGenerator, legacyItemIdForSku, ORDER_ID_RE } from "./ids";
import { ControlError, requireString, parseDate, parseMoney } from "../kit/seed-input";
export { ControlError };

export const FULFILLMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment";
export const FULFILLMENT_READONLY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly";
export const PUBLIC_SCOPE = "https://api.ebay.com/oauth/api_scope";
/** What a seeded user granted, unless the seed says otherwise. */
export const DEFAULT_USER_SCOPES = [PUBLIC_SCOPE, FULFILLMENT_SCOPE, FULFILLMENT_READONLY_SCOPE];

export const PAYMENT_STATUSES = ["PAID", "PENDING", "FAILED"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type CancelState = "NONE_REQUESTED" | "IN_PROGRESS" | "CANCELED";
export type FulfillmentStatus = "NOT_STARTED" | "IN_PROGRESS" | "FULFILLED";

/** eBay marketplaces the emulator knows: currency and the country of default addresses. */
export const MARKETPLACES: Readonly<Record<string, { currency: string; countryCode: string }>> = {
  EBAY_US: { currency: "USD", countryCode: "US" },
  EBAY_GB: { currency: "GBP", countryCode: "GB" },
  EBAY_DE: { currency: "EUR", countryCode: "DE" },
  EBAY_FR: { currency: "EUR", countryCode: "FR" },
  EBAY_IT: { currency: "EUR", countryCode: "IT" },
  EBAY_ES: { currency: "EUR", countryCode: "ES" },
  EBAY_CA: { currency: "CAD", countryCode: "CA" },
  EBAY_AU: { currency: "AUD", countryCode: "AU" },
};

export interface App {
  clientId: string;
  clientSecret: string;
  /** RuName → accept URL (where consent redirects; none: the consent endpoint answers JSON). */
  ruNames: Map<string, string | null>;
}

export interface User {
  username: string;
  userId: string;
  clientId: string;
  marketplaceId: string;
  scopes: string[];
  /** Closed by the user (after an account-deletion notification): its tokens stop working. */
  deleted: boolean;
}

export interface ContactAddress {
  addressLine1: string;
  addressLine2?: string;
  city: string;
  stateOrProvince?: string;
  postalCode?: string;
  countryCode: string;
  county?: string;
}

export interface ShipTo {
  fullName: string;
  companyName?: string;
  email?: string;
  phoneNumber?: string;
  contactAddress: ContactAddress;
}

export interface LineItem {
  lineItemId: string;
  legacyItemId: string;
  sku?: string;
  title: string;
  quantity: number;
  /** Minor units, per unit. */
  unitPrice: number;
  /** Minor units, the whole line's price when it is not unitPrice × quantity (a volume price: 10.00 for 3). */
  lineCost?: number;
  /** Minor units, for the whole line. */
  shippingCost: number;
  /** Minor units, for the whole line. */
  tax: number;
}

export interface Fulfillment {
  fulfillmentId: string;
  lineItems: { lineItemId: string; quantity: number }[];
  shippingCarrierCode?: string;
  trackingNumber?: string;
  /** As sent (ISO 8601), or the time of creation. */
  shippedDate: string;
  /** Our API (`createShippingFulfillment`) or the seller by hand in Seller Hub. */
  source: "api" | "sellerHub";
  createdAt: number;
}

export interface Order {
  orderId: string;
  username: string;
  buyerUsername: string;
  marketplaceId: string;
  currency: string;
  creationDate: number;
  lastModifiedDate: number;
  paymentStatus: PaymentStatus;
  paymentDate?: number;
  paymentReferenceId: string;
  cancelState: CancelState;
  cancelledDate?: number;
  salesRecordReference: string;
  shippingServiceCode: string;
  shippingCarrierCode: string;
  shipTo: ShipTo;
  /** Which field name the address uses for the country: `countryCode` (spec) or `country` (one spec copy). */
  addressCountryField: "countryCode" | "country";
  lineItems: LineItem[];
  /** Minor units, positive: the seller's discount on the items (pricingSummary.priceDiscount, shown negative). */
  priceDiscount: number;
  fulfillments: Fulfillment[];
}

/** A control-API error: the status to answer and a message for the developer. */

export interface SeedUserInput {
  username: string;
  userId?: string;
  clientId: string;
  clientSecret: string;
  /** A refresh token the user already granted the app (good for 18 emulated months). */
  refreshToken: string;
  ruName?: string;
  /** Where the consent page redirects for `ruName` (the RuName's "accept URL" in the developer portal). */
  acceptUrl?: string;
  scopes?: string[];
  marketplaceId?: string;
}

export interface SeedItemInput {
  sku?: string;
  title: string;
  quantity: number;
  /** Decimal string per unit, e.g. "19.99". */
  unitPrice: string;
  /** The whole line's price, decimal string, when it does not divide by the quantity (e.g. "10.00" for 3). */
  lineItemCost?: string;
  /** Shipping charged for the whole line, decimal string (default "0.00"). */
  shippingCost?: string;
  /** Tax for the whole line, decimal string (default "0.00"). */
  tax?: string;
}

export interface SeedOrderInput {
  username: string;
  items: SeedItemInput[];
  orderId?: string;
  buyerUsername?: string;
  /** camelCase `ShipTo`-like object: fullName, companyName, email, phoneNumber, contactAddress{...} (or the address fields at top level). */
  shipTo?: Record<string, unknown>;
  currency?: string;
  marketplaceId?: string;
  /** ISO 8601; default now. */
  creationDate?: string;
  /** ISO 8601; default creationDate. */
  lastModifiedDate?: string;
  paymentStatus?: PaymentStatus;
  shippingServiceCode?: string;
  /** Render the address country as `country` instead of `countryCode` (one spec copy does). */
  addressCountryField?: "countryCode" | "country";
  /** The seller's discount on the order's items, decimal string, positive (e.g. a promotion of "5.00"). */
  priceDiscount?: string;
}

export interface ShipOnMarketplaceInput {
  shippingCarrierCode?: string;
  trackingNumber?: string;
  /** Default: every unshipped unit. */
  lineItems?: { lineItemId: string; quantity?: number }[];
  /** ISO 8601; default now. */
  shippedDate?: string;
}

const DAY = 86_400_000;

function optionalString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  return requireString(v, field);
}

function parseShipTo(raw: unknown, countryCode: string): ShipTo {
  const defaults: ShipTo = {
    fullName: "Jordan Ellis",
    phoneNumber: "2065550100",
    contactAddress: {
      addressLine1: "2121 7th Ave",
      addressLine2: "Apt 4B",
      city: "Seattle",
      stateOrProvince: "WA",
      postalCode: "98121",
      countryCode,
    },
  };
  if (raw === undefined || raw === null) return defaults;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ControlError(400, "shipTo must be an object");
  const s = raw as Record<string, unknown>;
  const a = (s.contactAddress && typeof s.contactAddress === "object" ? s.contactAddress : s) as Record<
    string,
    unknown
  >;
  const str = (o: Record<string, unknown>, k: string) =>
    typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined;
  const primaryPhone = s.primaryPhone as { phoneNumber?: unknown } | undefined;
  const out: ShipTo = {
    fullName: str(s, "fullName") ?? defaults.fullName,
    contactAddress: {
      addressLine1: str(a, "addressLine1") ?? defaults.contactAddress.addressLine1,
      city: str(a, "city") ?? defaults.contactAddress.city,
      countryCode: (str(a, "countryCode") ?? str(a, "country") ?? countryCode).toUpperCase(),
    },
  };
  for (const k of ["addressLine2", "stateOrProvince", "postalCode", "county"] as const) {
    const v = str(a, k);
    if (v !== undefined) out.contactAddress[k] = v;
  }
  const company = str(s, "companyName");
  if (company) out.companyName = company;
  const email = str(s, "email");
  if (email) out.email = email;
  const phone =
    str(s, "phoneNumber") ?? (typeof primaryPhone?.phoneNumber === "string" ? primaryPhone.phoneNumber : undefined);
  if (phone) out.phoneNumber = phone;
  return out;
}

export function lineItemShipped(order: Order, lineItemId: string): number {
  let n = 0;
  for (const f of order.fulfillments) for (const l of f.lineItems) if (l.lineItemId === lineItemId) n += l.quantity;
  return n;
}

export function lineItemStatus(order: Order, item: LineItem): FulfillmentStatus {
  const shipped = lineItemShipped(order, item.lineItemId);
  if (shipped <= 0) return "NOT_STARTED";
  return shipped >= item.quantity ? "FULFILLED" : "IN_PROGRESS";
}

export function orderFulfillmentStatus(order: Order): FulfillmentStatus {
  const statuses = order.lineItems.map((i) => lineItemStatus(order, i));
  if (statuses.every((s) => s === "FULFILLED")) return "FULFILLED";
  if (statuses.every((s) => s === "NOT_STARTED")) return "NOT_STARTED";
  return "IN_PROGRESS";
}

export class EbayState {
  readonly apps = new Map<string, App>();
  readonly users = new Map<string, User>();
  readonly orders = new Map<string, Order>();
  readonly ids = new IdGenerator();
  private salesRecord = 1000;

  reset(): void {
    this.apps.clear();
    this.users.clear();
    this.orders.clear();
    this.ids.reset();
    this.salesRecord = 1000;
  }

  /** Registers (or updates) the user and its app. The caller registers the refresh token (oauth.ts). */
  addUser(input: SeedUserInput): User {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const username = requireString(b.username, "username");
    const clientId = requireString(b.clientId, "clientId");
    const clientSecret = requireString(b.clientSecret, "clientSecret");
    requireString(b.refreshToken, "refreshToken");
    const ruName = optionalString(b.ruName, "ruName");
    const acceptUrl = optionalString(b.acceptUrl, "acceptUrl");
    if (acceptUrl !== undefined && !/^https?:\/\//.test(acceptUrl))
      throw new ControlError(400, "acceptUrl must be an http(s) URL");
    const marketplaceId = optionalString(b.marketplaceId, "marketplaceId") ?? "EBAY_US";
    if (!MARKETPLACES[marketplaceId])
      throw new ControlError(400, `marketplaceId must be one of ${Object.keys(MARKETPLACES).join(", ")}`);
    let scopes = DEFAULT_USER_SCOPES;
    if (b.scopes !== undefined) {
      if (!Array.isArray(b.scopes) || !b.scopes.every((s) => typeof s === "string" && s !== "")) {
        throw new ControlError(400, "scopes must be an array of scope URLs");
      }
      scopes = [...new Set(b.scopes as string[])];
    }
    const app = this.apps.get(clientId);
    if (app && app.clientSecret !== clientSecret) {
      throw new ControlError(409, `app ${clientId} already has another clientSecret`);
    }
    const theApp = app ?? { clientId, clientSecret, ruNames: new Map() };
    if (ruName !== undefined) theApp.ruNames.set(ruName, acceptUrl ?? theApp.ruNames.get(ruName) ?? null);
    this.apps.set(clientId, theApp);
    const user: User = {
      username,
      userId: optionalString(b.userId, "userId") ?? `u${this.ids.digits(10)}`,
      clientId,
      marketplaceId,
      scopes,
      deleted: false,
    };
    this.users.set(username, user);
    return user;
  }

  user(username: string): User | undefined {
    return this.users.get(username);
  }

  /** A buyer named on some order (buyers are not seeded as users), for account-deletion notices about them. */
  buyer(username: string): { username: string; userId: string } | undefined {
    const known = [...this.orders.values()].some((o) => o.buyerUsername === username);
    return known ? { username, userId: buyerUserIdFor(username) } : undefined;
  }

  addOrder(input: SeedOrderInput, now: number): Order {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const username = requireString(b.username, "username");
    const user = this.users.get(username);
    if (!user) throw new ControlError(404, `unknown user ${username}; POST /__sandbox/users first`);

    const marketplaceId = optionalString(b.marketplaceId, "marketplaceId") ?? user.marketplaceId;
    const market = MARKETPLACES[marketplaceId];
    if (!market) throw new ControlError(400, `marketplaceId must be one of ${Object.keys(MARKETPLACES).join(", ")}`);
    const currency = (optionalString(b.currency, "currency") ?? market.currency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new ControlError(400, "currency must be an ISO 4217 code");

    let orderId: string;
    if (b.orderId !== undefined) {
      orderId = requireString(b.orderId, "orderId");
      if (!ORDER_ID_RE.test(orderId)) throw new ControlError(400, "orderId must look like 12-34567-89012");
      if (this.orders.has(orderId)) throw new ControlError(409, `order ${orderId} already exists`);
    } else {
      do orderId = this.ids.orderId();
      while (this.orders.has(orderId));
    }

    const paymentStatus = (b.paymentStatus ?? "PAID") as PaymentStatus;
    if (!(PAYMENT_STATUSES as readonly string[]).includes(paymentStatus)) {
      throw new ControlError(400, `paymentStatus must be one of ${PAYMENT_STATUSES.join(", ")}`);
    }
    const creationDate = parseDate(b.creationDate, "creationDate") ?? now;
    if (creationDate > now) throw new ControlError(400, "creationDate must not be in the future");
    const lastModifiedDate = parseDate(b.lastModifiedDate, "lastModifiedDate") ?? creationDate;
    if (lastModifiedDate < creationDate)
      throw new ControlError(400, "lastModifiedDate must not be before creationDate");
    if (lastModifiedDate > now) throw new ControlError(400, "lastModifiedDate must not be in the future");

    if (!Array.isArray(b.items) || b.items.length === 0) throw new ControlError(400, "items must be a non-empty array");
    const used = new Set<string>();
    const lineItems: LineItem[] = (b.items as unknown[]).map((raw, i) => {
      if (!raw || typeof raw !== "object") throw new ControlError(400, `items[${i}] must be an object`);
      const it = raw as Record<string, unknown>;
      const quantity = it.quantity;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
        throw new ControlError(400, `items[${i}].quantity must be a positive integer`);
      }
      if (it.unitPrice === undefined) throw new ControlError(400, `items[${i}].unitPrice is required`);
      let lineItemId: string;
      do lineItemId = this.ids.lineItemId();
      while (used.has(lineItemId));
      used.add(lineItemId);
      const sku = optionalString(it.sku, `items[${i}].sku`);
      const title = requireString(it.title, `items[${i}].title`);
      return {
        lineItemId,
        legacyItemId: legacyItemIdForSku(sku ?? title),
        ...(sku !== undefined ? { sku } : {}),
        title,
        quantity,
        unitPrice: parseMoney(it.unitPrice, currency, `items[${i}].unitPrice`),
        ...(it.lineItemCost !== undefined
          ? { lineCost: parseMoney(it.lineItemCost, currency, `items[${i}].lineItemCost`) }
          : {}),
        shippingCost: parseMoney(it.shippingCost, currency, `items[${i}].shippingCost`),
        tax: parseMoney(it.tax, currency, `items[${i}].tax`),
      };
    });

    const countryField = b.addressCountryField ?? "countryCode";
    if (countryField !== "countryCode" && countryField !== "country") {
      throw new ControlError(400, "addressCountryField must be countryCode or country");
    }
    const order: Order = {
      orderId,
      username,
      buyerUsername: optionalString(b.buyerUsername, "buyerUsername") ?? `buyer_${this.ids.digits(6)}`,
      marketplaceId,
      currency,
      creationDate,
      lastModifiedDate,
      paymentStatus,
      ...(paymentStatus === "PAID" ? { paymentDate: creationDate } : {}),
      paymentReferenceId: this.ids.paymentReferenceId(),
      cancelState: "NONE_REQUESTED",
      salesRecordReference: String(++this.salesRecord),
      shippingServiceCode: optionalString(b.shippingServiceCode, "shippingServiceCode") ?? "USPSPriority",
      shippingCarrierCode: "USPS",
      shipTo: parseShipTo(b.shipTo, market.countryCode),
      addressCountryField: countryField,
      lineItems,
      priceDiscount: parseMoney(b.priceDiscount, currency, "priceDiscount"),
      fulfillments: [],
    };
    this.orders.set(orderId, order);
    return order;
  }

  order(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }

  ordersOf(username?: string): Order[] {
    return [...this.orders.values()].filter((o) => username === undefined || o.username === username);
  }

  mustGet(orderId: string): Order {
    const order = this.orders.get(orderId);
    if (!order) throw new ControlError(404, `unknown order ${orderId}`);
    return order;
  }

  /** The seller shipped in Seller Hub (not through our API): by default every unshipped unit. */
  shipOnMarketplace(
    orderId: string,
    input: ShipOnMarketplaceInput,
    now: number,
    fulfillmentId: (tracking?: string) => string,
  ): Order {
    const order = this.mustGet(orderId);
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    if (order.cancelState === "CANCELED") throw new ControlError(409, `order ${orderId} is cancelled`);
    const trackingNumber = optionalString(b.trackingNumber, "trackingNumber");
    const carrier = optionalString(b.shippingCarrierCode, "shippingCarrierCode");
    if ((trackingNumber === undefined) !== (carrier === undefined)) {
      throw new ControlError(400, "trackingNumber and shippingCarrierCode go together");
    }
    let lines: { lineItemId: string; quantity: number }[];
    if (b.lineItems === undefined) {
      lines = order.lineItems
        .map((i) => ({ lineItemId: i.lineItemId, quantity: i.quantity - lineItemShipped(order, i.lineItemId) }))
        .filter((l) => l.quantity > 0);
      if (lines.length === 0) throw new ControlError(409, `order ${orderId} is already shipped`);
    } else {
      if (!Array.isArray(b.lineItems) || b.lineItems.length === 0)
        throw new ControlError(400, "lineItems must be a non-empty array");
      lines = (b.lineItems as { lineItemId?: unknown; quantity?: unknown }[]).map((l, i) => {
        const item = order.lineItems.find((x) => x.lineItemId === l.lineItemId);
        if (!item) throw new ControlError(400, `lineItems[${i}].lineItemId is not a line of order ${orderId}`);
        const q = l.quantity ?? 1;
        const left = item.quantity - lineItemShipped(order, item.lineItemId);
        if (typeof q !== "number" || !Number.isInteger(q) || q < 1 || q > left) {
          throw new ControlError(400, `lineItems[${i}].quantity must be 1..${left}`);
        }
        return { lineItemId: item.lineItemId, quantity: q };
      });
    }
    const shipped = parseDate(b.shippedDate, "shippedDate") ?? now;
    order.fulfillments.push({
      fulfillmentId: fulfillmentId(trackingNumber),
      lineItems: lines,
      ...(carrier ? { shippingCarrierCode: carrier } : {}),
      ...(trackingNumber ? { trackingNumber } : {}),
      shippedDate: new Date(shipped).toISOString(),
      source: "sellerHub",
      createdAt: now,
    });
    order.lastModifiedDate = Math.max(now, order.lastModifiedDate);
    return order;
  }

  /** The buyer asked and the seller (or eBay) cancelled: cancelState CANCELED. */
  cancelOnMarketplace(orderId: string, now: number): Order {
    const order = this.mustGet(orderId);
    if (order.cancelState === "CANCELED") throw new ControlError(409, `order ${orderId} is already cancelled`);
    if (orderFulfillmentStatus(order) === "FULFILLED")
      throw new ControlError(409, `order ${orderId} is already shipped`);
    order.cancelState = "CANCELED";
    order.cancelledDate = now;
    order.lastModifiedDate = Math.max(now, order.lastModifiedDate);
    return order;
  }

  /** The buyer's payment went through: orderPaymentStatus PAID. */
  markPaid(orderId: string, now: number): Order {
    const order = this.mustGet(orderId);
    if (order.paymentStatus === "PAID") throw new ControlError(409, `order ${orderId} is already paid`);
    order.paymentStatus = "PAID";
    order.paymentDate = now;
    order.lastModifiedDate = Math.max(now, order.lastModifiedDate);
    return order;
  }
}

/** Sum of a line's price: as seeded, else unit price × quantity. */
export function lineItemCost(item: LineItem): number {
  return item.lineCost ?? item.unitPrice * item.quantity;
}

export { DAY };
