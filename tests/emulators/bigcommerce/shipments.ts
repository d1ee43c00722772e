/**
 * Order shipments (docs/platform-facts.md#bc-shipments): `POST /v2/orders/{id}/shipments` ships quantities of order products
 * to one of the order's shipping addresses, answers 201 with `generated_tracking_link`, and moves the order
 * to Partially Shipped (3) or Shipped (2). PUT edits tracking, DELETE puts the quantities back.
 *
 * Rules beyond the schema (wording assumed, rules from the docs): `order_address_id` and `items` are
 * required; every item must be an order product of that address; a product cannot be shipped beyond what
 * remains unshipped. After a delete the order goes back to Partially Shipped, or to Awaiting Fulfillment
 * (11) when nothing is shipped any more (assumption).
 *
 * `generated_tracking_link`: empty when a custom `tracking_link` is given; else, with a tracking number,
 * the provider's own page for natively integrated providers (the USPS form is the spec's example), or an
 * AfterShip link (`https://track.aftership.com/{tracking_carrier}/{number}`, URL form assumed).
 */
import { ApiError, invalidField, requiredField } from "./errors";
import { round4, toAmount } from "./money";
import { setStatus, totals } from "./orders";
import { STATUS, type BigCommerceState, type OrderRecord, type ShipmentRecord, type StoreRecord } from "./state";

type Json = Record<string, any>;

const ups = (n: string) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`;
const usps = (n: string) =>
  `https://trkcnfrm1.smi.usps.com/PTSInternetWeb/InterLabelInquiry.do?strOrigTrackNum=${encodeURIComponent(n)}`;

/** The `shipping_provider_standard` values: display name and tracking page. */
export const SHIPPING_PROVIDERS: Record<string, { name: string; link: ((n: string) => string) | null }> = {
  auspost: {
    name: "Australia Post",
    link: (n) => `https://auspost.com.au/mypost/track/#/details/${encodeURIComponent(n)}`,
  },
  canadapost: {
    name: "Canada Post",
    link: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${encodeURIComponent(n)}`,
  },
  endicia: { name: "Endicia", link: usps },
  usps: { name: "USPS", link: usps },
  fedex: { name: "FedEx", link: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}` },
  ups: { name: "UPS", link: ups },
  upsready: { name: "UPS Ready", link: ups },
  upsonline: { name: "UPS", link: ups },
  shipperhq: { name: "ShipperHQ", link: null },
  royalmail: {
    name: "Royal Mail",
    link: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(n)}`,
  },
};

export function providerDisplayName(provider: string): string {
  return SHIPPING_PROVIDERS[provider]?.name ?? provider;
}

export function generatedTrackingLink(
  s: Pick<ShipmentRecord, "trackingNumber" | "trackingLink" | "shippingProvider" | "trackingCarrier">,
): string {
  if (s.trackingLink || !s.trackingNumber) return "";
  const native = SHIPPING_PROVIDERS[s.shippingProvider]?.link;
  if (native && !s.trackingCarrier) return native(s.trackingNumber);
  if (s.trackingCarrier)
    return `https://track.aftership.com/${encodeURIComponent(s.trackingCarrier)}/${encodeURIComponent(s.trackingNumber)}`;
  if (s.shippingProvider) return `https://track.aftership.com/${encodeURIComponent(s.trackingNumber)}`;
  return "";
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Moves the order's status to match what is shipped (only from/to the shipping statuses). */
function followShipping(state: BigCommerceState, store: StoreRecord, order: OrderRecord, now: number): void {
  const t = totals(order);
  let next = order.statusId;
  if (t.itemsShipped > 0 && t.itemsShipped >= t.itemsTotal) next = STATUS.SHIPPED;
  else if (t.itemsShipped > 0) next = STATUS.PARTIALLY_SHIPPED;
  else if (order.statusId === STATUS.SHIPPED || order.statusId === STATUS.PARTIALLY_SHIPPED)
    next = STATUS.AWAITING_FULFILLMENT;
  if (next !== STATUS.SHIPPED) order.dateShipped = null;
  if (next !== order.statusId) setStatus(state, store, order, next, now);
  else {
    order.dateModified = now;
    state.emit({ type: "order_updated", store, order });
  }
}

/** POST /v2/orders/{id}/shipments after schema validation. */
export function createShipment(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  body: Json,
  now = Date.now(),
): ShipmentRecord {
  if (body.order_address_id === undefined) throw requiredField("order_address_id");
  const address = order.addresses.find((a) => a.id === body.order_address_id);
  if (!address)
    throw invalidField(
      "order_address_id",
      `${body.order_address_id} is not a shipping address of order ${order.id} (GET /v2/orders/${order.id}/shipping_addresses).`,
    );
  if (!Array.isArray(body.items) || body.items.length === 0) throw requiredField("items");

  const wanted = new Map<number, number>();
  body.items.forEach((item: Json, i: number) => {
    if (item?.order_product_id === undefined) throw requiredField(`items[${i}].order_product_id`);
    if (item.quantity === undefined) throw requiredField(`items[${i}].quantity`);
    if (!Number.isInteger(item.quantity) || item.quantity < 1)
      throw invalidField(`items[${i}].quantity`, "Must be a whole number of at least 1.");
    const line = order.products.find((p) => p.id === item.order_product_id);
    if (!line)
      throw invalidField(
        `items[${i}].order_product_id`,
        `${item.order_product_id} is not an order product of order ${order.id} (GET /v2/orders/${order.id}/products).`,
      );
    if (line.orderAddressId !== address.id)
      throw invalidField(
        `items[${i}].order_product_id`,
        `Order product ${line.id} ships to address ${line.orderAddressId}, not ${address.id}.`,
      );
    wanted.set(line.id, (wanted.get(line.id) ?? 0) + item.quantity);
  });
  for (const [lineId, qty] of wanted) {
    const line = order.products.find((p) => p.id === lineId)!;
    const remaining = line.quantity - line.quantityShipped;
    if (qty > remaining) {
      throw new ApiError(
        400,
        `The quantity to ship for order product ${lineId} (${qty}) is greater than the quantity not yet shipped (${remaining}).`,
        "items",
        `Order product ${lineId}: ordered ${line.quantity}, shipped ${line.quantityShipped}.`,
      );
    }
  }
  const cost = body.merchant_shipping_cost === undefined ? 0 : toAmount(body.merchant_shipping_cost);
  if (cost === null || cost < 0) throw invalidField("merchant_shipping_cost", "Must be a non-negative amount.");

  const shipment: ShipmentRecord = {
    id: ++store.seq.shipment,
    orderId: order.id,
    orderAddressId: address.id,
    dateCreated: now,
    trackingNumber: str(body.tracking_number),
    trackingCarrier: str(body.tracking_carrier),
    trackingLink: str(body.tracking_link),
    shippingProvider: str(body.shipping_provider),
    shippingMethod: typeof body.shipping_method === "string" ? body.shipping_method : "None",
    comments: str(body.comments),
    merchantShippingCost: round4(cost),
    items: [...wanted].map(([orderProductId, quantity]) => ({
      orderProductId,
      productId: order.products.find((p) => p.id === orderProductId)!.productId,
      quantity,
    })),
  };
  for (const [lineId, qty] of wanted) order.products.find((p) => p.id === lineId)!.quantityShipped += qty;
  order.shipments.push(shipment);
  state.emit({ type: "shipment_created", store, order, shipment });
  followShipping(state, store, order, now);
  return shipment;
}

/** PUT /v2/orders/{id}/shipments/{shipment_id} after schema validation: tracking and notes. */
export function updateShipment(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  shipment: ShipmentRecord,
  body: Json,
  now = Date.now(),
): ShipmentRecord {
  if (body.order_address_id !== undefined && body.order_address_id !== shipment.orderAddressId) {
    throw invalidField(
      "order_address_id",
      "The shipment's items ship to another address; create a new shipment instead.",
    );
  }
  if (body.merchant_shipping_cost !== undefined) {
    const cost = toAmount(body.merchant_shipping_cost);
    if (cost === null || cost < 0) throw invalidField("merchant_shipping_cost", "Must be a non-negative amount.");
    shipment.merchantShippingCost = round4(cost);
  }
  if (typeof body.tracking_number === "string") shipment.trackingNumber = body.tracking_number;
  if (typeof body.tracking_carrier === "string") shipment.trackingCarrier = body.tracking_carrier;
  if (typeof body.tracking_link === "string") shipment.trackingLink = body.tracking_link;
  if (typeof body.shipping_provider === "string") shipment.shippingProvider = body.shipping_provider;
  if (typeof body.shipping_method === "string") shipment.shippingMethod = body.shipping_method;
  if (typeof body.comments === "string") shipment.comments = body.comments;
  order.dateModified = now;
  state.emit({ type: "shipment_updated", store, order, shipment });
  return shipment;
}

/** DELETE /v2/orders/{id}/shipments/{shipment_id}: the quantities become unshipped again. */
export function deleteShipment(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  shipment: ShipmentRecord,
  now = Date.now(),
): void {
  for (const item of shipment.items) {
    const line = order.products.find((p) => p.id === item.orderProductId);
    if (line) line.quantityShipped = Math.max(0, line.quantityShipped - item.quantity);
  }
  order.shipments = order.shipments.filter((s) => s.id !== shipment.id);
  state.emit({ type: "shipment_deleted", store, order, shipment });
  followShipping(state, store, order, now);
}
