/**
 * A BigCommerce shipment names its carrier in two fields (docs/platform-facts.md#bc-shipments): `shipping_provider` (BigCommerce's
 * own integrations: usps, ups, fedex, auspost...) and `tracking_carrier` (an AfterShip slug, which is what builds
 * the tracking link). We report the carrier as the merchant sees it in the control panel, spelled as our carrier
 * resolution expects (app/.server/domain/carriers.ts: "UPS", "USPS", "FedEx", "Royal Mail"...).
 */

const PROVIDERS: Readonly<Record<string, string>> = {
  usps: "USPS",
  endicia: "USPS",
  ups: "UPS",
  upsready: "UPS",
  upsonline: "UPS",
  fedex: "FedEx",
  auspost: "Australia Post",
  canadapost: "Canada Post",
  royalmail: "Royal Mail",
};

/** AfterShip slugs from BigCommerce's tracking_carrier_values.csv (B2), plus Royal Mail's AfterShip slug. */
const TRACKING_CARRIERS: Readonly<Record<string, string>> = {
  ups: "UPS",
  usps: "USPS",
  fedex: "FedEx",
  dhl: "DHL Express",
  "dhl-global-mail": "DHL eCommerce",
  "canada-post": "Canada Post",
  "australia-post": "Australia Post",
  "myhermes-uk": "Evri",
  yodel: "Yodel",
  "dpd-uk": "DPD UK",
  "parcel-force": "Parcelforce",
  "amazon-uk-api": "Amazon Shipping",
  ontrac: "OnTrac",
  lasership: "LaserShip",
  postnl: "PostNL",
  "royal-mail": "Royal Mail",
};

function blank(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** The carrier's display name, or null when the merchant gave none (the tracking number may still reveal it). */
export function carrierNameOf(s: {
  shipping_provider?: string | null;
  tracking_carrier?: string | null;
  shipping_provider_display_name?: string | null;
}): string | null {
  const slug = blank(s.tracking_carrier)?.toLowerCase();
  if (slug) return TRACKING_CARRIERS[slug] ?? slug;
  const provider = blank(s.shipping_provider)?.toLowerCase();
  if (!provider) return null;
  if (PROVIDERS[provider]) return PROVIDERS[provider];
  // carrier_{id} (a third-party carrier app) or a provider we do not know: what the control panel shows.
  const display = blank(s.shipping_provider_display_name);
  return display && display.toLowerCase() !== provider ? display : provider;
}
