/**
 * The Amazon side of the app's connect flow, as the ConnectFlow port of connectors/types.ts: the SP-API website
 * authorization workflow (docs/platform-facts.md#amazon-connect). The seller consents on their region's Seller
 * Central (`/apps/authorize/consent?application_id&state[&version=beta][&redirect_uri]`), Amazon redirects to
 * our callback with `spapi_oauth_code`, `selling_partner_id` and `state`, the code is exchanged at Login with
 * Amazon for a refresh token, and the Sellers API lists the seller's marketplaces.
 */
import type { ConnectFlow } from "../types";
import { exchangeAuthorizationCode, type LwaAuthorizationTokens } from "./lwa";
import { getMarketplaceParticipations, type AmazonMarketplaceParticipation } from "./sellers";

/** The app's SP-API registration: its application id (consent), LWA client (exchange) and OAuth redirect URI. */
export interface AmazonConnectApp {
  applicationId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** A draft app (not yet published in the Appstore) is authorised with `version=beta`. */
  draft: boolean;
}

export function buildAmazonConsentUrl(input: { app: AmazonConnectApp; state: string; authorizeUrl: string }): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set("application_id", input.app.applicationId);
  url.searchParams.set("state", input.state);
  // Optional for Amazon (it defaults to the app's first registered redirect URI); sent so it is the one we exchange with.
  url.searchParams.set("redirect_uri", input.app.redirectUri);
  if (input.app.draft) url.searchParams.set("version", "beta");
  return url.toString();
}

export const amazonConnectFlow: ConnectFlow<
  AmazonConnectApp,
  LwaAuthorizationTokens,
  AmazonMarketplaceParticipation[]
> = {
  marketplace: "amazon",
  createCodeVerifier: () => null,
  consentUrl: ({ app, state, authorizeUrl }) => {
    if (!authorizeUrl) throw new Error("Amazon's consent URL depends on the region: pass authorizeUrl");
    return buildAmazonConsentUrl({ app, state, authorizeUrl });
  },
  exchangeCode: ({ authBaseUrl, app, code }) =>
    exchangeAuthorizationCode({
      authBaseUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: app.redirectUri,
      code,
    }),
  identifySeller: ({ apiBaseUrl, tokens }) =>
    getMarketplaceParticipations({ apiBaseUrl, accessToken: tokens.accessToken }),
};
