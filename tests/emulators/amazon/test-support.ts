/**
 * Shared by the emulator's tests: start one on a free port, seed a seller, get an LWA token, call the API
 * over real HTTP with global fetch.
 */
import { type ApiResult, jsonBody, readResult } from "../kit/http-result";
import { createAmazonEmulator, type AmazonEmulator, type AmazonEmulatorOptions } from "./index";
import type { SeedOrderInput } from "./state";

export const SELLER = {
  sellerId: "A1SELLERONE",
  clientId: "amzn1.application-oa2-client.test",
  clientSecret: "amzn1.oa2-cs.v1.topsecret",
  refreshToken: "Atzr|refresh-one",
};

export const OTHER_SELLER = {
  sellerId: "A2SELLERTWO",
  clientId: "amzn1.application-oa2-client.test",
  clientSecret: "amzn1.oa2-cs.v1.topsecret",
  refreshToken: "Atzr|refresh-two",
};

export const US = "ATVPDKIKX0DER";

export type { ApiResult };

export interface Running {
  amazon: AmazonEmulator;
  baseUrl: string;
}

export async function start(opts: AmazonEmulatorOptions = { limitsEnabled: false }): Promise<Running> {
  const amazon = createAmazonEmulator(opts);
  const baseUrl = await amazon.listen(0);
  return { amazon, baseUrl };
}

export async function lwaToken(
  baseUrl: string,
  seller: { clientId: string; clientSecret: string; refreshToken: string } = SELLER,
) {
  const res = await fetch(`${baseUrl}/auth/o2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: seller.refreshToken,
      client_id: seller.clientId,
      client_secret: seller.clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`LWA ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One SP-API call; `body` is JSON-encoded unless a string. */
export async function api<T = any>(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers["x-amz-access-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  return readResult<T>(await fetch(`${baseUrl}${path}`, { method, headers, body: jsonBody(body) }));
}

export function order(overrides: Partial<SeedOrderInput> = {}): SeedOrderInput {
  return {
    sellerId: SELLER.sellerId,
    items: [
      { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: "12.50", tax: "2.00", shippingPrice: "4.99" },
      { sku: "CUP-RED", title: "Red cup", quantity: 1, unitPrice: "7.25" },
    ],
    ...overrides,
  };
}

/** Past the 2-minute listing lag without waiting. */
export function settle(amazon: AmazonEmulator): void {
  amazon.advanceClock(121);
}

export const LONG_AGO = "2020-01-01T00:00:00Z";
