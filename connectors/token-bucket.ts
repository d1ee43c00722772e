/**
 * Shared by the connectors (client-side throttling at the official rates) and the emulators (enforcement).
 * A token bucket with a time scale: with timeScale = 60, one real second counts as one emulated minute,
 * so tests can exercise official rates (e.g. 0.0167 rps) quickly.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly timeScale: () => number = () => 1,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    const elapsedSeconds = ((t - this.last) / 1000) * this.timeScale();
    this.tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.ratePerSecond);
    this.last = t;
  }

  /** Takes `cost` tokens if available. */
  tryTake(cost = 1): boolean {
    this.refill();
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return true;
    }
    return false;
  }

  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Real milliseconds until `cost` tokens are available. */
  msUntil(cost = 1): number {
    this.refill();
    if (this.tokens >= cost) return 0;
    return Math.ceil((((cost - this.tokens) / this.ratePerSecond) * 1000) / this.timeScale());
  }

  /** Waits (real time) until `cost` tokens can be taken, then takes them. For client-side throttling. */
  async acquire(cost = 1): Promise<void> {
    for (;;) {
      if (this.tryTake(cost)) return;
      await new Promise((r) => setTimeout(r, Math.max(5, this.msUntil(cost))));
    }
  }

  /**
   * Empties the bucket (e.g. after the server answered 429), so callers wait for a refill. Returns the real
   * milliseconds one token takes to refill from empty (at least 1): computed from the rate, not re-read from
   * the clock, so a caller that reports it as a retry-after never sees 0 because a fast scale already refilled.
   */
  drain(): number {
    this.refill();
    this.tokens = 0;
    return Math.max(1, Math.ceil(1000 / this.ratePerSecond / this.timeScale()));
  }

  refund(cost: number): void {
    this.tokens = Math.min(this.burst, this.tokens + cost);
  }
}
