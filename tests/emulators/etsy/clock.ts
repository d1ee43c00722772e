/**
 * The Etsy emulator's time, read two ways:
 *
 * - `now()` is wall-clock epoch ms, plus whatever `advance()` has added. Every timestamp the emulator hands
 *   out uses it: `create_timestamp`, `update_timestamp`, `shipment_notification_timestamp`, all in unix
 *   seconds. Timestamps stay close to real time, so pollers can compare them with their own clock.
 * - `emulatedMs()` is a monotonic counter that runs `timeScale` times faster than real time. Durations
 *   Etsy states in seconds run on it: the 3600 s access-token lifetime, the 90-day refresh token, and the
 *   QPS/QPD token buckets.
 *
 * Elapsed real time is folded into the counter on each read, and just before each change of scale
 * (`EtsyEmulatorServer` hooks `limits.timeScale`). A new scale therefore applies from the moment it is
 * set. `advance(seconds)` jumps ahead without waiting: the counter moves by `seconds`, and the wall clock
 * moves by the real time those seconds take at the current scale.
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

  /** Folds in the time elapsed so far at the current scale. Call it before the scale changes. */
  settle(): void {
    this.emulatedMs();
  }

  /** Moves time forward without waiting. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`advance needs seconds >= 0, got ${seconds}`);
    this.emulatedMs();
    this.emulated += seconds * 1000;
    this.offsetMs += (seconds * 1000) / this.scale();
  }
}
