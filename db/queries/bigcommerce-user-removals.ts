import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { bigcommerceUserRemovals } from "../schema";

/** Records (or moves forward) the time a store removed a user's access. */
export function recordBigCommerceUserRemoval(db: DbOrTx, p: { shopId: number; userId: number; at: Date }): void {
  db.insert(bigcommerceUserRemovals)
    .values({ shopId: p.shopId, userId: p.userId, removedAt: p.at })
    .onConflictDoUpdate({
      target: [bigcommerceUserRemovals.shopId, bigcommerceUserRemovals.userId],
      set: { removedAt: p.at },
    })
    .run();
}

/** When the store last removed this user's access, if ever. */
export function bigCommerceUserRemovedAt(db: DbOrTx, shopId: number, userId: number): Date | null {
  const row = db
    .select({ removedAt: bigcommerceUserRemovals.removedAt })
    .from(bigcommerceUserRemovals)
    .where(and(eq(bigcommerceUserRemovals.shopId, shopId), eq(bigcommerceUserRemovals.userId, userId)))
    .get();
  return row?.removedAt ?? null;
}
