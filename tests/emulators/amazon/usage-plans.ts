/**
 * Official SP-API usage plans (docs/platform-facts.md#amazon-usage-plans; the same tables are in each operation's description in
 * the models) and the per-seller, per-operation token buckets that enforce them.
 *
 * Buckets run on the emulator's clock (emulated time), so `limits.timeScale` speeds them up, changes of
 * scale apply from the moment they are made, and `POST /__sandbox/clock {advanceSeconds}` refills them.
 */
import { TokenBucket } from "../kit/token-bucket";
import type { EmulatedClock } from "./clock";

export interface UsagePlan {
  /** Requests per second, also sent as `x-amzn-RateLimit-Limit`. */
  rate: number;
  burst: number;
}

export const USAGE_PLANS = {
  getOrders: { rate: 0.0167, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder2026: { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
  getMarketplaceParticipations: { rate: 0.016, burst: 15 },
} as const satisfies Record<string, UsagePlan>;

export type OperationName = keyof typeof USAGE_PLANS;

/** The header value as Amazon formats it ("0.0167", "2.0"). */
export function rateLimitHeader(op: OperationName): string {
  const rate = USAGE_PLANS[op].rate;
  return Number.isInteger(rate) ? rate.toFixed(1) : String(rate);
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: EmulatedClock) {}

  /** Takes one request from the seller's bucket for the operation; false when over quota. */
  tryTake(sellerId: string, op: OperationName): boolean {
    const key = `${sellerId}\u0000${op}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const plan = USAGE_PLANS[op];
      // Emulated milliseconds in, so the bucket's own time scale is 1.
      bucket = new TokenBucket(
        plan.rate,
        plan.burst,
        () => 1,
        () => this.clock.emulatedMs(),
      );
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake(1);
  }

  reset(): void {
    this.buckets.clear();
  }
}
