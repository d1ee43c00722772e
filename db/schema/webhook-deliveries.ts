import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { PLATFORMS } from "./shops";
import { shops } from "./shops";

/** Every webhook delivery accepted from a platform; the unique delivery id drops duplicates. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    deliveryId: text("delivery_id").notNull(),
    topic: text("topic").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    triggeredAt: integer("triggered_at", { mode: "timestamp_ms" }),
    receivedAt: integer("received_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("webhook_deliveries_platform_delivery_uq").on(t.platform, t.deliveryId)],
);
