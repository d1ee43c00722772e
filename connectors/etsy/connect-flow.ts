/**
 * The Etsy side of the app's connect flow (docs/platform-facts.md#etsy-oauth), as the ConnectFlow port of connectors/types.ts:
 * OAuth 2.0 with PKCE (S256), then the seller's shop, found from the user id that prefixes the access token.
 */
import type { ConnectFlow } from "../types";
import {
  buildAuthorizeUrl,
  codeChallengeS256,
  createCodeVerifier,
  exchangeAuthorizationCode,
  type EtsyApiKey,
  type EtsyTokens,
} from "./oauth";
import { getShopByOwnerUserId, type EtsyShopSummary } from "./shop-lookup";

/** The app's Etsy API key and the redirect URI registered with it. */
export interface EtsyConnectApp extends EtsyApiKey {
  redirectUri: string;
}

function verifierOf(codeVerifier: string | null): string {
  if (!codeVerifier) throw new Error("Etsy's consent needs the PKCE code verifier kept with the state");
  return codeVerifier;
}

export const etsyConnectFlow: ConnectFlow<EtsyConnectApp, EtsyTokens, EtsyShopSummary> = {
  marketplace: "etsy",
  createCodeVerifier,
  consentUrl: ({ app, state, codeVerifier, authorizeUrl }) =>
    buildAuthorizeUrl({
      keystring: app.keystring,
      redirectUri: app.redirectUri,
      state,
      codeChallenge: codeChallengeS256(verifierOf(codeVerifier)),
      authorizeUrl,
    }),
  exchangeCode: ({ authBaseUrl, app, code, codeVerifier }) =>
    exchangeAuthorizationCode({
      authBaseUrl,
      keystring: app.keystring,
      sharedSecret: app.sharedSecret,
      redirectUri: app.redirectUri,
      code,
      codeVerifier: verifierOf(codeVerifier),
    }),
  identifySeller: ({ apiBaseUrl, app, tokens }) => {
    if (tokens.userId === null) return Promise.reject(new Error("the access token carries no user id prefix"));
    return getShopByOwnerUserId({
      apiBaseUrl,
      apiKey: { keystring: app.keystring, sharedSecret: app.sharedSecret },
      userId: tokens.userId,
    });
  },
};
