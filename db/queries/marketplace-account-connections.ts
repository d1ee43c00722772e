import { and, eq, or, sql } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { marketplaceAccounts } from "../schema";
import type { MarketplaceAccount } from "./marketplace-accounts";

/**
 * Marketplace accounts as OAuth connects and eBay's account deletion see them: found by the seller's identity in
 * their settings (eBay `username`/`userId`, Etsy `shopId`), reconnected with fresh credentials, or erased.
 */

/** Settings keys that identify the seller behind an account. */
export type SellerKey = "username" | "userId" | "shopId";

const settingOf = (key: SellerKey) => sql`json_extract(${marketplaceAccounts.settings}, ${`$.${key}`})`;

/** The shop's account of this marketplace whose settings name this seller, if any. */
export function findShopAccountOfSeller(
  db: DbOrTx,
  p: { shopId: number; marketplace: Marketplace; key: SellerKey; value: string | number },
): MarketplaceAccount | undefined {
  return db
    .select()
    .from(marketplaceAccounts)
    .where(
      and(
        eq(marketplaceAccounts.shopId, p.shopId),
        eq(marketplaceAccounts.marketplace, p.marketplace),
        sql`${settingOf(p.key)} = ${p.value}`,
      ),
    )
    .get();
}

/**
 * Every eBay account, of any shop, whose settings name this eBay user by username or user id. Not scoped by shop:
 * eBay's deletion notice is about a person, whichever shops connected them.
 */
export function findEbayAccountsOfUser(db: DbOrTx, user: { username: string; userId: string }): MarketplaceAccount[] {
  return db
    .select()
    .from(marketplaceAccounts)
    .where(
      and(
        eq(marketplaceAccounts.marketplace, "ebay"),
        or(sql`${settingOf("username")} = ${user.username}`, sql`${settingOf("userId")} = ${user.userId}`),
      ),
    )
    .all();
}

/** New credentials and settings for an account the merchant connected again; polling resumes. */
export function reconnectAccount(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: { name: string; settings: Record<string, unknown>; credentialsEncrypted: string },
): void {
  db.update(marketplaceAccounts)
    .set({ ...p, enabled: true, lastPollError: null, authLostAt: null, authLostReason: null })
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .run();
}

/** Replaces what identifies the seller and their credentials, and stops polling; the shop's orders stay. */
export function eraseAccount(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  p: { name: string; settings: Record<string, unknown>; credentialsEncrypted: string; reason: string },
): void {
  db.update(marketplaceAccounts)
    .set({
      name: p.name,
      settings: p.settings,
      credentialsEncrypted: p.credentialsEncrypted,
      enabled: false,
      lastPollError: p.reason,
    })
    .where(and(eq(marketplaceAccounts.id, accountId), eq(marketplaceAccounts.shopId, shopId)))
    .run();
}
