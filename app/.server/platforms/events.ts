import { z } from "zod";

/**
 * The platform events that cross the job queue, as zod schemas: the producer (a webhook edge, a platform read)
 * enqueues them, the job handler parses them back from the stored JSON. One schema for both sides, and the
 * TypeScript types are inferred from it, so the two cannot drift apart.
 */

/** A fulfillment/shipment event from the shop, translated from the platform's webhook payload (or the same fetched). */
export const ShopFulfillmentEventSchema = z.object({
  /** The platform's id of the shop order (same form as ShopOrderRef.id). */
  shopOrderId: z.string(),
  /** The platform's id of the fulfillment/shipment. */
  fulfillmentId: z.string(),
  /** Only successful fulfillments are shipments; cancelled ones are reported for the timeline. */
  status: z.enum(["success", "cancelled", "pending", "other"]),
  carrierName: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  /** A Date in memory; an ISO string once stored in a job's payload (JSON), coerced back when parsed. */
  shippedAt: z.coerce.date(),
  /**
   * How new these facts are: when the platform last changed the fulfillment (Shopify `updated_at`), or, where it keeps
   * no such time (a BigCommerce shipment has only `date_created`), when we read it. A shipment is not changed by an
   * event older than the one it was last changed by, so a webhook that arrives late cannot undo a newer one. Optional:
   * jobs queued before it existed carry none, and are applied as before.
   */
  updatedAt: z.coerce.date().optional(),
  lines: z.array(z.object({ shopLineItemId: z.string(), sku: z.string().nullable(), quantity: z.number().int() })),
});
export type ShopFulfillmentEvent = z.output<typeof ShopFulfillmentEventSchema>;

/**
 * What BigCommerce's light webhooks name: a shipment of an order (store/shipment/*), or only the order
 * (store/order/statusUpdated), whose shipments are then all fetched.
 */
export const BigCommerceShipmentRefSchema = z.object({
  orderId: z.number().int().positive(),
  shipmentId: z.number().int().positive().optional(),
});
export type BigCommerceShipmentRef = z.output<typeof BigCommerceShipmentRefSchema>;

/**
 * How the fulfillment reached us: its webhook, a read of the order's fulfillments when we linked an order found in
 * the shop, or the periodic reconciliation (then no webhook had brought it, and the timeline says so).
 */
export const FULFILLMENT_SOURCES = ["webhook", "link", "reconciliation"] as const;
export type FulfillmentSource = (typeof FULFILLMENT_SOURCES)[number];
