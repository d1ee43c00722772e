/**
 * What every eBay REST operation does around its own logic, in this order:
 *   (kit: injected faults) → bearer token (401 1001) → scopes (403 1100) → call limit (429 2001)
 *   → operation (spec validation and the documented 400s, 404, 2xx)
 *
 * Call limits. eBay publishes daily default call limits per API and application, raised through the
 * Application Growth Check; the Fulfillment API's default was not captured (docs/platform-facts.md#ebay-call-limits,
 * **unconfirmed**). We assume 100,000 calls per application per day, enforced as a token bucket that
 * refills at 100000/86400 ≈ 1.16 calls per emulated second with a burst of 50 (also assumed), counted per
 * client id (all sellers of one app share it). Both are settings (`POST /__sandbox/settings`), and the
 * bucket runs on emulated time, so `timeScale` speeds up the refill.
 */
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import { TokenBucket } from "../kit/token-bucket";
import type { EmulatedClock } from "../kit/emulated-clock";
import { accessDenied, invalidAccessToken, tooManyRequests } from "./errors";
import type { EbayEmulatorServer } from "./ebay-emulator-server";
import { bearerToken, type AccessToken, type OAuthStore } from "./oauth";
import { FULFILLMENT_READONLY_SCOPE, FULFILLMENT_SCOPE, type EbayState, type User } from "./state";

export interface RateLimitSettings {
  callsPerDay: number;
  burst: number;
}

export const ASSUMED_FULFILLMENT_RATE_LIMIT: RateLimitSettings = { callsPerDay: 100_000, burst: 50 };

export interface EbaySettings {
  /** How far back getOrders searches (days; eBay says 90: docs/platform-facts.md#ebay-get-orders). */
  searchWindowDays: number;
  /** Largest `limit` getOrders accepts (the spec copy says 200). */
  maxLimit: number;
  rateLimit: RateLimitSettings;
}

export const DEFAULT_SETTINGS: EbaySettings = {
  searchWindowDays: 90,
  maxLimit: 200,
  rateLimit: { ...ASSUMED_FULFILLMENT_RATE_LIMIT },
};

export class CallLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: EmulatedClock,
    private readonly settings: () => RateLimitSettings,
  ) {}

  tryTake(clientId: string): boolean {
    let bucket = this.buckets.get(clientId);
    const { callsPerDay, burst } = this.settings();
    if (!bucket || bucket.burst !== burst || bucket.ratePerSecond !== callsPerDay / 86_400) {
      // Emulated milliseconds in, so the bucket's own time scale is 1.
      bucket = new TokenBucket(
        callsPerDay / 86_400,
        burst,
        () => 1,
        () => this.clock.emulatedMs(),
      );
      this.buckets.set(clientId, bucket);
    }
    return bucket.tryTake(1);
  }

  reset(): void {
    this.buckets.clear();
  }
}

export interface EbayContext {
  server: EbayEmulatorServer;
  state: EbayState;
  clock: EmulatedClock;
  oauth: OAuthStore;
  limiter: CallLimiter;
  settings: EbaySettings;
}

export interface Caller {
  user: User;
  token: AccessToken;
  /** Scheme and host the request came to, e.g. "http://127.0.0.1:4567" (for hrefs and Location). */
  apiBase: string;
}

export type ApiHandler = (req: EmulatorRequest, caller: Caller) => EmulatorResponse | Promise<EmulatorResponse>;

export function apiBaseOf(req: EmulatorRequest, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

/** The valid access token of a request, or the 401 to answer. */
export function authenticate(
  ctx: EbayContext,
  req: EmulatorRequest,
): { token: AccessToken } | { response: EmulatorResponse } {
  const found = ctx.oauth.lookup(bearerToken(req.headers.authorization));
  // eBay answers an expired token exactly as an unknown one.
  if (found.status !== "valid") return { response: invalidAccessToken() };
  return { token: found.token };
}

/** Registers a Fulfillment API operation. `write`: needs sell.fulfillment (not just .readonly). */
export function apiRoute(ctx: EbayContext, method: string, path: string, write: boolean, handler: ApiHandler): void {
  ctx.server.route(method, path, async (req) => {
    const auth = authenticate(ctx, req);
    if ("response" in auth) return auth.response;
    const { token } = auth;
    const user = token.username === null ? undefined : ctx.state.user(token.username);
    if (token.username !== null && (!user || user.deleted)) return invalidAccessToken();
    const allowed = write ? [FULFILLMENT_SCOPE] : [FULFILLMENT_SCOPE, FULFILLMENT_READONLY_SCOPE];
    if (!user || !token.scopes.some((s) => allowed.includes(s))) return accessDenied();
    if (ctx.server.limits.enabled && !ctx.limiter.tryTake(token.clientId)) return tooManyRequests();
    return handler(req, { user, token, apiBase: apiBaseOf(req, ctx.server.baseUrl) });
  });
}
