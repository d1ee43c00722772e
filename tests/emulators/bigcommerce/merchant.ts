/**
 * The merchant acting in the control panel, for the control API and the in-process helpers: seeding an
 * order (the `POST /v2/orders` body, where a product may also be given as `{sku, quantity}`), shipping
 * (items by `sku` or `order_product_id`; all unshipped items by default) and changing an order's status.
 * Everything goes through the same spec validation and rules as the REST API, so seeds are orders the
 * real API would accept, and every change fires the same webhooks.
 */
import { issuesResponse } from "./api";
import { ApiError, ControlError } from "./errors";
import { createOrder, setStatus } from "./orders";
import { createShipment } from "./shipments";
import { loadSpec, SPECS } from "./spec";
import type { BigCommerceState, OrderRecord, ShipmentRecord, StoreRecord } from "./state";

type Json = Record<string, any>;

function specCheck(operationId: string, body: unknown, params: Record<string, string> = {}): void {
  const checked = loadSpec(SPECS.ordersV2)
    .operation(operationId)
    .validateRequest(
      { query: new URLSearchParams(), params, rawBody: JSON.stringify(body ?? ""), body },
      { unknownBodyFields: "reject" },
    );
  if (checked.issues.length) {
    const res = issuesResponse("v2", checked.issues);
    throw new ControlError(400, (res.body as { message: string }[]).map((e) => e.message).join(" "));
  }
}

function rethrow(e: unknown): never {
  if (e instanceof ApiError)
    throw new ControlError(e.status === 404 ? 404 : 400, e.reason ? `${e.message} ${e.reason}` : e.message);
  throw e;
}

export function seedOrder(state: BigCommerceState, store: StoreRecord, input: Json, now: number): OrderRecord {
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw new ControlError(400, "body must be a POST /v2/orders body");
  const products = Array.isArray(input.products)
    ? input.products.map((p: Json, i: number) => {
        if (
          !p ||
          typeof p !== "object" ||
          p.product_id !== undefined ||
          p.name !== undefined ||
          typeof p.sku !== "string"
        )
          return p;
        const variant = state.variantBySku(store, p.sku);
        if (!variant)
          throw new ControlError(400, `products[${i}]: no variant with SKU ${p.sku} in store ${store.hash}`);
        const { sku: _sku, ...rest } = p;
        return { ...rest, product_id: variant.productId, variant_id: variant.id };
      })
    : input.products;
  const body = { ...input, products };
  specCheck("createOrder", body);
  try {
    return createOrder(state, store, body, now);
  } catch (e) {
    return rethrow(e);
  }
}

export interface MerchantShipInput {
  items?: { sku?: string; order_product_id?: number; quantity?: number }[];
  order_address_id?: number;
  tracking_number?: string;
  tracking_carrier?: string;
  shipping_provider?: string;
  tracking_link?: string;
  shipping_method?: string;
  comments?: string;
}

export function merchantShip(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  input: MerchantShipInput = {},
  now: number,
): ShipmentRecord {
  if (!input || typeof input !== "object") throw new ControlError(400, "body must be a JSON object");
  const remaining = (id: number) => {
    const p = order.products.find((x) => x.id === id)!;
    return p.quantity - p.quantityShipped;
  };
  let items: { order_product_id: number; quantity: number }[];
  if (input.items !== undefined) {
    if (!Array.isArray(input.items) || input.items.length === 0)
      throw new ControlError(400, "items must be a non-empty array");
    items = input.items.map((it, i) => {
      const line =
        it?.order_product_id !== undefined
          ? order.products.find((p) => p.id === it.order_product_id)
          : (order.products.find((p) => p.sku === it?.sku && remaining(p.id) > 0) ??
            order.products.find((p) => p.sku === it?.sku));
      if (!line)
        throw new ControlError(
          400,
          `items[${i}]: order ${order.id} has no product ${it?.order_product_id ?? `with SKU ${it?.sku}`}`,
        );
      return { order_product_id: line.id, quantity: it.quantity ?? remaining(line.id) };
    });
  } else {
    const addressId = input.order_address_id ?? order.products.find((p) => remaining(p.id) > 0)?.orderAddressId;
    items = order.products
      .filter((p) => p.orderAddressId === addressId && remaining(p.id) > 0)
      .map((p) => ({ order_product_id: p.id, quantity: remaining(p.id) }));
    if (items.length === 0) throw new ControlError(409, `order ${order.id} has nothing left to ship`);
  }
  const addressId =
    input.order_address_id ?? order.products.find((p) => p.id === items[0].order_product_id)!.orderAddressId;
  const body: Json = { order_address_id: addressId, items };
  for (const k of [
    "tracking_number",
    "tracking_carrier",
    "shipping_provider",
    "tracking_link",
    "shipping_method",
    "comments",
  ] as const) {
    if (input[k] !== undefined) body[k] = input[k];
  }
  specCheck("createOrderShipments", body, { order_id: String(order.id) });
  try {
    return createShipment(state, store, order, body, now);
  } catch (e) {
    return rethrow(e);
  }
}

export function merchantSetStatus(
  state: BigCommerceState,
  store: StoreRecord,
  order: OrderRecord,
  statusId: unknown,
  now: number,
): OrderRecord {
  if (!Number.isInteger(statusId)) throw new ControlError(400, "status_id must be an integer (GET /v2/order_statuses)");
  try {
    setStatus(state, store, order, statusId as number, now);
  } catch (e) {
    rethrow(e);
  }
  return order;
}
