/**
 * The one state machine for an order's fulfillment status.
 * unshipped → pending (shipped in the shop, waiting for tracking) → partially_shipped → shipped,
 * or cancelled; plus failed (with a reason) when a step cannot proceed.
 */
import { brandErrorClass, errorBrand, hasErrorBrand } from "#connectors/error-brand.ts";
import { FULFILLMENT_STATUSES, type FulfillmentStatus } from "#db/schema/enums.ts";

/** The states are the orders table's enum values (db/schema/enums.ts), so db/ never imports the domain. */
export { FULFILLMENT_STATUSES, type FulfillmentStatus };

export type FulfillmentEvent =
  /** A step (create shop order, export shipment...) failed and cannot proceed without help. */
  | { type: "step_failed" }
  /** A failed step was retried (by the merchant or the queue) and the order goes back to where it was. */
  | { type: "step_retried"; unitsOrdered: number; unitsShipped: number; awaitingTracking: boolean }
  /** The shop shipped something but it has no tracking yet. */
  | { type: "shop_shipped_without_tracking" }
  /** Units confirmed to the marketplace, totals after the confirmation. */
  | { type: "units_confirmed"; unitsOrdered: number; unitsShipped: number }
  | { type: "cancelled" };

/** Checked by brand (isInvalidTransitionError), as app/.server/errors.ts explains: this module exists in two copies. */
const INVALID_TRANSITION_ERROR_BRAND = errorBrand("InvalidTransitionError");

export class InvalidTransitionError extends Error {
  static {
    brandErrorClass(this, INVALID_TRANSITION_ERROR_BRAND);
  }
  constructor(from: FulfillmentStatus, event: FulfillmentEvent["type"]) {
    super(`Cannot apply ${event} to an order that is ${from}`);
  }
}

/** An InvalidTransitionError, from whichever copy of this module built it. */
export function isInvalidTransitionError(e: unknown): e is InvalidTransitionError {
  return hasErrorBrand(e, INVALID_TRANSITION_ERROR_BRAND);
}

function assertUnreachable(x: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(x)}`);
}

function byUnits(unitsOrdered: number, unitsShipped: number): FulfillmentStatus {
  if (unitsShipped <= 0) return "unshipped";
  return unitsShipped >= unitsOrdered ? "shipped" : "partially_shipped";
}

/** Pure transition function. Throws InvalidTransitionError for transitions that make no sense. */
export function transition(from: FulfillmentStatus, event: FulfillmentEvent): FulfillmentStatus {
  switch (event.type) {
    case "step_failed":
      if (from === "cancelled") throw new InvalidTransitionError(from, event.type);
      return "failed";
    case "step_retried":
      if (from !== "failed") return from;
      if (event.awaitingTracking) return "pending";
      return byUnits(event.unitsOrdered, event.unitsShipped);
    case "shop_shipped_without_tracking":
      if (from === "cancelled" || from === "shipped") throw new InvalidTransitionError(from, event.type);
      return from === "partially_shipped" ? from : "pending";
    case "units_confirmed":
      if (from === "cancelled") throw new InvalidTransitionError(from, event.type);
      return byUnits(event.unitsOrdered, event.unitsShipped);
    case "cancelled":
      if (from === "shipped") throw new InvalidTransitionError(from, event.type);
      return "cancelled";
    default:
      return assertUnreachable(event);
  }
}

/** Human words for the UI. Exhaustive on purpose: a new status must get a label. */
export function fulfillmentStatusLabel(status: FulfillmentStatus): string {
  switch (status) {
    case "unshipped":
      return "Unshipped";
    case "pending":
      return "Pending tracking";
    case "partially_shipped":
      return "Partially shipped";
    case "shipped":
      return "Shipped";
    case "cancelled":
      return "Cancelled";
    case "failed":
      return "Failed";
    default:
      return assertUnreachable(status);
  }
}
