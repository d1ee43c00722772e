/**
 * Amazon marketplaces the emulator knows: id → sales channel, country, default currency and the
 * first digits Amazon gives order ids there (113-… in the US, 202-… in the UK, 302-… in Germany…).
 * Unknown ids are still accepted (Amazon has more), with US-like defaults.
 */
export interface MarketplaceInfo {
  id: string;
  /** v0 `SalesChannel` and 2026 `salesChannel.marketplaceName`. */
  salesChannel: string;
  countryCode: string;
  currency: string;
  /** The Sellers API's defaultLanguageCode. */
  language: string;
  orderIdPrefixes: readonly string[];
}

const LIST: readonly MarketplaceInfo[] = [
  {
    id: "ATVPDKIKX0DER",
    salesChannel: "Amazon.com",
    countryCode: "US",
    currency: "USD",
    language: "en_US",
    orderIdPrefixes: ["111", "112", "113", "114"],
  },
  {
    id: "A2EUQ1WTGCTBG2",
    salesChannel: "Amazon.ca",
    countryCode: "CA",
    currency: "CAD",
    language: "en_CA",
    orderIdPrefixes: ["701", "702"],
  },
  {
    id: "A1AM78C64UM0Y8",
    salesChannel: "Amazon.com.mx",
    countryCode: "MX",
    currency: "MXN",
    language: "es_MX",
    orderIdPrefixes: ["701", "702"],
  },
  {
    id: "A1F83G8C2ARO7P",
    salesChannel: "Amazon.co.uk",
    countryCode: "GB",
    currency: "GBP",
    language: "en_GB",
    orderIdPrefixes: ["202", "203", "204", "205", "206"],
  },
  {
    id: "A1PA6795UKMFR9",
    salesChannel: "Amazon.de",
    countryCode: "DE",
    currency: "EUR",
    language: "de_DE",
    orderIdPrefixes: ["302", "303", "304", "305", "306"],
  },
  {
    id: "A13V1IB3VIYZZH",
    salesChannel: "Amazon.fr",
    countryCode: "FR",
    currency: "EUR",
    language: "fr_FR",
    orderIdPrefixes: ["402", "403", "404", "405", "406"],
  },
  {
    id: "APJ6JRA9NG5V4",
    salesChannel: "Amazon.it",
    countryCode: "IT",
    currency: "EUR",
    language: "it_IT",
    orderIdPrefixes: ["402", "403", "404", "405", "406"],
  },
  {
    id: "A1RKKUPIHCS9HS",
    salesChannel: "Amazon.es",
    countryCode: "ES",
    currency: "EUR",
    language: "es_ES",
    orderIdPrefixes: ["402", "403", "404", "405", "406"],
  },
  {
    id: "A1VC38T7YXB528",
    salesChannel: "Amazon.co.jp",
    countryCode: "JP",
    currency: "JPY",
    language: "ja_JP",
    orderIdPrefixes: ["249", "250", "503"],
  },
  {
    id: "A39IBJ37TRP1C6",
    salesChannel: "Amazon.com.au",
    countryCode: "AU",
    currency: "AUD",
    language: "en_AU",
    orderIdPrefixes: ["249", "250"],
  },
];

export const DEFAULT_MARKETPLACE_ID = "ATVPDKIKX0DER";

const BY_ID = new Map(LIST.map((m) => [m.id, m]));

export function marketplaceInfo(id: string): MarketplaceInfo {
  return (
    BY_ID.get(id) ?? {
      id,
      salesChannel: "Amazon.com",
      countryCode: "US",
      currency: "USD",
      language: "en_US",
      orderIdPrefixes: ["113"],
    }
  );
}
