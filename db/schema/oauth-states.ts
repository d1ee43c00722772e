import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { MARKETPLACE_COLUMN_VALUES as MARKETPLACES } from "./enums";
import { shops } from "./shops";

/**
 * A marketplace OAuth connect in flight: the `state` we sent to the consent page, bound to the shop that asked.
 * Single use (`consumedAt`), short-lived (`expiresAt`). Only the SHA-256 of the state is kept, and the PKCE code
 * verifier (Etsy) is sealed like other credentials (app/.server/crypto.ts).
 */
export const oauthStates = sqliteTable(
  "oauth_states",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** hex(SHA-256(state)). */
    stateHash: text("state_hash").notNull(),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    marketplace: text("marketplace", { enum: MARKETPLACES }).notNull(),
    /** PKCE code_verifier, encrypted (Etsy); null where the marketplace has no PKCE (eBay). */
    codeVerifierEncrypted: text("code_verifier_encrypted"),
    /** The redirect_uri sent to the consent page, which the code exchange must repeat (Etsy). */
    redirectUri: text("redirect_uri"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    consumedAt: integer("consumed_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("oauth_states_state_hash_uq").on(t.stateHash), index("oauth_states_expires_idx").on(t.expiresAt)],
);
