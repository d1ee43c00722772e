/**
 * The eBay side of the app's connect and account-deletion flows (docs/platform-facts.md#ebay-oauth and
 * #ebay-account-deletion), as the ConnectFlow and AccountDeletionFlow ports of connectors/types.ts: consent, code
 * exchange and seller username; the deletion endpoint's challenge, the notice's ECDSA signature and its body.
 */
import type { AccountDeletionFlow, ConnectFlow } from "../types";
import {
  challengeResponse,
  decodeSignatureHeader,
  parseAccountDeletionNotification,
  verifyNotificationSignature,
} from "./account-deletion";
import { getNotificationPublicKey } from "./notification-public-key";
import { buildConsentUrl, exchangeAuthorizationCode, type EbayAppCredentials, type EbayUserTokens } from "./oauth";
import { fetchSellerUsername } from "./seller-identity";

/** The app's eBay keyset and its RuName (eBay's redirect_uri: the name of our accept URL). */
export interface EbayConnectApp extends EbayAppCredentials {
  ruName: string;
}

export const ebayConnectFlow: ConnectFlow<EbayConnectApp, EbayUserTokens, string> = {
  marketplace: "ebay",
  createCodeVerifier: () => null,
  consentUrl: ({ app, state, authorizeUrl }) =>
    buildConsentUrl({ clientId: app.clientId, ruName: app.ruName, state, authorizeUrl }),
  exchangeCode: ({ authBaseUrl, app, code }) =>
    exchangeAuthorizationCode({
      authBaseUrl,
      app: { clientId: app.clientId, clientSecret: app.clientSecret },
      ruName: app.ruName,
      code,
    }),
  identifySeller: ({ apiBaseUrl, tokens }) => fetchSellerUsername({ apiBaseUrl, accessToken: tokens.accessToken }),
};

export const ebayAccountDeletionFlow: AccountDeletionFlow<EbayAppCredentials> = {
  marketplace: "ebay",
  challengeResponse,
  signingKeyId: (signatureHeader) => decodeSignatureHeader(signatureHeader)?.kid ?? null,
  signingKey: (source, keyId) => getNotificationPublicKey(source, keyId),
  verifySignature: (input) => verifyNotificationSignature(input),
  parseNotice: (rawBody) => parseAccountDeletionNotification(rawBody),
};
