/**
 * eBay's REST error envelope and the messages the spec documents.
 *
 * Every Sell API error answers `{errors:[{errorId, domain, category, message, longMessage?, parameters?}]}`.
 * The messages of the Fulfillment API's own errors (30700, 32100, ...) are read from the spec's
 * `x-response-codes` at run time, with their `{placeholders}` filled in, so they read as the spec says.
 * The platform-wide errors (1001 invalid token, 1100 access denied, 2001 too many requests, 2003 internal
 * error) are not in the spec; their wording is eBay's as commonly seen in its answers (not from a primary
 * source we hold, so **unconfirmed**). `longMessage` repeats `message` unless there is more to say.
 */
import type { EmulatorResponse } from "../kit/emulator-server";
import { loadFulfillmentSpec } from "./spec";

export interface EbayErrorParameter {
  name: string;
  value: string;
}

export interface EbayError {
  errorId: number;
  domain: string;
  category: "REQUEST" | "APPLICATION" | "BUSINESS";
  message: string;
  longMessage?: string;
  parameters?: EbayErrorParameter[];
}

export const DOMAIN = "API_FULFILLMENT";

/** `{errors:[...]}` with the given status. */
export function errorResponse(status: number, errors: EbayError[], headers?: Record<string, string>): EmulatorResponse {
  return { status, body: { errors }, ...(headers ? { headers } : {}) };
}

/** The spec's description of a Fulfillment API error id, e.g. 30700 → "Invalid filter name: {fieldname}". */
export function documentedMessage(errorId: number): string | undefined {
  return loadFulfillmentSpec().errorDescriptions.get(errorId);
}

/**
 * A Fulfillment API error (domain API_FULFILLMENT) with the spec's message; `values` fill the message's
 * placeholders in order and are echoed as `parameters` (eBay names them after the placeholders).
 */
export function fulfillmentError(
  errorId: number,
  values: Record<string, string> = {},
  opts: { longMessage?: string; category?: EbayError["category"] } = {},
): EbayError {
  const template = documentedMessage(errorId) ?? `Error ${errorId}`;
  const message = template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
  const parameters = Object.entries(values).map(([name, value]) => ({ name, value }));
  return {
    errorId,
    domain: DOMAIN,
    category: opts.category ?? (errorId === 30500 ? "APPLICATION" : "REQUEST"),
    message,
    longMessage: opts.longMessage ?? message,
    ...(parameters.length > 0 ? { parameters } : {}),
  };
}

export function badRequest(
  errorId: number,
  values: Record<string, string> = {},
  longMessage?: string,
): EmulatorResponse {
  return errorResponse(400, [fulfillmentError(errorId, values, longMessage ? { longMessage } : {})]);
}

export const INVALID_ACCESS_TOKEN: EbayError = {
  errorId: 1001,
  domain: "OAuth",
  category: "REQUEST",
  message: "Invalid access token",
  longMessage: "Invalid access token. Check the value of the Authorization HTTP request header.",
};

export const ACCESS_DENIED: EbayError = {
  errorId: 1100,
  domain: "ACCESS",
  category: "REQUEST",
  message: "Access denied",
  longMessage: "Insufficient permissions to fulfill the request.",
};

export const TOO_MANY_REQUESTS: EbayError = {
  errorId: 2001,
  domain: "ACCESS",
  category: "REQUEST",
  message: "Too many requests",
  longMessage: "The request limit has been reached for the resource.",
};

export const INTERNAL_ERROR: EbayError = {
  errorId: 2003,
  domain: "ACCESS",
  category: "APPLICATION",
  message: "Internal error",
  longMessage:
    "There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.",
};

export const invalidAccessToken = (): EmulatorResponse => errorResponse(401, [INVALID_ACCESS_TOKEN]);
export const accessDenied = (): EmulatorResponse => errorResponse(403, [ACCESS_DENIED]);
export const tooManyRequests = (): EmulatorResponse => errorResponse(429, [TOO_MANY_REQUESTS]);
export const systemError = (): EmulatorResponse => errorResponse(500, [fulfillmentError(30500)]);

/** OAuth token-endpoint errors use RFC 6749's `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return { status, headers: { "cache-control": "no-store" }, body: { error, error_description: description } };
}
