/**
 * Shop carrier names (as merchants type them in Shopify/BigCommerce) → Etsy `carrier_name`.
 *
 * Etsy's accepted carrier list is unconfirmed (docs/platform-facts.md#etsy-tracking). The values seen are lowercase slugs:
 * `usps` (spec example), `ups`, `fedex`, `dhl`, `canada-post`, `royal-mail`. Only those are sent. Any
 * other carrier goes as `other` with the tracking code, which Etsy documents for unsupported carriers.
 */
import type { MarketplaceCarrier } from "../types";

export const ETSY_CARRIER_NAMES = ["usps", "ups", "fedex", "dhl", "canada-post", "royal-mail", "other"] as const;
export type EtsyCarrierName = (typeof ETSY_CARRIER_NAMES)[number];

/** Names shops use for those carriers. Keys are compared normalised ("Fed Ex" = "FEDEX" = "fedex"). */
const SHOP_NAME_ALIASES: readonly (readonly [shopName: string, carrier: EtsyCarrierName])[] = [
  ["USPS", "usps"],
  ["United States Postal Service", "usps"],
  ["US Postal Service", "usps"],
  ["U.S. Postal Service", "usps"],
  ["UPS", "ups"],
  ["UPS Ground", "ups"],
  ["United Parcel Service", "ups"],
  ["FedEx", "fedex"],
  ["Federal Express", "fedex"],
  ["FedEx Ground", "fedex"],
  ["FedEx Express", "fedex"],
  ["FedEx Home Delivery", "fedex"],
  ["DHL", "dhl"],
  ["DHL Express", "dhl"],
  ["DHL eCommerce", "dhl"],
  ["DHL eCommerce Solutions", "dhl"],
  ["DHL Paket", "dhl"],
  ["DHL Parcel", "dhl"],
  ["Canada Post", "canada-post"],
  ["Postes Canada", "canada-post"],
  ["Royal Mail", "royal-mail"],
];

/** Lower case, letters and digits only: "Canada Post" and "canada-post" compare equal. */
function normalise(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const LOOKUP: ReadonlyMap<string, EtsyCarrierName> = new Map(
  SHOP_NAME_ALIASES.map(([name, carrier]) => [normalise(name), carrier] as const),
);

/**
 * "UPS" → {code:"ups", name:"UPS"}; "Postes Canada" → {code:"canada-post", …}; "Evri" → {code:"other",
 * name:"Evri"}. `code` is what goes to Etsy as carrier_name; `name` is what the merchant typed (trimmed),
 * for our timeline.
 */
export function resolveEtsyCarrier(carrierName: string): MarketplaceCarrier {
  const name = carrierName.trim().replace(/\s+/g, " ");
  const key = normalise(name);
  return { code: (key && LOOKUP.get(key)) || "other", name };
}
