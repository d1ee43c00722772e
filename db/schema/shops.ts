import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const PLATFORMS = ["shopify", "bigcommerce"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A shop (Shopify store or BigCommerce store) that installed the app. */
export const shops = sqliteTable(
  "shops",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    /** Shopify: `xxx.myshopify.com`; BigCommerce: store hash. */
    domain: text("domain").notNull(),
    name: text("name"),
    /** Offline Admin API access token, encrypted (AES-256-GCM). */
    accessTokenEncrypted: text("access_token_encrypted"),
    /** Shopify location used when the shop has a single one (sandbox). */
    settings: text("settings", { mode: "json" })
      .$type<ShopSettings>()
      .notNull()
      .default(sql`'{}'`),
    installedAt: integer("installed_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    uninstalledAt: integer("uninstalled_at", { mode: "timestamp_ms" }),
    /**
     * When the platform refused the app's access token and a check confirmed it (not a passing glitch): the shop's
     * work that needs the token is parked until the app is authorised again (a new token clears this).
     */
    authLostAt: integer("auth_lost_at", { mode: "timestamp_ms" }),
    authLostReason: text("auth_lost_reason"),
    /** When the periodic reconciliation last re-read this shop's open orders and webhook subscriptions. */
    reconciledAt: integer("reconciled_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("shops_platform_domain_uq").on(t.platform, t.domain)],
);

export interface ShopSettings {
  /** Tag added to every shop order we create. */
  orderTag?: string;
}
