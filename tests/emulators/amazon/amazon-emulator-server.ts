/**
 * The kit's EmulatorServer, adapted to SP-API:
 *  - injected faults answer in SP-API's shape, with `details` and `x-amzn-RequestId`; the `expired_token`
 *    fault is byte-for-byte the answer a really expired token gets;
 *  - it owns the clock (the kit's ClockedEmulatorServer: a new `limits.timeScale` applies from the moment
 *    it is set);
 *  - fault answers carry `x-amzn-RateLimit-Limit` too: the kit's `faultResponse(kind)` is not given the
 *    request, so we note the method and path the fault queue was asked about just before;
 *  - on the LWA endpoint, faults answer in OAuth's `{error, error_description}` shape, and an
 *    `expired_token` fault is left for the next SP-API call (LWA takes no access token).
 */
import { randomUUID } from "node:crypto";
import { ClockedEmulatorServer } from "../kit/clocked-emulator-server";
import type { EmulatorResponse } from "../kit/emulator-server";
import type { AnsweredFaultKind } from "../kit/faults";

export const UNAUTHORIZED_DENIED = "Access to requested resource is denied.";
/** Amazon's expired-token 403 says "denied" in `message` and why in `details`. */
export const UNAUTHORIZED_EXPIRED = "The access token you provided has expired.";

/** The 403 of an expired access token, as Amazon answers it. */
export function expiredTokenError(): EmulatorResponse {
  return spError(403, "Unauthorized", UNAUTHORIZED_DENIED, UNAUTHORIZED_EXPIRED);
}

/** SP-API's error envelope: `{errors:[{code, message, details}]}`. */
export function spError(status: number, code: string, message: string, details = ""): EmulatorResponse {
  return { status, body: { errors: [{ code, message, details }] } };
}

export function requestIdHeader(): Record<string, string> {
  return { "x-amzn-RequestId": randomUUID() };
}

function isLwaPath(path: string): boolean {
  return path.replace(/\/$/, "") === "/auth/o2/token";
}

/** Faults on the LWA token endpoint answer in OAuth's shape, as LWA does (expired_token never lands here). */
function lwaFault(kind: Exclude<AnsweredFaultKind, "expired_token">): EmulatorResponse {
  switch (kind) {
    case "http_500":
      return { status: 500, body: { error_description: "Internal server error", error: "server_error" } };
    case "http_503":
      return {
        status: 503,
        body: { error_description: "The service is temporarily unavailable", error: "temporarily_unavailable" },
      };
    case "http_429":
      return {
        status: 429,
        headers: { "retry-after": "1" },
        body: { error_description: "Too many requests", error: "slow_down" },
      };
  }
}

export class AmazonEmulatorServer extends ClockedEmulatorServer {
  /** Set by the emulator: the `x-amzn-RateLimit-Limit` value of the operation at a method and path. */
  rateLimitFor: (method: string, path: string) => string | undefined = () => undefined;
  private faultTarget: { method: string; path: string } = { method: "", path: "" };

  constructor(opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super("amazon-sp-api", opts);
    const take = this.faults.take.bind(this.faults);
    this.faults.take = (method: string, path: string) => {
      this.faultTarget = { method, path };
      if (isLwaPath(path)) {
        // LWA takes no access token: an expired_token fault waits for the next SP-API call.
        const key = `${method} ${path}`;
        const next = this.faults.list().find((f) => !f.match || key.includes(f.match));
        if (next?.kind === "expired_token") return null;
      }
      return take(method, path);
    };
  }

  protected override faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
    if (isLwaPath(this.faultTarget.path) && kind !== "expired_token") return lwaFault(kind);
    const headers = requestIdHeader();
    const limit = this.rateLimitFor(this.faultTarget.method, this.faultTarget.path);
    if (limit) headers["x-amzn-RateLimit-Limit"] = limit;
    switch (kind) {
      case "http_500":
        return { ...spError(500, "InternalFailure", "We encountered an internal error. Please try again."), headers };
      case "http_503":
        return { ...spError(503, "ServiceUnavailable", "Service temporarily unavailable."), headers };
      case "http_429":
        return {
          ...spError(429, "QuotaExceeded", "You exceeded your quota for the requested resource."),
          headers: { ...headers, "retry-after": "1" },
        };
      case "expired_token":
        return { ...expiredTokenError(), headers };
    }
  }
}
