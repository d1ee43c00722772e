/**
 * What every Etsy Open API v3 request goes through before its operation runs, in this order:
 *   (kit: injected faults) → x-api-key (403; not on the token endpoint, see admitByClientId) → rate limits (429)
 *   → OAuth bearer and scope (401/403;
 *   only for operations whose spec security names oauth2) → spec validation (400) → the operation
 *   (404, 409, 400, 2xx).
 * Every answer after the rate-limit step carries x-limit-per-second, x-remaining-this-second,
 * x-limit-per-day and x-remaining-today.
 *
 * x-api-key (docs/platform-facts.md#etsy-api-key): the header must be
 * `<keystring>:<shared_secret>`. A keystring alone gets 403 "Shared secret is required in x-api-key
 * header." (observed text). An unknown keystring, or a wrong secret, gets 403 "Invalid API key"
 * (observed for unknown keys). A missing header gets 403 as well; its message is not documented.
 *
 * Rate limits (docs/platform-facts.md#etsy-rate-limits): per API key, 10 requests per second and 10,000 per day by default
 * (per app, see POST /__sandbox/apps). Two token buckets run on emulated time: the day as a bucket
 * refilling qpd/86400 per second, which approximates Etsy's sliding 24 h window. The older doc says a
 * 429 carries none of the limit headers, so ours does not either.
 */
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import { TokenBucket } from "../kit/token-bucket";
import type { EmulatedClock } from "../kit/emulated-clock";
import { EXPIRED_ACCESS_TOKEN, etsyError, type EtsyEmulatorServer, INVALID_ACCESS_TOKEN } from "./etsy-emulator-server";
import type { AccessToken, OAuthStore } from "./oauth";
import { issuesMessage, loadEtsySpec, type SpecOperation, type ValidatedRequest } from "./spec";
import type { App, EtsyState } from "./state";

export const MSG_SHARED_SECRET_REQUIRED = "Shared secret is required in x-api-key header.";
export const MSG_INVALID_API_KEY = "Invalid API key";
export const MSG_MISSING_API_KEY = "Missing x-api-key header.";
export const MSG_RATE_LIMITED = "You have exceeded your quota of requests per second.";
export const MSG_DAILY_LIMIT = "You have exceeded your quota of requests per day.";

export interface EtsyContext {
  server: EtsyEmulatorServer;
  state: EtsyState;
  oauth: OAuthStore;
  clock: EmulatedClock;
  limiter: RateLimiter;
}

export interface Caller {
  app: App;
  /** The bearer token, for OAuth operations. */
  token: AccessToken;
}

export type ApiHandler = (
  req: EmulatorRequest,
  caller: Caller,
  input: ValidatedRequest,
) => EmulatorResponse | Promise<EmulatorResponse>;
/** The handler of an operation that needs the API key only: no bearer token is read. */
export type KeyOnlyHandler = (
  req: EmulatorRequest,
  caller: { app: App; token: null },
  input: ValidatedRequest,
) => EmulatorResponse | Promise<EmulatorResponse>;

/** Per-key QPS and QPD buckets on emulated time. */
export class RateLimiter {
  private readonly buckets = new Map<string, { second: TokenBucket; day: TokenBucket }>();

  constructor(private readonly clock: EmulatedClock) {}

  private of(app: App) {
    const key = `${app.keystring}\u0000${app.qps}\u0000${app.qpd}`;
    let b = this.buckets.get(key);
    if (!b) {
      const now = () => this.clock.emulatedMs();
      b = {
        second: new TokenBucket(app.qps, app.qps, () => 1, now),
        day: new TokenBucket(app.qpd / 86_400, app.qpd, () => 1, now),
      };
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Takes one request from both buckets; says which limit refused it otherwise. */
  take(app: App): "ok" | "second" | "day" {
    const b = this.of(app);
    if (b.day.available() < 1) return "day";
    if (!b.second.tryTake(1)) return "second";
    b.day.tryTake(1);
    return "ok";
  }

  headers(app: App): Record<string, string> {
    const b = this.of(app);
    return {
      "x-limit-per-second": String(app.qps),
      "x-remaining-this-second": String(Math.max(0, Math.floor(b.second.available()))),
      "x-limit-per-day": String(app.qpd),
      "x-remaining-today": String(Math.max(0, Math.floor(b.day.available()))),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}

function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks x-api-key; the app, or the 403 to answer. */
export function authenticateKey(state: EtsyState, req: EmulatorRequest): { app: App } | { error: EmulatorResponse } {
  const value = header(req, "x-api-key")?.trim();
  if (!value) return { error: etsyError(403, MSG_MISSING_API_KEY) };
  const i = value.indexOf(":");
  if (i < 0) return { error: etsyError(403, state.apps.has(value) ? MSG_SHARED_SECRET_REQUIRED : MSG_INVALID_API_KEY) };
  const app = state.apps.get(value.slice(0, i));
  if (!app || app.sharedSecret !== value.slice(i + 1)) return { error: etsyError(403, MSG_INVALID_API_KEY) };
  return { app };
}

/** x-api-key, then the rate limits. Returns the app and the limit headers, or the answer to give. */
export function admit(
  ctx: EtsyContext,
  req: EmulatorRequest,
): { app: App; headers: Record<string, string> } | { error: EmulatorResponse } {
  const key = authenticateKey(ctx.state, req);
  if ("error" in key) return key;
  if (ctx.server.limits.enabled) {
    const taken = ctx.limiter.take(key.app);
    if (taken !== "ok") return { error: etsyError(429, taken === "day" ? MSG_DAILY_LIMIT : MSG_RATE_LIMITED) };
  }
  return { app: key.app, headers: ctx.limiter.headers(key.app) };
}

/**
 * The token endpoint's admission: Etsy's authentication guide sends `POST /v3/public/oauth/token` with the grant in
 * the form body and no `x-api-key` header (https://developers.etsy.com/documentation/essentials/authentication),
 * so the app is the one the body's `client_id` names (an unknown one is 401 invalid_client, as OAuth answers), and
 * the app's rate limits apply as to any request. A client that sends x-api-key anyway is not refused for it.
 */
export function admitByClientId(
  ctx: EtsyContext,
  req: EmulatorRequest,
): { app: App; headers: Record<string, string> } | { error: EmulatorResponse } {
  const body = req.body && typeof req.body === "object" && !Array.isArray(req.body) ? req.body : {};
  const clientId = (body as Record<string, unknown>).client_id;
  const app = typeof clientId === "string" ? ctx.state.apps.get(clientId) : undefined;
  if (!app) {
    if (typeof clientId !== "string" || clientId === "")
      return { error: { ...etsyError(400, "invalid_request", "client_id is required"), headers: NO_STORE } };
    return { error: { ...etsyError(401, "invalid_client", "client_id is not a known API key"), headers: NO_STORE } };
  }
  if (ctx.server.limits.enabled) {
    const taken = ctx.limiter.take(app);
    if (taken !== "ok") return { error: etsyError(429, taken === "day" ? MSG_DAILY_LIMIT : MSG_RATE_LIMITED) };
  }
  return { app, headers: ctx.limiter.headers(app) };
}

const NO_STORE = { "cache-control": "no-store" };

function bearer(
  ctx: EtsyContext,
  req: EmulatorRequest,
  app: App,
  scope: string,
): { token: AccessToken } | { error: EmulatorResponse } {
  const auth = header(req, "authorization");
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (!m) return { error: etsyError(401, "invalid_token", "Missing authorization header") };
  const found = ctx.oauth.lookupAccess(m[1]);
  if (found.status === "unknown" || found.token.keystring !== app.keystring)
    return { error: { status: 401, body: { ...INVALID_ACCESS_TOKEN } } };
  if (found.status === "expired") return { error: { status: 401, body: { ...EXPIRED_ACCESS_TOKEN } } };
  if (!found.token.scopes.includes(scope)) {
    return {
      error: etsyError(
        403,
        "insufficient_scope",
        `This request requires the ${scope} scope, which the access token was not granted.`,
      ),
    };
  }
  return { token: found.token };
}

/**
 * Registers an operation of the spec (`operationId`) at `path` (kit syntax, `:shop_id`). With a `scope`
 * it is an OAuth operation (the spec's security names `oauth2` with that scope): a bearer token with the
 * scope is needed and the handler gets it as `caller.token`. With `null` the spec asks for the API key
 * only (the document's default security, `api_key`): no bearer token is read and `caller.token` is null.
 * The handler gets the validated, coerced request.
 */
export function apiRoute(
  ctx: EtsyContext,
  method: string,
  path: string,
  operationId: string,
  scope: string,
  handler: ApiHandler,
): void;
export function apiRoute(
  ctx: EtsyContext,
  method: string,
  path: string,
  operationId: string,
  scope: null,
  handler: KeyOnlyHandler,
): void;
export function apiRoute(
  ctx: EtsyContext,
  method: string,
  path: string,
  operationId: string,
  scope: string | null,
  handler: ApiHandler | KeyOnlyHandler,
): void {
  let op: SpecOperation | undefined;
  ctx.server.route(method, path, async (req) => {
    const admitted = admit(ctx, req);
    if ("error" in admitted) return admitted.error;
    const withHeaders = (res: EmulatorResponse): EmulatorResponse => ({
      ...res,
      headers: { ...(res.headers ?? {}), ...admitted.headers },
    });
    let token: AccessToken | null = null;
    if (scope !== null) {
      const auth = bearer(ctx, req, admitted.app, scope);
      if ("error" in auth) return withHeaders(auth.error);
      token = auth.token;
    }
    op ??= loadEtsySpec().operation(operationId);
    const input = op.validateRequest({
      query: req.query,
      params: req.params,
      body: req.body,
      rawBody: req.rawBody,
      contentType: header(req, "content-type"),
    });
    if (input.issues.length > 0) return withHeaders(etsyError(400, issuesMessage(input.issues)));
    // The overloads pair a scope with ApiHandler and null with KeyOnlyHandler, so `token` fits the handler.
    const run = handler as (
      req: EmulatorRequest,
      caller: { app: App; token: AccessToken | null },
      input: ValidatedRequest,
    ) => ReturnType<ApiHandler>;
    return withHeaders(await run(req, { app: admitted.app, token }, input));
  });
}
