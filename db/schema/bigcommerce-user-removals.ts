import { integer, sqliteTable, primaryKey } from "drizzle-orm/sqlite-core";
import { shops } from "./shops";

/**
 * A BigCommerce user whose access the store owner removed (the `/remove_user` callback): sessions that user opened
 * before `removedAt` are refused, though their sealed cookie has not expired yet. Only the user id is kept.
 */
export const bigcommerceUserRemovals = sqliteTable(
  "bigcommerce_user_removals",
  {
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    /** BigCommerce's user id (signed_payload_jwt `user.id`). */
    userId: integer("user_id").notNull(),
    removedAt: integer("removed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.userId] })],
);
