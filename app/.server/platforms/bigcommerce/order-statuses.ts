/** BigCommerce's order statuses (`GET /v2/order_statuses`, docs/platform-facts.md#bc-order-statuses). */
export const ORDER_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "Incomplete",
  1: "Pending",
  2: "Shipped",
  3: "Partially Shipped",
  4: "Refunded",
  5: "Cancelled",
  6: "Declined",
  7: "Awaiting Payment",
  8: "Awaiting Pickup",
  9: "Awaiting Shipment",
  10: "Completed",
  11: "Awaiting Fulfillment",
  12: "Manual Verification Required",
  13: "Disputed",
  14: "Partially Refunded",
};

export function orderStatusName(id: number): string {
  return ORDER_STATUS_NAMES[id] ?? `status ${id}`;
}

/** Statuses that say the merchant cancelled or refunded the order in BigCommerce. */
export function isCancelledOrRefunded(id: number): boolean {
  return id === 4 || id === 5 || id === 14;
}
