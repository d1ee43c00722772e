/**
 * An emulator's time, read two ways (shared by every emulator that scales durations):
 * - `now()`: wall-clock epoch ms (plus whatever `advance()` added), for every timestamp the emulator hands out.
 *   Timestamps stay close to real time, so other emulators and the app can compare them with their own clocks.
 * - `emulatedMs()`: a monotonic counter of emulated time, running `timeScale` times as fast as real time (the
 *   kit's `limits.timeScale`). Durations the API states in seconds run on it: token lifetimes, bucket refills,
 *   listing lags, page-token expiry.
 * Elapsed real time is folded into the counter at each read and just before each change of scale (`settle()`),
 * so a new scale applies from the moment it is set. `advance(seconds)` jumps ahead without waiting.
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

  /** Wall-clock unix seconds (Etsy's timestamp unit). */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
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
