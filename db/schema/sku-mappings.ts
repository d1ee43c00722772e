import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { MARKETPLACE_COLUMN_VALUES as MARKETPLACES } from "./enums";
import { marketplaceAccounts } from "./marketplace-accounts";
import { orderLines } from "./orders";
import { shops } from "./shops";

/** One shop SKU of a mapping, and how many of it one marketplace unit is. */
export interface SkuMappingComponent {
  sku: string;
  quantity: number;
}

/**
 * The merchant's answer to "this marketplace SKU is not in my shop": sell it as that shop SKU, or as a bundle of
 * several (docs/decisions/032). Per shop and marketplace, or per marketplace account (`account_id`; an account's
 * own mapping wins over the marketplace-wide one). Applies to the order it was made on (retried) and to every later
 * order.
 */
export const skuMappings = sqliteTable(
  "sku_mappings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    marketplace: text("marketplace", { enum: MARKETPLACES }).notNull(),
    /** null: every account of the marketplace; else this account only. */
    accountId: integer("account_id").references(() => marketplaceAccounts.id, { onDelete: "cascade" }),
    marketplaceSku: text("marketplace_sku").notNull(),
    /** The first (for one shop SKU × 1, the only) shop SKU: what the list shows and searches first. */
    shopSku: text("shop_sku").notNull(),
    /** Every shop SKU with its quantity per marketplace unit, `shopSku` first; null means `shopSku` × 1. */
    components: text("components", { mode: "json" }).$type<SkuMappingComponent[]>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    // NULLs are distinct in a SQLite unique index, so the marketplace-wide and the per-account keys are two
    // partial indexes.
    uniqueIndex("sku_mappings_marketplace_wide_uq")
      .on(t.shopId, t.marketplace, t.marketplaceSku)
      .where(sql`${t.accountId} IS NULL`),
    uniqueIndex("sku_mappings_account_uq")
      .on(t.shopId, t.accountId, t.marketplaceSku)
      .where(sql`${t.accountId} IS NOT NULL`),
  ],
);

/**
 * The shop line items one marketplace line became when its SKU was a bundle: each component's line, and how many of
 * it make one marketplace unit, so a shipment of components maps back to marketplace units (docs/decisions/032).
 * A line sold as one shop SKU keeps using order_lines.shop_line_item_id and has no rows here.
 */
export const orderLineComponents = sqliteTable(
  "order_line_components",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    orderLineId: integer("order_line_id")
      .notNull()
      .references(() => orderLines.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    quantityPerUnit: integer("quantity_per_unit").notNull(),
    shopLineItemId: text("shop_line_item_id"),
    shopVariantId: text("shop_variant_id"),
  },
  (t) => [index("order_line_components_line_idx").on(t.orderLineId)],
);
