import { AuthorizationRefusedError, StepError, TransientError } from "#app/.server/errors.ts";
import { bigCommerceErrorMessage } from "./api-error-message";

/**
 * Transport for one store's REST API (`{apiBaseUrl}/stores/{hash}/v2|v3/...`, header X-Auth-Token, JSON).
 *
 * Rate limits (docs/platform-facts.md#bc-rate-limits): every answer carries X-Rate-Limit-Requests-Left and
 * X-Rate-Limit-Time-Reset-Ms. When Left reaches 0, the next call on this store (from any client in this
 * process) waits Reset-Ms first. A 429 is waited out (Reset-Ms; else X-Retry-After, in seconds; else
 * `platformLoadWaitMs` when BigCommerce sends no headers: "platform load") and resent, at most `maxRateLimitRetries` times; then, or when the wait
 * is longer than `maxInlineWaitMs`, it becomes a TransientError with the wait, so the job queue defers.
 * The waits of one client (one job: platformFor builds a client per job) add up to at most
 * `maxTotalInlineWaitMs`; past that the wait is handed to the queue too, so a job on a store whose quota other
 * apps keep using up never sleeps until its lease runs out (another worker would then run it a second time).
 *
 * Other failures: timeouts, network errors, 408 and 5xx → TransientError (the job retries with backoff);
 * 401 → checked with one cheap call on the same token (the app's own webhook list): refused again →
 * AuthorizationRefusedError (the job parks until the store authorises the app again), answered → TransientError;
 * 403 → StepError `shop_scope`; 404 → null when the caller allows it, else
 * StepError; other 4xx → StepError with BigCommerce's own message (retrying the same request cannot help).
 */

export interface BigCommerceRestClientOptions {
  /** https://api.bigcommerce.com, or the emulator's base URL. */
  apiBaseUrl: string;
  storeHash: string;
  accessToken: string;
  timeoutMs?: number;
  maxRateLimitRetries?: number;
  /** Longer waits are not slept here but handed to the job queue (TransientError.retryAfterMs). */
  maxInlineWaitMs?: number;
  /** All the waits of this client together (default 60 s; the worker's heartbeat keeps the job's lease meanwhile). */
  maxTotalInlineWaitMs?: number;
  /** Wait after a 429 without rate-limit headers (platform load). */
  platformLoadWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** Answer null for a 404 instead of throwing. */
  allowNotFound?: boolean;
}

const RATE_LEFT = "x-rate-limit-requests-left";
const RATE_RESET = "x-rate-limit-time-reset-ms";
/** Whole seconds, on a quota 429 beside Reset-Ms (docs/platform-facts.md#bc-rate-limits); read when Reset-Ms is absent. */
const RETRY_AFTER = "x-retry-after";

/** Per store (and API host): until when calls must wait because the quota is used up. Shared by every client in the process. */
const quotaPausedUntil = new Map<string, number>();

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class BigCommerceRestClient {
  private readonly base: string;
  private readonly quotaKey: string;
  /** Milliseconds this client has slept for rate limits so far. */
  private waitedMs = 0;

  constructor(private readonly opts: BigCommerceRestClientOptions) {
    this.base = `${opts.apiBaseUrl.replace(/\/+$/, "")}/stores/${encodeURIComponent(opts.storeHash)}`;
    this.quotaKey = this.base;
  }

  get storeHash(): string {
    return this.opts.storeHash;
  }

  get<T>(path: string, opts: Omit<RequestOptions, "json"> = {}): Promise<T | null> {
    return this.request<T>("GET", path, opts);
  }

  async post<T>(path: string, json: unknown): Promise<T> {
    return this.required(await this.request<T>("POST", path, { json }), "POST", path);
  }

  async put<T>(path: string, json: unknown): Promise<T> {
    return this.required(await this.request<T>("PUT", path, { json }), "PUT", path);
  }

  /** The parsed JSON answer; null for 204 (BigCommerce's empty list) and, when allowed, for 404. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T | null> {
    const maxRetries = this.opts.maxRateLimitRetries ?? 3;
    const maxInline = this.opts.maxInlineWaitMs ?? 35_000;
    const maxTotal = this.opts.maxTotalInlineWaitMs ?? 60_000;
    const sleep = this.opts.sleep ?? defaultSleep;
    const what = `${method} ${path}`;
    const mayWait = (ms: number) => ms <= maxInline && this.waitedMs + ms <= maxTotal;
    const wait = async (ms: number) => {
      this.waitedMs += ms;
      await sleep(ms);
    };
    for (let attempt = 0; ; attempt++) {
      const pause = (quotaPausedUntil.get(this.quotaKey) ?? 0) - Date.now();
      if (pause > 0) {
        if (!mayWait(pause))
          throw new TransientError(`BigCommerce quota of store ${this.opts.storeHash} is used up`, pause);
        await wait(pause);
      }
      const res = await this.send(method, path, opts, what);
      this.noteQuota(res.headers);
      if (res.status === 401) throw await this.refusedTokenError(what);
      if (res.status === 429) {
        const resetMs = headerMs(res.headers.get(RATE_RESET)) ?? retryAfterMs(res.headers.get(RETRY_AFTER));
        const waitMs = resetMs ?? this.opts.platformLoadWaitMs ?? 1000;
        const cause = resetMs === undefined ? "platform load" : "store quota used up";
        if (attempt >= maxRetries || !mayWait(waitMs)) {
          throw new TransientError(`BigCommerce rate limit on ${what} (429, ${cause})`, Math.max(1, waitMs));
        }
        await wait(waitMs);
        continue;
      }
      return this.interpret<T>(res, what, opts);
    }
  }

  private async send(
    method: string,
    path: string,
    opts: RequestOptions,
    what: string,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const timeoutMs = this.opts.timeoutMs ?? 15_000;
    const headers: Record<string, string> = { accept: "application/json", "x-auth-token": this.opts.accessToken };
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (e) {
      const err = e as Error;
      const why = err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
      throw new TransientError(`BigCommerce did not answer ${what}: ${why}`);
    }
  }

  /** After a 401: one cheap call on the same token; only a second 401 means the token is gone. */
  private async refusedTokenError(what: string): Promise<Error> {
    let check: { status: number };
    try {
      check = await this.send("GET", "/v3/hooks", { query: { limit: 1 } }, "GET /v3/hooks");
    } catch (e) {
      return e as Error;
    }
    if (check.status === 401) {
      return new AuthorizationRefusedError(
        { kind: "shop" },
        `BigCommerce refused the app's access token twice (on ${what}); open OrderBridge from the BigCommerce control panel to authorise it again`,
      );
    }
    return new TransientError(
      `BigCommerce refused the app's access token once on ${what}, then answered ${check.status}; retrying`,
    );
  }

  private noteQuota(headers: Headers): void {
    const left = headers.get(RATE_LEFT);
    const resetMs = headerMs(headers.get(RATE_RESET));
    if (left !== null && Number(left) <= 0 && resetMs !== undefined)
      quotaPausedUntil.set(this.quotaKey, Date.now() + resetMs);
  }

  private interpret<T>(res: { status: number; text: string }, what: string, opts: RequestOptions): T | null {
    const { status, text } = res;
    if (status >= 200 && status < 300) {
      if (status === 204 || text.trim() === "") return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new TransientError(`BigCommerce answered a malformed body to ${what} (${status})`);
      }
    }
    const message = bigCommerceErrorMessage(text);
    if (status === 408 || status >= 500)
      throw new TransientError(`BigCommerce answered ${status} to ${what}: ${message}`);
    if (status === 403) {
      throw new StepError(
        "shop_scope",
        `BigCommerce refused ${what} (403): ${message}; the app lacks an OAuth scope, reinstall it to grant the scopes`,
      );
    }
    if (status === 404 && opts.allowNotFound) return null;
    throw new StepError("bigcommerce_rejected", `BigCommerce rejected ${what} (${status}): ${message}`, {
      httpStatus: status,
    });
  }

  private required<T>(body: T | null, method: string, path: string): T {
    if (body === null) throw new TransientError(`BigCommerce answered ${method} ${path} without a body`);
    return body;
  }
}

function retryAfterMs(value: string | null): number | undefined {
  const seconds = headerMs(value);
  return seconds === undefined ? undefined : seconds * 1000;
}

function headerMs(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : undefined;
}

function describeNetworkError(err: Error): string {
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED...) in `cause`.
  const cause = (err as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
  const reason = cause ? String(cause.code ?? cause.message ?? "") : "";
  return reason ? `${err.message} (${reason})` : err.message;
}
