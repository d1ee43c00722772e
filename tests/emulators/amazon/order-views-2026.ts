/**
 * Orders as the 2026-01-01 model shows them (camelCase `Order` with `orderItems`, `fulfillment`,
 * `recipient.deliveryAddress`, `packages`...), rendered from the same state as v0.
 *
 * The core (ids, times, sales channel, items with their product and unit price) is always there; the rest
 * comes only when asked for with `includedData`, as the model describes it: BUYER → `buyer`, RECIPIENT →
 * `recipient`, FULFILLMENT → `fulfillment` and each item's `fulfillment`, PACKAGES → `packages`,
 * PROCEEDS → `proceeds` on the order and on each item. The other datasets (EXPENSE, PROMOTION,
 * CANCELLATION, TAX, PAYMENT, FULFILLMENT_ORDERS) are accepted and contribute nothing: the emulator
 * has no data for them. v2026 has no Restricted Data Token; PII follows the request's roles (all here).
 */
import { isoSeconds } from "./clock";
import { marketplaceInfo } from "./marketplaces";
import { itemPrice, money, type Order, type OrderStatus, orderTotal, type ShippedPackage } from "./state";

export const FULFILLMENT_STATUS: Record<OrderStatus, string> = {
  PendingAvailability: "PENDING_AVAILABILITY",
  Pending: "PENDING",
  Unshipped: "UNSHIPPED",
  PartiallyShipped: "PARTIALLY_SHIPPED",
  Shipped: "SHIPPED",
  // Shipped, only the invoice is not confirmed yet: v2026 has no separate status for it.
  InvoiceUnconfirmed: "SHIPPED",
  Canceled: "CANCELLED",
  Unfulfillable: "UNFULFILLABLE",
};

/** v2026 `fulfilledBy` for a v0 FulfillmentChannel. */
export const FULFILLED_BY = { MFN: "MERCHANT", AFN: "AMAZON" } as const;

function moneyOf(minor: number, currency: string) {
  return { amount: money(minor, currency), currencyCode: currency };
}

function packageView(p: ShippedPackage) {
  return {
    packageReferenceId: p.packageReferenceId,
    createdTime: isoSeconds(p.createdAt),
    packageStatus: { status: "SHIPPED" },
    carrier: p.carrierCode === "Other" && p.carrierName ? p.carrierName : p.carrierCode,
    shipTime: isoSeconds(Date.parse(p.shipDate)),
    ...(p.shippingMethod ? { shippingService: p.shippingMethod } : {}),
    trackingNumber: p.trackingNumber,
    packageItems: p.items.map((i) => ({
      orderItemId: i.orderItemId,
      quantity: i.quantity,
      ...(i.transparencyCodes?.length ? { transparencyCodes: i.transparencyCodes } : {}),
    })),
  };
}

export function order2026(order: Order, included: ReadonlySet<string>): Record<string, unknown> {
  const market = marketplaceInfo(order.marketplaceId);
  const c = order.currency;
  const pending = order.status === "Pending" || order.status === "PendingAvailability";
  const out: Record<string, unknown> = {
    orderId: order.amazonOrderId,
    createdTime: isoSeconds(order.purchaseDate),
    lastUpdatedTime: isoSeconds(order.lastUpdateDate),
    salesChannel: { channelName: "AMAZON", marketplaceId: order.marketplaceId, marketplaceName: market.salesChannel },
  };
  if (included.has("BUYER")) out.buyer = { buyerName: order.buyerName, buyerEmail: order.buyerEmail };
  if (included.has("RECIPIENT")) {
    const a = order.shippingAddress;
    out.recipient = {
      deliveryAddress: {
        name: a.name,
        ...(a.companyName ? { companyName: a.companyName } : {}),
        addressLine1: a.addressLine1,
        ...(a.addressLine2 ? { addressLine2: a.addressLine2 } : {}),
        ...(a.addressLine3 ? { addressLine3: a.addressLine3 } : {}),
        city: a.city,
        stateOrRegion: a.stateOrRegion,
        postalCode: a.postalCode,
        countryCode: a.countryCode,
        ...(a.phone ? { phone: a.phone } : {}),
        ...(a.addressType ? { addressType: a.addressType.toUpperCase() } : {}),
      },
    };
  }
  if (included.has("PROCEEDS") && !pending) {
    const items = order.items.reduce((n, i) => n + itemPrice(i), 0);
    const shipping = order.items.reduce((n, i) => n + i.shippingPrice, 0);
    const tax = order.items.reduce((n, i) => n + i.tax, 0);
    out.proceeds = {
      grandTotal: moneyOf(orderTotal(order), c),
      breakdowns: [
        { type: "ITEM", subtotal: moneyOf(items, c) },
        { type: "SHIPPING", subtotal: moneyOf(shipping, c) },
        { type: "TAX", subtotal: moneyOf(tax, c) },
      ],
    };
  }
  if (included.has("FULFILLMENT")) {
    out.fulfillment = {
      fulfillmentStatus: FULFILLMENT_STATUS[order.status],
      fulfilledBy: FULFILLED_BY[order.fulfillmentChannel],
      fulfillmentServiceLevel: order.shipmentServiceLevelCategory.toUpperCase(),
      shipByWindow: {
        earliestDateTime: isoSeconds(order.earliestShipDate),
        latestDateTime: isoSeconds(order.latestShipDate),
      },
      deliverByWindow: {
        earliestDateTime: isoSeconds(order.earliestDeliveryDate),
        latestDateTime: isoSeconds(order.latestDeliveryDate),
      },
    };
  }
  out.orderItems = order.items.map((item) => {
    const view: Record<string, unknown> = {
      orderItemId: item.orderItemId,
      quantityOrdered: item.quantityOrdered,
      product: {
        asin: item.asin,
        title: item.title,
        sellerSku: item.sku,
        condition: { conditionType: "NEW", conditionSubtype: "NEW" },
        ...(pending ? {} : { price: { unitPrice: moneyOf(item.unitPrice, c) } }),
      },
    };
    if (included.has("PROCEEDS") && !pending) {
      view.proceeds = {
        proceedsTotal: moneyOf(itemPrice(item) + item.shippingPrice + item.tax, c),
        breakdowns: [
          { type: "ITEM", subtotal: moneyOf(itemPrice(item), c) },
          { type: "SHIPPING", subtotal: moneyOf(item.shippingPrice, c) },
          { type: "TAX", subtotal: moneyOf(item.tax, c) },
        ],
      };
    }
    if (included.has("FULFILLMENT")) {
      view.fulfillment = {
        quantityFulfilled: item.quantityShipped,
        quantityUnfulfilled: order.status === "Canceled" ? 0 : item.quantityOrdered - item.quantityShipped,
      };
    }
    return view;
  });
  if (included.has("PACKAGES")) out.packages = order.packages.map(packageView);
  return out;
}
