/**
 * Shop carrier names (as merchants type them in Shopify/BigCommerce) → Amazon `carrierCode`.
 *
 * Codes come from docs/platform-facts.md#amazon-carrier-codes (the long-standing amzn-base `CarrierCode` values; Amazon's full
 * official list is unconfirmed). A carrier that is not on that list goes as `Other` with the name as typed,
 * which Amazon accepts in every marketplace.
 */
import type { MarketplaceCarrier } from "../types";

/** Amazon carrier codes we send (docs/platform-facts.md#amazon-carrier-codes). */
export const AMAZON_CARRIER_CODES = [
  "USPS",
  "UPS",
  "UPSMI",
  "FedEx",
  "DHL",
  "Fastway",
  "GLS",
  "GO!",
  "Hermes Logistik Gruppe",
  "Royal Mail",
  "Parcelforce",
  "City Link",
  "TNT",
  "Target",
  "DHL Global Mail",
  "UPS Mail Innovations",
  "FedEx SmartPost",
  "OSM",
  "OnTrac",
  "Streamlite",
  "Newgistics",
  "Canada Post",
  "Blue Package",
  "Chronopost",
  "Deutsche Post",
  "DPD",
  "La Poste",
  "Parcelnet",
  "Poste Italiane",
  "SDA",
  "Smartmail",
  "Yodel",
  "Lasership",
  "Amazon Shipping",
  "Seur",
  "Correos",
  "MRW",
  "Endopack",
  "Chrono Express",
  "Nacex",
  "Otro",
  "Correios",
  "Australia Post",
  "Toll Global Express",
  "China Post",
  "Yun Express",
  "4PX",
  "YANWEN",
  "SF Express",
  "EUB",
  "SagawaExpress",
  "NipponExpress",
  "YamatoTransport",
  "FEDEX_JP",
  "JP_EXPRESS",
  "NITTSU",
  "SAGAWA",
  "YAMATO",
  "BlueDart",
  "AFL/Fedex",
  "Aramex",
  "India Post",
  "Professional",
  "DTDC",
  "Overnite Express",
  "First Flight",
  "Delhivery",
  "Other",
] as const;

export type AmazonCarrierCode = (typeof AMAZON_CARRIER_CODES)[number];

/**
 * Names shops use that differ from the Amazon code. Keys are compared normalised (see `normalise`), so
 * "Fed Ex", "FEDEX" and "fedex" all hit "fedex".
 */
const SHOP_NAME_ALIASES: readonly (readonly [shopName: string, code: AmazonCarrierCode])[] = [
  // US / Canada
  ["United States Postal Service", "USPS"],
  ["UPS Ground", "UPS"],
  ["United Parcel Service", "UPS"],
  ["Federal Express", "FedEx"],
  ["FedEx Ground", "FedEx"],
  ["FedEx Express", "FedEx"],
  ["FedEx Smart Post", "FedEx SmartPost"],
  ["LaserShip", "Lasership"],
  ["Postes Canada", "Canada Post"],
  // Shopify calls Amazon's own delivery network "Amazon Logistics <region>"; C3 lists only "Amazon Shipping".
  ["Amazon Logistics US", "Amazon Shipping"],
  ["Amazon Logistics UK", "Amazon Shipping"],
  ["Amazon Logistics", "Amazon Shipping"],
  // DHL: Express and Paket deliver as DHL; DHL eCommerce is the former DHL Global Mail.
  ["DHL Express", "DHL"],
  ["DHL Paket", "DHL"],
  ["DHL Parcel", "DHL"],
  ["DHL eCommerce", "DHL Global Mail"],
  ["DHL eCommerce Solutions", "DHL Global Mail"],
  // UK / EU
  ["Parcel Force", "Parcelforce"],
  ["Hermes", "Hermes Logistik Gruppe"],
  ["Hermes Germany", "Hermes Logistik Gruppe"],
  ["DPD UK", "DPD"],
  ["DPD Local", "DPD"],
  ["Colissimo", "La Poste"],
  ["SEUR", "Seur"],
  ["TNT Express", "TNT"],
  // APAC / India
  ["YunExpress", "Yun Express"],
  ["Sagawa Express", "SagawaExpress"],
  ["Yamato Transport", "YamatoTransport"],
  ["Nippon Express", "NipponExpress"],
  ["Blue Dart", "BlueDart"],
];

/** Lower case, letters and digits only: "DHL  eCommerce" and "dhl-ecommerce" compare equal. */
function normalise(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Aliases first, so an exact Amazon code typed by the merchant wins over an alias with the same key. */
const LOOKUP: ReadonlyMap<string, AmazonCarrierCode> = new Map<string, AmazonCarrierCode>([
  ...SHOP_NAME_ALIASES.map(([name, code]) => [normalise(name), code] as const),
  ...AMAZON_CARRIER_CODES.filter((c) => c !== "Other").map((c) => [normalise(c), c] as const),
]);

/**
 * "UPS" → {code:"UPS", name:"UPS"}; "dhl express" → {code:"DHL", name:"dhl express"};
 * "Evri" → {code:"Other", name:"Evri"}. The name is always what the merchant typed (trimmed): Amazon shows
 * it to the buyer and requires it with `Other`.
 */
export function resolveAmazonCarrier(carrierName: string): MarketplaceCarrier {
  const name = carrierName.trim().replace(/\s+/g, " ");
  const code = name === "" ? undefined : LOOKUP.get(normalise(name));
  return { code: code ?? "Other", name };
}
