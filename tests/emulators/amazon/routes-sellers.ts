/**
 * Sellers API v1 (models/sellers-api-model/sellers.json): getMarketplaceParticipations, the seller's marketplaces
 * (`isParticipating: true` for those it sells in, false for the lapsed ones) with its store name. The emulator
 * serves every region at one base URL, so it lists all of them; Amazon's regional endpoints list their region's.
 */
import { marketplaceInfo } from "./marketplaces";
import { apiRoute, type AmazonContext, specIssuesResponse } from "./sp-api";
import { loadSpec, SELLERS_SPEC } from "./spec-validator";
import type { Seller } from "./state";

export function marketplaceParticipations(seller: Seller): Record<string, unknown>[] {
  const view = (marketplaceId: string, isParticipating: boolean) => {
    const m = marketplaceInfo(marketplaceId);
    return {
      marketplace: {
        id: m.id,
        name: m.salesChannel,
        countryCode: m.countryCode,
        defaultCurrencyCode: m.currency,
        defaultLanguageCode: m.language,
        domainName: `www.${m.salesChannel.toLowerCase()}`,
      },
      participation: { isParticipating, hasSuspendedListings: false },
      storeName: seller.storeName,
    };
  };
  return [
    ...seller.marketplaceIds.map((id) => view(id, true)),
    ...seller.lapsedMarketplaceIds.filter((id) => !seller.marketplaceIds.includes(id)).map((id) => view(id, false)),
  ];
}

export function registerSellers(ctx: AmazonContext): void {
  const op = loadSpec(SELLERS_SPEC).operation("getMarketplaceParticipations");
  apiRoute(ctx, "GET", "/sellers/v1/marketplaceParticipations", "getMarketplaceParticipations", (req, caller) => {
    const v = op.validateRequest({ query: req.query, params: req.params, body: req.body, rawBody: req.rawBody });
    if (v.issues.length) return specIssuesResponse(v.issues);
    return { status: 200, body: { payload: marketplaceParticipations(caller.seller) } };
  });
}
