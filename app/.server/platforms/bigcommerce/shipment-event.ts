import type { ShopFulfillmentEvent } from "../types";
import { carrierNameOf } from "./carrier-names";
import type { OrderProduct, Shipment } from "./payloads";

/**
 * A BigCommerce shipment (`GET /v2/orders/{id}/shipments/{shipment_id}`) as our ShopFulfillmentEvent. A
 * shipment is a package that left: always `success`. Its items name order products; their SKUs come from the
 * order's products. Ids are BigCommerce's numbers as strings (the shop order id is the order id).
 * A shipment has `date_created` but no time of its last change, so `updatedAt` is `readAt`, when we asked for it: a
 * later read is at least as new (docs/platform-facts.md#bc-shipments).
 */
export function shipmentEvent(shipment: Shipment, products: OrderProduct[], readAt: Date): ShopFulfillmentEvent {
  const skuOf = new Map(products.map((p) => [p.id, p.sku?.trim() || null]));
  const shippedAt = new Date(shipment.date_created);
  return {
    shopOrderId: String(shipment.order_id),
    fulfillmentId: String(shipment.id),
    status: "success",
    carrierName: carrierNameOf(shipment),
    trackingNumber: shipment.tracking_number?.trim() || null,
    shippedAt: Number.isNaN(shippedAt.getTime()) ? new Date() : shippedAt,
    updatedAt: readAt,
    lines: shipment.items.map((i) => ({
      shopLineItemId: String(i.order_product_id),
      sku: skuOf.get(i.order_product_id) ?? null,
      quantity: i.quantity,
    })),
  };
}
