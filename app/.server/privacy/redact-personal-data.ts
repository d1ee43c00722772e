import type { PostalAddress } from "#connectors/types.ts";

/**
 * Pure: how a buyer's personal data is taken out of what we keep about their orders (docs/decisions/023). Two rules,
 * applied together to every stored JSON value and text that may hold it:
 *  - **by value**: every occurrence of what we know of the buyer (name, email, phone, address lines, marketplace
 *    username), whatever the field, is replaced by the marker: it reaches a sentence on the timeline, an error text
 *    or a payload of any shape;
 *  - **by key**: in JSON, the fields that hold a person's data in the platforms' and marketplaces' payloads (an
 *    address, a customer, an email...) lose their value, so a payload naming a buyer we know nothing else of (an
 *    order that could not be read) is redacted too.
 * Nothing else changes: ids, amounts, SKUs, carriers and tracking numbers stay for the merchant's bookkeeping.
 */

/** What replaces a redacted value. */
export const REDACTED = "[redacted]";

/** What an order's row says of its buyer. */
export interface BuyerFields {
  buyerName: string | null;
  buyerEmail: string | null;
  buyerPhone: string | null;
  buyerMarketplaceUserId: string | null;
  shippingAddress: PostalAddress | null;
}

/** Values shorter than this are not looked for inside texts (they would match ordinary words and ids). */
const MIN_VALUE_LENGTH = 4;

/**
 * The buyer's values to look for, from their orders and from the request (an email, a username): trimmed, without
 * duplicates (case-insensitive), longest first, so a full name is replaced before a part of it.
 */
export function personalValuesOf(buyers: readonly BuyerFields[], extra: readonly (string | null | undefined)[] = []) {
  const found: string[] = [...extra.filter((v): v is string => typeof v === "string")];
  for (const b of buyers) {
    found.push(...[b.buyerName, b.buyerEmail, b.buyerPhone, b.buyerMarketplaceUserId].filter(isString));
    const a = b.shippingAddress;
    if (a) found.push(...[a.name, a.company, a.line1, a.line2, a.line3, a.phone].filter(isString));
  }
  const seen = new Map<string, string>();
  for (const v of found.map((s) => s.trim())) {
    if (v.length >= MIN_VALUE_LENGTH && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  }
  return [...seen.values()].sort((a, b) => b.length - a.length);
}

function isString(v: unknown): v is string {
  return typeof v === "string" && v.length > 0;
}

/**
 * Keys (compared lower-case without `_`/`-`) whose whole value is a person's data in the payloads we may have kept:
 * Shopify's fulfillment and customer, BigCommerce's order, Amazon's order, eBay's order, Etsy's receipt, and our own
 * buyer fields.
 */
const PERSONAL_KEYS = new Set(
  [
    // containers
    "customer",
    "buyer",
    "buyerInfo",
    "recipient",
    "destination",
    "shipTo",
    "shippingAddress",
    "billingAddress",
    "billing_address",
    "shipping_addresses",
    "defaultAddress",
    "contactAddress",
    "taxAddress",
    "address",
    "formattedAddress",
    // leaves
    "name",
    "fullName",
    "firstName",
    "lastName",
    "company",
    "email",
    "buyerEmail",
    "contactEmail",
    "phone",
    "phoneNumber",
    "primaryPhone",
    "buyerName",
    "buyerPhone",
    "username",
    "buyerUsername",
    "buyerUserId",
    "buyerMarketplaceUserId",
    "address1",
    "address2",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "street1",
    "street2",
    "firstLine",
    "secondLine",
    "line1",
    "line2",
    "line3",
    "zip",
    "postalCode",
    "city",
    "latitude",
    "longitude",
    "note",
    "customerNote",
    "giftMessage",
    "messageFromBuyer",
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces every occurrence of the values (case-insensitive) in a text by the marker. */
export function redactText(text: string, values: readonly string[]): string {
  if (values.length === 0) return text;
  const pattern = new RegExp(values.map(escapeRegExp).join("|"), "gi");
  return text.replace(pattern, REDACTED);
}

export interface RedactJsonOptions {
  /** Redact the personal keys too (default true). Off where the JSON's shape is ours and has none (a job's payload). */
  byKey?: boolean;
}

/**
 * A copy of the JSON value with the buyer's values replaced inside every string, and (byKey) every personal key's
 * value replaced by the marker. Null values of personal keys stay null (nothing to hide).
 */
export function redactJson(value: unknown, values: readonly string[], opts: RedactJsonOptions = {}): unknown {
  const byKey = opts.byKey ?? true;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactText(v, values);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
        out[k] = byKey && inner !== null && PERSONAL_KEYS.has(normalizeKey(k)) ? REDACTED : walk(inner);
      }
      return out;
    }
    return v;
  };
  return walk(value);
}

/** Whether a JSON value or text holds one of the values (case-insensitive). */
export function mentionsAny(value: unknown, values: readonly string[]): boolean {
  if (value === null || value === undefined || values.length === 0) return false;
  const text = (typeof value === "string" ? value : JSON.stringify(value)).toLowerCase();
  return values.some((v) => text.includes(v.toLowerCase()));
}
