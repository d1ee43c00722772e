/**
 * Who the seller behind a fresh user token is. eBay's token answer does not say, and the Commerce Identity API
 * (`getUser`) needs another scope and host, so we read `sellerId` (the seller's eBay user id, i.e. username, as
 * the Fulfillment spec describes it) from one order of getOrders: null when the seller has no order in the
 * search window (90 days).
 */
import { connectorErrorFromResponse, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import { FULFILLMENT_BASE_PATH } from "./client";

export async function fetchSellerUsername(input: {
  apiBaseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}): Promise<string | null> {
  const site: HttpCallSite = { marketplace: "ebay", operation: "getOrders" };
  const res = await sendRequest(
    {
      method: "GET",
      url: `${input.apiBaseUrl.replace(/\/+$/, "")}${FULFILLMENT_BASE_PATH}/order`,
      query: { limit: 1 },
      headers: { authorization: `Bearer ${input.accessToken}` },
      timeoutMs: input.timeoutMs,
    },
    site,
  );
  if (res.status < 200 || res.status >= 300) throw connectorErrorFromResponse(res, site);
  const body = parseJsonBody(res, site) as { orders?: { sellerId?: unknown }[] } | null;
  const sellerId = Array.isArray(body?.orders) ? body.orders[0]?.sellerId : undefined;
  return typeof sellerId === "string" && sellerId !== "" ? sellerId : null;
}
