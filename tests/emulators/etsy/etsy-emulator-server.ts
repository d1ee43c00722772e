/**
 * The kit's EmulatorServer, adapted to Etsy:
 *  - injected faults answer in Etsy's error shape `{"error": "..."}`. The `expired_token` fault returns
 *    byte for byte what a really expired access token gets (401 `invalid_token` / "access token is
 *    expired", as observed in etsy/open-api#519);
 *  - it owns the clock (the kit's ClockedEmulatorServer: a new `limits.timeScale` applies from the moment
 *    it is set).
 */
import { ClockedEmulatorServer } from "../kit/clocked-emulator-server";
import type { EmulatorResponse } from "../kit/emulator-server";
import type { AnsweredFaultKind } from "../kit/faults";

/** Etsy's error envelope (ErrorSchema in the spec): `{error}`. OAuth errors add `error_description`. */
export function etsyError(status: number, error: string, description?: string): EmulatorResponse {
  return { status, body: description === undefined ? { error } : { error, error_description: description } };
}

export const EXPIRED_ACCESS_TOKEN = { error: "invalid_token", error_description: "access token is expired" } as const;
export const INVALID_ACCESS_TOKEN = { error: "invalid_token", error_description: "access token is invalid" } as const;

export class EtsyEmulatorServer extends ClockedEmulatorServer {
  constructor(opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super("etsy-open-api", opts);
  }

  protected override faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
    switch (kind) {
      case "http_500":
        return etsyError(500, "An internal error occurred. Please try again later.");
      case "http_503":
        return etsyError(503, "Service temporarily unavailable. Please try again later.");
      case "http_429":
        return etsyError(429, "You have exceeded your quota of requests per second.");
      case "expired_token":
        return { status: 401, body: { ...EXPIRED_ACCESS_TOKEN } };
    }
  }
}
