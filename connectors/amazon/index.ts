/** The Amazon connector: importing this module registers it with the connector registry. */
import { registerConnector } from "../registry";
import { createAmazonConnector } from "./connector";

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

registerConnector("amazon", (ctx) => createAmazonConnector(ctx));
