/**
 * orderCancel (Admin GraphQL 2026-07, `OrderCancelPayload {job, orderCancelUserErrors, userErrors}`): the order is
 * cancelled at once here (Shopify runs it as a job), its stock put back when `restock`, and `cancelReason` kept.
 * Refused, as `orderCancelUserErrors` with code INVALID, for an order already cancelled or with a fulfillment (the
 * merchant would have to cancel the fulfillment first), NOT_FOUND for an unknown order. A refund is not emulated (the
 * app never asks for one): `refundMethod` with `originalPaymentMethodsRefund: true` or a `storeCreditRefund`, or the
 * deprecated `refund: true` (deprecated since 2025-07 for `refundMethod`,
 * https://shopify.dev/changelog/ordercancel-mutation-now-supports-refunds-to-store-credit), is refused with
 * NO_REFUND_PERMISSION.
 */
import { gid, parseGid } from "./ids";
import type { ShopifyState, ShopRecord } from "./state";

export interface OrderCancelArgs {
  orderId: string;
  /** Deprecated, and optional since 2025-07: `refundMethod` replaces it. */
  refund?: boolean | null;
  /** A oneOf input: refund to the original payment methods, or to store credit. */
  refundMethod?: { originalPaymentMethodsRefund?: boolean | null; storeCreditRefund?: unknown } | null;
  restock: boolean;
  reason: string;
  notifyCustomer?: boolean | null;
  staffNote?: string | null;
}

export interface OrderCancelUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "NOT_FOUND" | "NO_REFUND_PERMISSION";
}

export const ORDER_CANCEL_REASONS = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"] as const;

export function cancelOrder(
  state: ShopifyState,
  shop: ShopRecord,
  args: OrderCancelArgs,
  now: string,
): { jobId: string | null; errors: OrderCancelUserError[] } {
  const fail = (code: OrderCancelUserError["code"], message: string, field: string[] | null = ["orderId"]) => ({
    jobId: null,
    errors: [{ field, message, code }],
  });
  const parsed = parseGid(args.orderId);
  const order = parsed?.type === "Order" ? state.order(shop, parsed.id) : null;
  if (!order) return fail("NOT_FOUND", "Order does not exist");
  if (!(ORDER_CANCEL_REASONS as readonly string[]).includes(args.reason))
    return fail("INVALID", "Reason is invalid", ["reason"]);
  if (order.cancelledAt) return fail("INVALID", "Order has already been cancelled");
  if (order.fulfillments.some((f) => f.status === "SUCCESS"))
    return fail("INVALID", "Cannot cancel an order with fulfillments; cancel the fulfillments first");
  if (args.refund) return fail("NO_REFUND_PERMISSION", "Refunds are not emulated", ["refund"]);
  if (args.refundMethod?.originalPaymentMethodsRefund || args.refundMethod?.storeCreditRefund) {
    return fail("NO_REFUND_PERMISSION", "Refunds are not emulated", ["refundMethod"]);
  }
  if (args.restock) {
    for (const l of order.lineItems) {
      const v = l.variantId !== null ? state.variant(shop, l.variantId) : null;
      if (v) {
        v.inventoryQuantity += l.quantity;
        v.updatedAt = now;
      }
    }
  }
  order.cancelledAt = now;
  order.cancelReason = args.reason;
  order.updatedAt = now;
  return { jobId: gid("Job", state.ids.take()), errors: [] };
}
