import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { shops, type Platform } from "../schema";

export type Shop = typeof shops.$inferSelect;

export function getShop(db: DbOrTx, shopId: number): Shop | undefined {
  return db.select().from(shops).where(eq(shops.id, shopId)).get();
}

export function findShopByDomain(db: DbOrTx, platform: Platform, domain: string): Shop | undefined {
  return db
    .select()
    .from(shops)
    .where(and(eq(shops.platform, platform), eq(shops.domain, domain)))
    .get();
}

export function listActiveShops(db: DbOrTx): Shop[] {
  return db.select().from(shops).where(isNull(shops.uninstalledAt)).all();
}

/** Creates or re-activates the shop for (platform, domain) and stores its (encrypted) access token. */
export function upsertShop(
  db: DbOrTx,
  p: { platform: Platform; domain: string; name?: string | null; accessTokenEncrypted?: string | null },
): Shop {
  const row = db
    .insert(shops)
    .values({
      platform: p.platform,
      domain: p.domain,
      name: p.name ?? null,
      accessTokenEncrypted: p.accessTokenEncrypted ?? null,
    })
    .onConflictDoUpdate({
      target: [shops.platform, shops.domain],
      set: {
        uninstalledAt: null,
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.accessTokenEncrypted !== undefined ? { accessTokenEncrypted: p.accessTokenEncrypted } : {}),
      },
    })
    .returning()
    .get();
  if (!row) throw new Error(`upsertShop: no row for ${p.platform}/${p.domain}`);
  return row;
}

/** Returns when: the shop's erasure after an uninstall is bound to this instant (services/erase-shop.ts). */
export function markShopUninstalled(db: DbOrTx, shopId: number, at = new Date()): Date {
  db.update(shops).set({ uninstalledAt: at, accessTokenEncrypted: null }).where(eq(shops.id, shopId)).run();
  return at;
}

/** Marks the shop as needing reauthorisation (first refusal only). True when it was not marked yet. */
export function markShopAuthorizationLost(db: DbOrTx, shopId: number, reason: string, at = new Date()): boolean {
  return (
    db
      .update(shops)
      .set({ authLostAt: at, authLostReason: reason })
      .where(and(eq(shops.id, shopId), isNull(shops.authLostAt)))
      .run().changes > 0
  );
}

export function clearShopAuthorizationLost(db: DbOrTx, shopId: number): void {
  db.update(shops).set({ authLostAt: null, authLostReason: null }).where(eq(shops.id, shopId)).run();
}

/** Installed shops whose token was refused: the periodic check asks again whether it is accepted now. */
export function listShopsWithAuthorizationLost(db: DbOrTx): Shop[] {
  return db
    .select()
    .from(shops)
    .where(and(isNull(shops.uninstalledAt), sql`${shops.authLostAt} IS NOT NULL`))
    .all();
}

/** Installed shops whose last reconciliation (or, before the first, their install) is at or before `before`. */
export function listShopsDueForReconciliation(db: DbOrTx, before: Date): Shop[] {
  return db
    .select()
    .from(shops)
    .where(
      and(
        isNull(shops.uninstalledAt),
        isNull(shops.authLostAt),
        sql`coalesce(${shops.reconciledAt}, ${shops.installedAt}) <= ${before.getTime()}`,
      ),
    )
    .all();
}

export function markShopReconciled(db: DbOrTx, shopId: number, at: Date): void {
  db.update(shops).set({ reconciledAt: at }).where(eq(shops.id, shopId)).run();
}
