import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { shops } from "./shops";

/**
 * What a privacy request asks of us: a customer's data (Shopify `customers/data_request`) or its erasure
 * (`customers/redact`). A shop's erasure (`shop/redact`, BigCommerce's uninstall after 48 hours) deletes the shop and
 * these rows with it (docs/decisions/023-privacy-requests-and-redaction.md).
 */
export const PRIVACY_REQUEST_KINDS = ["customer_data_request", "customer_redact"] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

/** `received`: its job has not run yet; `completed`: the export was made, or the erasure done. */
export const PRIVACY_REQUEST_STATUSES = ["received", "completed"] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** Whom a request names, as the platform sent it; kept only until the request is completed. */
export interface PrivacyRequestSubject {
  customerId: string | null;
  email: string | null;
  phone: string | null;
  /** The platform's ids of the customer's shop orders (Shopify `orders_requested` / `orders_to_redact`). */
  shopOrderIds: string[];
}

/**
 * The shop's privacy requests, for the merchant to see. A data request keeps the export it produced (the data we hold
 * about that customer) until a later redaction of the customer erases it (`exportData` null, `erasedAt` set); a
 * redaction keeps only when and how many orders, nothing naming the customer once completed.
 */
export const privacyRequests = sqliteTable(
  "privacy_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PRIVACY_REQUEST_KINDS }).notNull(),
    status: text("status", { enum: PRIVACY_REQUEST_STATUSES }).notNull().default("received"),
    /** The platform's delivery (X-Shopify-Webhook-Id), so a redelivery adds no second row. */
    externalId: text("external_id").notNull(),
    /** Personal data: whom the request names. Null once completed. */
    subject: text("subject", { mode: "json" }).$type<PrivacyRequestSubject>(),
    /** Our orders the request was about (ids only), once completed. */
    orderIds: text("order_ids", { mode: "json" }).$type<number[]>(),
    /** A data request's export (app/.server/privacy/customer-data-export.ts); null for a redaction, or once erased. */
    exportData: text("export_data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** When a redaction of the customer erased this export. */
    erasedAt: integer("erased_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("privacy_requests_shop_external_uq").on(t.shopId, t.externalId),
    index("privacy_requests_shop_created_idx").on(t.shopId, t.createdAt),
  ],
);
