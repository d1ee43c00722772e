/**
 * Amazon SP-API usage plans (docs/platform-facts.md#amazon-usage-plans) and the client-side token buckets that keep us under them.
 *
 * Amazon meters per selling partner and application, not per process object, so buckets live in a
 * module-level registry keyed by account: every connector instance built for the same account (one per
 * job, typically) draws from the same buckets; with a BucketStore (the app's database) their tokens are kept
 * there, so every process of the app draws from the same ones too.
 */
import { registryPerStore, TokenBucket } from "../token-bucket";
import { ConnectorError, type BucketStore, type ClientRateLimitSettings } from "../types";

export interface UsagePlan {
  /** Requests per second. */
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
  updateShipmentStatus: { rate: 5, burst: 15 },
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder2026: { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
} as const satisfies Record<string, UsagePlan>;

export type AmazonOperation = keyof typeof USAGE_PLANS;

/**
 * Longest real time we wait for a token inside one call before giving up with `rate_limited`.
 * Per-order calls (0.5 rps) wait ~2 s per token and are worth waiting for; list calls (one per minute or
 * three minutes) are not: blocking a worker that long is worse than letting the queue reschedule the job.
 */
export const DEFAULT_MAX_WAIT_MS = 10_000;

interface AccountLimits {
  timeScale: number;
  buckets: Map<AmazonOperation, TokenBucket>;
}

const accountsOf = registryPerStore<number, AccountLimits>();

/** The throttle one connector instance uses: a view on its account's shared buckets. */
export class AmazonRateLimiter {
  private readonly state: AccountLimits | null;
  private readonly store: BucketStore | undefined;

  constructor(
    readonly accountId: number,
    settings: ClientRateLimitSettings,
    readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
  ) {
    this.store = settings.store;
    if (!settings.enabled) {
      this.state = null;
      return;
    }
    const accounts = accountsOf(settings.store);
    let state = accounts.get(accountId);
    if (!state) {
      state = { timeScale: settings.timeScale, buckets: new Map() };
      accounts.set(accountId, state);
    }
    // The newest context wins: the time scale only differs between tests, never within one account's life.
    state.timeScale = settings.timeScale > 0 ? settings.timeScale : 1;
    this.state = state;
  }

  get enabled(): boolean {
    return this.state !== null;
  }

  bucket(operation: AmazonOperation): TokenBucket | null {
    const state = this.state;
    if (!state) return null;
    let bucket = state.buckets.get(operation);
    if (!bucket) {
      const plan = USAGE_PLANS[operation];
      bucket = this.newBucket(operation, plan.rate, plan.burst);
      state.buckets.set(operation, bucket);
    }
    return bucket;
  }

  private newBucket(operation: AmazonOperation, rate: number, burst: number): TokenBucket {
    const state = this.state!;
    const shared = this.store && { store: this.store, key: `amazon:${this.accountId}:${operation}` };
    return new TokenBucket(rate, burst, () => state.timeScale, Date.now, shared);
  }

  /** Takes a token, waiting up to maxWaitMs; beyond that, fails fast with `rate_limited`. */
  async acquire(operation: AmazonOperation): Promise<void> {
    const bucket = this.bucket(operation);
    if (!bucket) return;
    const wait = bucket.msUntil(1);
    if (wait > this.maxWaitMs) {
      throw new ConnectorError(
        "rate_limited",
        `Amazon ${operation}: client-side usage plan exhausted, next request allowed in ${wait} ms`,
        { marketplace: "amazon", operation, retryAfterMs: wait },
      );
    }
    await bucket.acquire(1);
  }

  /** After a 429: empty the bucket so every caller on this account waits for a refill. */
  drain(operation: AmazonOperation): number | undefined {
    const bucket = this.bucket(operation);
    if (!bucket) return undefined;
    return bucket.drain();
  }

  /**
   * Adopts the rate Amazon reports in `x-amzn-RateLimit-Limit` (it can differ from the published plan
   * per seller). The burst stays the published one; the tokens in hand carry over.
   */
  adoptRate(operation: AmazonOperation, headerValue: string | null): void {
    const state = this.state;
    if (!state || !headerValue) return;
    const rate = Number(headerValue.trim());
    if (!Number.isFinite(rate) || rate <= 0) return;
    const current = this.bucket(operation);
    if (!current || Math.abs(current.ratePerSecond - rate) < 1e-9) return;
    const next = this.newBucket(operation, rate, current.burst);
    if (!this.store) {
      // The tokens in hand carry over (a shared bucket's are in the store already).
      const tokens = current.available();
      next.drain();
      next.refund(tokens);
    }
    state.buckets.set(operation, next);
  }
}

/** Test helper: forget every account's buckets. */
export function resetAmazonRateLimits(accountId?: number): void {
  const accounts = accountsOf(undefined);
  if (accountId === undefined) accounts.clear();
  else accounts.delete(accountId);
}
