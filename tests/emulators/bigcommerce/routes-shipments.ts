/**
 * Order shipments v2 (`/stores/{store_hash}/v2/orders/{order_id}/shipments...`, spec `orders.v2.oas2.yml`):
 *   GET    /shipments                     getOrderShipments (204 when there are none, as documented)
 *   POST   /shipments                     createOrderShipments (201)
 *   GET    /shipments/count               getOrderShipmentsCount
 *   GET    /shipments/{shipment_id}       getOrderShipment
 *   PUT    /shipments/{shipment_id}       updateOrderShipment
 *   DELETE /shipments/{shipment_id}       deleteOrderShipment (204)
 * The rules are in shipments.ts; each change fires store/shipment/* (and the order's status webhooks).
 */
import { apiRoute, ORDERS_READ, ORDERS_WRITE, page, type ApiCall, type BcContext } from "./api";
import { notFound } from "./errors";
import { requireOrder } from "./routes-orders";
import { createShipment, deleteShipment, updateShipment } from "./shipments";
import { SPECS } from "./spec";
import type { OrderRecord, ShipmentRecord } from "./state";
import { shipmentView } from "./views";

const V2 = { version: "v2", spec: SPECS.ordersV2 } as const;

function requireShipment(order: OrderRecord, call: ApiCall): ShipmentRecord {
  const s = order.shipments.find((x) => x.id === call.values.shipment_id);
  if (!s) throw notFound();
  return s;
}

export function registerShipmentRoutes(ctx: BcContext): void {
  const base = "/orders/:order_id/shipments";

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: `${base}/count`,
    operationId: "getOrderShipmentsCount",
    scopes: ORDERS_READ,
    handler: (call) => ({ status: 200, body: { count: requireOrder(ctx, call).shipments.length } }),
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: base,
    operationId: "getOrderShipments",
    scopes: ORDERS_READ,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      const p = page(order.shipments, call.values);
      if (p.items.length === 0) return { status: 204 };
      return { status: 200, body: p.items.map((s) => shipmentView(order, s)) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "POST",
    path: base,
    operationId: "createOrderShipments",
    scopes: ORDERS_WRITE,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      return {
        status: 201,
        body: shipmentView(order, createShipment(ctx.state, call.store, order, call.body ?? {}, ctx.now())),
      };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "GET",
    path: `${base}/:shipment_id`,
    operationId: "getOrderShipment",
    scopes: ORDERS_READ,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      return { status: 200, body: shipmentView(order, requireShipment(order, call)) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "PUT",
    path: `${base}/:shipment_id`,
    operationId: "updateOrderShipment",
    scopes: ORDERS_WRITE,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      const s = updateShipment(ctx.state, call.store, order, requireShipment(order, call), call.body ?? {}, ctx.now());
      return { status: 200, body: shipmentView(order, s) };
    },
  });

  apiRoute(ctx, {
    ...V2,
    method: "DELETE",
    path: `${base}/:shipment_id`,
    operationId: "deleteOrderShipment",
    scopes: ORDERS_WRITE,
    handler: (call) => {
      const order = requireOrder(ctx, call);
      deleteShipment(ctx.state, call.store, order, requireShipment(order, call), ctx.now());
      return { status: 204 };
    },
  });
}
