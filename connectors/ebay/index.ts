/** Public surface of the eBay connector: what the registry, the app and tests may import (nothing deeper). */
export {
  createEbayConnector,
  EBAY_DEFAULT_ENDPOINTS,
  EbayConnector,
  parseEbayCredentials,
  parseEbaySettings,
  type EbayCredentials,
  type EbaySettings,
} from "./connector";
export { resolveEbayCarrier, EBAY_CARRIER_CODES } from "./carriers";
export {
  buildConsentUrl,
  clearEbayTokenCache,
  CONSENT_SCOPES,
  EBAY_SCOPES,
  exchangeAuthorizationCode,
  type EbayUserTokens,
} from "./oauth";
export { resetEbayCallLimits, ASSUMED_CALLS_PER_DAY, ASSUMED_BURST } from "./call-limits";
export {
  ACCOUNT_DELETION_TOPIC,
  challengeResponse,
  decodeSignatureHeader,
  isValidVerificationToken,
  parseAccountDeletionNotification,
  verifyNotificationSignature,
  type AccountDeletionNotification,
} from "./account-deletion";
export { ebayAccountDeletionFlow, ebayConnectFlow, type EbayConnectApp } from "./connect-flow";
