/** Public surface of the Amazon connector: what the registry, the app and tests may import (nothing deeper). */
export {
  AMAZON_DEFAULT_ENDPOINTS,
  AmazonConnector,
  createAmazonConnector,
  parseAmazonCredentials,
  parseAmazonSettings,
  type AmazonCredentials,
  type AmazonSettings,
} from "./connector";
export { resolveAmazonCarrier } from "./carriers";
export { resetAmazonRateLimits, USAGE_PLANS } from "./usage-plans";
export { clearLwaTokenCache } from "./lwa";
export { amazonConnectFlow, buildAmazonConsentUrl, type AmazonConnectApp } from "./connect-flow";
export type { LwaAuthorizationTokens } from "./lwa";
export type { AmazonMarketplaceParticipation } from "./sellers";
export {
  AMAZON_CONSENT_URLS,
  AMAZON_REGIONS,
  isAmazonRegion,
  regionOfMarketplace,
  type AmazonRegion,
} from "./marketplace-regions";
