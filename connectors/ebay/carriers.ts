/**
 * Shop carrier names (as merchants type them in Shopify/BigCommerce) → eBay `shippingCarrierCode`.
 *
 * Codes are values of the Trading API's ShippingCarrierCodeType / GeteBayDetails(ShippingCarrierDetails)
 * (docs/platform-facts.md#ebay-carrier-codes; the full current list is unconfirmed). `CanadaPost` is not in the 2023 WSDL copy
 * we could read but is what eBay.ca lists (assumed). A carrier we do not know goes as `Other`; eBay's REST
 * call has no free-text carrier name, so the buyer then sees the tracking number only.
 */
import type { MarketplaceCarrier } from "../types";

export const EBAY_CARRIER_CODES = [
  "USPS",
  "UPS",
  "UPSMailInnovations",
  "FedEx",
  "FedExSmartPost",
  "DHL",
  "DHLGlobalMail",
  "DeutschePost",
  "Hermes",
  "RoyalMail",
  "Parcelforce",
  "Yodel",
  "DPD",
  "GLS",
  "UKMail",
  "Interlink",
  "CollectPlus",
  "APC",
  "CanadaPost",
  "CanPar",
  "AustraliaPost",
  "StarTrack",
  "LAPOSTE",
  "Colissimo",
  "Chronopost",
  "MondialRelay",
  "Correos",
  "Seur",
  "MRW",
  "Nacex",
  "PosteItaliane",
  "Bartolini",
  "SDA",
  "PostNL",
  "BPost",
  "AnPost",
  "SwissPost",
  "OsterreichischePostAG",
  "ChinaPost",
  "JapanPost",
  "HongKongPost",
  "SINGAPOREPOST",
  "IndiaPost",
  "ONTRACK",
  "ARAMEX",
  "FourPX",
  "YANWEN",
  "Landmark",
  "iLoxx",
  "Other",
] as const;

export type EbayCarrierCode = (typeof EBAY_CARRIER_CODES)[number];

/** Names shops use that differ from the eBay code; compared normalised (see `normalise`). */
const SHOP_NAME_ALIASES: readonly (readonly [shopName: string, code: EbayCarrierCode])[] = [
  // US / Canada
  ["United States Postal Service", "USPS"],
  ["US Postal Service", "USPS"],
  ["United Parcel Service", "UPS"],
  ["UPS Ground", "UPS"],
  ["UPS Mail Innovations", "UPSMailInnovations"],
  ["Federal Express", "FedEx"],
  ["FedEx Ground", "FedEx"],
  ["FedEx Express", "FedEx"],
  ["FedEx SmartPost", "FedExSmartPost"],
  ["FedEx Smart Post", "FedExSmartPost"],
  ["OnTrac", "ONTRACK"],
  ["Canada Post", "CanadaPost"],
  ["Postes Canada", "CanadaPost"],
  ["Canpar", "CanPar"],
  // DHL: Express, Paket and Parcel deliver as DHL; DHL eCommerce is the former DHL Global Mail.
  ["DHL Express", "DHL"],
  ["DHL Paket", "DHL"],
  ["DHL Parcel", "DHL"],
  ["DHL eCommerce", "DHLGlobalMail"],
  ["DHL eCommerce Solutions", "DHLGlobalMail"],
  ["DHL Global Mail", "DHLGlobalMail"],
  ["Deutsche Post", "DeutschePost"],
  // UK / Ireland
  ["Royal Mail", "RoyalMail"],
  ["Parcel Force", "Parcelforce"],
  ["Parcelforce Worldwide", "Parcelforce"],
  // Hermes UK became Evri in 2022; eBay's code is still Hermes.
  ["Evri", "Hermes"],
  ["Hermes UK", "Hermes"],
  ["Hermes Germany", "Hermes"],
  ["Hermes Logistik Gruppe", "Hermes"],
  ["DPD UK", "DPD"],
  ["DPD Local", "DPD"],
  ["UK Mail", "UKMail"],
  ["Interlink Express", "Interlink"],
  ["APC Overnight", "APC"],
  ["An Post", "AnPost"],
  // EU
  ["La Poste", "LAPOSTE"],
  ["Mondial Relay", "MondialRelay"],
  ["Poste Italiane", "PosteItaliane"],
  ["BRT", "Bartolini"],
  ["BRT Bartolini", "Bartolini"],
  ["Swiss Post", "SwissPost"],
  ["Die Schweizerische Post", "SwissPost"],
  ["Austrian Post", "OsterreichischePostAG"],
  ["Österreichische Post", "OsterreichischePostAG"],
  ["Post NL", "PostNL"],
  ["bpost", "BPost"],
  ["Belgian Post", "BPost"],
  // APAC / elsewhere
  ["Australia Post", "AustraliaPost"],
  ["AusPost", "AustraliaPost"],
  ["Star Track", "StarTrack"],
  ["China Post", "ChinaPost"],
  ["Japan Post", "JapanPost"],
  ["Hong Kong Post", "HongKongPost"],
  ["Singapore Post", "SINGAPOREPOST"],
  ["SingPost", "SINGAPOREPOST"],
  ["India Post", "IndiaPost"],
  ["4PX", "FourPX"],
  ["Yanwen", "YANWEN"],
  ["Landmark Global", "Landmark"],
];

/** Lower case, letters and digits only: "Royal  Mail" and "royal-mail" compare equal. */
function normalise(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const LOOKUP: ReadonlyMap<string, EbayCarrierCode> = new Map<string, EbayCarrierCode>([
  ...SHOP_NAME_ALIASES.map(([name, code]) => [normalise(name), code] as const),
  ...EBAY_CARRIER_CODES.filter((c) => c !== "Other").map((c) => [normalise(c), c] as const),
]);

/**
 * "UPS" → {code:"UPS"}; "Royal Mail" → {code:"RoyalMail"}; "Evri" → {code:"Hermes"};
 * "Purolator" → {code:"Other"}. The name is always what the merchant typed (trimmed).
 */
export function resolveEbayCarrier(carrierName: string): MarketplaceCarrier {
  const name = carrierName.trim().replace(/\s+/g, " ");
  const code = name === "" ? undefined : LOOKUP.get(normalise(name));
  return { code: code ?? "Other", name };
}
