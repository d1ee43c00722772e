/**
 * Shared by the eBay emulator's tests: start one on a free port, seed a seller, get a user access token,
 * call the API over real HTTP with global fetch.
 */
import { type ApiResult, jsonBody, readResult } from "../kit/http-result";
import { createEbayEmulator, type EbayEmulator, type EbayEmulatorOptions } from "./index";
import type { SeedOrderInput } from "./state";

export const SELLER = {
  username: "mugs_and_more",
  userId: "u2hxq8m3k1",
  clientId: "OrderBri-Sandbox-PRD-a1b2c3d4e-5f6a7b8c",
  clientSecret: "PRD-1b2c3d4e5f6a-7b8c-9d0e-1f2a-3b4c",
  refreshToken: "v^1.1#i^1#p^3#I^3#r^1#f^0#t^refresh-one",
  ruName: "OrderBridge-OrderBri-Sandbo-abcdefg",
};

export const OTHER_SELLER = {
  ...SELLER,
  username: "cups_galore",
  userId: "u9zzq1p0a4",
  refreshToken: "v^1.1#i^1#p^3#I^3#r^1#f^0#t^refresh-two",
};

export const API = "/sell/fulfillment/v1";

export type { ApiResult };

export interface Running {
  ebay: EbayEmulator;
  baseUrl: string;
}

export async function start(opts: EbayEmulatorOptions = { limitsEnabled: false }): Promise<Running> {
  const ebay = createEbayEmulator(opts);
  const baseUrl = await ebay.listen(0);
  return { ebay, baseUrl };
}

export function basic(clientId = SELLER.clientId, clientSecret = SELLER.clientSecret): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
}

export async function tokenRequest(baseUrl: string, form: Record<string, string>, authorization = basic()) {
  const res = await fetch(`${baseUrl}/identity/v1/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** A user access token from the seller's refresh token. */
export async function userToken(baseUrl: string, seller: { refreshToken: string } = SELLER): Promise<string> {
  const res = await tokenRequest(baseUrl, { grant_type: "refresh_token", refresh_token: seller.refreshToken });
  if (res.status !== 200) throw new Error(`token ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** One API call; `body` is JSON-encoded unless a string. */
export async function api<T = any>(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const h: Record<string, string> = { accept: "application/json", ...headers };
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === "content-type"))
    h["content-type"] = "application/json";
  return readResult<T>(await fetch(`${baseUrl}${path}`, { method, headers: h, body: jsonBody(body) }));
}

/** `filter` query value for getOrders, percent-encoded as eBay asks. */
export function filterQuery(filter: string, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ filter, ...extra }).toString()}`;
}

export function order(overrides: Partial<SeedOrderInput> = {}): SeedOrderInput {
  return {
    username: SELLER.username,
    items: [
      { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: "12.50", shippingCost: "4.99", tax: "2.00" },
      { sku: "CUP-RED", title: "Red cup", quantity: 1, unitPrice: "7.25" },
    ],
    ...overrides,
  };
}

export function errorIds(body: { errors?: { errorId: number }[] }): number[] {
  return (body.errors ?? []).map((e) => e.errorId);
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
