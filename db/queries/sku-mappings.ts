import { and, asc, eq } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { skuMappings } from "../schema";

/** Maps a marketplace SKU to a shop SKU for this shop and marketplace (replacing an earlier mapping of it). */
export function saveSkuMapping(
  db: DbOrTx,
  p: { shopId: number; marketplace: Marketplace; marketplaceSku: string; shopSku: string },
): void {
  db.insert(skuMappings)
    .values(p)
    .onConflictDoUpdate({
      target: [skuMappings.shopId, skuMappings.marketplace, skuMappings.marketplaceSku],
      set: { shopSku: p.shopSku, createdAt: new Date() },
    })
    .run();
}

/** marketplace SKU → shop SKU, for the shop's orders from this marketplace. */
export function skuMappingsFor(db: DbOrTx, shopId: number, marketplace: Marketplace): Map<string, string> {
  const rows = db
    .select({ from: skuMappings.marketplaceSku, to: skuMappings.shopSku })
    .from(skuMappings)
    .where(and(eq(skuMappings.shopId, shopId), eq(skuMappings.marketplace, marketplace)))
    .all();
  return new Map(rows.map((r) => [r.from, r.to]));
}

export type SkuMapping = typeof skuMappings.$inferSelect;

/** Every mapping of the shop, by marketplace then marketplace SKU. */
export function listSkuMappings(db: DbOrTx, shopId: number): SkuMapping[] {
  return db
    .select()
    .from(skuMappings)
    .where(eq(skuMappings.shopId, shopId))
    .orderBy(asc(skuMappings.marketplace), asc(skuMappings.marketplaceSku))
    .all();
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
