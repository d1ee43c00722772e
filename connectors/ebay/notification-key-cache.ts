import { TokenBucket } from "../token-bucket";

/**
 * What the app remembers of eBay's notification signing keys, and how many it may still look up: the pure part of
 * notification-public-key.ts, which does the fetching.
 *
 *  - A key eBay served is kept `keyTtlMs` (eBay asks for the key to be cached "for a temporary but reasonable
 *    amount of time", one hour recommended: docs/platform-facts.md#ebay-notification-keys).
 *  - A key id eBay refused or does not know is kept as unknown `unknownTtlMs`, so a forged notice naming it again
 *    costs no call. At most `maxUnknown` such ids are kept, the oldest forgotten first.
 *  - Lookups are bounded: `lookupsPerMinute`, in bursts of as many. The signing key id comes from the notice, so
 *    anyone can make us look up a new one; past the bound a key id is neither looked up nor remembered.
 */

export interface NotificationKeyCachePolicy {
  keyTtlMs: number;
  unknownTtlMs: number;
  lookupsPerMinute: number;
  maxUnknown: number;
}

export const DEFAULT_NOTIFICATION_KEY_CACHE_POLICY: NotificationKeyCachePolicy = {
  keyTtlMs: 60 * 60_000,
  unknownTtlMs: 10 * 60_000,
  lookupsPerMinute: 10,
  maxUnknown: 1000,
};

/** A key id as remembered: its PEM key, or null when eBay refused it or does not know it. */
export type RememberedKey = { key: string | null } | undefined;

export class NotificationKeyCache {
  private readonly keys = new Map<string, { key: string; until: number }>();
  private readonly unknown = new Map<string, number>();
  private readonly lookups: TokenBucket;

  constructor(
    readonly policy: NotificationKeyCachePolicy = DEFAULT_NOTIFICATION_KEY_CACHE_POLICY,
    private readonly now: () => number = Date.now,
  ) {
    this.lookups = new TokenBucket(policy.lookupsPerMinute / 60, policy.lookupsPerMinute, () => 1, now);
  }

  /** What is remembered of the key id now; undefined when nothing (or only what has expired). */
  recall(kid: string): RememberedKey {
    const t = this.now();
    const known = this.keys.get(kid);
    if (known) {
      if (known.until > t) return { key: known.key };
      this.keys.delete(kid);
    }
    const unknownUntil = this.unknown.get(kid);
    if (unknownUntil !== undefined) {
      if (unknownUntil > t) return { key: null };
      this.unknown.delete(kid);
    }
    return undefined;
  }

  /** Takes one lookup from the bound: 0 when one may be made now, else the milliseconds until one may. */
  takeLookup(): number {
    if (this.lookups.tryTake()) return 0;
    return Math.max(1, this.lookups.msUntil());
  }

  /** Remembers what a lookup found: the key, or null for a key id eBay refused or does not know. */
  remember(kid: string, key: string | null): void {
    const t = this.now();
    if (key !== null) {
      this.unknown.delete(kid);
      this.keys.set(kid, { key, until: t + this.policy.keyTtlMs });
      return;
    }
    this.unknown.delete(kid); // re-inserted last: the Map's order is the eviction order
    this.unknown.set(kid, t + this.policy.unknownTtlMs);
    for (const oldest of this.unknown.keys()) {
      if (this.unknown.size <= this.policy.maxUnknown) break;
      this.unknown.delete(oldest);
    }
  }
}
