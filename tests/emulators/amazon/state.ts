/**
 * The emulator's state: sellers (LWA credentials) and their orders, with items and the packages shipped.
 * It holds Amazon's facts in one neutral shape; the v0 and 2026-01-01 views render it in each model's
 * shape (order-views-v0.ts, order-views-2026.ts), so both versions always agree.
 *
 * Money is held in integer minor units of the order's currency; timestamps in emulated epoch ms.
 */
import { fromMinorUnits } from "#connectors/money.ts";
import { isoSeconds } from "./clock";
import { asinForSku, IdGenerator, ORDER_ID_RE } from "./ids";
import { DEFAULT_MARKETPLACE_ID, marketplaceInfo } from "./marketplaces";
import { ControlError, requireString, parseDate, parseMoney } from "../kit/seed-input";
export { ControlError };

export const ORDER_STATUSES = [
  "PendingAvailability",
  "Pending",
  "Unshipped",
  "PartiallyShipped",
  "Shipped",
  "Canceled",
  "Unfulfillable",
  "InvoiceUnconfirmed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses an order can be seeded in; the others only arise from shipping. */
export const SEEDABLE_STATUSES = ["PendingAvailability", "Pending", "Unshipped", "Shipped", "Canceled"] as const;

export interface Seller {
  sellerId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  marketplaceIds: string[];
  /** The store name the Sellers API gives for every marketplace. */
  storeName: string;
  /** Marketplaces the seller is registered in but no longer participates in (`isParticipating: false`). */
  lapsedMarketplaceIds: string[];
}

export interface Address {
  name: string;
  companyName?: string;
  addressLine1: string;
  addressLine2?: string;
  addressLine3?: string;
  city: string;
  stateOrRegion: string;
  postalCode: string;
  countryCode: string;
  phone?: string;
  addressType?: "Residential" | "Commercial";
}

export interface OrderItem {
  orderItemId: string;
  asin: string;
  sku: string;
  title: string;
  quantityOrdered: number;
  quantityShipped: number;
  /** Minor units, per unit. */
  unitPrice: number;
  /** Minor units, for the whole line (Amazon's ItemTax). */
  tax: number;
  /** Minor units, for the whole line (Amazon's ShippingPrice). */
  shippingPrice: number;
}

export interface PackageItem {
  orderItemId: string;
  quantity: number;
  transparencyCodes?: string[];
}

export interface ShippedPackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
  trackingNumber: string;
  /** As the seller sent it (ISO 8601). */
  shipDate: string;
  shipFromSupplySourceId?: string;
  items: PackageItem[];
  /** Who confirmed it: our API (`confirmShipment`) or the seller by hand in Seller Central. */
  source: "confirmShipment" | "sellerCentral";
  createdAt: number;
  updatedAt: number;
}

export interface Order {
  amazonOrderId: string;
  sellerId: string;
  marketplaceId: string;
  status: OrderStatus;
  fulfillmentChannel: "MFN";
  purchaseDate: number;
  lastUpdateDate: number;
  currency: string;
  shipServiceLevel: string;
  shipmentServiceLevelCategory: string;
  earliestShipDate: number;
  latestShipDate: number;
  earliestDeliveryDate: number;
  latestDeliveryDate: number;
  buyerEmail: string;
  buyerName: string;
  shippingAddress: Address;
  items: OrderItem[];
  packages: ShippedPackage[];
  cancelledAt?: number;
}

/** A control-API error: the status to answer and a message for the developer. */

export interface SeedSellerInput {
  sellerId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  marketplaceIds?: string[];
  storeName?: string;
  lapsedMarketplaceIds?: string[];
}

export interface SeedItemInput {
  sku: string;
  title: string;
  quantity: number;
  /** Decimal string per unit, e.g. "19.99". */
  unitPrice: string;
  /** Tax for the whole line, decimal string (default "0.00"). */
  tax?: string;
  /** Shipping charged for the whole line, decimal string (default "0.00"). */
  shippingPrice?: string;
  asin?: string;
}

export interface SeedOrderInput {
  sellerId: string;
  amazonOrderId?: string;
  /** ISO 8601; default: now (emulated). */
  purchaseDate?: string;
  /**
   * ISO 8601; default: now (emulated), i.e. the order appears as updated when it is seeded, so a poller
   * whose cursor is before the seeding sees it once the 2-minute lag has passed.
   */
  lastUpdateDate?: string;
  currency?: string;
  marketplaceId?: string;
  status?: (typeof SEEDABLE_STATUSES)[number];
  /** camelCase (`addressLine1`) or Amazon's PascalCase (`AddressLine1`) keys. */
  shippingAddress?: Partial<Address> | Record<string, unknown>;
  buyerEmail?: string;
  buyerName?: string;
  shipServiceLevel?: string;
  items: SeedItemInput[];
}

export interface ShipOnMarketplaceInput {
  carrierCode: string;
  trackingNumber: string;
  carrierName?: string;
  shippingMethod?: string;
  /** ISO 8601; default now. */
  shipDate?: string;
}

const DAY = 86_400_000;

function normaliseAddress(raw: unknown, countryCode: string): Address {
  const defaults: Address = {
    name: "Jane Doe",
    addressLine1: "123 Main Street",
    addressLine2: "Apt 4B",
    city: "Seattle",
    stateOrRegion: "WA",
    postalCode: "98101",
    countryCode,
    phone: "+1 206-555-0100",
    addressType: "Residential",
  };
  if (raw === undefined || raw === null) return defaults;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ControlError(400, "shippingAddress must be an object");
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) a[k.charAt(0).toLowerCase() + k.slice(1)] = v;
  const str = (k: string) => (typeof a[k] === "string" && a[k] !== "" ? (a[k] as string) : undefined);
  const type = str("addressType");
  if (type !== undefined && type !== "Residential" && type !== "Commercial") {
    throw new ControlError(400, "shippingAddress.addressType must be Residential or Commercial");
  }
  const out: Address = {
    name: str("name") ?? defaults.name,
    addressLine1: str("addressLine1") ?? defaults.addressLine1,
    city: str("city") ?? defaults.city,
    stateOrRegion: str("stateOrRegion") ?? defaults.stateOrRegion,
    postalCode: str("postalCode") ?? defaults.postalCode,
    countryCode: str("countryCode") ?? countryCode,
  };
  for (const k of ["companyName", "addressLine2", "addressLine3", "phone"] as const) {
    const v = str(k);
    if (v !== undefined) out[k] = v;
  }
  if (type) out.addressType = type as Address["addressType"];
  return out;
}

export class AmazonState {
  readonly sellers = new Map<string, Seller>();
  readonly orders = new Map<string, Order>();
  readonly ids = new IdGenerator();

  reset(): void {
    this.sellers.clear();
    this.orders.clear();
    this.ids.reset();
  }

  addSeller(input: SeedSellerInput): Seller {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const seller: Seller = {
      sellerId: requireString(b.sellerId, "sellerId"),
      clientId: requireString(b.clientId, "clientId"),
      clientSecret: requireString(b.clientSecret, "clientSecret"),
      refreshToken: requireString(b.refreshToken, "refreshToken"),
      marketplaceIds: [DEFAULT_MARKETPLACE_ID],
      storeName: b.storeName === undefined ? `Store ${String(b.sellerId)}` : requireString(b.storeName, "storeName"),
      lapsedMarketplaceIds: [],
    };
    const ids = (v: unknown, field: string, nonEmpty: boolean): string[] => {
      if (!Array.isArray(v) || (nonEmpty && v.length === 0) || !v.every((m) => typeof m === "string" && m !== "")) {
        throw new ControlError(400, `${field} must be a${nonEmpty ? " non-empty" : "n"} array of strings`);
      }
      return [...new Set(v as string[])];
    };
    if (b.marketplaceIds !== undefined) seller.marketplaceIds = ids(b.marketplaceIds, "marketplaceIds", true);
    if (b.lapsedMarketplaceIds !== undefined)
      seller.lapsedMarketplaceIds = ids(b.lapsedMarketplaceIds, "lapsedMarketplaceIds", false);
    for (const other of this.sellers.values()) {
      if (other.sellerId !== seller.sellerId && other.refreshToken === seller.refreshToken) {
        throw new ControlError(409, `refreshToken already belongs to seller ${other.sellerId}`);
      }
    }
    // Seeding the same seller again replaces its credentials (handy for credential-rotation tests).
    this.sellers.set(seller.sellerId, seller);
    return seller;
  }

  seller(sellerId: string): Seller | undefined {
    return this.sellers.get(sellerId);
  }

  addOrder(input: SeedOrderInput, now: number): Order {
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const sellerId = requireString(b.sellerId, "sellerId");
    const seller = this.sellers.get(sellerId);
    if (!seller) throw new ControlError(404, `unknown seller ${sellerId}; POST /__sandbox/sellers first`);

    const marketplaceId =
      b.marketplaceId === undefined ? seller.marketplaceIds[0] : requireString(b.marketplaceId, "marketplaceId");
    if (!seller.marketplaceIds.includes(marketplaceId)) {
      throw new ControlError(
        400,
        `seller ${sellerId} does not sell in marketplace ${marketplaceId} (has ${seller.marketplaceIds.join(", ")})`,
      );
    }
    const market = marketplaceInfo(marketplaceId);
    const currency = b.currency === undefined ? market.currency : requireString(b.currency, "currency").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new ControlError(400, "currency must be an ISO 4217 code");

    let amazonOrderId: string;
    if (b.amazonOrderId !== undefined) {
      amazonOrderId = requireString(b.amazonOrderId, "amazonOrderId");
      if (!ORDER_ID_RE.test(amazonOrderId))
        throw new ControlError(400, "amazonOrderId must look like 113-1234567-1234567");
      if (this.orders.has(amazonOrderId)) throw new ControlError(409, `order ${amazonOrderId} already exists`);
    } else {
      do amazonOrderId = this.ids.orderId(market.orderIdPrefixes);
      while (this.orders.has(amazonOrderId));
    }

    const status = (b.status ?? "Unshipped") as OrderStatus;
    if (!(SEEDABLE_STATUSES as readonly string[]).includes(status)) {
      throw new ControlError(400, `status must be one of ${SEEDABLE_STATUSES.join(", ")}`);
    }

    const purchaseDate = parseDate(b.purchaseDate, "purchaseDate") ?? now;
    if (purchaseDate > now) throw new ControlError(400, "purchaseDate must not be in the future (emulated time)");
    const lastUpdateDate = parseDate(b.lastUpdateDate, "lastUpdateDate") ?? now;
    if (lastUpdateDate < purchaseDate) throw new ControlError(400, "lastUpdateDate must not be before purchaseDate");
    if (lastUpdateDate > now) throw new ControlError(400, "lastUpdateDate must not be in the future (emulated time)");

    if (!Array.isArray(b.items) || b.items.length === 0) throw new ControlError(400, "items must be a non-empty array");
    const itemIds = new Set<string>();
    const items: OrderItem[] = (b.items as unknown[]).map((raw, i) => {
      if (!raw || typeof raw !== "object") throw new ControlError(400, `items[${i}] must be an object`);
      const it = raw as Record<string, unknown>;
      const quantity = it.quantity;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
        throw new ControlError(400, `items[${i}].quantity must be a positive integer`);
      }
      if (it.unitPrice === undefined) throw new ControlError(400, `items[${i}].unitPrice is required`);
      let orderItemId: string;
      do orderItemId = this.ids.orderItemId();
      while (itemIds.has(orderItemId));
      itemIds.add(orderItemId);
      const sku = requireString(it.sku, `items[${i}].sku`);
      const asin = it.asin === undefined ? asinForSku(sku) : requireString(it.asin, `items[${i}].asin`);
      return {
        orderItemId,
        asin,
        sku,
        title: requireString(it.title, `items[${i}].title`),
        quantityOrdered: quantity,
        quantityShipped: status === "Shipped" ? quantity : 0,
        unitPrice: parseMoney(it.unitPrice, currency, `items[${i}].unitPrice`),
        tax: parseMoney(it.tax, currency, `items[${i}].tax`),
        shippingPrice: parseMoney(it.shippingPrice, currency, `items[${i}].shippingPrice`),
      };
    });

    const buyerName = b.buyerName === undefined ? undefined : requireString(b.buyerName, "buyerName");
    const shippingAddress = normaliseAddress(b.shippingAddress, market.countryCode);
    const order: Order = {
      amazonOrderId,
      sellerId,
      marketplaceId,
      status,
      fulfillmentChannel: "MFN",
      purchaseDate,
      lastUpdateDate,
      currency,
      shipServiceLevel:
        b.shipServiceLevel === undefined ? "Std US D2D Dom" : requireString(b.shipServiceLevel, "shipServiceLevel"),
      shipmentServiceLevelCategory: "Standard",
      earliestShipDate: purchaseDate,
      latestShipDate: purchaseDate + 2 * DAY,
      earliestDeliveryDate: purchaseDate + 3 * DAY,
      latestDeliveryDate: purchaseDate + 7 * DAY,
      // Amazon relays buyer mail through an anonymised marketplace address.
      buyerEmail:
        b.buyerEmail === undefined
          ? `${amazonOrderId.replace(/-/g, "").slice(-12)}x@marketplace.amazon.com`
          : requireString(b.buyerEmail, "buyerEmail"),
      buyerName: buyerName ?? shippingAddress.name,
      shippingAddress,
      items,
      packages: [],
    };
    if (status === "Canceled") order.cancelledAt = lastUpdateDate;
    this.orders.set(amazonOrderId, order);
    return order;
  }

  order(amazonOrderId: string): Order | undefined {
    return this.orders.get(amazonOrderId);
  }

  ordersOf(sellerId?: string): Order[] {
    return [...this.orders.values()].filter((o) => sellerId === undefined || o.sellerId === sellerId);
  }

  /** The seller shipped the whole remainder in Seller Central (not through our API). */
  shipOnMarketplace(amazonOrderId: string, input: ShipOnMarketplaceInput, now: number): Order {
    const order = this.mustGet(amazonOrderId);
    const b = (input ?? {}) as unknown as Record<string, unknown>;
    const carrierCode = requireString(b.carrierCode, "carrierCode");
    const trackingNumber = requireString(b.trackingNumber, "trackingNumber");
    if (order.status === "Canceled") throw new ControlError(409, `order ${amazonOrderId} is cancelled`);
    const remaining = order.items.filter((i) => i.quantityShipped < i.quantityOrdered);
    if (remaining.length === 0) throw new ControlError(409, `order ${amazonOrderId} is already shipped`);
    const shipDate = parseDate(b.shipDate, "shipDate") ?? now;
    const pkg: ShippedPackage = {
      packageReferenceId: String(nextPackageNumber(order)),
      carrierCode,
      trackingNumber,
      shipDate: isoSeconds(shipDate),
      items: remaining.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered - i.quantityShipped })),
      source: "sellerCentral",
      createdAt: now,
      updatedAt: now,
    };
    if (typeof b.carrierName === "string" && b.carrierName) pkg.carrierName = b.carrierName;
    if (typeof b.shippingMethod === "string" && b.shippingMethod) pkg.shippingMethod = b.shippingMethod;
    recordPackage(order, pkg, now);
    return order;
  }

  /** Payment was authorised: a Pending (or PendingAvailability) order becomes Unshipped. */
  authorizePayment(amazonOrderId: string, now: number): Order {
    const order = this.mustGet(amazonOrderId);
    if (order.status !== "Pending" && order.status !== "PendingAvailability") {
      throw new ControlError(409, `order ${amazonOrderId} is ${order.status}, not Pending`);
    }
    order.status = "Unshipped";
    touch(order, now);
    return order;
  }

  /** The buyer or Amazon cancelled the order. Only orders with nothing shipped can be cancelled. */
  cancelOnMarketplace(amazonOrderId: string, now: number): Order {
    const order = this.mustGet(amazonOrderId);
    if (order.status === "Canceled") throw new ControlError(409, `order ${amazonOrderId} is already cancelled`);
    if (order.items.some((i) => i.quantityShipped > 0)) {
      throw new ControlError(409, `order ${amazonOrderId} has shipped items and can no longer be cancelled`);
    }
    order.status = "Canceled";
    order.cancelledAt = now;
    touch(order, now);
    return order;
  }

  private mustGet(amazonOrderId: string): Order {
    const order = this.orders.get(amazonOrderId);
    if (!order) throw new ControlError(404, `unknown order ${amazonOrderId}`);
    return order;
  }
}

/** Bumps LastUpdateDate, strictly increasing so every change is visible to a LastUpdatedAfter poller. */
export function touch(order: Order, now: number): void {
  order.lastUpdateDate = Math.max(now, order.lastUpdateDate + 1);
}

/** Adds a package: raises QuantityShipped, moves the status on, bumps LastUpdateDate. */
export function recordPackage(order: Order, pkg: ShippedPackage, now: number): void {
  for (const pi of pkg.items) {
    const item = order.items.find((i) => i.orderItemId === pi.orderItemId);
    if (item) item.quantityShipped += pi.quantity;
  }
  order.packages.push(pkg);
  order.status = deriveShippingStatus(order);
  touch(order, now);
}

export function deriveShippingStatus(order: Order): OrderStatus {
  const shipped = order.items.reduce((n, i) => n + i.quantityShipped, 0);
  const ordered = order.items.reduce((n, i) => n + i.quantityOrdered, 0);
  if (shipped === 0) return order.status;
  return shipped >= ordered ? "Shipped" : "PartiallyShipped";
}

function nextPackageNumber(order: Order): number {
  const used = order.packages.map((p) => Number(p.packageReferenceId)).filter(Number.isFinite);
  return used.length === 0 ? 1 : Math.max(...used) + 1;
}

export function unshippedCount(order: Order): number {
  if (order.status === "Canceled") return 0;
  return order.items.reduce((n, i) => n + (i.quantityOrdered - i.quantityShipped), 0);
}

export function shippedCount(order: Order): number {
  return order.items.reduce((n, i) => n + i.quantityShipped, 0);
}

/** Line totals in minor units. ItemPrice is unit price × quantity, as Amazon reports it. */
export function itemPrice(item: OrderItem): number {
  return item.unitPrice * item.quantityOrdered;
}

/** OrderTotal: items + shipping + tax (what the buyer paid; there are no promotions in the emulator). */
export function orderTotal(order: Order): number {
  return order.items.reduce((n, i) => n + itemPrice(i) + i.shippingPrice + i.tax, 0);
}

export function money(minor: number, currency: string): string {
  return fromMinorUnits(minor, currency);
}
