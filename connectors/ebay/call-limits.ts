/**
 * Client-side throttling for the Sell Fulfillment API, at the same assumed limit as the emulator: eBay's
 * default daily call limit for this API was not captured (docs/platform-facts.md#ebay-call-limits, **unconfirmed**), so we
 * assume 100,000 calls per application per day, as a token bucket refilling at 100000/86400 ≈ 1.16 calls
 * per second with a burst of 50. eBay counts per application, so the bucket is shared by every account of
 * one client id in this process, and, with a BucketStore (the app's database), by every process of the app.
 * `rateLimit.timeScale` matches an emulator's scale in tests.
 */
import type { ClientRateLimitSettings } from "../types";
import { registryPerStore, TokenBucket } from "../token-bucket";

export const ASSUMED_CALLS_PER_DAY = 100_000;
export const ASSUMED_BURST = 50;

const bucketsOf = registryPerStore<string, TokenBucket>();

export class EbayCallLimiter {
  private readonly bucket: TokenBucket;

  constructor(
    clientId: string,
    private readonly settings: ClientRateLimitSettings,
  ) {
    const key = `${clientId}\u0000${settings.timeScale}`;
    const buckets = bucketsOf(settings.store);
    let bucket = buckets.get(key);
    if (!bucket) {
      // eBay's client id is public (it is in every consent URL): it names the bucket as it is.
      const shared = settings.store && { store: settings.store, key: `ebay:${clientId}` };
      const scale = settings.timeScale;
      bucket = new TokenBucket(ASSUMED_CALLS_PER_DAY / 86_400, ASSUMED_BURST, () => scale, Date.now, shared);
      buckets.set(key, bucket);
    }
    this.bucket = bucket;
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Waits for a call's token when throttling is on. */
  async acquire(): Promise<void> {
    if (this.settings.enabled) await this.bucket.acquire(1);
  }

  /** After a 429: empty the bucket; real ms until the next call may go (undefined when throttling is off). */
  drain(): number | undefined {
    if (!this.settings.enabled) return undefined;
    return this.bucket.drain();
  }
}

/** Test helper: forget every bucket. */
export function resetEbayCallLimits(): void {
  bucketsOf(undefined).clear();
}
