import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { MARKETPLACE_COLUMN_VALUES as MARKETPLACES } from "./enums";
import { shops } from "./shops";

/**
 * The merchant's answer to "this marketplace SKU is not in my shop": sell it as that shop SKU. Per shop and
 * marketplace; applies to the order it was made on (retried) and to every later order.
 */
export const skuMappings = sqliteTable(
  "sku_mappings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    marketplace: text("marketplace", { enum: MARKETPLACES }).notNull(),
    marketplaceSku: text("marketplace_sku").notNull(),
    shopSku: text("shop_sku").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("sku_mappings_shop_marketplace_sku_uq").on(t.shopId, t.marketplace, t.marketplaceSku)],
);
