import type { ShopFulfillmentEvent } from "../types";

/**
 * A Shopify fulfillment, however it reached us (the `fulfillments/*` webhook's REST payload or an Admin GraphQL
 * query), as our ShopFulfillmentEvent. Both paths pass the same facts here, so the event is the same: ids are
 * GraphQL gids, the status is Shopify's (either spelling: REST `success`, GraphQL `SUCCESS`), the carrier and
 * tracking number are the first ones, blanks are null.
 */
export interface ShopifyFulfillmentFacts {
  /** The order's gid (`gid://shopify/Order/…`). */
  orderGid: string;
  /** The fulfillment's gid (`gid://shopify/Fulfillment/…`). */
  fulfillmentGid: string;
  status: string;
  trackingCompany: string | null | undefined;
  trackingNumber: string | null | undefined;
  /** ISO date of the fulfillment; now when missing or unreadable. */
  createdAt: string | null | undefined;
  /** ISO date of its last change (REST `updated_at`, GraphQL `updatedAt`); none when missing or unreadable. */
  updatedAt: string | null | undefined;
  lines: { lineItemGid: string; sku: string | null | undefined; quantity: number }[];
}

function statusOf(s: string): ShopFulfillmentEvent["status"] {
  switch (s.toLowerCase()) {
    case "success":
      return "success";
    case "cancelled":
      return "cancelled";
    case "pending":
    case "open":
      return "pending";
    default:
      return "other";
  }
}

function blankToNull(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/**
 * Whole seconds: the REST payloads carry no more (`2026-01-01T10:00:00-05:00`), so the same change read through the
 * webhook and through GraphQL is the same time, and neither looks older than the other.
 */
function updatedAtOf(iso: string | null | undefined): Date | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(Math.floor(ms / 1000) * 1000);
}

export function shopifyFulfillmentEvent(f: ShopifyFulfillmentFacts): ShopFulfillmentEvent {
  const shippedAt = new Date(f.createdAt ?? Date.now());
  const updatedAt = updatedAtOf(f.updatedAt);
  return {
    shopOrderId: f.orderGid,
    fulfillmentId: f.fulfillmentGid,
    status: statusOf(f.status),
    carrierName: blankToNull(f.trackingCompany),
    trackingNumber: blankToNull(f.trackingNumber),
    shippedAt: Number.isNaN(shippedAt.getTime()) ? new Date() : shippedAt,
    ...(updatedAt ? { updatedAt } : {}),
    lines: f.lines.map((l) => ({ shopLineItemId: l.lineItemGid, sku: l.sku ?? null, quantity: l.quantity })),
  };
}
