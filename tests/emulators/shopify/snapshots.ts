/**
 * Plain JSON views of the emulator's state for the control API and the in-process helpers (what a test
 * asserts on): GIDs and numeric ids side by side, money as decimal strings.
 */
import { gid } from "./ids";
import { fixed } from "./money";
import {
  displayFulfillmentStatus,
  fulfilledQuantity,
  orderTotals,
  type FulfillmentRecord,
  type OrderRecord,
  type ProductRecord,
  type ShopifyState,
  type ShopRecord,
  type VariantRecord,
} from "./state";

export function shopSnapshot(shop: ShopRecord) {
  return {
    id: gid("Shop", shop.id),
    domain: shop.domain,
    name: shop.name,
    email: shop.email,
    currencyCode: shop.currencyCode,
    accessToken: shop.accessToken,
    installed: shop.installed,
    scopes: shop.scopes,
    locations: shop.locations.map((l) => ({ id: gid("Location", l.id), legacyResourceId: l.id, name: l.name })),
  };
}

export function variantSnapshot(shop: ShopRecord, v: VariantRecord) {
  return {
    id: gid("ProductVariant", v.id),
    legacyResourceId: v.id,
    productId: gid("Product", v.productId),
    inventoryItemId: gid("InventoryItem", v.inventoryItemId),
    sku: v.sku,
    title: v.title,
    price: fixed(v.price, shop.currencyCode),
    inventoryQuantity: v.inventoryQuantity,
    inventoryPolicy: v.inventoryPolicy,
  };
}

export function productSnapshot(state: ShopifyState, shop: ShopRecord, p: ProductRecord) {
  return {
    id: gid("Product", p.id),
    legacyResourceId: p.id,
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    variants: p.variantIds.map((id) => variantSnapshot(shop, state.variant(shop, id)!)),
  };
}

export function fulfillmentSnapshot(order: OrderRecord, f: FulfillmentRecord) {
  return {
    id: gid("Fulfillment", f.id),
    legacyResourceId: f.id,
    orderId: gid("Order", order.id),
    name: f.name,
    status: f.status,
    locationId: gid("Location", f.locationId),
    trackingCompany: f.tracking[0]?.company ?? null,
    trackingNumber: f.tracking[0]?.number ?? null,
    trackingUrl: f.tracking[0]?.url ?? null,
    tracking: f.tracking,
    notifyCustomer: f.notifyCustomer,
    lineItems: f.lineItems.map((l) => ({
      id: gid("FulfillmentLineItem", l.id),
      lineItemId: gid("LineItem", l.lineItemId),
      fulfillmentOrderId: gid("FulfillmentOrder", l.fulfillmentOrderId),
      sku: order.lineItems.find((x) => x.id === l.lineItemId)?.sku ?? null,
      quantity: l.quantity,
    })),
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

export function orderSnapshot(order: OrderRecord) {
  const c = order.currency;
  const t = orderTotals(order);
  return {
    id: gid("Order", order.id),
    legacyResourceId: order.id,
    name: order.name,
    number: order.number,
    sourceName: order.sourceName,
    sourceIdentifier: order.sourceIdentifier,
    sourceUrl: order.sourceUrl,
    tags: order.tags,
    email: order.email,
    phone: order.phone,
    note: order.note,
    currency: c,
    financialStatus: order.financialStatus,
    displayFulfillmentStatus: displayFulfillmentStatus(order),
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    receiptSentTo: order.receiptSentTo,
    test: order.test,
    customAttributes: order.customAttributes,
    discountCodes: order.discountCodes,
    totals: {
      subtotal: fixed(t.subtotal, c),
      shipping: fixed(t.shipping, c),
      tax: fixed(t.tax, c),
      discounts: fixed(t.discounts, c),
      total: fixed(t.total, c),
    },
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    shippingLines: order.shippingLines.map((s) => ({ title: s.title, code: s.code, price: fixed(s.price, c) })),
    lineItems: order.lineItems.map((l) => {
      const done = fulfilledQuantity(order, l.id);
      return {
        id: gid("LineItem", l.id),
        legacyResourceId: l.id,
        sku: l.sku,
        title: l.title,
        variantId: l.variantId ? gid("ProductVariant", l.variantId) : null,
        quantity: l.quantity,
        price: fixed(l.price, c),
        fulfilledQuantity: done,
        unfulfilledQuantity: Math.max(0, l.quantity - done),
      };
    }),
    fulfillmentOrders: order.fulfillmentOrders.map((fo) => ({
      id: gid("FulfillmentOrder", fo.id),
      status: fo.status,
      locationId: gid("Location", fo.locationId),
      lineItems: fo.lineItems.map((l) => ({
        id: gid("FulfillmentOrderLineItem", l.id),
        lineItemId: gid("LineItem", l.lineItemId),
        totalQuantity: l.totalQuantity,
        remainingQuantity: l.remainingQuantity,
      })),
    })),
    fulfillments: order.fulfillments.map((f) => fulfillmentSnapshot(order, f)),
    processedAt: order.processedAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

export type ShopSnapshot = ReturnType<typeof shopSnapshot>;
export type ProductSnapshot = ReturnType<typeof productSnapshot>;
export type VariantSnapshot = ReturnType<typeof variantSnapshot>;
export type OrderSnapshot = ReturnType<typeof orderSnapshot>;
export type FulfillmentSnapshot = ReturnType<typeof fulfillmentSnapshot>;
