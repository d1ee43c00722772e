/**
 * Etsy Open API v3 transport. Types are generated from the official spec (generated/open-api-v3.ts).
 * On every request it sends `x-api-key: keystring:shared_secret` and `Authorization: Bearer`, and throttles
 * client-side per API key. On a 401 it refreshes the token once and resends. It translates Etsy's
 * `{error, error_description?}` answers into ConnectorError kinds:
 *   401 (after one refresh) → auth_expired · 403 → permanent (API key, shop access or scope) ·
 *   400/404/409 → permanent · 429 → rate_limited (resent once if the wait is short) · 5xx → retryable ·
 *   timeouts, network errors and malformed bodies → retryable (http.ts).
 * It knows nothing about MarketplaceOrder: mapping lives in mappers.ts.
 */
import {
  connectorErrorFromResponse,
  malformedBody,
  oauthErrorOf,
  parseJsonBody,
  MAX_RESENDS_AFTER_429,
  parseRetryAfter,
  sendRequest,
  waitToResendAfter429,
  type HttpCallSite,
  type HttpRequest,
  type HttpResponse,
} from "../http";
import type { ConnectorError, ConnectorErrorKind } from "../types";
import type { components, operations } from "./generated/open-api-v3";
import { apiKeyHeader, type EtsyApiKey, type IEtsyAccessTokens } from "./oauth";
import type { EtsyRateLimiter } from "./rate-limits";

type Schemas = components["schemas"];

export type EtsyShopReceipt = Schemas["ShopReceipt"];
export type EtsyShopReceipts = Schemas["ShopReceipts"];
export type EtsyTransaction = Schemas["ShopReceiptTransaction"];
export type EtsyShipment = Schemas["ShopReceiptShipment"];
export type EtsyMoney = Schemas["Money"];
export type EtsyReceiptStatus = NonNullable<EtsyShopReceipt["status"]>;
export type GetShopReceiptsQuery = NonNullable<operations["getShopReceipts"]["parameters"]["query"]>;
export type CreateReceiptShipmentBody = NonNullable<
  NonNullable<operations["createReceiptShipment"]["requestBody"]>["content"]["application/x-www-form-urlencoded"]
>;

/** A listing page: the spec makes both fields optional; the client guarantees them. */
export interface EtsyReceiptPage {
  count: number;
  results: EtsyShopReceipt[];
}

export type EtsyOperation = "getShopReceipts" | "getShopReceipt" | "createReceiptShipment";

/** What the connector needs from the Etsy API (a seam for tests, per STYLE 3). */
export interface IEtsyApiClient {
  getShopReceipts(shopId: number, query: GetShopReceiptsQuery): Promise<EtsyReceiptPage>;
  getShopReceipt(shopId: number, receiptId: number): Promise<EtsyShopReceipt>;
  createReceiptShipment(shopId: number, receiptId: number, body: CreateReceiptShipmentBody): Promise<EtsyShopReceipt>;
  /**
   * Drops the cached access token and asks for a new one from the account's grant: resolves when the marketplace
   * grants it, throws auth_expired when it refuses the grant. A test double may leave it out.
   */
  renewAccessToken?(): Promise<void>;
}

export interface EtsyApiClientOptions {
  /** e.g. https://openapi.etsy.com (paths start with /v3/application). */
  apiBaseUrl: string;
  apiKey: EtsyApiKey;
  tokens: IEtsyAccessTokens;
  limiter: EtsyRateLimiter;
  timeoutMs?: number;
  userAgent?: string;
}

export class EtsyApiClient implements IEtsyApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: EtsyApiClientOptions) {
    this.baseUrl = options.apiBaseUrl.replace(/\/+$/, "");
  }

  async renewAccessToken(): Promise<void> {
    const { tokens } = this.options;
    tokens.invalidate(await tokens.getAccessToken());
    await tokens.getAccessToken();
  }

  async getShopReceipts(shopId: number, query: GetShopReceiptsQuery): Promise<EtsyReceiptPage> {
    const op = "getShopReceipts";
    const res = await this.call(op, "GET", `/v3/application/shops/${shopId}/receipts`, {
      query: query as HttpRequest["query"],
    });
    const body = parseJsonBody(res, site(op));
    if (!isObject(body) || !Array.isArray(body.results) || !body.results.every(isObject)) {
      throw malformedBody(res, site(op), new Error("results missing"));
    }
    const count = typeof body.count === "number" ? body.count : body.results.length;
    return { count, results: body.results as EtsyShopReceipt[] };
  }

  async getShopReceipt(shopId: number, receiptId: number): Promise<EtsyShopReceipt> {
    const op = "getShopReceipt";
    const res = await this.call(op, "GET", `/v3/application/shops/${shopId}/receipts/${receiptId}`, {});
    return receiptOf(res, site(op));
  }

  async createReceiptShipment(
    shopId: number,
    receiptId: number,
    body: CreateReceiptShipmentBody,
  ): Promise<EtsyShopReceipt> {
    const op = "createReceiptShipment";
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null) form[k] = String(v);
    const res = await this.call(op, "POST", `/v3/application/shops/${shopId}/receipts/${receiptId}/tracking`, { form });
    return receiptOf(res, site(op));
  }

  /**
   * One call: throttle, authenticate, send. On a 401, refresh once and resend. On a 429 with client
   * throttling on, drain the bucket and, when the refill is short and the day's quota is not spent,
   * resend once. A 429 means the request was not processed, so resending is safe even for
   * createReceiptShipment. Resolves with 2xx answers only.
   */
  private async call(
    operation: EtsyOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: HttpRequest["query"]; form?: Record<string, string> },
  ): Promise<HttpResponse> {
    const { limiter, tokens } = this.options;
    for (let attempt = 0; ; attempt++) {
      let token = await tokens.getAccessToken();
      await limiter.acquire(operation);
      let res = await this.send(operation, method, path, init, token);
      if (res.status === 401) {
        tokens.invalidate(token);
        token = await tokens.getAccessToken();
        await limiter.acquire(operation);
        res = await this.send(operation, method, path, init, token);
      }
      limiter.observe(res.headers);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 429 && attempt < MAX_RESENDS_AFTER_429 && limiter.enabled && !limiter.dayExhausted) {
        if (await waitToResendAfter429(res, limiter.drain(), limiter.maxWaitMs)) continue;
      }
      throw this.translateError(operation, res);
    }
  }

  private async send(
    operation: EtsyOperation,
    method: HttpRequest["method"],
    path: string,
    init: { query?: HttpRequest["query"]; form?: Record<string, string> },
    token: string,
  ): Promise<HttpResponse> {
    return sendRequest(
      {
        method,
        url: `${this.baseUrl}${path}`,
        query: init.query,
        form: init.form,
        headers: {
          "x-api-key": apiKeyHeader(this.options.apiKey),
          authorization: `Bearer ${token}`,
          "user-agent": this.options.userAgent ?? "OrderBridge/0.1",
        },
        timeoutMs: this.options.timeoutMs,
      },
      site(operation),
    );
  }

  private translateError(operation: EtsyOperation, res: HttpResponse): ConnectorError {
    const { error, description } = oauthErrorOf(res.text);
    let kind: ConnectorErrorKind;
    let retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    if (res.status === 401) kind = "auth_expired";
    else if (res.status === 429) {
      kind = "rate_limited";
      const { limiter } = this.options;
      // The day's quota refills over hours (a sliding 24 h window); a second's quota in a second.
      retryAfterMs ??= limiter.dayExhausted ? limiter.realMs(3600) : (limiter.drain() ?? limiter.realMs(1));
    } else if (res.status === 408 || res.status >= 500) kind = "retryable";
    else kind = "permanent";
    const oauthCode = error && /^[a-z_]+$/.test(error) ? error : undefined;
    return connectorErrorFromResponse(res, site(operation), {
      kind,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(oauthCode ? { code: oauthCode } : {}),
      ...(error ? { message: description ? `${error}: ${description}` : error } : {}),
    });
  }
}

function site(operation: string): HttpCallSite {
  return { marketplace: "etsy", operation };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function receiptOf(res: HttpResponse, s: HttpCallSite): EtsyShopReceipt {
  const body = parseJsonBody(res, s);
  if (!isObject(body) || typeof body.receipt_id !== "number")
    throw malformedBody(res, s, new Error("receipt_id missing"));
  return body as EtsyShopReceipt;
}
