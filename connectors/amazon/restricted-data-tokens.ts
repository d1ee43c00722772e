/**
 * Restricted Data Tokens for the v0 order listing (docs/platform-facts.md#amazon-rdt): Amazon leaves the buyer's name and the
 * shipping street out of getOrders, and refuses getOrderAddress, unless the call carries an RDT covering those data
 * elements. One RDT (valid an hour) per account serves every getOrders page, so the per-order getOrderAddress call
 * is not needed at all. The Tokens API allows 1 rps, burst 10: tokens are cached per account for the process.
 *
 * A seller or app without the PII role gets no RDT (a 403 from the Tokens API): that is remembered for a while and
 * the listing goes on without PII, as before, instead of failing the poll.
 */
import { AccessTokenCache } from "../access-token-cache";
import { isConnectorError } from "../types";
import type { RestrictedResource } from "./client";

/** getOrders with the buyer's info and the shipping address. */
export const LISTING_PII_RESOURCES: RestrictedResource[] = [
  { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
];

/** After the Tokens API refused an account, how long we list without PII before asking again. */
export const RDT_REFUSED_RETRY_MS = 15 * 60_000;

const cache = new AccessTokenCache();
const refusedUntil = new Map<string, number>();

export interface RestrictedDataTokenSource {
  /** An RDT for the listing, or null when the account cannot have one (no PII role) or Amazon would not give one now. */
  forListing(): Promise<string | null>;
  /** Amazon refused this RDT (expired early, revoked): the next listing asks for a new one. */
  invalidate(token: string): void;
}

export class RestrictedDataTokens implements RestrictedDataTokenSource {
  constructor(
    /** The account's grant (LwaTokenProvider.cacheKey). */
    private readonly accountKey: string,
    private readonly request: (resources: RestrictedResource[]) => Promise<{ token: string; expiresInSeconds: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  async forListing(): Promise<string | null> {
    const key = `${this.accountKey}|listing`;
    const now = this.now();
    if ((refusedUntil.get(key) ?? 0) > now) return null;
    try {
      return await cache.get(key, now, async () => {
        const { token, expiresInSeconds } = await this.request(LISTING_PII_RESOURCES);
        const lifetime = expiresInSeconds * 1000;
        return { accessToken: token, refreshAt: now + lifetime - Math.min(60_000, lifetime / 2) };
      });
    } catch (e) {
      if (!isConnectorError(e)) throw e;
      // Refused for this account (no PII role): list without PII for a while. Anything else (throttled, down,
      // credentials): without PII this time, and ask again on the next page.
      if (e.kind === "permanent") refusedUntil.set(key, now + RDT_REFUSED_RETRY_MS);
      return null;
    }
  }

  invalidate(token: string): void {
    cache.invalidate(`${this.accountKey}|listing`, token);
  }
}

/** Test helper: forget every cached RDT and refusal. */
export function clearRestrictedDataTokens(): void {
  cache.clear();
  refusedUntil.clear();
}
