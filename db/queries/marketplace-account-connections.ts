import { and, eq, ne, or, sql } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { marketplaceAccounts } from "../schema";
import type { MarketplaceAccount } from "./marketplace-accounts";

/**
 * Marketplace accounts as OAuth connects and eBay's account deletion see them: found by the seller's identity in
 * their settings (Amazon `sellerId` with the region, eBay `username`/`userId`, Etsy `shopId`), reconnected with
 * fresh credentials, or erased.
 */

/** Settings keys that identify the seller behind an account. */
export type SellerKey = "username" | "userId" | "shopId" | "sellerId";

const settingOf = (key: SellerKey) => sql`json_extract(${marketplaceAccounts.settings}, ${`$.${key}`})`;

export interface SellerOfShop {
  shopId: number;
  marketplace: Marketplace;
  key: SellerKey;
  value: string | number;
  /** Only accounts of this region (Amazon: a seller's regions are separate accounts). */
  region?: string;
}

const sellerMatches = (p: SellerOfShop) =>
  and(
    eq(marketplaceAccounts.marketplace, p.marketplace),
    sql`${settingOf(p.key)} = ${p.value}`,
    p.region === undefined ? undefined : eq(marketplaceAccounts.region, p.region),
  );

/** The shop's account of this marketplace whose settings name this seller, if any. */
export function findShopAccountOfSeller(db: DbOrTx, p: SellerOfShop): MarketplaceAccount | undefined {
  return db
    .select()
    .from(marketplaceAccounts)
    .where(and(eq(marketplaceAccounts.shopId, p.shopId), sellerMatches(p)))
    .get();
}

/**
 * An account of this seller (in that region) connected to a shop other than `shopId`, if any: not scoped by
 * shop, since a seller account may import into one shop only. Only its id and shop are read.
 */
export function findAccountOfSellerInOtherShop(
  db: DbOrTx,
  p: SellerOfShop,
): { id: number; shopId: number } | undefined {
  return db
    .select({ id: marketplaceAccounts.id, shopId: marketplaceAccounts.shopId })
    .from(marketplaceAccounts)
    .where(and(ne(marketplaceAccounts.shopId, p.shopId), sellerMatches(p)))
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
    .set({ ...p, enabled: true, lastPollError: null, authLostAt: null, authLostReason: null, disconnectedAt: null })
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
