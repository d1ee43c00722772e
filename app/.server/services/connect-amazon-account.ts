import {
  AMAZON_CONSENT_URLS,
  isAmazonRegion,
  regionOfMarketplace,
  type AmazonConnectApp,
  type AmazonMarketplaceParticipation,
  type AmazonRegion,
  type LwaAuthorizationTokens,
} from "#connectors/amazon/index.ts";
import { CONNECT_FLOWS } from "#connectors/registry.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { amazonApiBaseUrl } from "../env";
import {
  appBaseUrl,
  connectOutcome,
  issueConnectState,
  saveConnectedAccount,
  takeConnectState,
  type ConnectOutcome,
} from "./connect-state";

/**
 * Connecting an Amazon seller account: the SP-API website authorization workflow
 * (docs/platform-facts.md#amazon-connect). The merchant picks the region; the consent page of that region's
 * Seller Central gets our application id and a state bound to the shop (the region rides in the state); the
 * redirect brings `spapi_oauth_code` and `selling_partner_id`; the code becomes a refresh token at LWA, and the
 * Sellers API says where the seller sells. One account per seller and region, importing every marketplace of the
 * region the seller participates in until the merchant narrows `marketplaceIds` on the account's page.
 */

export const AMAZON_CALLBACK_PATH = "/connect/amazon/callback";

const flow = CONNECT_FLOWS.amazon;

function amazonApp(ctx: AppContext): AmazonConnectApp | null {
  const { AMAZON_APPLICATION_ID: applicationId, AMAZON_LWA_CLIENT_ID: clientId } = ctx.env;
  const clientSecret = ctx.env.AMAZON_LWA_CLIENT_SECRET;
  const baseUrl = appBaseUrl(ctx.env);
  return applicationId && clientId && clientSecret && baseUrl
    ? {
        applicationId,
        clientId,
        clientSecret,
        redirectUri: `${baseUrl}${AMAZON_CALLBACK_PATH}`,
        draft: ctx.env.AMAZON_APP_DRAFT,
      }
    : null;
}

export function startAmazonConnect(
  ctx: AppContext,
  shop: Shop,
  input: { region?: string | null },
): { authorizeUrl: string } | { error: "not_configured" | "region_invalid" } {
  const app = amazonApp(ctx);
  if (!app) return { error: "not_configured" };
  const region = input.region;
  if (!isAmazonRegion(region)) return { error: "region_invalid" };
  const state = issueConnectState(ctx, {
    shopId: shop.id,
    marketplace: "amazon",
    redirectUri: app.redirectUri,
    tag: region,
  });
  const authorizeUrl = ctx.env.AMAZON_CONSENT_URL ?? AMAZON_CONSENT_URLS[region];
  return { authorizeUrl: flow.consentUrl({ app, state, codeVerifier: null, authorizeUrl }) };
}

/** The region's marketplaces among the seller's (one the table does not know is believed: the endpoint is the region's). */
export function participationsInRegion(
  participations: readonly AmazonMarketplaceParticipation[],
  region: AmazonRegion,
): AmazonMarketplaceParticipation[] {
  return participations.filter((p) => (regionOfMarketplace(p.marketplaceId) ?? region) === region);
}

/**
 * The marketplaces to import: on a first connect, every one the seller participates in; on a reconnect, those the
 * merchant had chosen that the seller still participates in (all of them again if none is left).
 */
export function chosenMarketplaceIds(participating: readonly string[], previous: unknown): string[] {
  const kept = Array.isArray(previous) ? participating.filter((id) => previous.includes(id)) : [];
  return kept.length > 0 ? kept : [...participating];
}

/** Amazon's redirect: `?spapi_oauth_code=&selling_partner_id=&state=` when authorised. */
export async function finishAmazonConnect(ctx: AppContext, query: URLSearchParams): Promise<ConnectOutcome> {
  const taken = takeConnectState(ctx, "amazon", query.get("state"));
  if (!taken.ok) return connectOutcome(ctx, taken.shopId, { error: taken.error, marketplace: "amazon" });
  const fail = (error: "denied" | "not_configured" | "marketplace_error" | "no_marketplaces") =>
    connectOutcome(ctx, taken.shopId, { error, marketplace: "amazon" });
  const code = query.get("spapi_oauth_code");
  const sellerId = query.get("selling_partner_id");
  if (!code || !sellerId || query.get("error")) return fail("denied");
  const app = amazonApp(ctx);
  const region = taken.tag;
  if (!app || !isAmazonRegion(region)) return fail("not_configured");

  let tokens: LwaAuthorizationTokens;
  let participations: AmazonMarketplaceParticipation[];
  try {
    tokens = await flow.exchangeCode({
      authBaseUrl: ctx.env.AMAZON_LWA_BASE_URL,
      // The redirect_uri sent to the consent page, even if APP_URL changed since.
      app: { ...app, redirectUri: taken.redirectUri ?? app.redirectUri },
      code,
      codeVerifier: null,
    });
    participations = participationsInRegion(
      (await flow.identifySeller({ apiBaseUrl: amazonApiBaseUrl(ctx.env, region), app, tokens })) ?? [],
      region,
    );
  } catch (e) {
    ctx.logger.warn("Amazon connect failed", { shopId: taken.shopId, region, error: (e as Error).message });
    return fail("marketplace_error");
  }
  const participating = participations.filter((p) => p.isParticipating);
  if (participating.length === 0) return fail("no_marketplaces");

  return saveConnectedAccount(ctx, {
    shopId: taken.shopId,
    marketplace: "amazon",
    seller: { key: "sellerId", value: sellerId },
    region,
    name: `${participating[0]!.storeName} (${region.toUpperCase()})`,
    settings: (previous) => ({
      sellerId,
      participations,
      marketplaceIds: chosenMarketplaceIds(
        participating.map((p) => p.marketplaceId),
        previous?.marketplaceIds,
      ),
    }),
    credentials: { clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: tokens.refreshToken },
  });
}
