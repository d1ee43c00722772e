import { and, asc, count, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { marketplaceAccounts, orderLineComponents, skuMappings, type SkuMappingComponent } from "../schema";

export type { SkuMappingComponent };

/** Which mapping: the marketplace-wide one (accountId null) or one account's own. */
export interface SkuMappingKey {
  marketplace: Marketplace;
  accountId: number | null;
  marketplaceSku: string;
}

type Row = typeof skuMappings.$inferSelect;

export interface SkuMapping {
  id: number;
  marketplace: Marketplace;
  accountId: number | null;
  accountName: string | null;
  marketplaceSku: string;
  /** At least one; the first is also `shop_sku`. One component of quantity 1 is a plain mapping, more a bundle. */
  components: SkuMappingComponent[];
  createdAt: Date;
}

function componentsOf(r: Pick<Row, "shopSku" | "components">): SkuMappingComponent[] {
  return r.components?.length ? r.components : [{ sku: r.shopSku, quantity: 1 }];
}

/** A plain mapping (one SKU × 1) is stored without the components column. */
function stored(components: SkuMappingComponent[]): Pick<Row, "shopSku" | "components"> {
  const plain = components.length === 1 && components[0].quantity === 1;
  return { shopSku: components[0].sku, components: plain ? null : components };
}

function keyWhere(shopId: number, key: SkuMappingKey): SQL {
  return and(
    eq(skuMappings.shopId, shopId),
    eq(skuMappings.marketplace, key.marketplace),
    key.accountId === null ? isNull(skuMappings.accountId) : eq(skuMappings.accountId, key.accountId),
    eq(skuMappings.marketplaceSku, key.marketplaceSku),
  )!;
}

const selection = {
  id: skuMappings.id,
  marketplace: skuMappings.marketplace,
  accountId: skuMappings.accountId,
  accountName: marketplaceAccounts.name,
  marketplaceSku: skuMappings.marketplaceSku,
  shopSku: skuMappings.shopSku,
  components: skuMappings.components,
  createdAt: skuMappings.createdAt,
};

function toMapping(r: Row & { accountName: string | null }): SkuMapping {
  return {
    id: r.id,
    marketplace: r.marketplace,
    accountId: r.accountId,
    accountName: r.accountName,
    marketplaceSku: r.marketplaceSku,
    components: componentsOf(r),
    createdAt: r.createdAt,
  };
}

/** The shop's mapping of that key, if any. */
export function findSkuMapping(db: DbOrTx, shopId: number, key: SkuMappingKey): SkuMapping | undefined {
  const row = db
    .select(selection)
    .from(skuMappings)
    .leftJoin(marketplaceAccounts, eq(marketplaceAccounts.id, skuMappings.accountId))
    .where(keyWhere(shopId, key))
    .get();
  return row && toMapping(row as Row & { accountName: string | null });
}

/**
 * Maps a marketplace SKU to shop SKUs for this key, replacing an earlier mapping of it (its components are answered,
 * so the merchant can be told what was replaced).
 */
export function saveSkuMapping(
  db: DbOrTx,
  p: SkuMappingKey & { shopId: number; components: SkuMappingComponent[] },
): { id: number; previous: SkuMappingComponent[] | null } {
  if (!p.components.length) throw new Error("a SKU mapping needs at least one shop SKU");
  const existing = db
    .select({ id: skuMappings.id, shopSku: skuMappings.shopSku, components: skuMappings.components })
    .from(skuMappings)
    .where(keyWhere(p.shopId, p))
    .get();
  if (existing) {
    db.update(skuMappings)
      .set({ ...stored(p.components), createdAt: new Date() })
      .where(eq(skuMappings.id, existing.id))
      .run();
    return { id: existing.id, previous: componentsOf(existing) };
  }
  const inserted = db
    .insert(skuMappings)
    .values({
      shopId: p.shopId,
      marketplace: p.marketplace,
      accountId: p.accountId,
      marketplaceSku: p.marketplaceSku,
      ...stored(p.components),
    })
    .returning({ id: skuMappings.id })
    .get();
  return { id: inserted.id, previous: null };
}

/** Changes what a mapping sells the marketplace SKU as; false when the shop has no such mapping. */
export function updateSkuMappingTarget(
  db: DbOrTx,
  shopId: number,
  id: number,
  components: SkuMappingComponent[],
): boolean {
  if (!components.length) throw new Error("a SKU mapping needs at least one shop SKU");
  return (
    db
      .update(skuMappings)
      .set({ ...stored(components), createdAt: new Date() })
      .where(and(eq(skuMappings.shopId, shopId), eq(skuMappings.id, id)))
      .run().changes > 0
  );
}

/**
 * marketplace SKU → shop SKUs for an order of this account: the account's own mappings win over the marketplace-wide
 * ones of the same SKU.
 */
export function skuMappingsFor(
  db: DbOrTx,
  shopId: number,
  marketplace: Marketplace,
  accountId: number | null = null,
): Map<string, SkuMappingComponent[]> {
  const rows = db
    .select({
      from: skuMappings.marketplaceSku,
      accountId: skuMappings.accountId,
      shopSku: skuMappings.shopSku,
      components: skuMappings.components,
    })
    .from(skuMappings)
    .where(
      and(
        eq(skuMappings.shopId, shopId),
        eq(skuMappings.marketplace, marketplace),
        accountId === null
          ? isNull(skuMappings.accountId)
          : or(isNull(skuMappings.accountId), eq(skuMappings.accountId, accountId)),
      ),
    )
    .all();
  const out = new Map<string, SkuMappingComponent[]>();
  for (const r of rows) if (r.accountId === null) out.set(r.from, componentsOf(r));
  for (const r of rows) if (r.accountId !== null) out.set(r.from, componentsOf(r));
  return out;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the shop's mappings, by marketplace, account (marketplace-wide first) and marketplace SKU; `query`
 * matches any part of the marketplace SKU or of a shop SKU, case-insensitively (SQLite LIKE, ASCII).
 */
export function listSkuMappings(
  db: DbOrTx,
  shopId: number,
  p: { query?: string; limit?: number; offset?: number } = {},
): { mappings: SkuMapping[]; total: number } {
  const q = p.query?.trim();
  const where = and(
    eq(skuMappings.shopId, shopId),
    q
      ? or(
          sql`${skuMappings.marketplaceSku} like ${likePattern(q)} escape '\\'`,
          sql`${skuMappings.shopSku} like ${likePattern(q)} escape '\\'`,
          sql`${skuMappings.components} like ${likePattern(q)} escape '\\'`,
        )
      : undefined,
  );
  const total = db.select({ n: count() }).from(skuMappings).where(where).get()?.n ?? 0;
  let query = db
    .select(selection)
    .from(skuMappings)
    .leftJoin(marketplaceAccounts, eq(marketplaceAccounts.id, skuMappings.accountId))
    .where(where)
    .orderBy(
      asc(skuMappings.marketplace),
      sql`${skuMappings.accountId} is not null`,
      asc(skuMappings.accountId),
      asc(skuMappings.marketplaceSku),
    )
    .$dynamic();
  if (p.limit !== undefined) query = query.limit(p.limit).offset(p.offset ?? 0);
  return { mappings: query.all().map((r) => toMapping(r as Row & { accountName: string | null })), total };
}

/** Deletes one of the shop's mappings; false when the shop has no such mapping. */
export function deleteSkuMapping(db: DbOrTx, shopId: number, id: number): boolean {
  return (
    db
      .delete(skuMappings)
      .where(and(eq(skuMappings.shopId, shopId), eq(skuMappings.id, id)))
      .run().changes > 0
  );
}

/** One of the shop's mappings by id. */
export function getSkuMapping(db: DbOrTx, shopId: number, id: number): SkuMapping | undefined {
  const row = db
    .select(selection)
    .from(skuMappings)
    .leftJoin(marketplaceAccounts, eq(marketplaceAccounts.id, skuMappings.accountId))
    .where(and(eq(skuMappings.shopId, shopId), eq(skuMappings.id, id)))
    .get();
  return row && toMapping(row as Row & { accountName: string | null });
}

export interface OrderLineComponent {
  orderLineId: number;
  sku: string;
  quantityPerUnit: number;
  shopLineItemId: string | null;
  shopVariantId: string | null;
}

/** Records the shop line items a bundle line became (replacing any earlier record of those lines). */
export function saveOrderLineComponents(tx: DbOrTx, shopId: number, rows: OrderLineComponent[]): void {
  for (const lineId of new Set(rows.map((r) => r.orderLineId))) {
    tx.delete(orderLineComponents)
      .where(and(eq(orderLineComponents.shopId, shopId), eq(orderLineComponents.orderLineId, lineId)))
      .run();
  }
  if (rows.length)
    tx.insert(orderLineComponents)
      .values(rows.map((r) => ({ shopId, ...r })))
      .run();
}

/** The bundle components of these order lines (lines sold as one shop SKU have none). */
export function listOrderLineComponents(db: DbOrTx, shopId: number, orderLineIds: number[]): OrderLineComponent[] {
  if (!orderLineIds.length) return [];
  return db
    .select({
      orderLineId: orderLineComponents.orderLineId,
      sku: orderLineComponents.sku,
      quantityPerUnit: orderLineComponents.quantityPerUnit,
      shopLineItemId: orderLineComponents.shopLineItemId,
      shopVariantId: orderLineComponents.shopVariantId,
    })
    .from(orderLineComponents)
    .where(
      and(
        eq(orderLineComponents.shopId, shopId),
        sql`${orderLineComponents.orderLineId} in (${sql.join(
          orderLineIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(orderLineComponents.id))
    .all();
}
