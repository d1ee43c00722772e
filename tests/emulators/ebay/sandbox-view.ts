/** The control API's view of an order: as stored, with decimal money and ISO dates (no API envelope). */
import { fromMinorUnits } from "#connectors/money.ts";
import { isoMillis } from "./ebay-emulator-server";
import { lineItemShipped, lineItemStatus, type Order, orderFulfillmentStatus, type User } from "./state";

export interface SandboxOrder {
  orderId: string;
  username: string;
  buyerUsername: string;
  marketplaceId: string;
  currency: string;
  creationDate: string;
  lastModifiedDate: string;
  orderFulfillmentStatus: string;
  orderPaymentStatus: string;
  cancelState: string;
  shippingServiceCode: string;
  shipTo: Order["shipTo"];
  lineItems: {
    lineItemId: string;
    legacyItemId: string;
    sku: string | null;
    title: string;
    quantity: number;
    quantityShipped: number;
    unitPrice: string;
    shippingCost: string;
    tax: string;
    lineItemFulfillmentStatus: string;
  }[];
  fulfillments: {
    fulfillmentId: string;
    lineItems: { lineItemId: string; quantity: number }[];
    shippingCarrierCode: string | null;
    trackingNumber: string | null;
    shippedDate: string;
    source: "api" | "sellerHub";
  }[];
}

export function sandboxOrderView(order: Order): SandboxOrder {
  const money = (m: number) => fromMinorUnits(m, order.currency);
  return {
    orderId: order.orderId,
    username: order.username,
    buyerUsername: order.buyerUsername,
    marketplaceId: order.marketplaceId,
    currency: order.currency,
    creationDate: isoMillis(order.creationDate),
    lastModifiedDate: isoMillis(order.lastModifiedDate),
    orderFulfillmentStatus: orderFulfillmentStatus(order),
    orderPaymentStatus: order.paymentStatus,
    cancelState: order.cancelState,
    shippingServiceCode: order.shippingServiceCode,
    shipTo: structuredClone(order.shipTo),
    lineItems: order.lineItems.map((i) => ({
      lineItemId: i.lineItemId,
      legacyItemId: i.legacyItemId,
      sku: i.sku ?? null,
      title: i.title,
      quantity: i.quantity,
      quantityShipped: lineItemShipped(order, i.lineItemId),
      unitPrice: money(i.unitPrice),
      shippingCost: money(i.shippingCost),
      tax: money(i.tax),
      lineItemFulfillmentStatus: lineItemStatus(order, i),
    })),
    fulfillments: order.fulfillments.map((f) => ({
      fulfillmentId: f.fulfillmentId,
      lineItems: f.lineItems.map((l) => ({ ...l })),
      shippingCarrierCode: f.shippingCarrierCode ?? null,
      trackingNumber: f.trackingNumber ?? null,
      shippedDate: f.shippedDate,
      source: f.source,
    })),
  };
}

/** A user without secrets (the caller knows them, having seeded them). */
export function sandboxUserView(u: User) {
  return {
    username: u.username,
    userId: u.userId,
    clientId: u.clientId,
    marketplaceId: u.marketplaceId,
    scopes: [...u.scopes],
    deleted: u.deleted,
  };
}
