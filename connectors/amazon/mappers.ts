/**
 * Amazon payloads → MarketplaceOrder. Pure functions; both Orders API versions map to the same port type,
 * so the app cannot tell which one the connector used.
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
import type {
  AmazonAddressV0,
  AmazonMoneyV0,
  AmazonOrder2026,
  AmazonOrderAddressV0,
  AmazonOrderItem2026,
  AmazonOrderItemV0,
  AmazonOrderV0,
} from "./client";

// ---------------------------------------------------------------------------------------------------------
// Statuses

export type AmazonOrderStatusV0 = AmazonOrderV0["OrderStatus"];
export type AmazonFulfillmentStatus2026 = NonNullable<AmazonOrder2026["fulfillment"]>["fulfillmentStatus"];

export function mapOrderStatusV0(status: AmazonOrderStatusV0): MarketplaceOrderStatus {
  switch (status) {
    case "Pending":
    case "PendingAvailability":
      return "pending";
    case "Unshipped":
      return "unshipped";
    case "PartiallyShipped":
      return "partially_shipped";
    case "Shipped":
    case "InvoiceUnconfirmed":
      return "shipped";
    case "Canceled":
    case "Unfulfillable":
      return "cancelled";
    default:
      return assertUnreachable(status);
  }
}

export function mapFulfillmentStatus2026(status: AmazonFulfillmentStatus2026): MarketplaceOrderStatus {
  switch (status) {
    case "PENDING":
    case "PENDING_AVAILABILITY":
      return "pending";
    case "UNSHIPPED":
      return "unshipped";
    case "PARTIALLY_SHIPPED":
      return "partially_shipped";
    case "SHIPPED":
      return "shipped";
    case "CANCELLED":
    case "UNFULFILLABLE":
      return "cancelled";
    default:
      return assertUnreachable(status);
  }
}

function assertUnreachable(value: never): never {
  // Amazon added a status the model did not have: fail loudly rather than import it as something else.
  throw new Error(`Unknown Amazon order status: ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Currency fallback: Pending orders come without OrderTotal or item prices.

const MARKETPLACE_CURRENCIES: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: "USD", // US
  A2EUQ1WTGCTBG2: "CAD", // CA
  A1AM78C64UM0Y8: "MXN", // MX
  A2Q3Y263D00KWC: "BRL", // BR
  A1F83G8C2ARO7P: "GBP", // UK
  A1PA6795UKMFR9: "EUR", // DE
  A13V1IB3VIYZZH: "EUR", // FR
  APJ6JRA9NG5V4: "EUR", // IT
  A1RKKUPIHCS9HS: "EUR", // ES
  A1805IZSGTT6HS: "EUR", // NL
  AMEN7PMS3EDWL: "EUR", // BE
  A1C3SOZRARQ6R3: "PLN", // PL
  A2NODRKZP88ZB9: "SEK", // SE
  A33AVAJ2PDY3EV: "TRY", // TR
  A2VIGQ35RCS4UG: "AED", // AE
  A17E79C6D8DWNP: "SAR", // SA
  ARBP9OOSHTCHU: "EGP", // EG
  A21TJRUUN4KGV: "INR", // IN
  A1VC38T7YXB528: "JPY", // JP
  A39IBJ37TRP1C6: "AUD", // AU
  A19VAU5U5O7RUS: "SGD", // SG
};

export function currencyForMarketplace(marketplaceId: string | null | undefined): string | null {
  return (marketplaceId && MARKETPLACE_CURRENCIES[marketplaceId]) || null;
}

// ---------------------------------------------------------------------------------------------------------
// v0

export interface AmazonOrderBundleV0 {
  order: AmazonOrderV0;
  items: AmazonOrderItemV0[];
  /** From getOrderAddress; falls back to `order.ShippingAddress`. */
  address?: AmazonOrderAddressV0 | null;
}

export function mapOrderV0({ order, items, address }: AmazonOrderBundleV0): MarketplaceOrder {
  const currency =
    order.OrderTotal?.CurrencyCode ||
    items.map((i) => i.ItemPrice?.CurrencyCode).find((c): c is string => !!c) ||
    currencyForMarketplace(order.MarketplaceId) ||
    "USD";
  const money = (m: AmazonMoneyV0 | undefined): Money | null =>
    m?.Amount !== undefined && m.Amount !== "" ? moneyFromDecimal(m.Amount, m.CurrencyCode || currency) : null;

  const lines = items.map((item) => mapOrderItemV0(item, currency));
  const subtotal = sumMoney(
    currency,
    items.map((i) => money(i.ItemPrice)),
  );
  const shipping = sumMoney(
    currency,
    items.map((i) => money(i.ShippingPrice)),
  );
  // Promotions (on the item and on its shipping) lower what the buyer paid, and the tax on them lowers the tax.
  const discount = sumMoney(
    currency,
    items.flatMap((i) => [money(i.PromotionDiscount), money(i.ShippingDiscount)]),
  );
  const discountTax = sumMoney(
    currency,
    items.flatMap((i) => [money(i.PromotionDiscountTax), money(i.ShippingDiscountTax)]),
  );
  const grossTax = sumMoney(
    currency,
    items.flatMap((i) => [money(i.ItemTax), money(i.ShippingTax)]),
  );
  const tax = { amount: grossTax.amount - discountTax.amount, currency };
  const total = money(order.OrderTotal) ?? {
    amount: subtotal.amount + shipping.amount + tax.amount - discount.amount,
    currency,
  };

  const shippingAddress = mapAddressV0(address?.ShippingAddress ?? order.ShippingAddress, address?.BuyerCompanyName);

  return {
    marketplaceOrderId: order.AmazonOrderId,
    status: mapOrderStatusV0(order.OrderStatus),
    marketplaceStatus: order.OrderStatus,
    purchasedAt: new Date(order.PurchaseDate),
    updatedAt: new Date(order.LastUpdateDate),
    currency,
    buyer: {
      name: order.BuyerInfo?.BuyerName ?? null,
      email: order.BuyerInfo?.BuyerEmail ?? null,
      phone: shippingAddress?.phone ?? null,
    },
    shippingAddress,
    lines,
    totals: { subtotal, shipping, tax, total, ...(discount.amount > 0 ? { discount } : {}) },
    shippingServiceLevel: order.ShipServiceLevel ?? null,
    salesChannel: order.MarketplaceId ?? null,
  };
}

export function mapOrderItemV0(item: AmazonOrderItemV0, orderCurrency: string): MarketplaceOrderLine {
  const currency = item.ItemPrice?.CurrencyCode || orderCurrency;
  // ItemPrice is the price of the whole line (unit price × quantity), docs/platform-facts.md#amazon-orders-v0.
  const lineTotal = item.ItemPrice?.Amount ? moneyFromDecimal(item.ItemPrice.Amount, currency) : zeroMoney(currency);
  const quantity = item.QuantityOrdered;
  const unitAmount = quantity > 0 ? divideMinorUnits(lineTotal.amount, quantity) : lineTotal.amount;
  const tax = item.ItemTax?.Amount
    ? moneyFromDecimal(item.ItemTax.Amount, item.ItemTax.CurrencyCode || currency)
    : null;
  return {
    marketplaceLineId: item.OrderItemId,
    sku: item.SellerSKU ?? null,
    title: item.Title ?? item.ASIN,
    quantity,
    quantityShipped: item.QuantityShipped ?? 0,
    unitPrice: { amount: unitAmount, currency: lineTotal.currency },
    lineTotal,
    tax,
  };
}

/**
 * Without a Restricted Data Token Amazon leaves out the name and street lines (only city, region, postal
 * code and country come back). We still map what there is, with empty strings for the missing
 * required fields, so the shop order keeps its destination country; null when there is no address at all.
 */
export function mapAddressV0(
  address: AmazonAddressV0 | undefined | null,
  buyerCompanyName?: string | null,
): PostalAddress | null {
  if (!address || !address.CountryCode) return null;
  return {
    name: address.Name ?? "",
    company: address.CompanyName ?? buyerCompanyName ?? null,
    line1: address.AddressLine1 ?? "",
    line2: address.AddressLine2 || null,
    line3: address.AddressLine3 || null,
    city: address.City ?? address.Municipality ?? "",
    region: address.StateOrRegion ?? null,
    postalCode: address.PostalCode ?? null,
    countryCode: address.CountryCode.toUpperCase(),
    phone: address.Phone ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// 2026-01-01 (searchOrders / getOrder with includedData)

type Proceeds2026 = NonNullable<AmazonOrder2026["proceeds"]>;
type Money2026 = { amount: string; currencyCode: string };

export function mapOrder2026(order: AmazonOrder2026): MarketplaceOrder {
  const status = order.fulfillment?.fulfillmentStatus;
  if (!status) {
    throw new Error(`Amazon order ${order.orderId} has no fulfillment status (was FULFILLMENT in includedData?)`);
  }
  const currency =
    order.proceeds?.grandTotal?.currencyCode ||
    order.orderItems.map((i) => i.product?.price?.unitPrice?.currencyCode).find((c): c is string => !!c) ||
    currencyForMarketplace(order.salesChannel.marketplaceId) ||
    "USD";
  const money = (m: Money2026 | undefined | null): Money | null =>
    m ? moneyFromDecimal(m.amount, m.currencyCode || currency) : null;

  const lines = order.orderItems.map((item) => mapOrderItem2026(item, currency));
  const breakdown = (type: string): Money | null => breakdownOf(order.proceeds, type, money);
  const itemBreakdowns = (type: string): (Money | null)[] =>
    order.orderItems.map((i) => money(i.proceeds?.breakdowns?.find((b) => b.type === type)?.subtotal));

  // Order-level breakdowns aggregate the items; fall back to summing items, then to unit price × quantity.
  const subtotal =
    breakdown("ITEM") ??
    (order.orderItems.some((i) => i.proceeds?.breakdowns?.some((b) => b.type === "ITEM"))
      ? sumMoney(currency, itemBreakdowns("ITEM"))
      : sumMoney(
          currency,
          lines.map((l) => ({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })),
        ));
  const shipping = breakdown("SHIPPING") ?? sumMoney(currency, itemBreakdowns("SHIPPING"));
  const tax = breakdown("TAX") ?? sumMoney(currency, itemBreakdowns("TAX"));
  // DISCOUNT lowers the proceeds; its sign is not pinned down by the model, so its size is what counts.
  const discountEntry = breakdown("DISCOUNT") ?? sumMoney(currency, itemBreakdowns("DISCOUNT"));
  const discount = { amount: Math.abs(discountEntry.amount), currency };
  const total = money(order.proceeds?.grandTotal) ?? {
    amount: subtotal.amount + shipping.amount + tax.amount - discount.amount,
    currency,
  };

  const shippingAddress = mapAddress2026(order.recipient?.deliveryAddress);
  const shipments: MarketplaceShipmentInfo[] = (order.packages ?? []).map((p) => ({
    carrier: p.carrier ?? null,
    trackingNumber: p.trackingNumber ?? null,
    shippedAt: p.shipTime ? new Date(p.shipTime) : null,
  }));

  return {
    marketplaceOrderId: order.orderId,
    status: mapFulfillmentStatus2026(status),
    marketplaceStatus: status,
    purchasedAt: new Date(order.createdTime),
    updatedAt: new Date(order.lastUpdatedTime),
    currency,
    buyer: {
      name: order.buyer?.buyerName ?? null,
      email: order.buyer?.buyerEmail ?? null,
      phone: shippingAddress?.phone ?? null,
    },
    shippingAddress,
    lines,
    totals: { subtotal, shipping, tax, total, ...(discount.amount > 0 ? { discount } : {}) },
    shippingServiceLevel: order.fulfillment?.fulfillmentServiceLevel ?? null,
    salesChannel: order.salesChannel.marketplaceId ?? null,
    shipments,
  };
}

function breakdownOf(
  proceeds: Proceeds2026 | undefined,
  type: string,
  money: (m: Money2026 | undefined) => Money | null,
): Money | null {
  const entries = (proceeds?.breakdowns ?? []).filter((b) => b.type === type);
  if (entries.length === 0) return null;
  const first = money(entries[0]!.subtotal)!;
  return sumMoney(
    first.currency,
    entries.map((b) => money(b.subtotal)),
  );
}

export function mapOrderItem2026(item: AmazonOrderItem2026, orderCurrency: string): MarketplaceOrderLine {
  // 2026 gives the unit price directly (product.price.unitPrice).
  const unit = item.product?.price?.unitPrice;
  const unitPrice = unit ? moneyFromDecimal(unit.amount, unit.currencyCode || orderCurrency) : zeroMoney(orderCurrency);
  const taxEntry = item.proceeds?.breakdowns?.find((b) => b.type === "TAX");
  const itemTax = taxEntry?.detailedBreakdowns?.find((d) => d.subtype === "ITEM")?.value ?? taxEntry?.subtotal;
  return {
    marketplaceLineId: item.orderItemId,
    sku: item.product?.sellerSku ?? null,
    title: item.product?.title ?? item.product?.asin ?? item.orderItemId,
    quantity: item.quantityOrdered,
    quantityShipped: item.fulfillment?.quantityFulfilled ?? 0,
    unitPrice,
    tax: itemTax ? moneyFromDecimal(itemTax.amount, itemTax.currencyCode || orderCurrency) : null,
  };
}

type CustomerAddress2026 = NonNullable<NonNullable<AmazonOrder2026["recipient"]>["deliveryAddress"]>;

export function mapAddress2026(address: CustomerAddress2026 | undefined | null): PostalAddress | null {
  if (!address || !address.countryCode) return null;
  return {
    name: address.name ?? "",
    company: address.companyName ?? null,
    line1: address.addressLine1 ?? "",
    line2: address.addressLine2 || null,
    line3: address.addressLine3 || null,
    city: address.city ?? address.municipality ?? "",
    region: address.stateOrRegion ?? null,
    postalCode: address.postalCode ?? null,
    countryCode: address.countryCode.toUpperCase(),
    phone: address.phone ?? null,
  };
}
