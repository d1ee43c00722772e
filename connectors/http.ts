/**
 * The shared HTTP edge of every connector: one place that turns transport failures (timeouts, network
 * errors, malformed bodies) and HTTP statuses into ConnectorError kinds. Connectors call `sendRequest`,
 * look at the status themselves, and use `connectorErrorFromResponse` (optionally refined) for failures.
 */
import { ConnectorError, MARKETPLACE_DISPLAY_NAMES, type ConnectorErrorKind, type Marketplace } from "./types";

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  /** Query parameters; arrays are joined with commas (the Swagger 2 `csv` default), undefined/null dropped. */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON (sets content-type). */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Raw body text ("" for 204). */
  text: string;
}

/** Who is calling, for error messages and details. */
export interface HttpCallSite {
  marketplace: Marketplace;
  /** Operation name, e.g. "getOrders". */
  operation: string;
}

function label(site: HttpCallSite): string {
  const name = MARKETPLACE_DISPLAY_NAMES[site.marketplace];
  return `${name} ${site.operation}`;
}

export function buildUrl(url: string, query?: HttpRequest["query"]): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    u.searchParams.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return u.toString();
}

/**
 * Sends one request with a timeout covering the whole exchange (headers and body). Resolves with the
 * response whatever its status; rejects only with ConnectorError("retryable") on timeouts and network errors.
 */
export async function sendRequest(req: HttpRequest, site: HttpCallSite): Promise<HttpResponse> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
    body = new URLSearchParams(req.form).toString();
  }
  try {
    const res = await fetch(buildUrl(req.url, req.query), {
      method: req.method,
      headers,
      body,
      signal: controller.signal,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (cause) {
    if (controller.signal.aborted) {
      throw new ConnectorError("retryable", `${label(site)} timed out after ${timeoutMs} ms`, {
        ...site,
        cause,
      });
    }
    throw new ConnectorError("retryable", `${label(site)} failed: ${describeNetworkError(cause)}`, {
      ...site,
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
}

function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    // undici reports "fetch failed" and puts the reason (ECONNREFUSED, bad port...) in `cause`.
    const inner = (cause as Error & { cause?: unknown }).cause;
    if (inner && typeof inner === "object") {
      const code = "code" in inner ? String((inner as { code: unknown }).code) : "";
      const message = inner instanceof Error ? inner.message : "";
      const reason = code || message;
      if (reason) return `${cause.message} (${reason})`;
    }
    return cause.message;
  }
  return String(cause);
}

/**
 * Parses a JSON body. An empty body is `null` (204). A body that is not JSON, or JSON that the caller's
 * guard rejects, is a ConnectorError("retryable"): proxies and overloaded gateways answer HTML pages.
 */
export function parseJsonBody(res: HttpResponse, site: HttpCallSite): unknown {
  if (res.text.trim() === "") return null;
  try {
    return JSON.parse(res.text) as unknown;
  } catch (cause) {
    throw malformedBody(res, site, cause);
  }
}

export function malformedBody(res: HttpResponse, site: HttpCallSite, cause?: unknown): ConnectorError {
  return new ConnectorError("retryable", `${label(site)} answered a malformed body (HTTP ${res.status})`, {
    ...site,
    httpStatus: res.status,
    cause,
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Resends after a 429 whose wait is short; more than that is the job queue's business. */
export const MAX_RESENDS_AFTER_429 = 1;

/**
 * After a 429 with client-side throttling on (the caller has drained its bucket; `refillMs` is how long it takes to
 * refill): when both that and the answer's Retry-After are within `maxWaitMs`, sleeps out the Retry-After and answers
 * true, and the caller resends (its limiter's acquire() waits for the refill). A 429 means the request was not
 * processed, so resending is safe for any operation. False: the wait is longer than a call should block.
 */
export async function waitToResendAfter429(
  res: HttpResponse,
  refillMs: number | undefined,
  maxWaitMs: number,
): Promise<boolean> {
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after")) ?? 0;
  if (Math.max(refillMs ?? 0, retryAfterMs) > maxWaitMs) return false;
  if (retryAfterMs > 0) await new Promise((r) => setTimeout(r, retryAfterMs));
  return true;
}

const TOKEN_EXPIRED_RE = /expired/i;

/** Does an auth failure body say the access token expired (rather than "you may not do this")? */
export function saysTokenExpired(text: string): boolean {
  return TOKEN_EXPIRED_RE.test(text);
}

/** The generic status → kind rule. Connectors refine it (e.g. Amazon's QuotaExceeded code). */
export function kindForStatus(status: number, bodyText = ""): ConnectorErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return saysTokenExpired(bodyText) ? "auth_expired" : "permanent";
  if (status === 408 || status >= 500) return "retryable";
  return "permanent";
}

export interface ErrorRefinement {
  /** Overrides the kind derived from the status. */
  kind?: ConnectorErrorKind;
  /** The marketplace's message, already extracted from its error envelope. */
  message?: string;
  /** The marketplace's error code(s). */
  code?: string;
  retryAfterMs?: number;
}

/** A ConnectorError for a non-2xx response. */
export function connectorErrorFromResponse(
  res: HttpResponse,
  site: HttpCallSite,
  refine: ErrorRefinement = {},
): ConnectorError {
  const kind = refine.kind ?? kindForStatus(res.status, res.text);
  const retryAfterMs = refine.retryAfterMs ?? parseRetryAfter(res.headers.get("retry-after"));
  const detail = refine.message ?? (res.text.trim().slice(0, 300) || "no body");
  return new ConnectorError(kind, `${label(site)} failed with HTTP ${res.status}: ${detail}`, {
    ...site,
    httpStatus: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(refine.code !== undefined ? { code: refine.code } : {}),
  });
}

/** `{error, error_description}` of an OAuth (or Etsy `{error}`) body; empty when absent or not JSON. */
export function oauthErrorOf(text: string): { error?: string; description?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return {
      ...(typeof body.error === "string" ? { error: body.error } : {}),
      ...(typeof body.error_description === "string" ? { description: body.error_description } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * A failed OAuth token answer as a ConnectorError: `auth_expired` for the `error` codes that mean the seller must
 * connect again (`reauthorize`) and for any 401 (a refused credential is checked and, if refused again, parks the
 * account's work; it is never dead at once), else `otherwise` or the status's kind; the error code and description in
 * the message.
 */
export function oauthTokenError(
  res: HttpResponse,
  site: HttpCallSite,
  reauthorize: ReadonlySet<string>,
  otherwise?: ConnectorErrorKind,
): ConnectorError {
  const { error, description } = oauthErrorOf(res.text);
  const kind = (error !== undefined && reauthorize.has(error)) || res.status === 401 ? "auth_expired" : otherwise;
  return connectorErrorFromResponse(res, site, {
    ...(kind ? { kind } : {}),
    ...(error ? { code: error, message: description ? `${error}: ${description}` : error } : {}),
  });
}
