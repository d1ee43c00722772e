/**
 * The shop of an Etsy seller: getShopByOwnerUserId, `GET {apiBaseUrl}/v3/application/users/{user_id}/shops`
 * (API key only, no OAuth scope). The connect callback learns the user id from the access token's prefix and
 * needs the shop_id the connector lists receipts of.
 */
import { connectorErrorFromResponse, malformedBody, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import { apiKeyHeader, type EtsyApiKey } from "./oauth";

export interface EtsyShopSummary {
  shopId: number;
  shopName: string | null;
}

/** The seller's shop, or null when the user has none (404). */
export async function getShopByOwnerUserId(input: {
  apiBaseUrl: string;
  apiKey: EtsyApiKey;
  userId: number;
  timeoutMs?: number;
}): Promise<EtsyShopSummary | null> {
  const site: HttpCallSite = { marketplace: "etsy", operation: "getShopByOwnerUserId" };
  const res = await sendRequest(
    {
      method: "GET",
      url: `${input.apiBaseUrl.replace(/\/+$/, "")}/v3/application/users/${input.userId}/shops`,
      headers: { "x-api-key": apiKeyHeader(input.apiKey) },
      timeoutMs: input.timeoutMs,
    },
    site,
  );
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw connectorErrorFromResponse(res, site);
  const body = parseJsonBody(res, site) as { shop_id?: unknown; shop_name?: unknown } | null;
  if (!body || typeof body.shop_id !== "number" || !Number.isSafeInteger(body.shop_id) || body.shop_id < 1) {
    throw malformedBody(res, site, new Error("no shop_id in the answer"));
  }
  return {
    shopId: body.shop_id,
    shopName: typeof body.shop_name === "string" && body.shop_name !== "" ? body.shop_name : null,
  };
}
