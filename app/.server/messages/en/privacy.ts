import type { PrivacyRequest } from "#db/queries/privacy-requests.ts";

/**
 * The merchant's words for privacy requests and erasures, English (docs/decisions/023): the name an erased buyer's
 * orders show, and the line of the privacy-request list.
 */

/** What an order shows as its buyer once the customer's data was erased at the shop's request. */
export const ERASED_CUSTOMER_NAME = "Erased customer";
/** What an eBay order shows as its buyer once eBay asked us to delete that eBay user. */
export const ERASED_EBAY_BUYER_NAME = "Deleted eBay user";

export function privacyRequestSummary(r: Pick<PrivacyRequest, "kind" | "status" | "orderIds" | "erasedAt">): string {
  const orders = r.orderIds?.length ?? 0;
  const ordersText = orders === 1 ? "1 order" : `${orders} orders`;
  if (r.status !== "completed") {
    return r.kind === "customer_data_request"
      ? "Customer data request received; the export is being prepared"
      : "Customer erasure request received; the erasure is in progress";
  }
  if (r.kind === "customer_redact") return `Customer data erased from ${ordersText}`;
  return r.erasedAt
    ? `Customer data export of ${ordersText}; erased since, at the customer's request`
    : `Customer data export of ${ordersText}, ready to pass on to the customer`;
}
