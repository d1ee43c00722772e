import type { Marketplace } from "#connectors/types.ts";
import type { orders } from "./orders";
import type { Platform } from "./shops";

type FulfillmentStatus = (typeof orders.$inferSelect)["fulfillmentStatus"];

/**
 * Every kind of step that lands on an order's timeline, and the data each one carries. Pure: no wording here
 * (the merchant's sentences live in app/.server/messages/<language>/timeline.ts, one function per kind), no I/O.
 * Here in db/schema, as the queries take these kinds and db/ imports nothing of app/; the domain re-exports it
 * (app/.server/domain/timeline-events.ts).
 * The db column stays text (rows written before a kind existed, and test seeds, keep theirs); what is written and
 * what the "said once" lookups ask for is one of these.
 *
 * The order's marketplace and its shop's platform are not in the data: every sentence gets them as TimelineNames
 * (addTimelineEvent reads them from the order and the shop; a page has them), so each language says them its own
 * way and no row repeats them. Reasons that are already merchant text (a connector's or platform's error, a
 * step's failure) are `reason: string`.
 */
export const TIMELINE_KINDS = [
  "order.imported",
  "order.marketplace_status_changed",
  "order.cancelled",
  "order.shipped_on_marketplace",
  "order.retry_requested",
  "order.buyer_erased",
  "order.customer_data_requested",
  "order.waiting_for_authorization",
  "order.unreadable",
  "order.read_after_unreadable",
  "sku.mapped",
  "shop_order.created",
  "shop_order.rules_applied",
  "shop_order.stock_back",
  "shop_order.retrying",
  "shop_order.failed",
  "shop_order.cancelled",
  "shop_order.not_cancelled",
  "shop_order.cancel_failed",
  "shop_order.status_changed",
  "shop_order.shipped_without_shipment",
  "shipment.received",
  "shipment.tracking_updated",
  "shipment.ignored",
  "shipment.unmatched_lines",
  "shipment.tracking_changed_after_export",
  "shipment.withdrawn",
  "shipment.withdrawn_after_export",
  "shipment.carrier_mismatch",
  "shipment.exported",
  "shipment.retrying",
  "shipment.failed",
  "shipment.missing_on_marketplace",
] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Where another importer recorded the marketplace order id on a shop order (a tag, the order's name…). */
export type ForeignOrderMark = "tag" | "name" | "source_identifier" | "note_attribute" | "external_order_id";

/** A decision an account's import rule made about a shop order (app/.server/domain/import-rules.ts). */
export type ImportRuleDecision =
  /** Lines whose SKUs the shop does not sell, created as custom lines (title, SKU, price; no product). */
  | { rule: "custom_lines"; skus: string[] }
  /** The merchant's name, email and phone replaced the buyer's. */
  | { rule: "merchant_contact" }
  /** The buyer's email: removed, or a fixed or alias address instead. */
  | { rule: "email"; mode: "remove" | "fixed" | "alias"; email: string | null }
  /** The shop emailed its own order confirmation to the buyer. */
  | { rule: "confirmation_sent" };

/** A job attempt that failed and will run again. */
export interface RetryData {
  /** The attempt's error, already merchant text. */
  error: string;
  retryInMs: number;
  attempt: number;
  maxAttempts: number;
}

/** A package as the shop describes it: what the timeline says as "UPS 1Z…". */
export interface PackageTracking {
  carrierName: string | null;
  trackingNumber: string | null;
}

/** How a fulfillment reached us (see record-shop-fulfillment). */
export type TimelineFulfillmentSource = "webhook" | "link" | "reconciliation";

/** What every sentence of an order may name: its marketplace, and its shop's platform (null: "the shop"). */
export interface TimelineNames {
  marketplace: Marketplace;
  platform: Platform | null;
}

interface ShipmentRecordedData extends PackageTracking {
  shipmentId: number;
  fulfillmentId: string;
  source: TimelineFulfillmentSource;
  /** Units of this marketplace order in the package. */
  units: number;
}

interface ShipmentWithdrawnData extends PackageTracking {
  shipmentId: number;
  fulfillmentId: string;
  how: "cancelled" | "deleted";
}

/** The data of each kind. */
export interface TimelineData {
  "order.imported": { marketplaceOrderId: string; account: string; marketplaceStatus: string; lineCount: number };
  "order.marketplace_status_changed": { from: string | null; to: string };
  /** `shopOrder` (its name, else id) when the order had reached the shop: OrderBridge cancels that one too. */
  "order.cancelled": { shopOrder: string | null };
  "order.shipped_on_marketplace": { shopOrder: string };
  "order.retry_requested": { enqueued: number };
  /**
   * Whose request erased the buyer's personal data: the marketplace's (eBay's account deletion), or the shop's (the
   * customer asked the shop: Shopify `customers/redact`). Rows written before it existed are the marketplace's.
   */
  "order.buyer_erased": { requestedBy?: "marketplace" | "shop" };
  /** The shop asked for the customer's data (Shopify `customers/data_request`): the export is privacy request N. */
  "order.customer_data_requested": { privacyRequestId: number };
  /**
   * A step of this order met a refused authorisation (`who`: the shop's token, or the marketplace account's grant)
   * and waits for it, without spending attempts; `reason` is already merchant text.
   */
  /** The marketplace listed the order in a shape the connector refused; `reason` names what (merchant text). */
  "order.unreadable": { reason: string; neverRead: boolean };
  /** A later listing of an order that could not be read was read: it is imported now. */
  "order.read_after_unreadable": Record<string, never>;
  "order.waiting_for_authorization": {
    step: "create-shop-order" | "export-shipment";
    who: "shop" | "account";
    reason: string;
  };
  "sku.mapped": { marketplaceSku: string; shopSku: string };
  /**
   * `foundExisting`: an order already carrying our source identifier was found in the shop and linked; with
   * `foundBy`, one another importer had created, recognised by where it records the marketplace order id.
   */
  "shop_order.created": {
    shopOrderId: string;
    shopOrderName: string;
    foundExisting: boolean;
    foundBy?: ForeignOrderMark;
  };
  /** What the account's import rules changed in the shop order, written with its creation. */
  "shop_order.rules_applied": { decisions: ImportRuleDecision[] };
  /** The order was held out of stock; the shop has the units of these SKUs now, so it is created again. */
  "shop_order.stock_back": { skus: string[] };
  "shop_order.retrying": RetryData;
  "shop_order.failed": { reason: string };
  "shop_order.cancelled": { shopOrder: string; outcome: "cancelled" | "already_cancelled" };
  "shop_order.not_cancelled": { shopOrder: string };
  "shop_order.cancel_failed": { reason: string };
  /** BigCommerce order status ids. */
  "shop_order.status_changed": { shopOrder: string; previousStatusId: number; newStatusId: number };
  "shop_order.shipped_without_shipment": { shopOrder: string; statusId: number };
  "shipment.received": ShipmentRecordedData;
  "shipment.tracking_updated": ShipmentRecordedData;
  "shipment.ignored": { fulfillmentId: string; status: "cancelled" | "pending" | "other" };
  /** The lines' SKUs (else shop line item ids). */
  "shipment.unmatched_lines": { lines: string[] };
  /**
   * `exported`: the package as the marketplace holds it ("UPS 1Z…"), null when not known; read back by the next
   * such change, as the shipment row then holds the shop's newer number.
   */
  "shipment.tracking_changed_after_export": PackageTracking & { shipmentId: number; exported: string | null };
  "shipment.withdrawn": ShipmentWithdrawnData;
  "shipment.withdrawn_after_export": ShipmentWithdrawnData;
  /** The carrier resolution's warning (domain/carriers), already merchant text. */
  "shipment.carrier_mismatch": { reason: string };
  "shipment.exported": {
    shipmentId: number;
    /** The marketplace's carrier code, and its name (said when the code is "Other"). */
    carrierCode: string;
    carrierName: string;
    carrierSource: "shop" | "detected";
    trackingNumber: string;
    units: number;
    /** The order's status after this shipment. */
    status: FulfillmentStatus;
  };
  "shipment.retrying": RetryData;
  "shipment.failed": { reason: string };
  /**
   * The reconciliation read an exported package back and the marketplace did not hold it: sent again (`resent`), or
   * the resend failed (`error`, merchant text) and the next reconciliation tries again.
   */
  "shipment.missing_on_marketplace": { shipmentId: number; trackingNumber: string; resent: boolean; error?: string };
}

/** One timeline event: its kind and that kind's data (a discriminated union on `kind`). */
export type TimelineEventOf<K extends TimelineKind> = K extends TimelineKind
  ? { kind: K; data: TimelineData[K] }
  : never;
export type TypedTimelineEvent = TimelineEventOf<TimelineKind>;

/**
 * What a stored row's data is known to hold for its kind: rows written before the data was typed carry only some
 * of the fields (or none), so every field may be missing.
 */
export type StoredTimelineData<K extends TimelineKind> = Partial<TimelineData[K]> | null;

const KIND_SET: ReadonlySet<string> = new Set(TIMELINE_KINDS);

export function isTimelineKind(kind: string): kind is TimelineKind {
  return KIND_SET.has(kind);
}

/** Compile-time: TimelineData has an entry for every kind, and none for a kind not in TIMELINE_KINDS. */
type Never<T extends never> = T;
export type TimelineDataByKind = { [K in TimelineKind]: TimelineData[K] };
export type NoDataForUnknownKinds = Never<Exclude<keyof TimelineData, TimelineKind>>;
