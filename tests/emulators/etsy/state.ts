/**
 * The Etsy emulator's state:
 *  - apps: an API key (keystring, shared secret) with its own rate limits;
 *  - shops: a connected seller (user id) of one app; a user owns at most one shop, as on Etsy;
 *  - receipts: orders, each with its transactions (lines) and shipments.
 * OAuth tokens live in oauth.ts.
 *
 * Money is held in integer minor units of the receipt's currency. Etsy shows it as
 * `{amount, divisor, currency_code}` with divisor 10^digits (100 for USD). Timestamps are unix seconds on
 * the emulator's wall clock.
 *
 * The shipping rules (shipReceipt) are shared by the API (createReceiptShipment) and the control API
 * (the seller ships on etsy.com):
 *  - tracking_code and carrier_name go together. With neither, the receipt is only marked shipped
 *    (spec). With both, a shipment record is added (`receipt_shipping_id`). A receipt may have many of
 *    them (spec: "A receipt may have many ShopReceiptShipment records"), one per package;
 *  - US receipts over $10 (grandtotal), and receipts shipping to India, need both (spec note) → 400;
 *  - a canceled receipt → 409; an unpaid one → 409 (assumption: Etsy's text only says "conflict");
 *    marking an already shipped receipt shipped again with no tracking → 409; a tracking code the receipt
 *    already has → 409 (assumption; clients find the existing shipment in `shipments[]`).
 */
import { currencyDigits } from "#connectors/money.ts";
import { ControlError, requireString, parseMoney } from "../kit/seed-input";
export { ControlError };

export const RECEIPT_STATUSES = [
  "paid",
  "completed",
  "open",
  "payment processing",
  "canceled",
  "fully refunded",
  "partially refunded",
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** Etsy's published defaults (docs/platform-facts.md#etsy-rate-limits); an app may have more ("upgraded" keys). */
export const DEFAULT_QPS = 10;
export const DEFAULT_QPD = 10_000;

export interface App {
  keystring: string;
  sharedSecret: string;
  qps: number;
  qpd: number;
}

export interface Shop {
  shopId: number;
  userId: number;
  keystring: string;
  shopName: string;
  /** Unix seconds: when the shop was seeded (the Shop's create_date). */
  createdAt: number;
}

export interface Transaction {
  transactionId: number;
  listingId: number;
  productId: number;
  sku: string;
  title: string;
  quantity: number;
  /** Minor units, per unit (Etsy's transaction `price`). */
  unitPrice: number;
  /** Minor units, for the line. */
  shippingCost: number;
  createdAt: number;
  paidAt: number | null;
  shippedAt: number | null;
}

export interface Shipment {
  receiptShippingId: number;
  carrierName: string;
  trackingCode: string;
  notifiedAt: number;
  noteToBuyer: string | null;
  sendBcc: boolean;
  /** Who recorded it: the API (createReceiptShipment) or the seller on etsy.com (control API). */
  source: "api" | "etsy";
}

export interface Receipt {
  receiptId: number;
  shopId: number;
  sellerUserId: number;
  buyerUserId: number;
  buyerEmail: string | null;
  name: string;
  firstLine: string | null;
  secondLine: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  countryIso: string | null;
  status: ReceiptStatus;
  isPaid: boolean;
  isShipped: boolean;
  currency: string;
  createdAt: number;
  updatedAt: number;
  transactions: Transaction[];
  shipments: Shipment[];
  /** Minor units. */
  shipping: number;
  tax: number;
  messageFromBuyer: string | null;
  isGift: boolean;
}

/** A control-API error: the status to answer and a message for the developer. */

/** A rule of createReceiptShipment broken: the status (400/409) and Etsy-style message. */
export class ShipmentRuleError extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const MSG_TRACKING_REQUIRED =
  "A tracking code and carrier name are required when shipping within the United States on orders over $10, or when shipping to India.";
export const MSG_TRACKING_PAIR = "tracking_code and carrier_name must be sent together.";

export interface SeedAppInput {
  keystring: string;
  sharedSecret: string;
  qps?: number;
  qpd?: number;
}

export interface SeedShopInput {
  shopId: number;
  userId: number;
  keystring: string;
  /** The seller's current refresh token (registered in oauth.ts). */
  refreshToken: string;
  shopName?: string;
}

export interface SeedItemInput {
  sku: string;
  title: string;
  quantity: number;
  /** Decimal string per unit, e.g. "19.99". */
  unitPrice: string;
}

export interface SeedReceiptInput {
  shopId: number;
  items: SeedItemInput[];
  receipt_id?: number;
  currency?: string;
  name?: string;
  first_line?: string;
  second_line?: string | null;
  city?: string;
  state?: string | null;
  zip?: string;
  country_iso?: string;
  buyer_email?: string | null;
  /** Decimal strings for the whole receipt (default "0.00"). */
  shipping?: string;
  tax?: string;
  /** Default true ("paid"); false seeds an unpaid ("open") receipt. */
  paid?: boolean;
  message_from_buyer?: string | null;
  is_gift?: boolean;
  /** Unix seconds; default now. */
  created?: number;
}

export interface ShipInput {
  trackingCode?: string;
  carrierName?: string;
  noteToBuyer?: string;
  sendBcc?: boolean;
  source: Shipment["source"];
}

function requireId(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1)
    throw new ControlError(400, `${field} must be a positive integer`);
  return v;
}

function optionalString(v: unknown, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new ControlError(400, `${field} must be a string`);
  return v;
}

function nullableString(v: unknown, field: string, fallback: string | null): string | null {
  if (v === undefined) return fallback;
  if (v === null) return null;
  if (typeof v !== "string") throw new ControlError(400, `${field} must be a string or null`);
  return v;
}

/** Stable fake numeric ids for a SKU (listing and product ids). */
function hashId(s: string, base: number): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return base + (h % 900_000_000);
}

export class EtsyState {
  readonly apps = new Map<string, App>();
  readonly shops = new Map<number, Shop>();
  readonly receipts = new Map<number, Receipt>();
  private nextReceiptId = 3_901_000_001;
  private nextTransactionId = 4_101_000_001;
  private nextShippingId = 1_201_000_001;
  private nextBuyerId = 880_000_001;

  reset(): void {
    this.apps.clear();
    this.shops.clear();
    this.receipts.clear();
    this.nextReceiptId = 3_901_000_001;
    this.nextTransactionId = 4_101_000_001;
    this.nextShippingId = 1_201_000_001;
    this.nextBuyerId = 880_000_001;
  }

  addApp(input: SeedAppInput): App {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const keystring = requireString(b.keystring, "keystring");
    if (keystring.includes(":")) throw new ControlError(400, "keystring must not contain ':'");
    const limit = (v: unknown, field: string, dflt: number) => {
      if (v === undefined) return dflt;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
        throw new ControlError(400, `${field} must be a positive integer`);
      return v;
    };
    const app: App = {
      keystring,
      sharedSecret: requireString(b.sharedSecret, "sharedSecret"),
      qps: limit(b.qps, "qps", DEFAULT_QPS),
      qpd: limit(b.qpd, "qpd", DEFAULT_QPD),
    };
    // Seeding the same app again replaces its secret and limits.
    this.apps.set(keystring, app);
    return app;
  }

  addShop(input: SeedShopInput, nowSeconds: number): Shop {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const shopId = requireId(b.shopId, "shopId");
    const userId = requireId(b.userId, "userId");
    const keystring = requireString(b.keystring, "keystring");
    requireString(b.refreshToken, "refreshToken");
    if (!this.apps.has(keystring)) throw new ControlError(404, `unknown app ${keystring}; POST /__sandbox/apps first`);
    for (const other of this.shops.values()) {
      if (other.shopId !== shopId && other.userId === userId)
        throw new ControlError(409, `user ${userId} already owns shop ${other.shopId}`);
    }
    const shopName = optionalString(b.shopName, "shopName") ?? `SandboxShop${shopId}`;
    // Seeding the same shop again keeps its creation time.
    const shop: Shop = {
      shopId,
      userId,
      keystring,
      shopName,
      createdAt: this.shops.get(shopId)?.createdAt ?? nowSeconds,
    };
    this.shops.set(shopId, shop);
    return shop;
  }

  shopOfUser(userId: number): Shop | undefined {
    for (const s of this.shops.values()) if (s.userId === userId) return s;
    return undefined;
  }

  addReceipt(input: SeedReceiptInput, nowSeconds: number): Receipt {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const shopId = requireId(b.shopId, "shopId");
    const shop = this.shops.get(shopId);
    if (!shop) throw new ControlError(404, `unknown shop ${shopId}; POST /__sandbox/shops first`);
    const currency = b.currency === undefined ? "USD" : requireString(b.currency, "currency").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new ControlError(400, "currency must be an ISO 4217 code");

    let receiptId: number;
    if (b.receipt_id !== undefined) {
      receiptId = requireId(b.receipt_id, "receipt_id");
      if (this.receipts.has(receiptId)) throw new ControlError(409, `receipt ${receiptId} already exists`);
    } else {
      do receiptId = this.nextReceiptId++;
      while (this.receipts.has(receiptId));
    }

    const created = b.created === undefined ? nowSeconds : requireId(b.created, "created");
    if (created > nowSeconds) throw new ControlError(400, "created must not be in the future");
    if (created < 946684800) throw new ControlError(400, "created must be at or after 946684800 (2000-01-01)");
    if (b.paid !== undefined && typeof b.paid !== "boolean") throw new ControlError(400, "paid must be a boolean");
    const paid = b.paid !== false;

    if (!Array.isArray(b.items) || b.items.length === 0) throw new ControlError(400, "items must be a non-empty array");
    const transactions: Transaction[] = (b.items as unknown[]).map((raw, i) => {
      if (!raw || typeof raw !== "object") throw new ControlError(400, `items[${i}] must be an object`);
      const it = raw as Record<string, unknown>;
      const quantity = it.quantity;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
        throw new ControlError(400, `items[${i}].quantity must be a positive integer`);
      }
      if (it.unitPrice === undefined) throw new ControlError(400, `items[${i}].unitPrice is required`);
      const sku = requireString(it.sku, `items[${i}].sku`);
      return {
        transactionId: this.nextTransactionId++,
        listingId: hashId(sku, 1_000_000_000),
        productId: hashId(`product:${sku}`, 10_000_000_000),
        sku,
        title: requireString(it.title, `items[${i}].title`),
        quantity,
        unitPrice: parseMoney(it.unitPrice, currency, `items[${i}].unitPrice`),
        shippingCost: 0,
        createdAt: created,
        paidAt: paid ? created : null,
        shippedAt: null,
      };
    });
    const shipping = parseMoney(b.shipping, currency, "shipping");
    // Etsy gives a shipping cost per transaction; the emulator puts the receipt's shipping on the first line.
    transactions[0]!.shippingCost = shipping;

    const country = b.country_iso === undefined ? "US" : requireString(b.country_iso, "country_iso").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new ControlError(400, "country_iso must be an ISO 3166-1 alpha-2 code");
    if (b.is_gift !== undefined && typeof b.is_gift !== "boolean")
      throw new ControlError(400, "is_gift must be a boolean");

    const receipt: Receipt = {
      receiptId,
      shopId,
      sellerUserId: shop.userId,
      buyerUserId: this.nextBuyerId++,
      buyerEmail: nullableString(b.buyer_email, "buyer_email", "buyer@example.com"),
      name: optionalString(b.name, "name") ?? "Jane Doe",
      firstLine: nullableString(b.first_line, "first_line", "123 Main Street"),
      secondLine: nullableString(b.second_line, "second_line", null),
      city: nullableString(b.city, "city", "Brooklyn"),
      state: nullableString(b.state, "state", country === "US" ? "NY" : null),
      zip: nullableString(b.zip, "zip", "11201"),
      countryIso: country,
      status: paid ? "paid" : "open",
      isPaid: paid,
      isShipped: false,
      currency,
      createdAt: created,
      updatedAt: nowSeconds,
      transactions,
      shipments: [],
      shipping,
      tax: parseMoney(b.tax, currency, "tax"),
      messageFromBuyer: nullableString(b.message_from_buyer, "message_from_buyer", null),
      isGift: b.is_gift === true,
    };
    this.receipts.set(receiptId, receipt);
    return receipt;
  }

  receipt(receiptId: number): Receipt | undefined {
    return this.receipts.get(receiptId);
  }

  receiptsOf(shopId?: number): Receipt[] {
    return [...this.receipts.values()].filter((r) => shopId === undefined || r.shopId === shopId);
  }

  /** Applies a shipment (API or etsy.com); throws ShipmentRuleError when a rule is broken. */
  shipReceipt(receipt: Receipt, input: ShipInput, nowSeconds: number): Receipt {
    const tracking = input.trackingCode?.trim() ?? "";
    const carrier = input.carrierName?.trim() ?? "";
    if ((tracking === "") !== (carrier === "")) throw new ShipmentRuleError(400, MSG_TRACKING_PAIR);
    if (receipt.status === "canceled")
      throw new ShipmentRuleError(409, `Receipt ${receipt.receiptId} has been canceled and cannot be shipped.`);
    if (!receipt.isPaid)
      throw new ShipmentRuleError(409, `Receipt ${receipt.receiptId} has not been paid and cannot be shipped yet.`);
    if (tracking === "") {
      if (requiresTracking(receipt)) throw new ShipmentRuleError(400, MSG_TRACKING_REQUIRED);
      if (receipt.isShipped) throw new ShipmentRuleError(409, `Receipt ${receipt.receiptId} has already been shipped.`);
    } else {
      const key = normaliseTracking(tracking);
      if (receipt.shipments.some((s) => normaliseTracking(s.trackingCode) === key)) {
        throw new ShipmentRuleError(
          409,
          `Tracking code ${tracking} has already been submitted for receipt ${receipt.receiptId}.`,
        );
      }
      receipt.shipments.push({
        receiptShippingId: this.nextShippingId++,
        carrierName: carrier,
        trackingCode: tracking,
        notifiedAt: nowSeconds,
        noteToBuyer: input.noteToBuyer?.trim() ? input.noteToBuyer : null,
        sendBcc: input.sendBcc === true,
        source: input.source,
      });
    }
    receipt.isShipped = true;
    receipt.status = "completed";
    for (const t of receipt.transactions) t.shippedAt ??= nowSeconds;
    touch(receipt, nowSeconds);
    return receipt;
  }

  /** The buyer or Etsy canceled the receipt. Only receipts not yet shipped can be canceled. */
  cancelReceipt(receiptId: number, nowSeconds: number): Receipt {
    const receipt = this.mustGet(receiptId);
    if (receipt.status === "canceled") throw new ControlError(409, `receipt ${receiptId} is already canceled`);
    if (receipt.isShipped)
      throw new ControlError(409, `receipt ${receiptId} has been shipped and can no longer be canceled`);
    receipt.status = "canceled";
    touch(receipt, nowSeconds);
    return receipt;
  }

  mustGet(receiptId: number): Receipt {
    const receipt = this.receipts.get(receiptId);
    if (!receipt) throw new ControlError(404, `unknown receipt ${receiptId}`);
    return receipt;
  }
}

/** Tracking codes compare without case or spaces ("1z 999" = "1Z999"). */
export function normaliseTracking(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/**
 * Bumps update_timestamp. It increases strictly, so a min_last_modified poller sees every change. In a
 * burst of changes within one second this can run a second or two ahead of the clock.
 */
export function touch(receipt: Receipt, nowSeconds: number): void {
  receipt.updatedAt = Math.max(nowSeconds, receipt.updatedAt + 1);
}

export function divisorOf(currency: string): number {
  return 10 ** currencyDigits(currency);
}

/** Σ price × quantity (Etsy's total_price). */
export function totalPrice(r: Receipt): number {
  return r.transactions.reduce((n, t) => n + t.unitPrice * t.quantity, 0);
}

/** total_price − discounts (none in the emulator) + shipping + tax. */
export function grandTotal(r: Receipt): number {
  return totalPrice(r) + r.shipping + r.tax;
}

/**
 * The spec's note on createReceiptShipment: shipping within the US on an order over $10, or shipping
 * to India, needs both tracking code and carrier name. "Over $10" is read as a grandtotal above 10 whole
 * units of the receipt's currency (US receipts are in USD).
 */
export function requiresTracking(r: Receipt): boolean {
  if (r.countryIso === "IN") return true;
  return r.countryIso === "US" && grandTotal(r) > 10 * divisorOf(r.currency);
}
