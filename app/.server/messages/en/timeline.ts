import type {
  ForeignOrderMark,
  ImportRuleDecision,
  TimelineData,
  TimelineKind,
  TimelineNames,
  TypedTimelineEvent,
} from "#app/.server/domain/timeline-events.ts";
import { marketplaceName, platformName } from "#app/.server/domain/marketplace-names.ts";
import { trackingText } from "#app/.server/domain/tracking-text.ts";
import { orderStatusName } from "#app/.server/platforms/bigcommerce/order-statuses.ts";

/**
 * The merchant's wording of every timeline kind, in English: one function per kind, from its typed data to the
 * sentence the order page shows (and that is stored as the row's `message`). Another language is a sibling module
 * with the same shape. Services pass a kind and its data; they do not build these sentences. `names` are the order's
 * marketplace and its shop's platform.
 */
export type TimelineMessages = { [K in TimelineKind]: (data: TimelineData[K], names: TimelineNames) => string };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function retryText(d: TimelineData["shop_order.retrying"]): string {
  const secs = d.retryInMs < 1000 ? `${d.retryInMs} ms` : `${Math.round(d.retryInMs / 1000)} s`;
  const attempt =
    d.attempt < d.maxAttempts
      ? `attempt ${d.attempt} of ${d.maxAttempts}`
      : `attempt ${d.attempt}; it keeps retrying until it succeeds, less often from now on`;
  return `${d.error}; retrying in ${secs} (${attempt})`;
}

/** How another importer's order was recognised, in the merchant's words. */
const FOREIGN_MARKS: Record<ForeignOrderMark, string> = {
  tag: "it carries the marketplace order id as a tag",
  name: "it is named after the marketplace order id",
  source_identifier: "its source identifier is the marketplace order id",
  note_attribute: "its additional details carry the marketplace order id",
  external_order_id: "its external order id is the marketplace order id",
};

function ruleDecisionText(d: ImportRuleDecision, n: TimelineNames): string {
  switch (d.rule) {
    case "custom_lines": {
      const shop = n.platform ? `the ${platformName(n.platform)} shop` : "the shop";
      const what =
        d.skus.length === 1
          ? `SKU ${d.skus[0]} is not sold in ${shop}, so its line was created as a custom line`
          : `SKUs ${d.skus.join(", ")} are not sold in ${shop}, so their lines were created as custom lines`;
      return `${what} (title, SKU and price, linked to no product, no stock taken)`;
    }
    case "merchant_contact":
      return "your name, email and phone replaced the buyer's (the shipping address is the buyer's)";
    case "email":
      return d.mode === "remove"
        ? "the buyer's email was left out"
        : `the order's email is ${d.email} instead of the buyer's`;
    case "confirmation_sent":
      return `${n.platform ? platformName(n.platform) : "The shop"} emailed its own order confirmation to the buyer`;
  }
}

function recordedSuffix(d: TimelineData["shipment.received"], pName: string): string {
  return d.source === "reconciliation"
    ? `; found by OrderBridge's periodic check of open orders, as no webhook from ${pName} had brought it`
    : "";
}

function withdrawnStart(d: TimelineData["shipment.withdrawn"], n: TimelineNames): string {
  const pName = n.platform ? platformName(n.platform) : "The shop";
  const noun = n.platform === "bigcommerce" ? "shipment" : "fulfillment";
  const what = trackingText(d.carrierName, d.trackingNumber) ?? "no tracking number";
  return `${pName} ${noun} ${d.fulfillmentId} (${what}) was ${d.how}`;
}

const shopName = (n: TimelineNames): string => (n.platform ? platformName(n.platform) : "the shop");

export const timelineMessages: TimelineMessages = {
  "order.imported": (d, n) =>
    `Imported from ${marketplaceName(n.marketplace)} (${d.marketplaceStatus}, ${plural(d.lineCount, "line")})`,
  "order.marketplace_status_changed": (d, n) =>
    `${marketplaceName(n.marketplace)} status changed from ${d.from} to ${d.to}`,
  "order.cancelled": (d, n) =>
    d.shopOrder === null
      ? `Cancelled on ${marketplaceName(n.marketplace)} before it reached the shop`
      : `Cancelled on ${marketplaceName(n.marketplace)} after it reached the shop: OrderBridge cancels shop order ${d.shopOrder} so it is not shipped`,
  "order.shipped_on_marketplace": (d, n) =>
    `${marketplaceName(n.marketplace)} says this order is shipped, but not through the shop: shop order ${d.shopOrder} is still open there. Mark it fulfilled in the shop (without notifying the buyer) so it is not shipped twice`,
  "order.retry_requested": (d, n) =>
    d.enqueued
      ? `Retry requested by the merchant (${plural(d.enqueued, "step")} queued)`
      : "Retry requested, but nothing is waiting to be retried",
  "order.buyer_erased": (d, n) =>
    d.requestedBy === "shop"
      ? `Buyer data erased at the customer's request, sent by ${shopName(n)}`
      : `Buyer data erased at ${marketplaceName(n.marketplace)}'s request`,
  "order.customer_data_requested": (d, n) =>
    `${shopName(n)} asked for the customer's data on the customer's behalf: OrderBridge prepared it as privacy request ${d.privacyRequestId}`,
  "order.unreadable": (d, n) =>
    d.neverRead
      ? `${marketplaceName(n.marketplace)} sent this order in a form OrderBridge cannot read (${d.reason}); it is kept here with what ${marketplaceName(n.marketplace)} sent, and imported as soon as a listing of it can be read`
      : `${marketplaceName(n.marketplace)} sent a later version of this order that OrderBridge cannot read (${d.reason}); the order keeps what was read before`,
  "order.read_after_unreadable": (_d, n) =>
    `${marketplaceName(n.marketplace)} now sends this order in a form OrderBridge reads; it is imported`,
  "order.waiting_for_authorization": (d, n) => {
    const what = d.step === "create-shop-order" ? `Creating the ${shopName(n)} order` : "Sending the shipment";
    const whom =
      d.who === "shop"
        ? `${shopName(n)} no longer accepts OrderBridge's access; it resumes by itself once OrderBridge is authorised again (open it from the ${shopName(n)} admin)`
        : `${marketplaceName(n.marketplace)} no longer accepts this account's authorisation; it resumes by itself once the account is reconnected`;
    return `${what} waits: ${whom}`;
  },
  "sku.mapped": (d, n) =>
    `${marketplaceName(n.marketplace)} SKU ${d.marketplaceSku} is now sold as ${shopName(n)} SKU ${d.shopSku}; creating the order again`,
  "shop_order.created": (d, n) =>
    d.foundBy
      ? `Found ${shopName(n)} order ${d.shopOrderName}, which another app had already created for this ${marketplaceName(n.marketplace)} order (${FOREIGN_MARKS[d.foundBy]}); linked it instead of creating a second one`
      : d.foundExisting
        ? `Found existing ${shopName(n)} order ${d.shopOrderName} for this ${marketplaceName(n.marketplace)} order; linked it instead of creating another`
        : `Created ${shopName(n)} order ${d.shopOrderName}`,
  "shop_order.rules_applied": (d, n) =>
    `By this account's import settings: ${d.decisions.map((x) => ruleDecisionText(x, n)).join("; ")}`,
  "shop_order.stock_back": (d, n) =>
    `The ${n.platform ? platformName(n.platform) : "shop's"} stock is back for ${d.skus.length === 1 ? "SKU" : "SKUs"} ${d.skus.join(", ")}; creating the order now`,
  "shop_order.retrying": (d, n) => `Creating the shop order failed: ${retryText(d)}`,
  "shop_order.failed": (d, n) => d.reason,
  "shop_order.cancelled": (d, n) =>
    d.outcome === "cancelled"
      ? `Cancelled ${shopName(n)} order ${d.shopOrder}, as ${marketplaceName(n.marketplace)} cancelled the order; stock put back, nothing refunded there`
      : `${shopName(n)} order ${d.shopOrder} was already cancelled`,
  "shop_order.not_cancelled": (d, n) =>
    `${shopName(n)} order ${d.shopOrder} already has shipments, so OrderBridge did not cancel it; the ${marketplaceName(n.marketplace)} order is cancelled: contact the buyer about the parcel`,
  "shop_order.cancel_failed": (d, n) =>
    `Could not cancel the shop order: ${d.reason}. Cancel it in the shop, and do not ship it`,
  "shop_order.status_changed": (d, n) =>
    `BigCommerce order ${d.shopOrder} is now ${orderStatusName(d.newStatusId)}; OrderBridge does not change the ${marketplaceName(n.marketplace)} order, cancel or refund it there if needed`,
  "shop_order.shipped_without_shipment": (d, n) => {
    const mName = marketplaceName(n.marketplace);
    return (
      `BigCommerce order ${d.shopOrder} is marked ${orderStatusName(d.statusId)} but has no shipment, so nothing was sent to ${mName}. ` +
      `Add a shipment with the tracking number to the order in BigCommerce (Ship Items); OrderBridge then sends it to ${mName}`
    );
  },
  "shipment.received": (d, n) => {
    const pName = shopName(n);
    const what = trackingText(d.carrierName, d.trackingNumber) ?? "no tracking number yet";
    return `${pName} shipped ${plural(d.units, "unit")} (${what})` + recordedSuffix(d, pName);
  },
  "shipment.tracking_updated": (d, n) => {
    const pName = shopName(n);
    return (
      `${pName} updated tracking: ${trackingText(d.carrierName, d.trackingNumber) ?? "no tracking number yet"}` +
      recordedSuffix(d, pName)
    );
  },
  "shipment.ignored": (d, n) => `${shopName(n)} fulfillment ${d.fulfillmentId} is ${d.status}; nothing to send`,
  "shipment.unmatched_lines": (d, n) =>
    `Shipment lines ${d.lines.join(", ")} do not belong to this marketplace order; they are not reported`,
  "shipment.tracking_changed_after_export": (d, n) => {
    const mName = marketplaceName(n.marketplace);
    const what = trackingText(d.carrierName, d.trackingNumber) ?? "no tracking number yet";
    return `${shopName(n)} changed the tracking of a package already confirmed to ${mName} (now ${what}); ${mName} still has ${d.exported ?? "the first number"}. OrderBridge does not send it again as a second package: correct the tracking on ${mName} if needed`;
  },
  "shipment.withdrawn": (d, n) =>
    `${withdrawnStart(d, n)} before it was sent to ${marketplaceName(n.marketplace)}; it will not be sent`,
  "shipment.withdrawn_after_export": (d, n) => {
    const mName = marketplaceName(n.marketplace);
    return `${withdrawnStart(d, n)} after OrderBridge had confirmed it to ${mName}. ${mName} cannot take a confirmed package back through its API: correct the shipment on ${mName} if needed`;
  },
  "shipment.carrier_mismatch": (d, n) => d.reason,
  "shipment.exported": (d, n) =>
    `${marketplaceName(n.marketplace)} accepted the shipment: ${d.carrierCode}${d.carrierCode === "Other" ? ` (${d.carrierName})` : ""} ${d.trackingNumber}, ${d.units} unit(s); order is ${d.status.replace("_", " ")}`,
  "shipment.retrying": (d, n) => `Sending the shipment failed: ${retryText(d)}`,
  "shipment.failed": (d, n) => d.reason,
  "shipment.missing_on_marketplace": (d, n) =>
    d.resent
      ? `${marketplaceName(n.marketplace)} did not show the package ${d.trackingNumber} when OrderBridge checked it after sending; it was sent again and is now accepted`
      : `${marketplaceName(n.marketplace)} did not show the package ${d.trackingNumber} when OrderBridge checked it after sending, and sending it again failed (${d.error}); the next check tries again`,
};

/** The English sentence of one event. */
export function timelineMessage(e: TypedTimelineEvent, names: TimelineNames): string {
  return (timelineMessages[e.kind] as (data: TypedTimelineEvent["data"], names: TimelineNames) => string)(
    e.data,
    names,
  );
}
