import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { shopifySessions } from "../schema";

/** Deletes every session (offline and online) of a shop domain: after an uninstall none of them is valid. */
export function deleteShopifySessions(db: DbOrTx, shopDomain: string): number {
  return db.delete(shopifySessions).where(eq(shopifySessions.shop, shopDomain)).run().changes;
}
