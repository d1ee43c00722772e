/**
 * Client-side throttling for Etsy (docs/platform-facts.md#etsy-rate-limits). Etsy meters per API key, not per shop: 10
 * requests per second and 10,000 per day by default, more for upgraded apps. All accounts of one app
 * therefore draw from one module-level bucket per (API host, keystring); with a BucketStore (the app's database)
 * its tokens are kept there, so every process of the app draws from the same ones.
 *
 * Every answer reports the key's limits (x-limit-per-second, x-remaining-today...). We adopt the
 * per-second rate Etsy states, so an upgraded key is not held to 10 QPS. We also remember when the day's
 * quota is spent, so a 429 then is reported with a long retry-after instead of a hopeless resend.
 */
import { createHash } from "node:crypto";
import { registryPerStore, TokenBucket } from "../token-bucket";
import { ConnectorError, type ClientRateLimitSettings } from "../types";

export const ETSY_DEFAULT_QPS = 10;

/** Longest real time one call waits for a token before failing `rate_limited`. */
export const DEFAULT_MAX_WAIT_MS = 5_000;

interface KeyLimits {
  timeScale: number;
  bucket: TokenBucket;
  /** x-remaining-today of the last answer; null when unknown. */
  remainingToday: number | null;
}

const keysOf = registryPerStore<string, KeyLimits>();

/** The key's name in a store: not the keystring itself (an app credential). */
function storeKey(key: string): string {
  return `etsy:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

export class EtsyRateLimiter {
  private readonly state: KeyLimits | null;
  private readonly newBucket: (qps: number) => TokenBucket;

  constructor(
    key: string,
    settings: ClientRateLimitSettings,
    readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
  ) {
    const shared = settings.store && { store: settings.store, key: storeKey(key) };
    this.newBucket = (qps) => new TokenBucket(qps, qps, () => this.state?.timeScale ?? 1, Date.now, shared);
    if (!settings.enabled) {
      this.state = null;
      return;
    }
    const keys = keysOf(settings.store);
    let state = keys.get(key);
    if (!state) {
      state = { timeScale: 1, bucket: this.newBucket(ETSY_DEFAULT_QPS), remainingToday: null };
      keys.set(key, state);
    }
    state.timeScale = settings.timeScale > 0 ? settings.timeScale : 1;
    this.state = state;
  }

  get enabled(): boolean {
    return this.state !== null;
  }

  /** Takes a token, waiting up to maxWaitMs; beyond that, fails fast with `rate_limited`. */
  async acquire(operation: string): Promise<void> {
    const s = this.state;
    if (!s) return;
    const wait = s.bucket.msUntil(1);
    if (wait > this.maxWaitMs) {
      throw new ConnectorError(
        "rate_limited",
        `Etsy ${operation}: client-side limit reached, next request allowed in ${wait} ms`,
        {
          marketplace: "etsy",
          operation,
          retryAfterMs: wait,
        },
      );
    }
    await s.bucket.acquire(1);
  }

  /** Reads Etsy's limit headers: adopts the stated QPS and remembers the day's remaining quota. */
  observe(headers: Headers): void {
    const s = this.state;
    if (!s) return;
    const today = Number(headers.get("x-remaining-today"));
    if (headers.has("x-remaining-today") && Number.isFinite(today)) s.remainingToday = today;
    const qps = Number(headers.get("x-limit-per-second"));
    if (headers.has("x-limit-per-second") && Number.isFinite(qps) && qps > 0 && qps !== s.bucket.ratePerSecond) {
      const tokens = Math.min(qps, s.bucket.available());
      s.bucket = this.newBucket(qps);
      s.bucket.drain();
      s.bucket.refund(tokens);
    }
  }

  /** True when the last answer said the day's quota is spent. */
  get dayExhausted(): boolean {
    return this.state?.remainingToday === 0;
  }

  /** After a 429: empty the bucket so every caller on this key waits; returns the real ms until the next token. */
  drain(): number | undefined {
    const s = this.state;
    if (!s) return undefined;
    return s.bucket.drain();
  }

  /** Real ms that `emulatedSeconds` take at this limiter's time scale. */
  realMs(seconds: number): number {
    return Math.ceil((seconds * 1000) / (this.state?.timeScale ?? 1));
  }
}

/** Test helper: forget every key's buckets. */
export function resetEtsyRateLimits(): void {
  keysOf(undefined).clear();
}
