/**
 * eBay payloads → MarketplaceOrder. Pure functions.
 *
 * Status, first match wins:
 *   cancelStatus.cancelState CANCELED            → cancelled
 *   orderPaymentStatus PENDING or FAILED        → pending (unpaid: not to be shipped yet)
 *   orderFulfillmentStatus NOT_STARTED          → unshipped
 *                          IN_PROGRESS          → partially_shipped
 *                          FULFILLED            → shipped
 * An unknown fulfillment status throws rather than importing the order as something it is not.
 *
 * Money: amounts are decimal strings in the seller's currency (`value`/`currency`; `convertedFrom*` is the
 * buyer's), converted with connectors/money.ts. `lineItemCost` is unit price × quantity.
 * Address: `fulfillmentStartInstructions[0].shippingStep.shipTo`; the country comes as `countryCode` (the
 * spec) or `country` (one spec copy), both accepted.
 * Buyer: `buyer.username` ("the buyer's eBay user ID") becomes `buyer.marketplaceUserId`, what eBay's
 * account-deletion notices name the buyer by.
 */
import { divideMinorUnits, moneyFromDecimal, sumMoney, zeroMoney } from "../money";
import type {
  MarketplaceOrder,
  MarketplaceOrderLine,
  MarketplaceOrderStatus,
  MarketplaceShipmentInfo,
  Money,
  PostalAddress,
} from "../types";
import type { EbayAmount, EbayExtendedContact, EbayLineItem, EbayOrder, EbayShippingFulfillment } from "./client";

export const EBAY_FULFILLMENT_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "FULFILLED"] as const;
export type EbayFulfillmentStatus = (typeof EBAY_FULFILLMENT_STATUSES)[number];

/** Payment states that mean "not paid (yet)". */
const UNPAID = new Set(["PENDING", "FAILED"]);

/** eBay marketplace → currency, for orders that come without any amount. */
const MARKETPLACE_CURRENCIES: Readonly<Record<string, string>> = {
  EBAY_US: "USD",
  EBAY_MOTORS_US: "USD",
  EBAY_CA: "CAD",
  EBAY_GB: "GBP",
  EBAY_AU: "AUD",
  EBAY_DE: "EUR",
  EBAY_FR: "EUR",
  EBAY_IT: "EUR",
  EBAY_ES: "EUR",
  EBAY_AT: "EUR",
  EBAY_BE: "EUR",
  EBAY_NL: "EUR",
  EBAY_IE: "EUR",
  EBAY_CH: "CHF",
  EBAY_PL: "PLN",
  EBAY_HK: "HKD",
  EBAY_SG: "SGD",
};

export function currencyForMarketplace(marketplaceId: string | null | undefined): string | null {
  return (marketplaceId && MARKETPLACE_CURRENCIES[marketplaceId]) || null;
}

function assertUnreachable(value: never): never {
  throw new Error(`Unknown eBay order fulfillment status: ${String(value)}`);
}

export function parseFulfillmentStatus(value: string | undefined): EbayFulfillmentStatus {
  if ((EBAY_FULFILLMENT_STATUSES as readonly string[]).includes(value ?? "")) return value as EbayFulfillmentStatus;
  throw new Error(`Unknown eBay order fulfillment status: ${String(value)}`);
}

export function mapFulfillmentStatus(status: EbayFulfillmentStatus): MarketplaceOrderStatus {
  switch (status) {
    case "NOT_STARTED":
      return "unshipped";
    case "IN_PROGRESS":
      return "partially_shipped";
    case "FULFILLED":
      return "shipped";
    default:
      return assertUnreachable(status);
  }
}

/** Our status and the raw eBay value shown next to it. */
export function mapOrderStatus(
  order: Pick<EbayOrder, "cancelStatus" | "orderPaymentStatus" | "orderFulfillmentStatus">,
): {
  status: MarketplaceOrderStatus;
  marketplaceStatus: string;
} {
  if (order.cancelStatus?.cancelState === "CANCELED") return { status: "cancelled", marketplaceStatus: "CANCELED" };
  if (order.orderPaymentStatus && UNPAID.has(order.orderPaymentStatus)) {
    return { status: "pending", marketplaceStatus: order.orderPaymentStatus };
  }
  const fulfillment = parseFulfillmentStatus(order.orderFulfillmentStatus);
  return { status: mapFulfillmentStatus(fulfillment), marketplaceStatus: fulfillment };
}

function amountOf(a: EbayAmount | undefined, fallbackCurrency: string): Money | null {
  if (!a || a.value === undefined || a.value === "") return null;
  return moneyFromDecimal(a.value, a.currency || fallbackCurrency);
}

export function orderCurrency(order: EbayOrder, defaultMarketplaceId?: string | null): string {
  return (
    order.pricingSummary?.total?.currency ||
    order.lineItems?.map((l) => l.lineItemCost?.currency).find((c): c is string => !!c) ||
    currencyForMarketplace(order.lineItems?.[0]?.purchaseMarketplaceId) ||
    currencyForMarketplace(defaultMarketplaceId) ||
    "USD"
  );
}

/** Shipped units per line item, from the order's shipping fulfillments. */
export function shippedQuantities(fulfillments: readonly EbayShippingFulfillment[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of fulfillments) {
    for (const l of f.lineItems ?? []) {
      if (!l.lineItemId) continue;
      out.set(l.lineItemId, (out.get(l.lineItemId) ?? 0) + (l.quantity ?? 1));
    }
  }
  return out;
}

export function mapLineItem(item: EbayLineItem, currency: string, shipped?: number): MarketplaceOrderLine {
  const quantity = item.quantity ?? 1;
  const lineCost = amountOf(item.lineItemCost, currency) ?? zeroMoney(currency);
  const taxes = (item.taxes ?? []).map((t) => amountOf(t.amount, lineCost.currency));
  const tax = taxes.some(Boolean) ? sumMoney(lineCost.currency, taxes) : null;
  // Without fulfillment details eBay only says whether the line is fully shipped.
  const quantityShipped =
    shipped !== undefined ? Math.min(quantity, shipped) : item.lineItemFulfillmentStatus === "FULFILLED" ? quantity : 0;
  return {
    marketplaceLineId: item.lineItemId ?? "",
    sku: item.sku || null,
    title: item.title ?? item.legacyItemId ?? item.lineItemId ?? "",
    quantity,
    quantityShipped,
    unitPrice: {
      amount: quantity > 0 ? divideMinorUnits(lineCost.amount, quantity) : lineCost.amount,
      currency: lineCost.currency,
    },
    lineTotal: lineCost,
    tax,
  };
}

export function mapShipTo(shipTo: EbayExtendedContact | undefined | null): PostalAddress | null {
  const a = shipTo?.contactAddress as
    (NonNullable<EbayExtendedContact["contactAddress"]> & { country?: string }) | undefined;
  const country = a?.countryCode || a?.country;
  if (!shipTo || !a || !country) return null;
  return {
    name: shipTo.fullName ?? "",
    company: shipTo.companyName || null,
    line1: a.addressLine1 ?? "",
    line2: a.addressLine2 || null,
    line3: null,
    city: a.city ?? "",
    region: a.stateOrProvince || null,
    postalCode: a.postalCode || null,
    countryCode: country.toUpperCase(),
    phone: shipTo.primaryPhone?.phoneNumber || null,
  };
}

export function mapFulfillment(f: EbayShippingFulfillment): MarketplaceShipmentInfo {
  return {
    carrier: f.shippingCarrierCode || null,
    trackingNumber: f.shipmentTrackingNumber || null,
    shippedAt: f.shippedDate ? new Date(f.shippedDate) : null,
  };
}

export interface MapOrderOptions {
  /** The order's shipping fulfillments, when fetched: exact shipped quantities and `shipments`. */
  fulfillments?: readonly EbayShippingFulfillment[];
  /** The account's marketplace, for the sales channel and currency when the order does not say. */
  defaultMarketplaceId?: string | null;
}

export function mapEbayOrder(order: EbayOrder, opts: MapOrderOptions = {}): MarketplaceOrder {
  const currency = orderCurrency(order, opts.defaultMarketplaceId);
  const { status, marketplaceStatus } = mapOrderStatus(order);
  const shipped = opts.fulfillments ? shippedQuantities(opts.fulfillments) : undefined;
  const items = order.lineItems ?? [];
  const lines = items.map((i) =>
    mapLineItem(i, currency, shipped ? (shipped.get(i.lineItemId ?? "") ?? 0) : undefined),
  );

  const pricing = order.pricingSummary;
  const subtotal =
    amountOf(pricing?.priceSubtotal, currency) ??
    sumMoney(
      currency,
      items.map((i) => amountOf(i.lineItemCost, currency)),
    );
  const shipping =
    amountOf(pricing?.deliveryCost, currency) ??
    sumMoney(
      currency,
      items.map((i) => amountOf(i.deliveryCost?.shippingCost, currency)),
    );
  const tax =
    amountOf(pricing?.tax, currency) ??
    sumMoney(
      currency,
      lines.map((l) => l.tax),
    );
  // eBay gives the seller's discounts on items and on delivery as negative amounts.
  const discountAmount =
    Math.abs(amountOf(pricing?.priceDiscount, currency)?.amount ?? 0) +
    Math.abs(amountOf(pricing?.deliveryDiscount, currency)?.amount ?? 0);
  const discount = { amount: discountAmount, currency };
  const total = amountOf(pricing?.total, currency) ?? {
    amount: subtotal.amount + shipping.amount + tax.amount - discountAmount,
    currency,
  };

  const step = order.fulfillmentStartInstructions?.[0]?.shippingStep;
  const shippingAddress = mapShipTo(step?.shipTo);
  const registration = order.buyer?.buyerRegistrationAddress;

  return {
    marketplaceOrderId: order.orderId ?? "",
    status,
    marketplaceStatus,
    purchasedAt: new Date(order.creationDate ?? NaN),
    updatedAt: new Date(order.lastModifiedDate ?? order.creationDate ?? NaN),
    currency,
    buyer: {
      name: step?.shipTo?.fullName || registration?.fullName || null,
      email: step?.shipTo?.email || registration?.email || null,
      phone: shippingAddress?.phone ?? registration?.primaryPhone?.phoneNumber ?? null,
      marketplaceUserId: order.buyer?.username || null,
    },
    shippingAddress,
    lines,
    totals: { subtotal, shipping, tax, total, ...(discountAmount > 0 ? { discount } : {}) },
    shippingServiceLevel: step?.shippingServiceCode || null,
    salesChannel:
      items[0]?.purchaseMarketplaceId || items[0]?.listingMarketplaceId || opts.defaultMarketplaceId || null,
    ...(opts.fulfillments ? { shipments: opts.fulfillments.map(mapFulfillment) } : {}),
  };
}
