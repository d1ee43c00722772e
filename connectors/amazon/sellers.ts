/**
 * Sellers API v1 `getMarketplaceParticipations` (`GET /sellers/v1/marketplaceParticipations`, usage plan
 * 0.016 rps / burst 15; docs/platform-facts.md#amazon-connect): the marketplaces the seller can sell in, with
 * the store name. Called once per connect with the access token of the fresh grant, so it bypasses the
 * account's rate limiter (there is no account yet).
 */
import { amazonErrorsOf } from "./client";
import { connectorErrorFromResponse, malformedBody, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import type { components } from "./generated/sellers-v1";

type MarketplaceParticipation = components["schemas"]["MarketplaceParticipation"];

/** One marketplace of the seller, as the app keeps it in the account's settings. */
export interface AmazonMarketplaceParticipation {
  marketplaceId: string;
  /** "Amazon.com", "Amazon.de"... */
  name: string;
  countryCode: string;
  currency: string;
  storeName: string;
  isParticipating: boolean;
}

const SITE: HttpCallSite = { marketplace: "amazon", operation: "getMarketplaceParticipations" };

export async function getMarketplaceParticipations(input: {
  apiBaseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}): Promise<AmazonMarketplaceParticipation[]> {
  const res = await sendRequest(
    {
      method: "GET",
      url: `${input.apiBaseUrl.replace(/\/+$/, "")}/sellers/v1/marketplaceParticipations`,
      headers: { "x-amz-access-token": input.accessToken },
      timeoutMs: input.timeoutMs,
    },
    SITE,
  );
  if (res.status < 200 || res.status >= 300) {
    const [first] = amazonErrorsOf(res.text);
    throw connectorErrorFromResponse(
      res,
      SITE,
      first ? { code: first.code, message: [first.message, first.details].filter(Boolean).join(" ") } : {},
    );
  }
  const body = parseJsonBody(res, SITE) as { payload?: unknown } | null;
  if (!body || !Array.isArray(body.payload)) throw malformedBody(res, SITE, new Error("no payload list"));
  return (body.payload as MarketplaceParticipation[]).map((p) => {
    if (typeof p?.marketplace?.id !== "string" || typeof p.participation?.isParticipating !== "boolean") {
      throw malformedBody(res, SITE, new Error("a participation without marketplace id or isParticipating"));
    }
    return {
      marketplaceId: p.marketplace.id,
      name: p.marketplace.name,
      countryCode: p.marketplace.countryCode,
      currency: p.marketplace.defaultCurrencyCode,
      storeName: p.storeName,
      isParticipating: p.participation.isParticipating,
    };
  });
}
