/**
 * The API's views of the state: `Order` (getOrders, getOrder) and `ShippingFulfillment`, in the shape of
 * the spec's schemas (spec-conformance.test.ts checks them against it).
 *
 * Money: `lineItemCost` = unit price × quantity; `deliveryCost.shippingCost` per line; `taxes` per line;
 * `total` per line = cost + shipping + tax. `pricingSummary` sums the lines; `tax` only when there is
 * some (the spec: "only returned if any type of tax ... is applied"). eBay Collect and Remit taxes are not
 * modelled: seeded tax is an ordinary line tax included in the totals.
 */
import { fromMinorUnits } from "#connectors/money.ts";
import { isoMillis } from "./ebay-emulator-server";
import { FULFILLMENT_BASE_PATH } from "./spec";
import { type Fulfillment, lineItemCost, lineItemStatus, type Order, orderFulfillmentStatus, DAY } from "./state";

function amount(minor: number, currency: string) {
  return { value: fromMinorUnits(minor, currency), currency };
}

export function fulfillmentView(f: Fulfillment) {
  return {
    fulfillmentId: f.fulfillmentId,
    lineItems: f.lineItems.map((l) => ({ lineItemId: l.lineItemId, quantity: l.quantity })),
    ...(f.trackingNumber ? { shipmentTrackingNumber: f.trackingNumber } : {}),
    shippedDate: f.shippedDate,
    ...(f.shippingCarrierCode ? { shippingCarrierCode: f.shippingCarrierCode } : {}),
  };
}

export function fulfillmentHref(apiBase: string, orderId: string, fulfillmentId: string): string {
  return `${apiBase}${FULFILLMENT_BASE_PATH}/order/${orderId}/shipping_fulfillment/${encodeURIComponent(fulfillmentId)}`;
}

/** The spec's `Order`. `apiBase` is the scheme and host the request came to (for fulfillmentHrefs). */
export function orderView(order: Order, apiBase: string) {
  const c = order.currency;
  const subtotal = order.lineItems.reduce((s, i) => s + lineItemCost(i), 0);
  const shipping = order.lineItems.reduce((s, i) => s + i.shippingCost, 0);
  const tax = order.lineItems.reduce((s, i) => s + i.tax, 0);
  const total = subtotal + shipping + tax - order.priceDiscount;
  const minDelivery = isoMillis(order.creationDate + 3 * DAY);
  const maxDelivery = isoMillis(order.creationDate + 7 * DAY);
  const shipBy = isoMillis(order.creationDate + 2 * DAY);
  const { contactAddress } = order.shipTo;
  const address: Record<string, string> = { addressLine1: contactAddress.addressLine1, city: contactAddress.city };
  for (const k of ["addressLine2", "stateOrProvince", "postalCode", "county"] as const) {
    if (contactAddress[k]) address[k] = contactAddress[k]!;
  }
  address[order.addressCountryField] = contactAddress.countryCode;

  return {
    orderId: order.orderId,
    creationDate: isoMillis(order.creationDate),
    lastModifiedDate: isoMillis(order.lastModifiedDate),
    orderFulfillmentStatus: orderFulfillmentStatus(order),
    orderPaymentStatus: order.paymentStatus,
    sellerId: order.username,
    buyer: { username: order.buyerUsername },
    pricingSummary: {
      priceSubtotal: amount(subtotal, c),
      deliveryCost: amount(shipping, c),
      ...(order.priceDiscount > 0 ? { priceDiscount: amount(-order.priceDiscount, c) } : {}),
      ...(tax > 0 ? { tax: amount(tax, c) } : {}),
      total: amount(total, c),
    },
    cancelStatus: {
      cancelState: order.cancelState,
      cancelRequests: [],
      ...(order.cancelledDate !== undefined ? { cancelledDate: isoMillis(order.cancelledDate) } : {}),
    },
    paymentSummary: {
      totalDueSeller: amount(order.paymentStatus === "PAID" ? total : 0, c),
      refunds: [],
      payments: [
        {
          paymentMethod: "EBAY",
          paymentReferenceId: order.paymentReferenceId,
          ...(order.paymentDate !== undefined ? { paymentDate: isoMillis(order.paymentDate) } : {}),
          amount: amount(total, c),
          paymentStatus: order.paymentStatus,
        },
      ],
    },
    fulfillmentStartInstructions: [
      {
        fulfillmentInstructionsType: "SHIP_TO",
        minEstimatedDeliveryDate: minDelivery,
        maxEstimatedDeliveryDate: maxDelivery,
        ebaySupportedFulfillment: false,
        shippingStep: {
          shipTo: {
            fullName: order.shipTo.fullName,
            ...(order.shipTo.companyName ? { companyName: order.shipTo.companyName } : {}),
            contactAddress: address,
            ...(order.shipTo.phoneNumber ? { primaryPhone: { phoneNumber: order.shipTo.phoneNumber } } : {}),
            email: order.shipTo.email ?? `${order.buyerUsername.replace(/[^a-z0-9]/gi, "")}@members.ebay.com`,
          },
          shippingCarrierCode: order.shippingCarrierCode,
          shippingServiceCode: order.shippingServiceCode,
        },
      },
    ],
    fulfillmentHrefs: order.fulfillments.map((f) => fulfillmentHref(apiBase, order.orderId, f.fulfillmentId)),
    lineItems: order.lineItems.map((i) => ({
      lineItemId: i.lineItemId,
      legacyItemId: i.legacyItemId,
      ...(i.sku !== undefined ? { sku: i.sku } : {}),
      title: i.title,
      lineItemCost: amount(lineItemCost(i), c),
      quantity: i.quantity,
      soldFormat: "FIXED_PRICE",
      listingMarketplaceId: order.marketplaceId,
      purchaseMarketplaceId: order.marketplaceId,
      lineItemFulfillmentStatus: lineItemStatus(order, i),
      total: amount(lineItemCost(i) + i.shippingCost + i.tax, c),
      deliveryCost: { shippingCost: amount(i.shippingCost, c) },
      appliedPromotions: [],
      taxes: i.tax > 0 ? [{ amount: amount(i.tax, c), taxType: "STATE_SALES_TAX" }] : [],
      properties: { buyerProtection: true },
      lineItemFulfillmentInstructions: {
        minEstimatedDeliveryDate: minDelivery,
        maxEstimatedDeliveryDate: maxDelivery,
        shipByDate: shipBy,
        guaranteedDelivery: false,
      },
    })),
    salesRecordReference: order.salesRecordReference,
    totalFeeBasisAmount: amount(total, c),
    totalMarketplaceFee: amount(Math.round(total * 0.1325), c),
  };
}
