/**
 * eBay Sell Fulfillment API transport: typed calls (types generated from the OpenAPI 3 spec), the bearer
 * token, client-side call limits, one refresh-and-resend on a 401, and translation of eBay's
 * `{errors:[{errorId, domain, category, message, longMessage, parameters}]}` into ConnectorError.
 * It knows nothing about MarketplaceOrder: mapping lives in mappers.ts.
 *
 * Error kinds: 429 or errorId 2001 → rate_limited; 401 (after the one refresh) and 403 1100 (scopes
 * missing) → auth_expired, the merchant must connect again; 408/5xx → retryable; other 4xx → permanent.
 */
import {
  connectorErrorFromResponse,
  malformedBody,
  parseJsonBody,
  parseRetryAfter,
  sendRequest,
  type HttpCallSite,
  type HttpRequest,
  type HttpResponse,
} from "../http";
import { type ConnectorError, isConnectorError, type ConnectorErrorKind } from "../types";
import type { EbayCallLimiter } from "./call-limits";
import type { components, operations } from "./generated/sell-fulfillment-v1";
import type { IEbayAccessTokens } from "./oauth";

type Schemas = components["schemas"];

export type EbayOrder = Schemas["Order"];
export type EbayLineItem = Schemas["LineItem"];
export type EbayAmount = Schemas["Amount"];
export type EbayAddress = Schemas["Address"];
export type EbayExtendedContact = Schemas["ExtendedContact"];
export type OrderSearchPagedCollection = Schemas["OrderSearchPagedCollection"];
export type ShippingFulfillmentDetails = Schemas["ShippingFulfillmentDetails"];
export type EbayShippingFulfillment = Schemas["ShippingFulfillment"];
export type ShippingFulfillmentPagedCollection = Schemas["ShippingFulfillmentPagedCollection"];
export type EbayError = Schemas["Error"];
export type GetOrdersQuery = NonNullable<operations["getOrders"]["parameters"]["query"]>;

export type EbayOperation = "getOrders" | "getOrder" | "createShippingFulfillment" | "getShippingFulfillments";

export const FULFILLMENT_BASE_PATH = "/sell/fulfillment/v1";

export interface CreatedFulfillment {
  /** The last segment of the `Location` header; null when eBay sent none. */
  fulfillmentId: string | null;
  location: string | null;
}

/** What the rest of the connector needs from the Fulfillment API (a seam for tests, per STYLE 3). */
export interface IEbayFulfillmentClient {
  getOrders(query: GetOrdersQuery): Promise<OrderSearchPagedCollection>;
  getOrder(orderId: string): Promise<EbayOrder>;
  createShippingFulfillment(orderId: string, body: ShippingFulfillmentDetails): Promise<CreatedFulfillment>;
  getShippingFulfillments(orderId: string): Promise<ShippingFulfillmentPagedCollection>;
  /**
   * Drops the cached access token and asks for a new one from the account's grant: resolves when the marketplace
   * grants it, throws auth_expired when it refuses the grant. A test double may leave it out.
   */
  renewAccessToken?(): Promise<void>;
}

export interface EbayFulfillmentClientOptions {
  /** e.g. https://api.ebay.com (the client adds /sell/fulfillment/v1). */
  apiBaseUrl: string;
  tokens: IEbayAccessTokens;
  limiter: EbayCallLimiter;
  timeoutMs?: number;
  userAgent?: string;
}

type Query = HttpRequest["query"];

export class EbayFulfillmentClient implements IEbayFulfillmentClient {
  private readonly baseUrl: string;

  constructor(private readonly options: EbayFulfillmentClientOptions) {
    this.baseUrl = `${options.apiBaseUrl.replace(/\/+$/, "")}${FULFILLMENT_BASE_PATH}`;
  }

  async renewAccessToken(): Promise<void> {
    this.options.tokens.invalidate();
    await this.options.tokens.getAccessToken();
  }

  async getOrders(query: GetOrdersQuery): Promise<OrderSearchPagedCollection> {
    const op = "getOrders";
    const res = await this.call(op, "GET", "/order", { query: query as Query });
    const body = parseJsonBody(res, site(op));
    if (!isObject(body)) throw malformedBody(res, site(op), new Error("body is not an object"));
    // eBay leaves `orders` out of an empty page.
    if (body.orders !== undefined && (!Array.isArray(body.orders) || !body.orders.every(isObject))) {
      throw malformedBody(res, site(op), new Error("orders is not an array of objects"));
    }
    return body as OrderSearchPagedCollection;
  }

  async getOrder(orderId: string): Promise<EbayOrder> {
    const op = "getOrder";
    const res = await this.call(op, "GET", `/order/${encodeURIComponent(orderId)}`, {});
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || typeof body.orderId !== "string")
      throw malformedBody(res, site(op), new Error("orderId missing"));
    return body as EbayOrder;
  }

  async createShippingFulfillment(orderId: string, body: ShippingFulfillmentDetails): Promise<CreatedFulfillment> {
    const op = "createShippingFulfillment";
    const res = await this.call(op, "POST", `/order/${encodeURIComponent(orderId)}/shipping_fulfillment`, {
      json: body,
    });
    const location = res.headers.get("location");
    return { location, fulfillmentId: fulfillmentIdFromLocation(location) };
  }

  async getShippingFulfillments(orderId: string): Promise<ShippingFulfillmentPagedCollection> {
    const op = "getShippingFulfillments";
    const res = await this.call(op, "GET", `/order/${encodeURIComponent(orderId)}/shipping_fulfillment`, {});
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || (body.fulfillments !== undefined && !Array.isArray(body.fulfillments))) {
      throw malformedBody(res, site(op), new Error("fulfillments is not an array"));
    }
    return body as ShippingFulfillmentPagedCollection;
  }

  /**
   * One call: access token, call-limit token, send. A 401 means eBay did not process the request (its
   * answer is the same for an expired and an unknown token), so we drop the token, refresh once and
   * resend; that is safe for createShippingFulfillment too. Resolves with 2xx only.
   */
  private async call(
    operation: EbayOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: Query; json?: unknown },
  ): Promise<HttpResponse> {
    const { tokens, limiter } = this.options;
    let token = await tokens.getAccessToken();
    await limiter.acquire();
    let res = await this.send(operation, method, path, init, token);
    if (res.status === 401) {
      tokens.invalidate(token);
      token = await tokens.getAccessToken();
      await limiter.acquire();
      res = await this.send(operation, method, path, init, token);
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw this.translateError(operation, res);
  }

  private send(
    operation: EbayOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: Query; json?: unknown },
    token: string,
  ) {
    return sendRequest(
      {
        method,
        url: `${this.baseUrl}${path}`,
        query: init.query,
        json: init.json,
        headers: {
          authorization: `Bearer ${token}`,
          "user-agent": this.options.userAgent ?? "OrderBridge/0.1 (Language=TypeScript)",
        },
        timeoutMs: this.options.timeoutMs,
      },
      site(operation),
    );
  }

  private translateError(operation: EbayOperation, res: HttpResponse): ConnectorError {
    const errors = ebayErrorsOf(res.text);
    const ids = errors.map((e) => e.errorId).filter((id): id is number => typeof id === "number");
    let kind: ConnectorErrorKind;
    let retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    if (res.status === 429 || ids.includes(2001)) {
      kind = "rate_limited";
      retryAfterMs ??= this.options.limiter.drain();
    } else if (res.status === 401 || (res.status === 403 && ids.includes(1100))) {
      kind = "auth_expired";
    } else if (res.status === 408 || res.status >= 500) {
      kind = "retryable";
    } else {
      kind = "permanent";
    }
    return connectorErrorFromResponse(res, site(operation), {
      kind,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(errors.length > 0 ? { code: ids.join(","), message: errors.map(describeError).join("; ") } : {}),
    });
  }
}

function site(operation: string): HttpCallSite {
  return { marketplace: "ebay", operation };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describeError(e: EbayError): string {
  const long = e.longMessage && e.longMessage !== e.message ? ` (${e.longMessage})` : "";
  return `${e.errorId ?? "?"} ${e.message ?? ""}${long}`.trim();
}

/** ".../shipping_fulfillment/9405509699937003457459" → "9405509699937003457459". */
export function fulfillmentIdFromLocation(location: string | null): string | null {
  if (!location) return null;
  const path = location.split("?")[0]!.replace(/\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  return last === "" || last === "shipping_fulfillment" ? null : decodeURIComponent(last);
}

/** The `{errors:[...]}` envelope of an error body; [] when absent or not JSON. */
export function ebayErrorsOf(text: string): EbayError[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isObject) as EbayError[];
}

/** Does a ConnectorError carry one of these eBay error ids? */
export function hasEbayErrorId(e: unknown, ...ids: number[]): boolean {
  if (!isConnectorError(e) || !e.details.code) return false;
  const codes = e.details.code.split(",").map(Number);
  return ids.some((id) => codes.includes(id));
}
