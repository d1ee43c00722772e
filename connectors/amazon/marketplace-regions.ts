/**
 * Amazon's selling regions and the marketplaces each serves (developer-docs.amazon.com/sp-api/docs/marketplace-ids,
 * docs/platform-facts.md#amazon-connect): a seller authorises the app once per region, from that region's
 * Seller Central, and the region's SP-API endpoint serves its marketplaces only.
 */
export const AMAZON_REGIONS = ["na", "eu", "fe"] as const;
export type AmazonRegion = (typeof AMAZON_REGIONS)[number];

export function isAmazonRegion(value: unknown): value is AmazonRegion {
  return typeof value === "string" && (AMAZON_REGIONS as readonly string[]).includes(value);
}

/** Marketplace ids per region (the marketplace-ids page of Amazon's SP-API docs). */
const MARKETPLACE_IDS: Record<AmazonRegion, readonly string[]> = {
  na: ["A2EUQ1WTGCTBG2", "ATVPDKIKX0DER", "A1AM78C64UM0Y8", "A2Q3Y263D00KWC"],
  eu: [
    "A28R8C7NBKEWEA",
    "A1RKKUPIHCS9HS",
    "A1F83G8C2ARO7P",
    "A13V1IB3VIYZZH",
    "AMEN7PMS3EDWL",
    "A1805IZSGTT6HS",
    "A1PA6795UKMFR9",
    "APJ6JRA9NG5V4",
    "A2NODRKZP88ZB9",
    "AE08WJ6YKNBMC",
    "A1C3SOZRARQ6R3",
    "ARBP9OOSHTCHU",
    "A33AVAJ2PDY3EV",
    "A17E79C6D8DWNP",
    "A2VIGQ35RCS4UG",
    "A21TJRUUN4KGV",
  ],
  fe: ["A19VAU5U5O7RUS", "A39IBJ37TRP1C6", "A1VC38T7YXB528"],
};

/** The region a marketplace id belongs to; null for an id this table does not know. */
export function regionOfMarketplace(marketplaceId: string): AmazonRegion | null {
  for (const region of AMAZON_REGIONS) if (MARKETPLACE_IDS[region].includes(marketplaceId)) return region;
  return null;
}

/**
 * Where a seller of the region consents (the website authorization workflow's OAuth authorization URI,
 * `{Seller Central URL}/apps/authorize/consent`). One Seller Central per region; the per-marketplace
 * Seller Central hosts of Amazon's table work too.
 */
export const AMAZON_CONSENT_URLS: Record<AmazonRegion, string> = {
  na: "https://sellercentral.amazon.com/apps/authorize/consent",
  eu: "https://sellercentral-europe.amazon.com/apps/authorize/consent",
  fe: "https://sellercentral.amazon.co.jp/apps/authorize/consent",
};
