/**
 * BigCommerce's REST rate limit (docs/platform-facts.md#bc-rate-limits): one quota per store, shared by every client, that
 * refreshes every 30 s (Standard and Plus 150 requests, Pro 450; Enterprise and sandboxes vary). Every
 * authenticated API answer carries
 *   X-Rate-Limit-Time-Window-Ms, X-Rate-Limit-Time-Reset-Ms, X-Rate-Limit-Requests-Quota, X-Rate-Limit-Requests-Left
 * and a request over quota gets 429 with the same headers ("wait X-Rate-Limit-Time-Reset-Ms").
 *
 * Emulated as a fixed window that opens with the first request after the previous one closed. The window
 * lasts 30 s of emulated time, i.e. 30 000 / timeScale real ms, and the two time headers are in **real**
 * milliseconds (the official values divided by the time scale), so a client that simply waits
 * X-Rate-Limit-Time-Reset-Ms works at any time scale without knowing it. At timeScale 1 they are the
 * official values.
 */

export const WINDOW_MS = 30_000;

export const PLAN_QUOTAS = { standard: 150, plus: 150, pro: 450, enterprise: 450 } as const;
export type Plan = keyof typeof PLAN_QUOTAS;

interface Window {
  startedAt: number;
  lengthMs: number;
  used: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class StoreRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly timeScale: () => number,
    private readonly enabled: () => boolean,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts one request against the store's quota. */
  take(storeHash: string, quota: number): RateDecision {
    const now = this.now();
    let w = this.windows.get(storeHash);
    if (!w || now >= w.startedAt + w.lengthMs) {
      w = { startedAt: now, lengthMs: WINDOW_MS / Math.max(1e-9, this.timeScale()), used: 0 };
      this.windows.set(storeHash, w);
    }
    const enforce = this.enabled();
    const allowed = !enforce || w.used < quota;
    if (allowed && enforce) w.used++;
    const left = enforce ? quota - w.used : quota;
    return {
      allowed,
      headers: {
        "X-Rate-Limit-Time-Window-Ms": String(Math.round(w.lengthMs)),
        "X-Rate-Limit-Time-Reset-Ms": String(Math.max(0, Math.ceil(w.startedAt + w.lengthMs - now))),
        "X-Rate-Limit-Requests-Quota": String(quota),
        "X-Rate-Limit-Requests-Left": String(Math.max(0, left)),
      },
    };
  }

  reset(storeHash?: string): void {
    if (storeHash === undefined) this.windows.clear();
    else this.windows.delete(storeHash);
  }
}
