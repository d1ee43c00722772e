/**
 * Orders v2 JSON as BigCommerce answers it (`order_Resp`, `orderProducts`, `orderShippingAddress`,
 * `orderShipment`, `orderStatus_Base`), field for field as in the spec's examples: amounts as 4-decimal
 * strings, dates in RFC-2822, sub-resources as `{url, resource}` links (the examples spell the address
 * link `shippingaddresses`, and so do we).
 */
import { rfc2822 } from "./dates";
import { money } from "./money";
import { totals } from "./orders";
import { generatedTrackingLink, providerDisplayName } from "./shipments";
import {
  ADDRESS_FIELDS,
  ORDER_STATUSES,
  type Address,
  type OrderAddressRecord,
  type OrderProductRecord,
  type OrderRecord,
  type ShipmentRecord,
  type StoreRecord,
} from "./state";

const ZERO = money(0);

function address(a: Address): Record<string, string> {
  return Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, a[f]]));
}

export function v2Base(apiBase: string, store: StoreRecord): string {
  return `${apiBase}/stores/${store.hash}/v2`;
}

function link(apiBase: string, store: StoreRecord, resource: string) {
  return { url: `${v2Base(apiBase, store)}${resource}`, resource };
}

export function orderView(
  apiBase: string,
  store: StoreRecord,
  order: OrderRecord,
  include: string[] = [],
): Record<string, unknown> {
  const t = totals(order);
  const status = ORDER_STATUSES[order.statusId];
  const out: Record<string, unknown> = {
    id: order.id,
    customer_id: order.customerId,
    date_created: rfc2822(order.dateCreated),
    date_modified: rfc2822(order.dateModified),
    date_shipped: order.dateShipped === null ? "" : rfc2822(order.dateShipped),
    status_id: order.statusId,
    status,
    subtotal_ex_tax: money(t.subtotalExTax),
    subtotal_inc_tax: money(t.subtotalIncTax),
    subtotal_tax: money(t.subtotalIncTax - t.subtotalExTax),
    base_shipping_cost: money(order.shippingCostIncTax),
    shipping_cost_ex_tax: money(order.shippingCostExTax),
    shipping_cost_inc_tax: money(order.shippingCostIncTax),
    shipping_cost_tax: money(order.shippingCostIncTax - order.shippingCostExTax),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: money(order.handlingCostIncTax),
    handling_cost_ex_tax: money(order.handlingCostExTax),
    handling_cost_inc_tax: money(order.handlingCostIncTax),
    handling_cost_tax: money(order.handlingCostIncTax - order.handlingCostExTax),
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: money(t.totalExTax),
    total_inc_tax: money(t.totalIncTax),
    total_tax: money(t.totalIncTax - t.totalExTax),
    is_tax_inclusive_pricing: false,
    items_total: t.itemsTotal,
    items_shipped: t.itemsShipped,
    payment_method: order.paymentMethod,
    payment_provider_id: "",
    payment_status: "",
    refunded_amount: ZERO,
    order_is_digital: false,
    store_credit_amount: ZERO,
    gift_certificate_amount: ZERO,
    ip_address: "",
    ip_address_v6: "",
    geoip_country: "",
    geoip_country_iso2: "",
    currency_id: 1,
    currency_code: order.currencyCode,
    currency_exchange_rate: "1.0000000000",
    default_currency_id: 1,
    default_currency_code: order.currencyCode,
    staff_notes: order.staffNotes,
    customer_message: order.customerMessage,
    discount_amount: money(order.discountAmount),
    coupon_discount: ZERO,
    shipping_address_count: order.addresses.length,
    is_deleted: order.isDeleted,
    ebay_order_id: "0",
    cart_id: "",
    billing_address: { ...address(order.billingAddress), form_fields: [] },
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: "external",
    channel_id: order.channelId,
    external_source: order.externalSource,
    products: link(apiBase, store, `/orders/${order.id}/products`),
    shipping_addresses: link(apiBase, store, `/orders/${order.id}/shippingaddresses`),
    coupons: link(apiBase, store, `/orders/${order.id}/coupons`),
    external_id: null,
    external_merchant_id: order.externalMerchantId,
    tax_provider_id: "",
    customer_locale: order.customerLocale,
    external_order_id: order.externalOrderId ?? "",
    store_default_currency_code: store.currency,
    store_default_to_transactional_exchange_rate: "1.0000000000",
    custom_status: status,
  };
  if (include.includes("fees")) out.fees = [];
  return out;
}

export function orderProductView(p: OrderProductRecord): Record<string, unknown> {
  return {
    id: p.id,
    order_id: p.orderId,
    product_id: p.productId,
    variant_id: p.variantId,
    order_pickup_method_id: 0,
    order_address_id: p.orderAddressId,
    name: p.name,
    name_customer: p.name,
    name_merchant: p.name,
    sku: p.sku,
    upc: p.upc,
    type: "physical",
    base_price: money(p.priceExTax),
    price_ex_tax: money(p.priceExTax),
    price_inc_tax: money(p.priceIncTax),
    price_tax: money(p.priceIncTax - p.priceExTax),
    base_total: money(p.priceExTax * p.quantity),
    total_ex_tax: money(p.priceExTax * p.quantity),
    total_inc_tax: money(p.priceIncTax * p.quantity),
    total_tax: money((p.priceIncTax - p.priceExTax) * p.quantity),
    weight: "0.0000",
    width: "0.0000",
    height: "0.0000",
    depth: "0.0000",
    quantity: p.quantity,
    base_cost_price: ZERO,
    cost_price_inc_tax: ZERO,
    cost_price_ex_tax: ZERO,
    cost_price_tax: ZERO,
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: ZERO,
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: "",
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_message: "",
    quantity_shipped: p.quantityShipped,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: ZERO,
    ebay_item_id: "",
    ebay_transaction_id: "",
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: "",
    external_id: null,
    brand: "",
    applied_discounts: [],
    product_options: [],
    configurable_fields: [],
    gift_certificate_id: null,
    discounted_total_inc_tax: money(p.priceIncTax * p.quantity),
  };
}

export function shippingAddressView(
  apiBase: string,
  store: StoreRecord,
  order: OrderRecord,
  a: OrderAddressRecord,
): Record<string, unknown> {
  const lines = order.products.filter((p) => p.orderAddressId === a.id);
  return {
    id: a.id,
    order_id: a.orderId,
    ...address(a),
    items_total: lines.reduce((n, p) => n + p.quantity, 0),
    items_shipped: lines.reduce((n, p) => n + p.quantityShipped, 0),
    shipping_method: a.shippingMethod,
    base_cost: money(a.costIncTax),
    cost_ex_tax: money(a.costExTax),
    cost_inc_tax: money(a.costIncTax),
    cost_tax: money(a.costIncTax - a.costExTax),
    cost_tax_class_id: 0,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 0,
    shipping_zone_id: 1,
    shipping_zone_name: "United States",
    shipping_quotes: link(apiBase, store, `/orders/${order.id}/shippingaddresses/${a.id}/shippingquotes`),
    form_fields: [],
  };
}

export function shipmentView(order: OrderRecord, s: ShipmentRecord): Record<string, unknown> {
  const addr = order.addresses.find((a) => a.id === s.orderAddressId);
  return {
    id: s.id,
    order_id: s.orderId,
    customer_id: order.customerId,
    order_address_id: s.orderAddressId,
    date_created: rfc2822(s.dateCreated),
    tracking_number: s.trackingNumber,
    merchant_shipping_cost: money(s.merchantShippingCost),
    shipping_method: s.shippingMethod,
    comments: s.comments,
    shipping_provider: s.shippingProvider,
    tracking_carrier: s.trackingCarrier,
    tracking_link: s.trackingLink,
    billing_address: address(order.billingAddress),
    shipping_address: addr ? address(addr) : {},
    items: s.items.map((i) => ({ order_product_id: i.orderProductId, product_id: i.productId, quantity: i.quantity })),
    shipping_provider_display_name: providerDisplayName(s.shippingProvider),
    generated_tracking_link: generatedTrackingLink(s),
  };
}

export function statusView(id: number, description: string): Record<string, unknown> {
  return {
    id,
    name: ORDER_STATUSES[id],
    system_label: ORDER_STATUSES[id],
    custom_label: ORDER_STATUSES[id],
    system_description: description,
  };
}

/**
 * The control API's view of an order: the v2 order with its products, shipping addresses and shipments
 * inlined (instead of `{url, resource}` links).
 */
export function sandboxOrderView(apiBase: string, store: StoreRecord, order: OrderRecord): Record<string, unknown> {
  return {
    ...orderView(apiBase, store, order),
    products: order.products.map(orderProductView),
    shipping_addresses: order.addresses.map((a) => shippingAddressView(apiBase, store, order, a)),
    shipments: order.shipments.map((s) => shipmentView(order, s)),
  };
}
