import type { Marketplace } from "#connectors/types.ts";

/**
 * The values of the schema's enum columns, in a module that imports nothing at run time, so that db/ needs
 * nothing above it: the domain's fulfillment state machine (app/.server/domain/fulfillment-status.ts) takes
 * its states from here, not the other way round.
 */

/** An order's fulfillment status; the transitions between them are the domain's (fulfillment-status.ts). */
export const FULFILLMENT_STATUSES = [
  "unshipped",
  "pending",
  "partially_shipped",
  "shipped",
  "cancelled",
  "failed",
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/**
 * The marketplaces a row belongs to. connectors/types.ts owns the list (a connector per marketplace); this copy
 * keeps db/ free of connectors/ at run time, and the type check below fails when the two differ.
 */
export const MARKETPLACE_COLUMN_VALUES = ["amazon", "ebay", "etsy"] as const satisfies readonly Marketplace[];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type MarketplaceColumnMatchesConnectors = Assert<Same<(typeof MARKETPLACE_COLUMN_VALUES)[number], Marketplace>>;
