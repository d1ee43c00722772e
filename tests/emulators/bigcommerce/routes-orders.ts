/**
 * Orders v2 (`/stores/{store_hash}/v2/...`, spec `orders.v2.oas2.yml`):
 *   GET    /orders                      getOrders (filters, page/limit, sort=field[:asc|:desc]; 204 when none)
 *   POST   /orders                      createOrder (200 with the order, as the spec documents)
 *   GET    /orders/count                getOrdersCount
 *   GET    /orders/{order_id}           getOrder
 *   PUT    /orders/{order_id}           updateOrder (status_id, external_order_id, notes...)
 *   DELETE /orders/{order_id}           deleteOrder (archives; 204)
 *   GET    /orders/{order_id}/products[/{product_id}]              getOrderProducts / getOrderProduct
 *   GET    /orders/{order_id}/shipping_addresses[/{id}]            getOrderShippingAddresses / …Address
 *   GET    /order_statuses[/{status_id}]                           getOrderStatuses / getOrderStatusesStatus
 * Empty collections answer 204 with no body (documented for shipments; BigCommerce does the same for orders).
 */
import { apiRoute, ORDERS_READ, ORDERS_WRITE, page, type ApiCall, type BcContext } from "./api";
import { invalidField, notFound } from "./errors";
import { archiveOrder, createOrder, filterOrders, sortOrders, SORT_FIELDS, updateOrder } from "./orders";
import { loadSpec, SPECS } from "./spec";
import { ORDER_STATUSES, type OrderRecord } from "./state";
import { orderProductView, orderView, shippingAddressView, statusView } from "./views";

const V2 = { version: "v2", spec: SPECS.ordersV2 } as const;

export function requireOrder(ctx: BcContext, call: ApiCall): OrderRecord {
  const order = ctx.state.order(call.store, call.values.order_id);
  if (!order) throw notFound();
  return order;
}

/** `sort=date_created:desc` → validate "date_created" against the spec's enum; the direction is ours. */
function splitSort(q: URLSearchParams): URLSearchParams {
  const sort = q.get("sort");
  if (!sort || !sort.includes(":")) return q;
  const out = new URLSearchParams(q);
  out.set("sort", sort.slice(0, sort.indexOf(":")));
  return out;
}

function sortDirection(call: ApiCall): "asc" | "desc" {
  const raw = call.req.query.get("sort") ?? "";
  const dir = raw.includes(":") ? raw.slice(raw.indexOf(":") + 1) : "asc";
  if (dir !== "asc" && dir !== "desc") throw invalidField("sort", "The direction must be :asc or :desc.");
  return dir;
}

let statusDescriptions: Map<number, string> | null = null;

/** The status descriptions, read from the table in getOrderStatuses' description in the spec. */
function descriptions(): Map<number, string> {
  if (statusDescriptions) return statusDescriptions;
  const text = String(
    loadSpec(SPECS.ordersV2).operation("getOrderStatuses").spec.doc.paths["/order_statuses"]?.get?.description ?? "",
  );
  statusDescriptions = new Map();
  for (const line of text.split("\n")) {
    const m = /^\|\s*(\d+)\s*\|[^|]*\|\s*(.+?)\s*\|\s*$/.exec(line.trim());
    if (m) statusDescriptions.set(Number(m[1]), m[2]);
  }
  return statusDescriptions;
}

export function registerOrderRoutes(ctx: BcContext): void {
  const view = (call: ApiCall, order: OrderRecord) =>
    orderView(ctx.apiBase(), call.store, order, (call.values.include as string[] | undefined) ?? []);

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/count",
    operationId: "getOrdersCount",
    scopes: ORDERS_READ,
    handler: (call) => {
      const orders = filterOrders(call.store, call.values);
      const statuses = Object.keys(ORDER_STATUSES)
        .map(Number)
        .map((id, i) => ({
          id,
          name: ORDER_STATUSES[id],
          system_label: ORDER_STATUSES[id],
          custom_label: ORDER_STATUSES[id],
          system_description: descriptions().get(id) ?? "",
          count: orders.filter((o) => o.statusId === id).length,
          sort_order: i,
        }));
      return { status: 200, body: { statuses, count: orders.length } };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders",
    operationId: "getOrders",
    scopes: ORDERS_READ,
    prepareQuery: splitSort,
    handler: (call) => {
      const field = (call.values.sort as string | undefined) ?? "id";
      if (!(SORT_FIELDS as readonly string[]).includes(field))
        throw invalidField("sort", `Sort by one of ${SORT_FIELDS.join(", ")}.`);
      const sorted = sortOrders(filterOrders(call.store, call.values), field, sortDirection(call));
      const p = page(sorted, call.values);
      if (p.items.length === 0) return { status: 204 };
      return { status: 200, body: p.items.map((o) => view(call, o)) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "POST",
    path: "/orders",
    operationId: "createOrder",
    scopes: ORDERS_WRITE,
    handler: (call) => ({
      status: 200,
      body: view(call, createOrder(ctx.state, call.store, call.body ?? {}, ctx.now())),
    }),
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/:order_id",
    operationId: "getOrder",
    scopes: ORDERS_READ,
    handler: (call) => ({ status: 200, body: view(call, requireOrder(ctx, call)) }),
  });

  apiRoute(ctx, {
    ...V2,
    method: "PUT",
    path: "/orders/:order_id",
    operationId: "updateOrder",
    scopes: ORDERS_WRITE,
    handler: (call) => ({
      status: 200,
      body: view(call, updateOrder(ctx.state, call.store, requireOrder(ctx, call), call.body ?? {}, ctx.now())),
    }),
  });

  apiRoute(ctx, {
    ...V2,
    method: "DELETE",
    path: "/orders/:order_id",
    operationId: "deleteOrder",
    scopes: ORDERS_WRITE,
    handler: (call) => {
      archiveOrder(ctx.state, call.store, requireOrder(ctx, call), ctx.now());
      return { status: 204 };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/:order_id/products",
    operationId: "getOrderProducts",
    scopes: ORDERS_READ,
    handler: (call) => {
      const p = page(requireOrder(ctx, call).products, call.values);
      if (p.items.length === 0) return { status: 204 };
      return { status: 200, body: p.items.map(orderProductView) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/:order_id/products/:product_id",
    operationId: "getOrderProduct",
    scopes: ORDERS_READ,
    handler: (call) => {
      const line = requireOrder(ctx, call).products.find((p) => p.id === call.values.product_id);
      if (!line) throw notFound();
      return { status: 200, body: orderProductView(line) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/:order_id/shipping_addresses",
    operationId: "getOrderShippingAddresses",
    scopes: ORDERS_READ,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      const p = page(order.addresses, call.values);
      if (p.items.length === 0) return { status: 204 };
      return { status: 200, body: p.items.map((a) => shippingAddressView(ctx.apiBase(), call.store, order, a)) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/orders/:order_id/shipping_addresses/:id",
    operationId: "getOrderShippingAddress",
    scopes: ORDERS_READ,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      const a = order.addresses.find((x) => x.id === call.values.id);
      if (!a) throw notFound();
      return { status: 200, body: shippingAddressView(ctx.apiBase(), call.store, order, a) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/order_statuses",
    operationId: "getOrderStatuses",
    scopes: ORDERS_READ,
    handler: () => ({
      status: 200,
      body: Object.keys(ORDER_STATUSES).map((id) => statusView(Number(id), descriptions().get(Number(id)) ?? "")),
    }),
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: "/order_statuses/:status_id",
    operationId: "getOrderStatusesStatus",
    scopes: ORDERS_READ,
    handler: (call) => {
      const id = call.values.status_id as number;
      if (!(id in ORDER_STATUSES)) throw notFound();
      return { status: 200, body: statusView(id, descriptions().get(id) ?? "") };
    },
  });
}
