import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The connectors' client-side token buckets (connectors/token-bucket.ts), kept here so that every process of the
 * app on this database (the app, extra workers) draws from the same tokens: a marketplace meters per account or
 * per application, not per process. One row per bucket; `key` names the marketplace and what it meters (an
 * account's operation, a hash of an app key), never a secret.
 */
export const rateLimitBuckets = sqliteTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  tokens: real("tokens").notNull(),
  /** When `tokens` was last refilled (ms since the epoch). */
  lastRefillMs: integer("last_refill_ms").notNull(),
});
