/**
 * Shared by the connectors (client-side throttling at the official rates) and the emulators (enforcement).
 * A token bucket with a time scale: with timeScale = 60, one real second counts as one emulated minute,
 * so tests can exercise official rates (e.g. 0.0167 rps) quickly.
 *
 * The bucket's state (tokens in hand, time of the last refill) lives in the object, or in a BucketStore under a key:
 * then every process that opens a bucket of that key on the same store draws from the same tokens, as the
 * marketplace meters them (per account or per application, not per process).
 */
import type { BucketState, BucketStore } from "./types";

/** A bucket whose state is in a BucketStore under `key`. */
export interface SharedBucket {
  store: BucketStore;
  key: string;
}

export class TokenBucket {
  /** The state when it is the object's own (no store). */
  private own: BucketState;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly timeScale: () => number = () => 1,
    private readonly now: () => number = () => Date.now(),
    private readonly shared?: SharedBucket,
  ) {
    this.own = { tokens: burst, last: now() };
  }

  /** Refills the state to now, lets `f` read and change it, and keeps the result (in the store, atomically). */
  private withState<T>(f: (s: BucketState) => T): T {
    const step = (stored: BucketState) => {
      const t = this.now();
      const elapsedSeconds = (Math.max(0, t - stored.last) / 1000) * this.timeScale();
      const state = { tokens: Math.min(this.burst, stored.tokens + elapsedSeconds * this.ratePerSecond), last: t };
      const result = f(state);
      return { state, result };
    };
    if (this.shared) return this.shared.store.update(this.shared.key, { tokens: this.burst, last: this.now() }, step);
    const { state, result } = step(this.own);
    this.own = state;
    return result;
  }

  /** Takes `cost` tokens if available. */
  tryTake(cost = 1): boolean {
    return this.withState((s) => {
      if (s.tokens < cost) return false;
      s.tokens -= cost;
      return true;
    });
  }

  available(): number {
    return this.withState((s) => s.tokens);
  }

  /** Real milliseconds until `cost` tokens are available. */
  msUntil(cost = 1): number {
    return this.withState((s) => this.msFor(s, cost));
  }

  private msFor(s: BucketState, cost: number): number {
    if (s.tokens >= cost) return 0;
    return Math.ceil((((cost - s.tokens) / this.ratePerSecond) * 1000) / this.timeScale());
  }

  /** Waits (real time) until `cost` tokens can be taken, then takes them. For client-side throttling. */
  async acquire(cost = 1): Promise<void> {
    for (;;) {
      const wait = this.withState((s) => {
        if (s.tokens < cost) return this.msFor(s, cost);
        s.tokens -= cost;
        return 0;
      });
      if (wait === 0) return;
      await new Promise((r) => setTimeout(r, Math.max(5, wait)));
    }
  }

  /**
   * Empties the bucket (e.g. after the server answered 429), so callers wait for a refill. Returns the real
   * milliseconds one token takes to refill from empty (at least 1): computed from the rate, not re-read from
   * the clock, so a caller that reports it as a retry-after never sees 0 because a fast scale already refilled.
   */
  drain(): number {
    this.withState((s) => {
      s.tokens = 0;
    });
    return Math.max(1, Math.ceil(1000 / this.ratePerSecond / this.timeScale()));
  }

  refund(cost: number): void {
    this.withState((s) => {
      s.tokens = Math.min(this.burst, s.tokens + cost);
    });
  }
}

/**
 * A connector's module registry of limiter state, one map per store: every connector instance of one process draws
 * from the same entries, and two databases opened by one process (tests) never share them. `undefined`: the
 * process's own, for limiters given no store.
 */
export function registryPerStore<K, V>(): (store: BucketStore | undefined) => Map<K, V> {
  const local = {};
  const registries = new WeakMap<object, Map<K, V>>();
  return (store) => {
    const owner = store ?? local;
    let registry = registries.get(owner);
    if (!registry) registries.set(owner, (registry = new Map()));
    return registry;
  };
}
