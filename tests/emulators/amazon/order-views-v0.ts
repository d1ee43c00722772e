/**
 * Orders as the v0 model shows them (PascalCase `Order`, `OrderItem`, `OrderAddress`).
 *
 * - Pending orders carry no OrderTotal and their items no pricing (the model's getOrderItems note:
 *   pricing, taxes and shipping charges appear once payment is authorised). Cancelled orders carry no
 *   OrderTotal either, as on Amazon.
 * - PII (address name, lines and phone; BuyerInfo) is shown only when the caller may read it (see
 *   `AmazonSettings.requireRdtForPii`); otherwise the address keeps city, region, postcode and country.
 */
import { isoSeconds } from "./clock";
import { marketplaceInfo } from "./marketplaces";
import {
  type Address,
  itemPrice,
  money,
  type Order,
  type OrderItem,
  orderTotal,
  shippedCount,
  unshippedCount,
} from "./state";

export interface PiiAccess {
  mayRead(dataElement: string): boolean;
}

function isPending(order: Order): boolean {
  return order.status === "Pending" || order.status === "PendingAvailability";
}

export function addressV0(a: Address, full: boolean): Record<string, unknown> {
  const partial = {
    City: a.city,
    StateOrRegion: a.stateOrRegion,
    PostalCode: a.postalCode,
    CountryCode: a.countryCode,
  };
  if (!full) return partial;
  return {
    Name: a.name,
    ...(a.companyName ? { CompanyName: a.companyName } : {}),
    AddressLine1: a.addressLine1,
    ...(a.addressLine2 ? { AddressLine2: a.addressLine2 } : {}),
    ...(a.addressLine3 ? { AddressLine3: a.addressLine3 } : {}),
    ...partial,
    ...(a.phone ? { Phone: a.phone } : {}),
    ...(a.addressType ? { AddressType: a.addressType } : {}),
  };
}

export function orderV0(order: Order, pii: PiiAccess): Record<string, unknown> {
  const market = marketplaceInfo(order.marketplaceId);
  const c = order.currency;
  const out: Record<string, unknown> = {
    AmazonOrderId: order.amazonOrderId,
    SellerOrderId: order.amazonOrderId,
    PurchaseDate: isoSeconds(order.purchaseDate),
    LastUpdateDate: isoSeconds(order.lastUpdateDate),
    OrderStatus: order.status,
    FulfillmentChannel: order.fulfillmentChannel,
    SalesChannel: market.salesChannel,
    ShipServiceLevel: order.shipServiceLevel,
  };
  if (!isPending(order) && order.status !== "Canceled") {
    out.OrderTotal = { CurrencyCode: c, Amount: money(orderTotal(order), c) };
  }
  Object.assign(out, {
    NumberOfItemsShipped: shippedCount(order),
    NumberOfItemsUnshipped: unshippedCount(order),
    PaymentMethod: "Other",
    PaymentMethodDetails: ["Standard"],
    MarketplaceId: order.marketplaceId,
    ShipmentServiceLevelCategory: order.shipmentServiceLevelCategory,
    OrderType: "StandardOrder",
    EarliestShipDate: isoSeconds(order.earliestShipDate),
    LatestShipDate: isoSeconds(order.latestShipDate),
    EarliestDeliveryDate: isoSeconds(order.earliestDeliveryDate),
    LatestDeliveryDate: isoSeconds(order.latestDeliveryDate),
    IsBusinessOrder: false,
    IsPrime: false,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false,
    ShippingAddress: addressV0(order.shippingAddress, pii.mayRead("shippingAddress")),
  });
  if (pii.mayRead("buyerInfo")) {
    out.BuyerInfo = { BuyerEmail: order.buyerEmail, BuyerName: order.buyerName };
  }
  return out;
}

export function orderItemV0(order: Order, item: OrderItem): Record<string, unknown> {
  const c = order.currency;
  const zero = { CurrencyCode: c, Amount: money(0, c) };
  const out: Record<string, unknown> = {
    ASIN: item.asin,
    SellerSKU: item.sku,
    OrderItemId: item.orderItemId,
    Title: item.title,
    QuantityOrdered: item.quantityOrdered,
    QuantityShipped: item.quantityShipped,
    ProductInfo: { NumberOfItems: "1" },
  };
  if (!isPending(order)) {
    Object.assign(out, {
      ItemPrice: { CurrencyCode: c, Amount: money(itemPrice(item), c) },
      ShippingPrice: { CurrencyCode: c, Amount: money(item.shippingPrice, c) },
      ItemTax: { CurrencyCode: c, Amount: money(item.tax, c) },
      ShippingTax: zero,
      ShippingDiscount: zero,
      ShippingDiscountTax: zero,
      PromotionDiscount: zero,
      PromotionDiscountTax: zero,
      PromotionIds: [],
      IsGift: "false",
    });
  }
  Object.assign(out, {
    ConditionId: "New",
    ConditionSubtypeId: "New",
    IsTransparency: false,
    SerialNumberRequired: false,
  });
  return out;
}

export function orderAddressV0(order: Order, full: boolean): Record<string, unknown> {
  return { AmazonOrderId: order.amazonOrderId, ShippingAddress: addressV0(order.shippingAddress, full) };
}

/** getOrderBuyerInfo's `OrderBuyerInfo`: the buyer's email and name only when the caller may read PII. */
export function orderBuyerInfoV0(order: Order, full: boolean): Record<string, unknown> {
  return {
    AmazonOrderId: order.amazonOrderId,
    ...(full ? { BuyerEmail: order.buyerEmail, BuyerName: order.buyerName } : {}),
  };
}
