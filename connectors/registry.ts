import { createAmazonConnector } from "./amazon/connector";
import { createEbayConnector } from "./ebay/connector";
import { createEtsyConnector } from "./etsy/connector";
import type { ConnectorContext, ConnectorFactory, Marketplace, MarketplaceConnector } from "./types";

/** One line per marketplace: a new marketplace is a folder under connectors/ and a line here. */
const factories: Record<Marketplace, ConnectorFactory> = {
  amazon: createAmazonConnector,
  ebay: createEbayConnector,
  etsy: createEtsyConnector,
};

export function createConnector(marketplace: Marketplace, ctx: ConnectorContext): MarketplaceConnector {
  return factories[marketplace](ctx);
}
