import { eq } from "drizzle-orm";
import type { BucketState, BucketStore } from "#connectors/types.ts";
import type { DB } from "../client";
import { rateLimitBuckets } from "../schema";

/**
 * The connectors' BucketStore on this database: each change of a bucket is one IMMEDIATE transaction (the read, the
 * connector's change, the write), so two processes never spend the same token. A change is a few microseconds of
 * arithmetic; the transaction waits on the busy timeout like any other writer.
 */
export function databaseBucketStore(db: DB): BucketStore {
  return {
    update(key, initial, change) {
      return db.transaction((tx) => {
        const row = tx.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key)).get();
        const stored: BucketState = row ? { tokens: row.tokens, last: row.lastRefillMs } : initial;
        const { state, result } = change(stored);
        tx.insert(rateLimitBuckets)
          .values({ key, tokens: state.tokens, lastRefillMs: state.last })
          .onConflictDoUpdate({
            target: rateLimitBuckets.key,
            set: { tokens: state.tokens, lastRefillMs: state.last },
          })
          .run();
        return result;
      });
    },
  };
}
