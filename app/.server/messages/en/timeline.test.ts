import { describe, expect, it } from "vitest";
import {
  isTimelineKind,
  TIMELINE_KINDS,
  type TimelineDataByKind,
  type TimelineEventOf,
  type TimelineKind,
  type TimelineNames,
} from "#app/.server/domain/timeline-events.ts";
import { timelineMessage, timelineMessages } from "./timeline";

/** One sample of every kind's data: a kind added without its data, or its data changed, fails typecheck here. */
const samples: TimelineDataByKind = {
  "order.imported": { marketplaceOrderId: "111-1", account: "US", marketplaceStatus: "Unshipped", lineCount: 2 },
  "order.marketplace_status_changed": { from: "NOT_STARTED", to: "FULFILLED" },
  "order.cancelled": { shopOrder: null },
  "order.shipped_on_marketplace": { shopOrder: "#1001" },
  "order.retry_requested": { enqueued: 1 },
  "order.buyer_erased": {},
  "order.customer_data_requested": { privacyRequestId: 4 },
  "order.unreadable": { reason: "status Lost is unknown", neverRead: true },
  "order.read_after_unreadable": {},
  "order.waiting_for_authorization": { step: "export-shipment", who: "account", reason: "eBay refused" },
  "sku.mapped": { marketplaceSku: "HAT-1", shopSku: "HAT-RED" },
  "shop_order.created": { shopOrderId: "gid://shopify/Order/1", shopOrderName: "#1001", foundExisting: false },
  "shop_order.rules_applied": {
    decisions: [
      { rule: "custom_lines", skus: ["HAT-1"] },
      { rule: "email", mode: "alias", email: "113-1@orders.example.com" },
    ],
  },
  "shop_order.stock_back": { skus: ["HAT-1", "HAT-2"] },
  "shop_order.retrying": { error: "Shopify answered 503", retryInMs: 2500, attempt: 1, maxAttempts: 5 },
  "shop_order.failed": { reason: "SKU HAT-1 is not in the Shopify shop" },
  "shop_order.cancelled": { shopOrder: "#120", outcome: "cancelled" },
  "shop_order.not_cancelled": { shopOrder: "#1001" },
  "shop_order.cancel_failed": { reason: "Shopify answered 500" },
  "shop_order.status_changed": { shopOrder: "#120", previousStatusId: 11, newStatusId: 5 },
  "shop_order.shipped_without_shipment": { shopOrder: "#120", statusId: 2 },
  "shipment.received": {
    shipmentId: 7,
    fulfillmentId: "F1",
    source: "webhook",
    units: 1,
    carrierName: "UPS",
    trackingNumber: "1Z999",
  },
  "shipment.tracking_updated": {
    shipmentId: 7,
    fulfillmentId: "9",
    source: "webhook",
    units: 1,
    carrierName: null,
    trackingNumber: "1Z999",
  },
  "shipment.ignored": { fulfillmentId: "F2", status: "pending" },
  "shipment.unmatched_lines": { lines: ["MUG-9", "gid://shopify/LineItem/3"] },
  "shipment.tracking_changed_after_export": {
    shipmentId: 7,
    carrierName: "UPS",
    trackingNumber: "1Z222",
    exported: "UPS 1Z111",
  },
  "shipment.withdrawn": {
    shipmentId: 7,
    fulfillmentId: "9",
    how: "deleted",
    carrierName: "UPS",
    trackingNumber: "1Z999",
  },
  "shipment.withdrawn_after_export": {
    shipmentId: 7,
    fulfillmentId: "F1",
    how: "cancelled",
    carrierName: null,
    trackingNumber: null,
  },
  "shipment.carrier_mismatch": {
    reason: "Tracking number looks like UPS (UPS Ground) but the shop says FedEx; sending FedEx",
  },
  "shipment.exported": {
    shipmentId: 7,
    carrierCode: "UPS",
    carrierName: "UPS",
    carrierSource: "shop",
    trackingNumber: "1Z999",
    units: 2,
    status: "partially_shipped",
  },
  "shipment.retrying": { error: "Amazon answered 503", retryInMs: 800, attempt: 2, maxAttempts: 5 },
  "shipment.failed": { reason: "No carrier was given in the shop and none could be detected from tracking number 123" },
  "shipment.missing_on_marketplace": { shipmentId: 7, trackingNumber: "1Z999AA10123456784", resent: true },
};

const amazonOnShopify: TimelineNames = { marketplace: "amazon", platform: "shopify" };
/** The order each sample is on, when not an Amazon order in a Shopify shop. */
const on: Partial<Record<TimelineKind, TimelineNames>> = {
  "order.marketplace_status_changed": { marketplace: "ebay", platform: "shopify" },
  "order.buyer_erased": { marketplace: "ebay", platform: "shopify" },
  "order.cancelled": { marketplace: "etsy", platform: "bigcommerce" },
  "order.shipped_on_marketplace": { marketplace: "ebay", platform: "shopify" },
  "shop_order.cancelled": { marketplace: "etsy", platform: "bigcommerce" },
  "shop_order.status_changed": { marketplace: "amazon", platform: "bigcommerce" },
  "shop_order.shipped_without_shipment": { marketplace: "ebay", platform: "bigcommerce" },
  "shipment.tracking_updated": { marketplace: "amazon", platform: "bigcommerce" },
  "shipment.withdrawn": { marketplace: "amazon", platform: "bigcommerce" },
  "shipment.withdrawn_after_export": { marketplace: "etsy", platform: "shopify" },
};
const namesOf = (kind: TimelineKind): TimelineNames => on[kind] ?? amazonOnShopify;

/** The sentences the services wrote before the wording moved here, for the samples above. */
const today: Record<TimelineKind, string> = {
  "order.imported": "Imported from Amazon (Unshipped, 2 lines)",
  "order.marketplace_status_changed": "eBay status changed from NOT_STARTED to FULFILLED",
  "order.cancelled": "Cancelled on Etsy before it reached the shop",
  "order.shipped_on_marketplace":
    "eBay says this order is shipped, but not through the shop: shop order #1001 is still open there. Mark it fulfilled in the shop (without notifying the buyer) so it is not shipped twice",
  "order.retry_requested": "Retry requested by the merchant (1 step queued)",
  "order.buyer_erased": "Buyer data erased at eBay's request",
  "order.customer_data_requested":
    "Shopify asked for the customer's data on the customer's behalf: OrderBridge prepared it as privacy request 4",
  "order.unreadable":
    "Amazon sent this order in a form OrderBridge cannot read (status Lost is unknown); it is kept here with what Amazon sent, and imported as soon as a listing of it can be read",
  "order.read_after_unreadable": "Amazon now sends this order in a form OrderBridge reads; it is imported",
  "order.waiting_for_authorization":
    "Sending the shipment waits: Amazon no longer accepts this account's authorisation; it resumes by itself once the account is reconnected",
  "sku.mapped": "Amazon SKU HAT-1 is now sold as Shopify SKU HAT-RED; creating the order again",
  "shop_order.created": "Created Shopify order #1001",
  "shop_order.rules_applied":
    "By this account's import settings: SKU HAT-1 is not sold in the Shopify shop, so its line was created as a custom line (title, SKU and price, linked to no product, no stock taken); the order's email is 113-1@orders.example.com instead of the buyer's",
  "shop_order.stock_back": "The Shopify stock is back for SKUs HAT-1, HAT-2; creating the order now",
  "shop_order.retrying": "Creating the shop order failed: Shopify answered 503; retrying in 3 s (attempt 1 of 5)",
  "shop_order.failed": "SKU HAT-1 is not in the Shopify shop",
  "shop_order.cancelled":
    "Cancelled BigCommerce order #120, as Etsy cancelled the order; stock put back, nothing refunded there",
  "shop_order.not_cancelled":
    "Shopify order #1001 already has shipments, so OrderBridge did not cancel it; the Amazon order is cancelled: contact the buyer about the parcel",
  "shop_order.cancel_failed":
    "Could not cancel the shop order: Shopify answered 500. Cancel it in the shop, and do not ship it",
  "shop_order.status_changed":
    "BigCommerce order #120 is now Cancelled; OrderBridge does not change the Amazon order, cancel or refund it there if needed",
  "shop_order.shipped_without_shipment":
    "BigCommerce order #120 is marked Shipped but has no shipment, so nothing was sent to eBay. Add a shipment with the tracking number to the order in BigCommerce (Ship Items); OrderBridge then sends it to eBay",
  "shipment.received": "Shopify shipped 1 unit (UPS 1Z999)",
  "shipment.tracking_updated": "BigCommerce updated tracking: carrier not given 1Z999",
  "shipment.ignored": "Shopify fulfillment F2 is pending; nothing to send",
  "shipment.unmatched_lines":
    "Shipment lines MUG-9, gid://shopify/LineItem/3 do not belong to this marketplace order; they are not reported",
  "shipment.tracking_changed_after_export":
    "Shopify changed the tracking of a package already confirmed to Amazon (now UPS 1Z222); Amazon still has UPS 1Z111. OrderBridge does not send it again as a second package: correct the tracking on Amazon if needed",
  "shipment.withdrawn":
    "BigCommerce shipment 9 (UPS 1Z999) was deleted before it was sent to Amazon; it will not be sent",
  "shipment.withdrawn_after_export":
    "Shopify fulfillment F1 (no tracking number) was cancelled after OrderBridge had confirmed it to Etsy. Etsy cannot take a confirmed package back through its API: correct the shipment on Etsy if needed",
  "shipment.carrier_mismatch": "Tracking number looks like UPS (UPS Ground) but the shop says FedEx; sending FedEx",
  "shipment.exported": "Amazon accepted the shipment: UPS 1Z999, 2 unit(s); order is partially shipped",
  "shipment.retrying": "Sending the shipment failed: Amazon answered 503; retrying in 800 ms (attempt 2 of 5)",
  "shipment.failed": "No carrier was given in the shop and none could be detected from tracking number 123",
  "shipment.missing_on_marketplace":
    "Amazon did not show the package 1Z999AA10123456784 when OrderBridge checked it after sending; it was sent again and is now accepted",
};

function event<K extends TimelineKind>(kind: K, data: TimelineDataByKind[K]): TimelineEventOf<K> {
  return { kind, data } as TimelineEventOf<K>;
}

describe("timeline messages (en)", () => {
  it("has a message for every kind, and no kind twice", () => {
    expect(new Set(TIMELINE_KINDS).size).toBe(TIMELINE_KINDS.length);
    expect(Object.keys(timelineMessages).sort()).toEqual([...TIMELINE_KINDS].sort());
    for (const kind of TIMELINE_KINDS) {
      const sentence = timelineMessage(event(kind, samples[kind]), namesOf(kind));
      expect(sentence, kind).toMatch(/\S/);
      expect(sentence, kind).not.toMatch(/undefined|\[object Object\]/);
    }
  });

  it.each(TIMELINE_KINDS.map((k) => [k]))("words %s as the services did", (kind) => {
    expect(timelineMessage(event(kind, samples[kind]), namesOf(kind))).toBe(today[kind]);
  });

  it("keeps each kind's variants' wording", () => {
    const bc: TimelineNames = { marketplace: "amazon", platform: "bigcommerce" };
    const shopGone: TimelineNames = { marketplace: "amazon", platform: null };
    const say = (e: TimelineEventOf<TimelineKind>, names = amazonOnShopify) => timelineMessage(e, names);
    expect(say({ kind: "order.buyer_erased", data: { requestedBy: "shop" } }, bc)).toBe(
      "Buyer data erased at the customer's request, sent by BigCommerce",
    );
    expect(say({ kind: "order.buyer_erased", data: { requestedBy: "marketplace" } })).toBe(
      "Buyer data erased at Amazon's request",
    );
    expect(say({ kind: "order.cancelled", data: { shopOrder: "#1001" } })).toBe(
      "Cancelled on Amazon after it reached the shop: OrderBridge cancels shop order #1001 so it is not shipped",
    );
    expect(say({ kind: "order.imported", data: { ...samples["order.imported"], lineCount: 1 } })).toBe(
      "Imported from Amazon (Unshipped, 1 line)",
    );
    expect(
      say({ kind: "shop_order.retrying", data: { ...samples["shop_order.retrying"], attempt: 5, maxAttempts: 5 } }),
    ).toBe(
      "Creating the shop order failed: Shopify answered 503; retrying in 3 s (attempt 5; it keeps retrying until it succeeds, less often from now on)",
    );
    expect(say({ kind: "order.retry_requested", data: { enqueued: 0 } })).toBe(
      "Retry requested, but nothing is waiting to be retried",
    );
    expect(say({ kind: "order.retry_requested", data: { enqueued: 3 } })).toBe(
      "Retry requested by the merchant (3 steps queued)",
    );
    expect(
      say(
        {
          kind: "shop_order.created",
          data: { ...samples["shop_order.created"], shopOrderName: "#120", foundExisting: true },
        },
        bc,
      ),
    ).toBe("Found existing BigCommerce order #120 for this Amazon order; linked it instead of creating another");
    expect(
      say(
        {
          kind: "shop_order.created",
          data: { ...samples["shop_order.created"], shopOrderName: "#120", foundExisting: true, foundBy: "tag" },
        },
        bc,
      ),
    ).toBe(
      "Found BigCommerce order #120, which another app had already created for this Amazon order (it carries the marketplace order id as a tag); linked it instead of creating a second one",
    );
    expect(
      say(
        { kind: "shop_order.cancelled", data: { ...samples["shop_order.cancelled"], outcome: "already_cancelled" } },
        bc,
      ),
    ).toBe("BigCommerce order #120 was already cancelled");
    expect(
      say({
        kind: "shipment.received",
        data: { ...samples["shipment.received"], units: 3, trackingNumber: null, source: "reconciliation" },
      }),
    ).toBe(
      "Shopify shipped 3 units (no tracking number yet); found by OrderBridge's periodic check of open orders, as no webhook from Shopify had brought it",
    );
    // No shop row: "the shop" where it said the platform (capitalised in the withdrawal, as the services had it).
    expect(
      say({ kind: "shipment.ignored", data: { ...samples["shipment.ignored"], status: "cancelled" } }, shopGone),
    ).toBe("the shop fulfillment F2 is cancelled; nothing to send");
    expect(say({ kind: "shipment.withdrawn", data: samples["shipment.withdrawn"] }, shopGone)).toBe(
      "The shop fulfillment 9 (UPS 1Z999) was deleted before it was sent to Amazon; it will not be sent",
    );
    expect(
      say({
        kind: "shipment.tracking_changed_after_export",
        data: { ...samples["shipment.tracking_changed_after_export"], exported: null },
      }),
    ).toMatch(/; Amazon still has the first number\. /);
    expect(
      say({
        kind: "shipment.exported",
        data: { ...samples["shipment.exported"], carrierCode: "Other", carrierName: "Royal Mail", status: "shipped" },
      }),
    ).toBe("Amazon accepted the shipment: Other (Royal Mail) 1Z999, 2 unit(s); order is shipped");
    expect(
      say(
        { kind: "shop_order.status_changed", data: { ...samples["shop_order.status_changed"], newStatusId: 99 } },
        bc,
      ),
    ).toMatch(/ is now status 99; /);
  });

  it("knows its kinds and no others", () => {
    expect(isTimelineKind("shipment.retrying")).toBe(true);
    expect(isTimelineKind("shipment.retryng")).toBe(false);
    expect(isTimelineKind("create-shop-order.failed")).toBe(false);
  });
});
