/**
 * Orders v2 rules beyond the schema (docs/platform-facts.md#bc-orders): what `POST /v2/orders` requires and refuses, how an
 * order's totals and status move, and the `GET /v2/orders` filters. The request has already passed the
 * spec (spec.ts) when these run; they throw ApiError for what only the store's data can tell.
 *
 * Assumptions where the docs are silent:
 *  - `status_id` defaults to 1 (Pending); `channel_id` to 1; an order without `shipping_addresses` ships to
 *    its billing address; every product goes to the first shipping address (v2 "legacy mode").
 *  - Catalog products default to the variant's price for both `price_ex_tax` and `price_inc_tax` (no tax
 *    rules in the emulator) and decrement the variant's inventory (never below 0, never refused).
 *  - Pickup `consignments` are not emulated (400 saying so).
 */
import { invalidField, requiredField, ApiError } from "./errors";
import { parseDateFilter, parseRfc2822 } from "./dates";
import { round4, toAmount } from "./money";
import { loadSpec, SPECS, validateAgainst } from "./spec";
import {
  ADDRESS_FIELDS,
  ORDER_STATUSES,
  STATUS,
  emptyAddress,
  type Address,
  type BigCommerceState,
  type OrderAddressRecord,
  type OrderProductRecord,
  type OrderRecord,
  type ProductRecord,
  type StoreRecord,
  type VariantRecord,
} from "./state";

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

export function toAddress(input: Json): Address {
  const a = emptyAddress();
  for (const f of ADDRESS_FIELDS) if (typeof input[f] === "string") a[f] = input[f];
  return a;
}

function pairedAmount(body: Json, exKey: string, incKey: string): { exTax: number; incTax: number } | null {
  const hasEx = body[exKey] !== undefined;
  const hasInc = body[incKey] !== undefined;
  if (!hasEx && !hasInc) return null;
  if (!hasEx) throw requiredField(exKey);
  if (!hasInc) throw requiredField(incKey);
  const exTax = toAmount(body[exKey]);
  const incTax = toAmount(body[incKey]);
  if (exTax === null || exTax < 0) throw invalidField(exKey, "The value can't be negative or non-numeric.");
  if (incTax === null || incTax < 0) throw invalidField(incKey, "The value can't be negative or non-numeric.");
  return { exTax, incTax };
}

export function channelEnabled(store: StoreRecord, id: number): boolean {
  const c = store.channels.find((ch) => ch.id === id);
  return !!c && (c.status === "active" || c.status === "prelaunch");
}

function resolveVariant(
  state: BigCommerceState,
  store: StoreRecord,
  p: Json,
  i: number,
): { product: ProductRecord; variant: VariantRecord } {
  const product = state.product(store, p.product_id);
  if (!product) throw invalidField(`products[${i}].product_id`, `Product ${p.product_id} does not exist.`);
  if (p.variant_id !== undefined) {
    const variant = product.variants.find((v) => v.id === p.variant_id);
    if (!variant)
      throw invalidField(
        `products[${i}].variant_id`,
        `Variant ${p.variant_id} does not belong to product ${product.id}.`,
      );
    return { product, variant };
  }
  if (Array.isArray(p.product_options) && p.product_options.length) {
    const variant = product.variants.find(
      (v) =>
        v.optionValues.length > 0 &&
        v.optionValues.every((ov) =>
          p.product_options.some((o: Json) => o?.id === ov.option_id && String(o?.value) === String(ov.id)),
        ),
    );
    if (!variant)
      throw invalidField(
        `products[${i}].product_options`,
        `The options do not match a variant of product ${product.id}.`,
      );
    return { product, variant };
  }
  const base = product.variants.find((v) => v.id === product.baseVariantId);
  if (!base)
    throw new ApiError(
      400,
      `The field 'products[${i}].product_options' is required for a product with variants.`,
      `products[${i}].product_options`,
      "Give variant_id or product_options.",
    );
  return { product, variant: base };
}

/** POST /v2/orders after schema validation. */
export function createOrder(state: BigCommerceState, store: StoreRecord, body: Json, now = Date.now()): OrderRecord {
  if (body.consignments !== undefined) {
    throw new ApiError(
      400,
      "The field 'consignments' is not supported by the BigCommerce emulator (pickup consignments are not emulated).",
      "consignments",
    );
  }
  if (!isObject(body.billing_address)) throw requiredField("billing_address");
  if (!Array.isArray(body.products) || body.products.length === 0) throw requiredField("products");

  const channelId = body.channel_id ?? 1;
  if (!channelEnabled(store, channelId))
    throw invalidField("channel_id", `Channel ${channelId} does not exist or is not enabled.`);
  const statusId = body.status_id ?? STATUS.PENDING;
  if (!(statusId in ORDER_STATUSES))
    throw invalidField("status_id", `${statusId} is not an order status id (GET /v2/order_statuses).`);
  let dateCreated = now;
  if (body.date_created !== undefined) {
    const parsed = parseRfc2822(String(body.date_created));
    if (parsed === null)
      throw invalidField("date_created", "Must be an RFC-2822 date, e.g. Tue, 20 Nov 2012 00:00:00 +0000.");
    dateCreated = parsed;
  }
  const shipping = pairedAmount(body, "shipping_cost_ex_tax", "shipping_cost_inc_tax");
  const handling = pairedAmount(body, "handling_cost_ex_tax", "handling_cost_inc_tax");
  const subtotalOverride = pairedAmount(body, "subtotal_ex_tax", "subtotal_inc_tax");
  const totalOverride = pairedAmount(body, "total_ex_tax", "total_inc_tax");
  const discount = body.discount_amount !== undefined ? toAmount(body.discount_amount) : 0;
  if (discount === null || discount < 0)
    throw invalidField("discount_amount", "The value can't be negative or non-numeric.");

  const ordersSpec = loadSpec(SPECS.ordersV2);
  type Line = Omit<OrderProductRecord, "id" | "orderId" | "orderAddressId" | "quantityShipped"> & {
    variant?: VariantRecord;
  };
  const lines: Line[] = body.products.map((p: Json, i: number): Line => {
    if (!isObject(p)) throw invalidField(`products[${i}]`, "Must be an object.");
    const quantity = p.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1)
      throw invalidField(`products[${i}].quantity`, "Must be a whole number of at least 1.");
    if (p.product_id !== undefined && p.product_id !== 0) {
      const { product, variant } = resolveVariant(state, store, p, i);
      const exTax = toAmount(p.price_ex_tax) ?? toAmount(p.price_inc_tax) ?? variant.price;
      const incTax = toAmount(p.price_inc_tax) ?? exTax;
      return {
        productId: product.id,
        variantId: variant.id,
        name:
          typeof p.name === "string" ? p.name : typeof p.name_customer === "string" ? p.name_customer : product.name,
        sku: variant.sku || product.sku,
        upc: typeof p.upc === "string" ? p.upc : variant.upc,
        priceExTax: round4(exTax),
        priceIncTax: round4(incTax),
        quantity,
        variant,
      };
    }
    const issues = validateAgainst(ordersSpec, "orderCustomProduct_Post", p, `products[${i}]`);
    if (issues.length) {
      const first = issues[0];
      throw first.kind === "required"
        ? requiredField(first.field)
        : invalidField(first.field, `${first.field} ${first.reason}`);
    }
    return {
      productId: 0,
      variantId: 0,
      name: p.name,
      sku: typeof p.sku === "string" ? p.sku : "",
      upc: typeof p.upc === "string" ? p.upc : "",
      priceExTax: round4(toAmount(p.price_ex_tax)!),
      priceIncTax: round4(toAmount(p.price_inc_tax)!),
      quantity,
    };
  });

  const addressesIn: Json[] =
    Array.isArray(body.shipping_addresses) && body.shipping_addresses.length
      ? body.shipping_addresses
      : [body.billing_address];
  const id = ++store.seq.order;
  const addresses: OrderAddressRecord[] = addressesIn.map((a, i) => ({
    ...toAddress(isObject(a) ? a : {}),
    id: ++store.seq.address,
    orderId: id,
    shippingMethod: isObject(a) && typeof a.shipping_method === "string" ? a.shipping_method : "None",
    costExTax: i === 0 ? (shipping?.exTax ?? 0) : 0,
    costIncTax: i === 0 ? (shipping?.incTax ?? 0) : 0,
  }));
  const products: OrderProductRecord[] = lines.map(({ variant, ...l }) => {
    if (variant) variant.inventoryLevel = Math.max(0, variant.inventoryLevel - l.quantity);
    return { ...l, id: ++store.seq.orderProduct, orderId: id, orderAddressId: addresses[0].id, quantityShipped: 0 };
  });

  const order: OrderRecord = {
    id,
    customerId: typeof body.customer_id === "number" ? body.customer_id : 0,
    dateCreated,
    dateModified: now,
    dateShipped: null,
    statusId,
    channelId,
    billingAddress: toAddress(body.billing_address),
    addresses,
    products,
    shipments: [],
    externalSource: typeof body.external_source === "string" ? body.external_source : null,
    externalOrderId: typeof body.external_order_id === "string" ? body.external_order_id : null,
    externalMerchantId: typeof body.external_merchant_id === "string" ? body.external_merchant_id : null,
    staffNotes: typeof body.staff_notes === "string" ? body.staff_notes : "",
    customerMessage: typeof body.customer_message === "string" ? body.customer_message : "",
    paymentMethod: typeof body.payment_method === "string" ? body.payment_method : "",
    customerLocale: typeof body.customer_locale === "string" ? body.customer_locale : "en",
    currencyCode: typeof body.default_currency_code === "string" ? body.default_currency_code : store.currency,
    shippingCostExTax: shipping?.exTax ?? 0,
    shippingCostIncTax: shipping?.incTax ?? 0,
    handlingCostExTax: handling?.exTax ?? 0,
    handlingCostIncTax: handling?.incTax ?? 0,
    discountAmount: discount,
    subtotalOverride,
    totalOverride,
    isDeleted: false,
  };
  store.orders.push(order);
  state.emit({ type: "order_created", store, order });
  return order;
}

export interface OrderTotals {
  subtotalExTax: number;
  subtotalIncTax: number;
  totalExTax: number;
  totalIncTax: number;
  itemsTotal: number;
  itemsShipped: number;
}

export function totals(order: OrderRecord): OrderTotals {
  const subtotalExTax =
    order.subtotalOverride?.exTax ?? order.products.reduce((n, p) => n + p.priceExTax * p.quantity, 0);
  const subtotalIncTax =
    order.subtotalOverride?.incTax ?? order.products.reduce((n, p) => n + p.priceIncTax * p.quantity, 0);
  return {
    subtotalExTax: round4(subtotalExTax),
    subtotalIncTax: round4(subtotalIncTax),
    totalExTax: round4(
      order.totalOverride?.exTax ??
        subtotalExTax + order.shippingCostExTax + order.handlingCostExTax - order.discountAmount,
    ),
    totalIncTax: round4(
      order.totalOverride?.incTax ??
        subtotalIncTax + order.shippingCostIncTax + order.handlingCostIncTax - order.discountAmount,
    ),
    itemsTotal: order.products.reduce((n, p) => n + p.quantity, 0),
    itemsShipped: order.products.reduce((n, p) => n + p.quantityShipped, 0),
  };
}

/** Changes the status (fires store/order/statusUpdated when it changes, and store/order/updated). */
export function setStatus(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  statusId: number,
  now = Date.now(),
): void {
  if (!(statusId in ORDER_STATUSES))
    throw invalidField("status_id", `${statusId} is not an order status id (GET /v2/order_statuses).`);
  const previous = order.statusId;
  order.statusId = statusId;
  order.dateModified = now;
  if (statusId === STATUS.SHIPPED && order.dateShipped === null) order.dateShipped = now;
  if (previous !== statusId) state.emit({ type: "order_status_changed", store, order, previous, current: statusId });
  state.emit({ type: "order_updated", store, order });
}

/** The fields `PUT /v2/orders/{id}` takes in the emulator; any other field answers 501. */
const UPDATABLE = new Set([
  "status_id",
  "external_order_id",
  "external_merchant_id",
  "staff_notes",
  "customer_message",
  "payment_method",
]);

/** PUT /v2/orders/{id} after schema validation. */
export function updateOrder(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  body: Json,
  now = Date.now(),
): OrderRecord {
  const unsupported = Object.keys(body).filter((k) => !UPDATABLE.has(k));
  if (unsupported.length) {
    throw new ApiError(
      501,
      `The BigCommerce emulator does not update ${unsupported.map((k) => `'${k}'`).join(", ")} on PUT /v2/orders/{order_id}.`,
    );
  }
  if (
    body.external_merchant_id !== undefined &&
    order.externalMerchantId !== null &&
    order.externalMerchantId !== body.external_merchant_id
  ) {
    throw invalidField("external_merchant_id", "external_merchant_id can be written only once.");
  }
  if (body.status_id !== undefined && !(body.status_id in ORDER_STATUSES)) {
    throw invalidField("status_id", `${body.status_id} is not an order status id (GET /v2/order_statuses).`);
  }
  if (typeof body.external_order_id === "string") order.externalOrderId = body.external_order_id;
  if (typeof body.external_merchant_id === "string") order.externalMerchantId = body.external_merchant_id;
  if (typeof body.staff_notes === "string") order.staffNotes = body.staff_notes;
  if (typeof body.customer_message === "string") order.customerMessage = body.customer_message;
  if (typeof body.payment_method === "string") order.paymentMethod = body.payment_method;
  if (body.status_id !== undefined) setStatus(state, store, order, body.status_id, now);
  else {
    order.dateModified = now;
    state.emit({ type: "order_updated", store, order });
  }
  return order;
}

/** DELETE /v2/orders/{id}: archives (store/order/archived). */
export function archiveOrder(state: BigCommerceState, store: StoreRecord, order: OrderRecord, now = Date.now()): void {
  order.isDeleted = true;
  order.dateModified = now;
  state.emit({ type: "order_archived", store, order });
}

export const SORT_FIELDS = [
  "id",
  "customer_id",
  "date_created",
  "date_modified",
  "status_id",
  "channel_id",
  "external_id",
] as const;
export const MAX_LIMIT = 250;

/** The filters of GET /v2/orders and /v2/orders/count, from spec-coerced query values. */
export function filterOrders(store: StoreRecord, q: Record<string, unknown>): OrderRecord[] {
  const date = (key: string): number | null => {
    if (q[key] === undefined) return null;
    const ms = parseDateFilter(String(q[key]));
    if (ms === null) throw invalidField(key, "Must be an RFC-2822 or ISO-8601 date.");
    return ms;
  };
  const minCreated = date("min_date_created");
  const maxCreated = date("max_date_created");
  const minModified = date("min_date_modified");
  const maxModified = date("max_date_modified");
  // v2 dates have whole seconds: compare at that precision.
  const s = (ms: number) => Math.floor(ms / 1000);
  return store.orders.filter((o) => {
    if (o.isDeleted) return false;
    const t = totals(o);
    if (q.min_id !== undefined && o.id < (q.min_id as number)) return false;
    if (q.max_id !== undefined && o.id > (q.max_id as number)) return false;
    if (q.min_total !== undefined && t.totalIncTax < (q.min_total as number)) return false;
    if (q.max_total !== undefined && t.totalIncTax > (q.max_total as number)) return false;
    if (q.customer_id !== undefined && o.customerId !== q.customer_id) return false;
    if (q.email !== undefined && o.billingAddress.email.toLowerCase() !== String(q.email).toLowerCase()) return false;
    if (q.status_id !== undefined && o.statusId !== q.status_id) return false;
    if (q.cart_id !== undefined) return false;
    if (q.payment_method !== undefined && o.paymentMethod !== q.payment_method) return false;
    if (q.channel_id !== undefined && o.channelId !== q.channel_id) return false;
    if (q.external_order_id !== undefined && o.externalOrderId !== q.external_order_id) return false;
    if (minCreated !== null && s(o.dateCreated) < s(minCreated)) return false;
    if (maxCreated !== null && s(o.dateCreated) > s(maxCreated)) return false;
    if (minModified !== null && s(o.dateModified) < s(minModified)) return false;
    if (maxModified !== null && s(o.dateModified) > s(maxModified)) return false;
    return true;
  });
}

export function sortOrders(orders: OrderRecord[], field: string, direction: "asc" | "desc"): OrderRecord[] {
  const key = (o: OrderRecord): number => {
    switch (field) {
      case "customer_id":
        return o.customerId;
      case "date_created":
        return o.dateCreated;
      case "date_modified":
        return o.dateModified;
      case "status_id":
        return o.statusId;
      case "channel_id":
        return o.channelId;
      default:
        return o.id;
    }
  };
  const sign = direction === "desc" ? -1 : 1;
  return [...orders].sort((a, b) => sign * (key(a) - key(b) || a.id - b.id));
}
