import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { MARKETPLACE_COLUMN_VALUES as MARKETPLACES } from "./enums";
import { shops } from "./shops";

/** One marketplace seller account connected to one shop. */
export const marketplaceAccounts = sqliteTable(
  "marketplace_accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    marketplace: text("marketplace", { enum: MARKETPLACES }).notNull(),
    name: text("name").notNull(),
    /** Region or site, e.g. Amazon "na", eBay "EBAY_US". */
    region: text("region").notNull(),
    /** Marketplace-specific non-secret settings (Amazon marketplaceIds, seller id...). */
    settings: text("settings", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    /**
     * The merchant's import rules for this account (app/.server/domain/import-rules.ts): read through importRulesOf,
     * so a missing key is its default. Not secret.
     */
    importRules: text("import_rules", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    /** JSON credentials, encrypted with AES-256-GCM (see app/.server/crypto.ts). */
    credentialsEncrypted: text("credentials_encrypted").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    pollIntervalSeconds: integer("poll_interval_seconds").notNull().default(60),
    /** Orders updated at or after this instant have not been seen yet (minus overlap). */
    cursor: integer("cursor", { mode: "timestamp_ms" }),
    lastPolledAt: integer("last_polled_at", { mode: "timestamp_ms" }),
    /** The last poll that succeeded (lastPolledAt is the last one, failed or not). */
    lastSyncedAt: integer("last_synced_at", { mode: "timestamp_ms" }),
    lastPollError: text("last_poll_error"),
    /**
     * When the marketplace refused the account's grant (a refresh token refused, confirmed by a second refresh):
     * the account is expired, it is not polled, its work is parked until the merchant reconnects it.
     */
    authLostAt: integer("auth_lost_at", { mode: "timestamp_ms" }),
    authLostReason: text("auth_lost_reason"),
    /**
     * When the merchant disconnected the account: its credentials were erased (its orders stay), it is not polled
     * nor checked, its work is parked like an expired account's until the merchant reconnects it.
     */
    disconnectedAt: integer("disconnected_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("marketplace_accounts_shop_idx").on(t.shopId)],
);
