import type { JobType } from "#db/schema/index.ts";
import { jobDefinition, type JobPayload } from "./job-types";

/** What a job is about, as its payload names it: our order, our shipment, a marketplace account, or a shop order. */
export interface JobSubject {
  orderId?: number;
  shipmentId?: number;
  accountId?: number;
  /** The platform's order id (a Shopify order GID; a BigCommerce order number as a string). */
  shopOrderId?: string;
}

/**
 * The subject of a job from its stored payload (read with its type's schema; a payload that no longer parses names
 * nothing). Pure: the caller looks the ids up.
 */
export function jobSubject(type: JobType, payload: unknown): JobSubject {
  const parsed = jobDefinition(type).payload.safeParse(payload);
  if (!parsed.success) return {};
  const p = parsed.data as Partial<JobPayload<"create-shop-order">> &
    Partial<JobPayload<"export-shipment">> &
    Partial<JobPayload<"poll-account">> &
    Partial<JobPayload<"record-shop-fulfillment">> &
    Partial<JobPayload<"fetch-bigcommerce-shipments">> &
    Partial<JobPayload<"check-authorization">>;
  if (p.orderId !== undefined) return { orderId: p.orderId };
  if (p.shipmentId !== undefined) return { shipmentId: p.shipmentId };
  if (p.accountId !== undefined) return { accountId: p.accountId };
  if (p.event) return { shopOrderId: p.event.shopOrderId };
  if (p.bigcommerce) return { shopOrderId: String(p.bigcommerce.orderId) };
  return {};
}
