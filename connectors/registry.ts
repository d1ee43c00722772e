import { amazonConnectFlow, createAmazonConnector } from "./amazon";
import { createEbayConnector, ebayAccountDeletionFlow, ebayConnectFlow } from "./ebay";
import { createEtsyConnector, etsyConnectFlow } from "./etsy";
import type {
  AccountDeletionFlow,
  ConnectFlow,
  ConnectorContext,
  ConnectorFactory,
  Marketplace,
  MarketplaceConnector,
} from "./types";

/**
 * The app's way into the connectors: each marketplace's public surface (its index.ts) is listed here, once.
 * The connectors import neither this file nor anything of app/ or db/.
 */

/** One line per marketplace: a new marketplace is a folder under connectors/ and a line here. */
const factories: Record<Marketplace, ConnectorFactory> = {
  amazon: createAmazonConnector,
  ebay: createEbayConnector,
  etsy: createEtsyConnector,
};

export function createConnector(marketplace: Marketplace, ctx: ConnectorContext): MarketplaceConnector {
  return factories[marketplace](ctx);
}

/** The marketplaces a merchant connects by OAuth consent, each in its own vocabulary. */
export const CONNECT_FLOWS = {
  amazon: amazonConnectFlow,
  ebay: ebayConnectFlow,
  etsy: etsyConnectFlow,
} satisfies Partial<Record<Marketplace, ConnectFlow<never, unknown, unknown>>>;

/** The marketplaces that send account-deletion notices (eBay's is mandatory). */
export const ACCOUNT_DELETION_FLOWS = {
  ebay: ebayAccountDeletionFlow,
} satisfies Partial<Record<Marketplace, AccountDeletionFlow<never>>>;
