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
