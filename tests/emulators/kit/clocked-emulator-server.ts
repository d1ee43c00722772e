/**
 * An EmulatorServer that owns an EmulatedClock running at the kit's `limits.timeScale`, for the emulators
 * whose durations are stated in emulated seconds (Amazon, eBay, Etsy). The kit changes `limits.timeScale` in
 * place, with no hook, so that field becomes an accessor that folds the elapsed time into the clock before
 * the new scale applies: a new scale counts from the moment it is set.
 */
import { EmulatedClock } from "./emulated-clock";
import { EmulatorServer } from "./emulator-server";

export class ClockedEmulatorServer extends EmulatorServer {
  readonly clock: EmulatedClock;

  constructor(name: string, opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super(name, opts);
    let scale = this.limits.timeScale;
    const clock = new EmulatedClock(() => scale);
    Object.defineProperty(this.limits, "timeScale", {
      enumerable: true,
      configurable: true,
      get: () => scale,
      set: (v: number) => {
        clock.settle();
        scale = v;
      },
    });
    this.clock = clock;
  }
}
