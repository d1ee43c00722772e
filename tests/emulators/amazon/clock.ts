/**
 * The emulator's one clock, in emulated time.
 *
 * Emulated time starts at the real time the emulator was built and runs `timeScale` times as fast as real
 * time (the kit's `limits.timeScale`, changeable at run time through `POST /__sandbox/limits`). Everything
 * time-based reads it: order timestamps, the 2-minute listing lag, access-token lifetimes and the
 * rate-limit buckets. So at timeScale 60 a token expires after one real minute, getOrders refills one
 * request per real second, and the lag is two real seconds, all consistently.
 *
 * Elapsed real time is integrated at each read and just before each change of scale (see
 * `AmazonEmulatorServer`), so raising the scale never rewrites the past. `advance(seconds)` jumps ahead
 * without waiting (tests; `POST /__sandbox/clock`).
 *
 * Consequence: with a scale above 1 the timestamps the emulator hands out run ahead of the wall clock.
 * Clients should take their cursors from the API's answers (payload.LastUpdatedBefore), as with Amazon.
 */
export class EmulatedClock {
  private lastReal: number;
  private emulatedMs: number;

  constructor(
    private readonly scale: () => number,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    this.lastReal = realNow();
    this.emulatedMs = this.lastReal;
  }

  /** Emulated epoch milliseconds. Never goes backwards. */
  now(): number {
    const real = this.realNow();
    const elapsed = Math.max(0, real - this.lastReal);
    this.emulatedMs += elapsed * this.scale();
    this.lastReal = real;
    return Math.floor(this.emulatedMs);
  }

  /** Folds the time elapsed so far at the current scale; call before the scale changes. */
  settle(): void {
    this.now();
  }

  /** Moves emulated time forward without waiting. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`advance needs seconds >= 0, got ${seconds}`);
    this.now();
    this.emulatedMs += seconds * 1000;
    return this.now();
  }

  /** Real milliseconds that `emulatedSeconds` take at the current scale. */
  realMsFor(emulatedSeconds: number): number {
    return (emulatedSeconds * 1000) / this.scale();
  }
}

/** Amazon's timestamp style: ISO 8601 UTC to the second ("2026-01-27T04:55:15Z"). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Floors epoch milliseconds to the whole second. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
