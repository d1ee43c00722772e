import { and, eq, isNull, lt } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { DbOrTx } from "../client";
import { oauthStates } from "../schema";

export type OAuthState = typeof oauthStates.$inferSelect;

export function createOAuthState(
  db: DbOrTx,
  p: {
    stateHash: string;
    shopId: number;
    marketplace: Marketplace;
    codeVerifierEncrypted?: string | null;
    redirectUri?: string | null;
    expiresAt: Date;
  },
): OAuthState {
  const row = db
    .insert(oauthStates)
    .values({ ...p, codeVerifierEncrypted: p.codeVerifierEncrypted ?? null, redirectUri: p.redirectUri ?? null })
    .returning()
    .get();
  if (!row) throw new Error("createOAuthState: no row");
  return row;
}

export type ConsumedOAuthState =
  { status: "consumed"; state: OAuthState } | { status: "unknown" } | { status: "already_used" };

/**
 * Marks the state used and returns it, at most once: the update only matches a row not consumed yet. Not scoped by
 * shop, because the state is what tells which shop the callback belongs to. Expiry is the caller's to check.
 */
export function consumeOAuthState(
  db: DbOrTx,
  p: { stateHash: string; marketplace: Marketplace; at: Date },
): ConsumedOAuthState {
  const row = db
    .update(oauthStates)
    .set({ consumedAt: p.at })
    .where(
      and(
        eq(oauthStates.stateHash, p.stateHash),
        eq(oauthStates.marketplace, p.marketplace),
        isNull(oauthStates.consumedAt),
      ),
    )
    .returning()
    .get();
  if (row) return { status: "consumed", state: row };
  const known = db
    .select({ id: oauthStates.id })
    .from(oauthStates)
    .where(and(eq(oauthStates.stateHash, p.stateHash), eq(oauthStates.marketplace, p.marketplace)))
    .get();
  return known ? { status: "already_used" } : { status: "unknown" };
}

/** Forgets states that expired before `before` (used or not). Returns how many. */
export function purgeOAuthStates(db: DbOrTx, before: Date): number {
  return db.delete(oauthStates).where(lt(oauthStates.expiresAt, before)).run().changes;
}
