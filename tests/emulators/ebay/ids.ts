/**
 * Realistic eBay identifiers from a seeded generator, so a fresh emulator hands out the same ids in the same
 * order (reproducible demo data and failures); `reset()` starts the sequence again.
 *  - orderId `12-34567-89012` (2-5-5 digits, the REST order id format),
 *  - lineItemId of 14 digits ("10022882297012"), legacyItemId of 12 digits (the listing),
 *  - fulfillment ids for packages shipped without tracking (eBay: "an arbitrary number such as 999"),
 *  - eIAS tokens and buyers' user ids for account-deletion notifications.
 */
import { createHash } from "node:crypto";

export const ORDER_ID_RE = /^\d{2}-\d{5}-\d{5}$/;

export class IdGenerator {
  private state: number;

  constructor(private readonly seed = 0xeba7_5eed) {
    this.state = seed | 0;
  }

  reset(): void {
    this.state = this.seed | 0;
  }

  /** mulberry32. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }

  private nonZeroDigits(n: number): string {
    return String(1 + Math.floor(this.next() * 9)) + this.digits(n - 1);
  }

  orderId(): string {
    return `${this.nonZeroDigits(2)}-${this.digits(5)}-${this.digits(5)}`;
  }

  lineItemId(): string {
    return this.nonZeroDigits(14);
  }

  fulfillmentId(): string {
    return this.nonZeroDigits(12);
  }

  paymentReferenceId(): string {
    return this.nonZeroDigits(16);
  }
}

/** A stable listing id (legacyItemId) per SKU, so one product keeps its listing across orders. */
export function legacyItemIdForSku(sku: string): string {
  const hash = createHash("sha256").update(`listing:${sku}`).digest();
  let s = "1";
  for (let i = 0; i < 11; i++) s += String(hash[i]! % 10);
  return s;
}

/** eBay's eIAS token for a user (an opaque base64 string in notifications). */
export function eiasTokenFor(username: string): string {
  return Buffer.from(`nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6w${createHash("sha1").update(username).digest("hex")}`).toString(
    "base64",
  );
}

/**
 * A buyer's user id (the immutable id account-deletion notifications carry beside the username). Buyers are not
 * seeded as users, only named on orders, so theirs is derived from the username, in the sellers' `u` + 10 digits.
 */
export function buyerUserIdFor(username: string): string {
  const hash = createHash("sha256").update(`buyer:${username}`).digest();
  let s = "u";
  for (let i = 0; i < 10; i++) s += String(hash[i]! % 10);
  return s;
}
