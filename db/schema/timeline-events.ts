import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { orders } from "./orders";
import { shops } from "./shops";

export const TIMELINE_LEVELS = ["info", "success", "warning", "error"] as const;
export type TimelineLevel = (typeof TIMELINE_LEVELS)[number];

/** Every step that happens to an order, in order. Append-only. */
export const timelineEvents = sqliteTable(
  "timeline_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /**
     * Machine-readable step, e.g. `order.imported`, `shop_order.created`, `shipment.exported`: what is written is one
     * of TIMELINE_KINDS (./timeline-kinds.ts); plain text, as older rows keep theirs.
     */
    kind: text("kind").notNull(),
    level: text("level", { enum: TIMELINE_LEVELS }).notNull().default("info"),
    /** The English sentence, rendered from kind, data and the order's names when written (app/.server/messages/en). */
    message: text("message").notNull(),
    /** The kind's data (TimelineData); older rows hold fewer fields, or none. */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("timeline_events_order_idx").on(t.orderId, t.id)],
);
