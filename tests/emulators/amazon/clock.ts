/**
 * The emulator's time. Two readings:
 *
 * - `now()`: wall-clock epoch ms (plus whatever `advance()` added), for every timestamp the emulator
 *   hands out (PurchaseDate, LastUpdateDate, LastUpdatedBefore...). Timestamps stay close to real time, so
 *   other emulators and the app can compare them with their own clocks (Shopify, for one, refuses orders
 *   processed in the future).
 * - `emulatedMs()`: a monotonic counter of emulated time, running `timeScale` times as fast as real time
 *   (the kit's `limits.timeScale`, changeable at run time through `POST /__sandbox/limits`). Durations
 *   that Amazon states in seconds run on it: access-token lifetime, usage-plan refill, page-token expiry.
 *
 * Amazon's 2-minute listing lag is a duration too: "two emulated minutes before now" is
 * `now() − 120 s / timeScale` (see `lagBound`). At timeScale 60 a token lives one real minute, getOrders
 * refills one request per real second and the lag is two real seconds.
 *
 * Elapsed real time is folded into the counter at each read and just before each change of scale (see
 * `AmazonEmulatorServer`), so a new scale applies from the moment it is set. `advance(seconds)` jumps
 * ahead without waiting: the counter by `seconds`, the wall clock by what those seconds take at the
 * current scale, so advancing 120 s always lets the lag pass and 3600 s always expires tokens.
 */
export class EmulatedClock {
  private lastReal: number;
  private emulated = 0;
  private offsetMs = 0;

  constructor(
    private readonly scale: () => number,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    this.lastReal = realNow();
  }

  /** Wall-clock epoch ms, for timestamps. */
  now(): number {
    return Math.floor(this.realNow() + this.offsetMs);
  }

  /** Emulated milliseconds since the emulator was built. Never goes backwards. */
  emulatedMs(): number {
    const real = this.realNow();
    this.emulated += Math.max(0, real - this.lastReal) * this.scale();
    this.lastReal = real;
    return this.emulated;
  }

  /** Folds the time elapsed so far at the current scale; call before the scale changes. */
  settle(): void {
    this.emulatedMs();
  }

  /** Wall-clock ms that `emulatedSeconds` take at the current scale. */
  realMsFor(emulatedSeconds: number): number {
    return (emulatedSeconds * 1000) / this.scale();
  }

  /** `now()` minus `emulatedSeconds` of emulated time. */
  lagBound(emulatedSeconds: number): number {
    return Math.floor(this.now() - this.realMsFor(emulatedSeconds));
  }

  /** Moves time forward without waiting. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`advance needs seconds >= 0, got ${seconds}`);
    this.emulatedMs();
    this.emulated += seconds * 1000;
    this.offsetMs += this.realMsFor(seconds);
  }
}

/** Amazon's timestamp style: ISO 8601 UTC to the second ("2026-01-27T04:55:15Z"). */
export function isoSeconds(ms: number): string {
  return new Date(floorSecond(ms)).toISOString().replace(".000Z", "Z");
}

/** Floors epoch milliseconds to the whole second. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
