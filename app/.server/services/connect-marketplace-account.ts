import { MARKETPLACE_DISPLAY_NAMES, type Marketplace } from "#connectors/types.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { finishAmazonConnect, startAmazonConnect } from "./connect-amazon-account";
import { finishEbayConnect, startEbayConnect } from "./connect-ebay-account";
import { finishEtsyConnect, startEtsyConnect } from "./connect-etsy-account";
import { CONNECT_ERRORS, type ConnectOutcome } from "./connect-state";

/** What the merchant chose with "Connect" (Amazon: the region). */
export interface ConnectChoice {
  region?: string | null;
}

/** The marketplaces a merchant connects by OAuth from the admin. */
const CONNECTS = {
  amazon: { start: startAmazonConnect, finish: finishAmazonConnect },
  ebay: { start: startEbayConnect, finish: finishEbayConnect },
  etsy: { start: startEtsyConnect, finish: finishEtsyConnect },
} satisfies Partial<Record<Marketplace, unknown>>;

export type ConnectableMarketplace = keyof typeof CONNECTS;
export const CONNECTABLE_MARKETPLACES = Object.keys(CONNECTS) as ConnectableMarketplace[];

export function asConnectableMarketplace(value: string | undefined): ConnectableMarketplace | null {
  return value !== undefined && Object.hasOwn(CONNECTS, value) ? (value as ConnectableMarketplace) : null;
}

/** "Connect": a consent URL with a fresh state for this shop, or why there is none. */
export function startMarketplaceConnect(
  ctx: AppContext,
  shop: Shop,
  marketplace: ConnectableMarketplace,
  choice: ConnectChoice = {},
): { authorizeUrl: string } | { error: string } {
  const started = CONNECTS[marketplace].start(ctx, shop, choice);
  return "error" in started
    ? { error: CONNECT_ERRORS[started.error](MARKETPLACE_DISPLAY_NAMES[marketplace]) }
    : started;
}

/** The consent page's redirect back to us. */
export function finishMarketplaceConnect(
  ctx: AppContext,
  marketplace: ConnectableMarketplace,
  query: URLSearchParams,
): Promise<ConnectOutcome> {
  return CONNECTS[marketplace].finish(ctx, query);
}
