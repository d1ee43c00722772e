/**
 * Amazon SP-API transport: typed calls (types generated from the official models), the
 * `x-amz-access-token` header, client-side usage-plan throttling, one refresh-and-retry on an expired
 * access token, and translation of `{errors:[{code,message,details}]}` into ConnectorError.
 * It knows nothing about MarketplaceOrder: mapping lives in mappers.ts.
 */
import {
  connectorErrorFromResponse,
  kindForStatus,
  malformedBody,
  parseJsonBody,
  MAX_RESENDS_AFTER_429,
  parseRetryAfter,
  saysTokenExpired,
  sendRequest,
  waitToResendAfter429,
  type HttpCallSite,
  type HttpRequest,
  type HttpResponse,
} from "../http";
import { ConnectorError } from "../types";
import type { components as V0Components, operations as V0Operations } from "./generated/orders-v0";
import type { components as V2026Components, operations as V2026Operations } from "./generated/orders-2026-01-01";
import type { LwaTokenProvider } from "./lwa";
import type { AmazonOperation, AmazonRateLimiter } from "./usage-plans";

type V0 = V0Components["schemas"];
type V2026 = V2026Components["schemas"];

export type AmazonOrderV0 = V0["Order"];
export type AmazonOrderItemV0 = V0["OrderItem"];
export type AmazonOrderAddressV0 = V0["OrderAddress"];
export type AmazonAddressV0 = V0["Address"];
export type AmazonMoneyV0 = V0["Money"];
export type AmazonOrdersListV0 = V0["OrdersList"];
export type AmazonOrderItemsListV0 = V0["OrderItemsList"];
export type ConfirmShipmentRequest = V0["ConfirmShipmentRequest"];
export type GetOrdersQuery = NonNullable<V0Operations["getOrders"]["parameters"]["query"]>;

export type AmazonOrder2026 = V2026["Order"];
export type AmazonOrderItem2026 = V2026["OrderItem"];
export type SearchOrdersResponse = V2026["SearchOrdersResponse"];
export type GetOrder2026Response = V2026["GetOrderResponse"];
export type SearchOrdersQuery = NonNullable<V2026Operations["searchOrders"]["parameters"]["query"]>;
export type IncludedData2026 = NonNullable<SearchOrdersQuery["includedData"]>[number];

export type AmazonError = V0["Error"];

/** What the rest of the connector needs from the SP-API (a seam for tests, per STYLE 3). */
/** A resource a Restricted Data Token covers (Tokens API 2021-03-01). */
export interface RestrictedResource {
  method: "GET" | "PUT" | "POST" | "DELETE";
  path: string;
  dataElements?: string[];
}

/** The code of a success that breaks the API's contract (the call may or may not have been applied). */
export const UNEXPECTED_ANSWER = "unexpected_answer";

export interface IAmazonSpApiClient {
  /** `restrictedDataToken`: sent instead of the LWA token, so the answer carries the PII it covers. */
  getOrders(query: GetOrdersQuery, opts?: { restrictedDataToken?: string }): Promise<AmazonOrdersListV0>;
  createRestrictedDataToken(resources: RestrictedResource[]): Promise<{ token: string; expiresInSeconds: number }>;
  getOrderItems(orderId: string, nextToken?: string | null): Promise<AmazonOrderItemsListV0>;
  getOrderAddress(orderId: string): Promise<AmazonOrderAddressV0>;
  confirmShipment(orderId: string, body: ConfirmShipmentRequest): Promise<void>;
  searchOrders(query: SearchOrdersQuery): Promise<SearchOrdersResponse>;
  getOrder2026(orderId: string, includedData?: IncludedData2026[]): Promise<GetOrder2026Response>;
  /**
   * Drops the cached access token and asks for a new one from the account's grant: resolves when the marketplace
   * grants it, throws auth_expired when it refuses the grant. A test double may leave it out.
   */
  renewAccessToken?(): Promise<void>;
}

export interface AmazonSpApiClientOptions {
  apiBaseUrl: string;
  lwa: LwaTokenProvider;
  limiter: AmazonRateLimiter;
  timeoutMs?: number;
  userAgent?: string;
}

type Query = HttpRequest["query"];

export class AmazonSpApiClient implements IAmazonSpApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: AmazonSpApiClientOptions) {
    this.baseUrl = options.apiBaseUrl.replace(/\/+$/, "");
  }

  async renewAccessToken(): Promise<void> {
    this.options.lwa.invalidate();
    await this.options.lwa.getAccessToken();
  }

  async getOrders(query: GetOrdersQuery, opts: { restrictedDataToken?: string } = {}): Promise<AmazonOrdersListV0> {
    const op = "getOrders";
    const res = await this.call(op, "GET", "/orders/v0/orders", {
      query: query as Query,
      token: opts.restrictedDataToken,
    });
    const payload = payloadOf(res, site(op));
    if (!payload || !isListOfObjects(payload.Orders)) {
      throw malformedBody(res, site(op), new Error("payload.Orders is not a list of orders"));
    }
    return payload as AmazonOrdersListV0;
  }

  async createRestrictedDataToken(
    resources: RestrictedResource[],
  ): Promise<{ token: string; expiresInSeconds: number }> {
    const op = "createRestrictedDataToken";
    const res = await this.call(op, "POST", "/tokens/2021-03-01/restrictedDataToken", {
      json: { restrictedResources: resources },
    });
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || typeof body.restrictedDataToken !== "string" || body.restrictedDataToken === "") {
      throw malformedBody(res, site(op), new Error("no restrictedDataToken in the answer"));
    }
    const expiresIn = typeof body.expiresIn === "number" && body.expiresIn > 0 ? body.expiresIn : 3600;
    return { token: body.restrictedDataToken, expiresInSeconds: expiresIn };
  }

  async getOrderItems(orderId: string, nextToken?: string | null): Promise<AmazonOrderItemsListV0> {
    const op = "getOrderItems";
    const res = await this.call(op, "GET", `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`, {
      query: { NextToken: nextToken ?? undefined },
    });
    const payload = payloadOf(res, site(op));
    if (!payload || !isListOfObjects(payload.OrderItems)) {
      throw malformedBody(res, site(op), new Error("payload.OrderItems is not a list of order items"));
    }
    return payload as AmazonOrderItemsListV0;
  }

  async getOrderAddress(orderId: string): Promise<AmazonOrderAddressV0> {
    const op = "getOrderAddress";
    const res = await this.call(op, "GET", `/orders/v0/orders/${encodeURIComponent(orderId)}/address`, {});
    const payload = payloadOf(res, site(op));
    if (!payload) throw malformedBody(res, site(op), new Error("payload missing"));
    return payload as AmazonOrderAddressV0;
  }

  /**
   * The API answers 204 No Content. Any other success (a 200 with a body, a 202) is outside the contract: whether
   * the package was taken is unknown, so it is a retryable ConnectorError coded `unexpected_answer` (the connector
   * reads the order back to know).
   */
  async confirmShipment(orderId: string, body: ConfirmShipmentRequest): Promise<void> {
    const op = "confirmShipment";
    const res = await this.call(op, "POST", `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`, {
      json: body,
    });
    if (res.status !== 204) {
      throw new ConnectorError(
        "retryable",
        `Amazon confirmShipment answered HTTP ${res.status} where the API answers 204 No Content; whether the package was taken is not known`,
        { ...site(op), httpStatus: res.status, code: UNEXPECTED_ANSWER },
      );
    }
  }

  async searchOrders(query: SearchOrdersQuery): Promise<SearchOrdersResponse> {
    const op = "searchOrders";
    const res = await this.call(op, "GET", "/orders/2026-01-01/orders", { query: query as Query });
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || !isListOfObjects(body.orders)) {
      throw malformedBody(res, site(op), new Error("orders is not a list of orders"));
    }
    return body as SearchOrdersResponse;
  }

  async getOrder2026(orderId: string, includedData?: IncludedData2026[]): Promise<GetOrder2026Response> {
    const op = "getOrder2026";
    const res = await this.call(op, "GET", `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`, {
      query: { includedData },
    });
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || !isObject(body.order)) throw malformedBody(res, site(op), new Error("order missing"));
    return body as GetOrder2026Response;
  }

  /**
   * One SP-API call: throttle, authenticate, send. On an expired access token, refresh once and resend.
   * On a 429 with client-side throttling on, drain the bucket and, when the refill is short (the client's
   * bucket and Amazon's are never exactly in phase), wait for it and resend once; a 429 means the
   * request was not processed, so resending is safe even for confirmShipment. Resolves with 2xx only.
   */
  private async call(
    operation: AmazonOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: Query; json?: unknown; token?: string },
  ): Promise<HttpResponse> {
    const { limiter, lwa } = this.options;
    for (let attempt = 0; ; attempt++) {
      // Token first, then the usage-plan token right before sending, so waiting for LWA does not put
      // our bucket out of phase with Amazon's. A Restricted Data Token given by the caller is not refreshed here.
      let token = init.token ?? (await lwa.getAccessToken());
      await limiter.acquire(operation);
      let res = await this.send(operation, method, path, init, token);
      if (!init.token && isExpiredTokenResponse(res)) {
        lwa.invalidate(token);
        token = await lwa.getAccessToken();
        res = await this.send(operation, method, path, init, token);
      }
      limiter.adoptRate(operation, res.headers.get("x-amzn-ratelimit-limit"));
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 429 && attempt < MAX_RESENDS_AFTER_429 && limiter.enabled) {
        if (await waitToResendAfter429(res, limiter.drain(operation), limiter.maxWaitMs)) continue;
      }
      throw this.translateError(operation, res);
    }
  }

  private send(
    operation: AmazonOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: Query; json?: unknown },
    token: string,
  ): Promise<HttpResponse> {
    return sendRequest(
      {
        method,
        url: `${this.baseUrl}${path}`,
        query: init.query,
        json: init.json,
        headers: {
          "x-amz-access-token": token,
          "user-agent": this.options.userAgent ?? "OrderBridge/0.1 (Language=TypeScript)",
        },
        timeoutMs: this.options.timeoutMs,
      },
      site(operation),
    );
  }

  private translateError(operation: AmazonOperation, res: HttpResponse): ConnectorError {
    const errors = amazonErrorsOf(res.text);
    const codes = errors.map((e) => e.code).filter(Boolean);
    let kind = kindForStatus(res.status, res.text);
    let retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    if (res.status === 429 || codes.includes("QuotaExceeded")) {
      kind = "rate_limited";
      const refill = this.options.limiter.drain(operation);
      retryAfterMs ??= refill;
    }
    return connectorErrorFromResponse(res, site(operation), {
      kind,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(errors.length > 0
        ? {
            code: codes.join(","),
            message: errors.map((e) => `${e.code}: ${e.message}${e.details ? ` (${e.details})` : ""}`).join("; "),
          }
        : {}),
    });
  }
}

function site(operation: AmazonOperation): HttpCallSite {
  return { marketplace: "amazon", operation };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list whose every element is an object: a `null` in place of an order is a malformed answer, not a TypeError later. */
function isListOfObjects(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.every(isObject);
}

/** v0 responses wrap data in `payload`; a 2xx body without one is malformed. */
function payloadOf(res: HttpResponse, s: HttpCallSite): Record<string, unknown> | null {
  const body = parseJsonBody(res, s);
  if (!isObject(body)) throw malformedBody(res, s, new Error("body is not an object"));
  return isObject(body.payload) ? body.payload : null;
}

/** Amazon signals an expired access token with 403 (sometimes 401) and "expired" in the error details. */
export function isExpiredTokenResponse(res: HttpResponse): boolean {
  return (res.status === 401 || res.status === 403) && saysTokenExpired(res.text);
}

/** The `{errors:[{code,message,details}]}` envelope of an error body; [] when absent or not JSON. */
export function amazonErrorsOf(text: string): AmazonError[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isObject).map((e) => ({
    code: typeof e.code === "string" ? e.code : "",
    message: typeof e.message === "string" ? e.message : "",
    ...(typeof e.details === "string" && e.details !== "" ? { details: e.details } : {}),
  }));
}
