/**
 * The GraphQL Admin API's leaky bucket, one per shop (per app and store in Shopify): 2,000 points restoring
 * 100 points per second (Standard plan), scaled by the emulator's time scale. The requested cost is taken
 * before execution and the difference to the actual cost refunded afterwards.
 */
import { TokenBucket } from "../kit/token-bucket";

export const BUCKET_SIZE = 2000;
export const RESTORE_RATE = 100;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly timeScale: () => number,
    private readonly enabled: () => boolean,
  ) {}

  private bucket(shop: string): TokenBucket {
    let b = this.buckets.get(shop);
    if (!b) {
      b = new TokenBucket(RESTORE_RATE, BUCKET_SIZE, this.timeScale);
      this.buckets.set(shop, b);
    }
    return b;
  }

  /** Takes `cost` points; false when the bucket cannot cover it (THROTTLED). Always true when limits are off. */
  take(shop: string, cost: number): boolean {
    if (!this.enabled()) return true;
    return this.bucket(shop).tryTake(cost);
  }

  refund(shop: string, points: number): void {
    if (!this.enabled() || points <= 0) return;
    this.bucket(shop).refund(points);
  }

  status(shop: string): ThrottleStatus {
    const available = this.enabled() ? Math.floor(this.bucket(shop).available()) : BUCKET_SIZE;
    return { maximumAvailable: BUCKET_SIZE, currentlyAvailable: available, restoreRate: RESTORE_RATE };
  }

  reset(): void {
    this.buckets.clear();
  }
}
