/**
 * The kit's EmulatorServer, adapted to eBay:
 *  - injected faults answer in eBay's error shape: `http_500` → 30500 "System error", `http_503` → 2003,
 *    `http_429` → 2001 "Too many requests", `expired_token` → 401 1001 "Invalid access token" (eBay gives
 *    an expired token the same answer as an unknown one);
 *  - it owns the emulated clock (the kit's ClockedEmulatorServer: wall-clock timestamps, durations on a
 *    counter that runs `timeScale` times as fast, a new scale applying from the moment it is set).
 */
import { ClockedEmulatorServer } from "../kit/clocked-emulator-server";
import type { EmulatorResponse } from "../kit/emulator-server";
import type { AnsweredFaultKind } from "../kit/faults";
import { errorResponse, fulfillmentError, INTERNAL_ERROR, INVALID_ACCESS_TOKEN, TOO_MANY_REQUESTS } from "./errors";

export class EbayEmulatorServer extends ClockedEmulatorServer {
  constructor(opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super("ebay", opts);
  }

  protected override faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
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
