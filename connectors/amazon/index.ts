/** Public surface of the Amazon connector (the registry imports createAmazonConnector directly). */
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
