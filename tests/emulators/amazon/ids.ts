/**
 * Realistic identifiers: AmazonOrderId `113-1234567-1234567` (3-7-7), OrderItemId of 14 digits, ASINs
 * `B0XXXXXXXX`. A seeded generator makes a fresh emulator hand out the same ids in the same order, so demo
 * data and failing tests are reproducible; `reset()` starts the sequence again.
 */
import { createHash } from "node:crypto";

const ASIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export class IdGenerator {
  private state: number;

  constructor(private readonly seed = 0x5eed_a11) {
    this.state = seed;
  }

  reset(): void {
    this.state = this.seed;
  }

  /** mulberry32: small, fast, good enough for ids. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }

  orderId(prefixes: readonly string[]): string {
    const prefix = prefixes[Math.floor(this.next() * prefixes.length)] ?? "113";
    return `${prefix}-${this.digits(7)}-${this.digits(7)}`;
  }

  orderItemId(): string {
    return String(1 + Math.floor(this.next() * 9)) + this.digits(13);
  }
}

/** A stable ASIN per SKU, so one product keeps its ASIN across orders, as on Amazon. */
export function asinForSku(sku: string): string {
  const hash = createHash("sha256").update(sku).digest();
  let s = "B0";
  for (let i = 0; i < 8; i++) s += ASIN_CHARS[hash[i] % ASIN_CHARS.length];
  return s;
}

export const ORDER_ID_RE = /^\d{3}-\d{7}-\d{7}$/;
