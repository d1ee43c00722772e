/** Public surface of the Etsy connector: what the registry, the app and tests may import (nothing deeper). */
export {
  createEtsyClient,
  createEtsyConnector,
  ETSY_DEFAULT_ENDPOINTS,
  EtsyConnector,
  parseEtsyCredentials,
  parseEtsySettings,
  type EtsyCredentials,
  type EtsySettings,
} from "./connector";
export { resolveEtsyCarrier, ETSY_CARRIER_NAMES } from "./carriers";
export {
  buildAuthorizeUrl,
  clearEtsyTokenCache,
  codeChallengeS256,
  createCodeVerifier,
  createState,
  ETSY_AUTHORIZE_URL,
  ETSY_REQUIRED_SCOPES,
  exchangeAuthorizationCode,
  refreshAccessToken,
  type EtsyTokens,
} from "./oauth";
export { resetEtsyRateLimits } from "./rate-limits";
export { etsyConnectFlow, type EtsyConnectApp } from "./connect-flow";
export type { EtsyShopSummary } from "./shop-lookup";
