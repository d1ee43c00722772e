/**
 * The kit's EmulatorServer with BigCommerce's answers for injected faults: the v2 array or the v3 object
 * depending on the path, OAuth's `{error, error_description}` on `/oauth2/token`. The kit's
 * `faultResponse(kind)` is not given the request, so we note the path the fault queue was asked about.
 *
 *  - http_429 answers without the X-Rate-Limit-* headers: BigCommerce documents that a 429 without them
 *    means platform load rather than the store's quota (docs/platform-facts.md#bc-rate-limits);
 *  - expired_token answers 401 as an unknown token does (BigCommerce tokens do not expire; a revoked one
 *    is refused like this).
 */
import { EmulatorServer, type EmulatorResponse } from "../kit/emulator-server";
import type { AnsweredFaultKind } from "../kit/faults";
import { apiError, v3Error, type ApiVersion } from "./errors";

export const UNAUTHORIZED_TITLE =
  "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.";

/** 401 for a missing, unknown or revoked X-Auth-Token (the title is webhooks.v3.yml's 401 example). */
export function unauthorized(): EmulatorResponse {
  return v3Error(401, UNAUTHORIZED_TITLE);
}

export function isOAuthPath(path: string): boolean {
  return path.replace(/\/$/, "") === "/oauth2/token";
}

export function versionOf(path: string): ApiVersion {
  return /^\/stores\/[^/]+\/v2(\/|$)/.test(path) ? "v2" : "v3";
}

export class BigCommerceEmulatorServer extends EmulatorServer {
  private faultPath = "";

  constructor(opts: { timeScale?: number; limitsEnabled?: boolean } = {}) {
    super("bigcommerce", opts);
    const take = this.faults.take.bind(this.faults);
    this.faults.take = (method: string, path: string) => {
      this.faultPath = path;
      return take(method, path);
    };
  }

  protected override faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
    if (isOAuthPath(this.faultPath)) {
      switch (kind) {
        case "http_500":
          return { status: 500, body: { error: "server_error", error_description: "Internal Server Error" } };
        case "http_503":
          return { status: 503, body: { error: "temporarily_unavailable", error_description: "Service Unavailable" } };
        case "http_429":
          return { status: 429, body: { error: "slow_down", error_description: "Too Many Requests" } };
        case "expired_token":
          return { status: 401, body: { error: "invalid_client", error_description: "Invalid client credentials" } };
      }
    }
    const version = versionOf(this.faultPath);
    switch (kind) {
      case "http_500":
        return apiError(version, 500, "Internal Server Error");
      case "http_503":
        return apiError(version, 503, "Service Unavailable");
      case "http_429":
        return apiError(version, 429, "Too Many Requests");
      case "expired_token":
        return unauthorized();
    }
  }
}
