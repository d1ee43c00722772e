import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { jobs, shopifySessions, shops } from "../schema";

/**
 * Deletes a shop and everything of it (docs/decisions/023): its Shopify sessions (keyed by domain, no foreign key),
 * its jobs, then the shop row, whose foreign keys cascade to its marketplace accounts (and their credentials),
 * orders and their lines, shipments, timelines, webhook deliveries, SKU mappings, OAuth states, BigCommerce user
 * removals and privacy requests. Jobs of no shop that name it (its erasure) are the caller's. Returns the rows the
 * shop had (1, or 0 when it was already erased).
 */
export function deleteShopAndItsData(db: DbOrTx, shop: { id: number; domain: string; platform: string }): number {
  if (shop.platform === "shopify") db.delete(shopifySessions).where(eq(shopifySessions.shop, shop.domain)).run();
  db.delete(jobs).where(eq(jobs.shopId, shop.id)).run();
  return db.delete(shops).where(eq(shops.id, shop.id)).run().changes;
}
