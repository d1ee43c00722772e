/**
 * Shared by the Etsy emulator's tests: start one on a free port, seed an app and a shop, get an access
 * token, and call the API over real HTTP with global fetch.
 */
import { type ApiResult, readResult } from "../kit/http-result";
import { createEtsyEmulator, type EtsyEmulator, type EtsyEmulatorOptions, type SeedReceiptInput } from "./index";

export const APP = { keystring: "sandboxkeystring0001", sharedSecret: "sandbox-shared-secret" };
export const SHOP = {
  shopId: 5_001_001,
  userId: 70_001_001,
  keystring: APP.keystring,
  refreshToken: "70001001.seeded-refresh-token",
};
export const OTHER_SHOP = {
  shopId: 5_001_002,
  userId: 70_001_002,
  keystring: APP.keystring,
  refreshToken: "70001002.other-refresh-token",
};
export const API_KEY = `${APP.keystring}:${APP.sharedSecret}`;

export const receiptsPath = (shopId = SHOP.shopId) => `/v3/application/shops/${shopId}/receipts`;
export const shopsOfUserPath = (userId: number | string = SHOP.userId) => `/v3/application/users/${userId}/shops`;
export const trackingPath = (receiptId: number, shopId = SHOP.shopId) =>
  `/v3/application/shops/${shopId}/receipts/${receiptId}/tracking`;

export type { ApiResult };

export interface Running {
  etsy: EtsyEmulator;
  baseUrl: string;
}

export async function start(opts: EtsyEmulatorOptions = { limitsEnabled: false }, seed = true): Promise<Running> {
  const etsy = createEtsyEmulator(opts);
  const baseUrl = await etsy.listen(0);
  if (seed) {
    etsy.seedApp(APP);
    etsy.seedShop(SHOP);
    etsy.seedShop(OTHER_SHOP);
  }
  return { etsy, baseUrl };
}

/** A form-urlencoded POST to the token endpoint. */
export async function tokenRequest(
  baseUrl: string,
  fields: Record<string, string>,
  apiKey: string | null = API_KEY,
): Promise<ApiResult> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  return readResult(
    await fetch(`${baseUrl}/v3/public/oauth/token`, { method: "POST", headers, body: new URLSearchParams(fields) }),
  );
}

/** Refreshes with the shop's refresh token; returns both new tokens. */
export async function refresh(
  baseUrl: string,
  refreshToken: string = SHOP.refreshToken,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await tokenRequest(baseUrl, {
    grant_type: "refresh_token",
    client_id: APP.keystring,
    refresh_token: refreshToken,
  });
  if (res.status !== 200) throw new Error(`token ${res.status}: ${res.text}`);
  return { accessToken: res.body.access_token, refreshToken: res.body.refresh_token };
}

export interface CallOptions {
  token?: string | null;
  apiKey?: string | null;
  /** Object bodies are sent as JSON unless `form` is set; strings as they are. */
  body?: unknown;
  form?: Record<string, string>;
  contentType?: string;
}

/** One API call. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  const apiKey = opts.apiKey === undefined ? API_KEY : opts.apiKey;
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.form) {
    headers["content-type"] = opts.contentType ?? "application/x-www-form-urlencoded";
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.body !== undefined) {
    headers["content-type"] = opts.contentType ?? "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  return readResult<T>(await fetch(`${baseUrl}${path}`, { method, headers, body }));
}

export async function control<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  return readResult<T>(
    await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export function receipt(overrides: Partial<SeedReceiptInput> = {}): SeedReceiptInput {
  return {
    shopId: SHOP.shopId,
    items: [
      { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: "12.50" },
      { sku: "CUP-RED", title: "Red cup", quantity: 1, unitPrice: "7.25" },
    ],
    shipping: "4.99",
    tax: "2.00",
    name: "Ann Lee",
    first_line: "1 Pike St",
    city: "Seattle",
    state: "WA",
    zip: "98101",
    country_iso: "US",
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
