import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { marketplaceAccounts, shops } from "../schema";

export type MarketplaceAccount = typeof marketplaceAccounts.$inferSelect;

export function getAccount(db: DbOrTx, shopId: number, accountId: number): MarketplaceAccount | undefined {
  return db
    .select()
    .from(marketplaceAccounts)
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .get();
}

export function listAccounts(db: DbOrTx, shopId: number): MarketplaceAccount[] {
  return db.select().from(marketplaceAccounts).where(eq(marketplaceAccounts.shopId, shopId)).all();
}

/**
 * Enabled accounts, still authorised, of installed shops: what the scheduler polls. A shop whose own token was
 * refused is still polled: its orders are stored and their shop orders wait (parked) for the shop.
 */
export function listPollableAccounts(db: DbOrTx): MarketplaceAccount[] {
  return db
    .select({ account: marketplaceAccounts })
    .from(marketplaceAccounts)
    .innerJoin(shops, eq(shops.id, marketplaceAccounts.shopId))
    .where(
      and(eq(marketplaceAccounts.enabled, true), isNull(marketplaceAccounts.authLostAt), isNull(shops.uninstalledAt)),
    )
    .all()
    .map((r) => r.account);
}

/** Accounts of installed shops whose grant was refused: the periodic check asks again whether it is accepted now. */
export function listAccountsWithAuthorizationLost(db: DbOrTx): MarketplaceAccount[] {
  return db
    .select({ account: marketplaceAccounts })
    .from(marketplaceAccounts)
    .innerJoin(shops, eq(shops.id, marketplaceAccounts.shopId))
    .where(
      and(
        isNotNull(marketplaceAccounts.authLostAt),
        // A disconnected account has no grant to ask about: it waits for the merchant's reconnect.
        isNull(marketplaceAccounts.disconnectedAt),
        isNull(shops.uninstalledAt),
      ),
    )
    .all()
    .map((r) => r.account);
}

/** Marks the account expired (first refusal only). True when it was not marked yet. */
export function markAccountAuthorizationLost(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  reason: string,
  at = new Date(),
): boolean {
  return (
    db
      .update(marketplaceAccounts)
      .set({ authLostAt: at, authLostReason: reason })
      .where(
        and(
          eq(marketplaceAccounts.id, accountId),
          eq(marketplaceAccounts.shopId, shopId),
          isNull(marketplaceAccounts.authLostAt),
        ),
      )
      .run().changes > 0
  );
}

export function clearAccountAuthorizationLost(db: DbOrTx, shopId: number, accountId: number): void {
  db.update(marketplaceAccounts)
    .set({ authLostAt: null, authLostReason: null })
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .run();
}

export function createAccount(
  db: DbOrTx,
  p: {
    shopId: number;
    marketplace: Marketplace;
    name: string;
    region: string;
    settings: Record<string, unknown>;
    credentialsEncrypted: string;
    pollIntervalSeconds?: number;
    cursor?: Date | null;
  },
): MarketplaceAccount {
  const row = db
    .insert(marketplaceAccounts)
    .values({ ...p, cursor: p.cursor ?? null })
    .returning()
    .get();
  if (!row) throw new Error("createAccount: no row");
  return row;
}

export function recordPollResult(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: { cursor?: Date; error?: string | null; at: Date },
): void {
  db.update(marketplaceAccounts)
    .set({
      lastPolledAt: p.at,
      lastPollError: p.error ?? null,
      ...(p.error ? {} : { lastSyncedAt: p.at }),
      ...(p.cursor ? { cursor: p.cursor } : {}),
    })
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .run();
}

export function updateAccountCredentials(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  credentialsEncrypted: string,
): void {
  db.update(marketplaceAccounts)
    .set({ credentialsEncrypted })
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .run();
}

/** Pauses (false) or resumes (true) the account's import; false when the shop has no such account. */
export function setAccountEnabled(db: DbOrTx, shopId: number, accountId: number, enabled: boolean): boolean {
  return (
    db
      .update(marketplaceAccounts)
      .set({ enabled })
      .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
      .run().changes > 0
  );
}

/** The merchant's name for the account; false when the shop has no such account. */
export function renameAccount(db: DbOrTx, shopId: number, accountId: number, name: string): boolean {
  return (
    db
      .update(marketplaceAccounts)
      .set({ name })
      .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
      .run().changes > 0
  );
}

/**
 * The account's settings page in one write: the sync switch and frequency with the import rules. False when the
 * shop has no such account.
 */
export function saveAccountSettings(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: {
    enabled: boolean;
    pollIntervalSeconds: number;
    importRules: Record<string, unknown>;
    /** The marketplace-specific settings, when the page changed them (Amazon's marketplaces). */
    settings?: Record<string, unknown>;
  },
): boolean {
  return (
    db
      .update(marketplaceAccounts)
      .set(p)
      .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
      .run().changes > 0
  );
}

/**
 * The merchant disconnected the account: its credentials replaced by `credentialsEncrypted` (nothing of the grant),
 * marked expired with the reason, so nothing polls it and its work waits for a reconnect. False when the shop has no
 * such account.
 */
export function markAccountDisconnected(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: { credentialsEncrypted: string; reason: string; at: Date },
): boolean {
  return (
    db
      .update(marketplaceAccounts)
      .set({
        credentialsEncrypted: p.credentialsEncrypted,
        disconnectedAt: p.at,
        authLostAt: p.at,
        authLostReason: p.reason,
        lastPollError: null,
      })
      .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
      .run().changes > 0
  );
}
