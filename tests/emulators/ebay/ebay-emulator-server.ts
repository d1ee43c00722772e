/**
 * The kit's EmulatorServer, adapted to eBay:
 *  - injected faults answer in eBay's error shape: `http_500` → 30500 "System error", `http_503` → 2003,
 *    `http_429` → 2001 "Too many requests", `expired_token` → 401 1001 "Invalid access token" (eBay gives
 *    an expired token the same answer as an unknown one);
 *  - it owns the emulated clock (the Amazon emulator's EmulatedClock: wall-clock timestamps, durations on
 *    a counter that runs `timeScale` times as fast) and folds elapsed time into it before
 *    `limits.timeScale` changes, so a new scale applies from the moment it is set.
 */
import { EmulatorServer, type EmulatorResponse } from "../kit/emulator-server";
import type { Fault } from "../kit/faults";
import { EmulatedClock } from "../kit/emulated-clock";
import { errorResponse, fulfillmentError, INTERNAL_ERROR, INVALID_ACCESS_TOKEN, TOO_MANY_REQUESTS } from "./errors";

export class EbayEmulatorServer extends EmulatorServer {
  readonly clock: EmulatedClock;

  constructor(opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super("ebay", opts);
    let scale = this.limits.timeScale;
    const clock = new EmulatedClock(() => scale);
    // The kit changes `limits.timeScale` in place; an accessor lets the clock settle first.
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

  protected override faultResponse(kind: Exclude<Fault["kind"], "timeout" | "malformed_body">): EmulatorResponse {
    switch (kind) {
      case "http_500":
        return errorResponse(500, [fulfillmentError(30500)]);
      case "http_503":
        return errorResponse(503, [INTERNAL_ERROR]);
      case "http_429":
        return errorResponse(429, [TOO_MANY_REQUESTS]);
      case "expired_token":
        return errorResponse(401, [INVALID_ACCESS_TOKEN]);
    }
  }
}

/** eBay's timestamp style: ISO 8601 UTC with milliseconds ("2026-01-05T19:09:02.768Z"). */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}
