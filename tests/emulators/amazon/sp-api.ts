/**
 * What every SP-API operation does before and after its own logic, in Amazon's order:
 *   (kit: injected faults) → access token (403) → usage plan (429) → operation (validation 400, 404, 2xx)
 * and on every answer `x-amzn-RequestId` and `x-amzn-RateLimit-Limit`.
 *
 * Also the context the route modules share, and the translation of spec-validation issues into
 * SP-API's `InvalidInput` errors.
 */
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import {
  type AmazonEmulatorServer,
  expiredTokenError,
  requestIdHeader,
  spError,
  UNAUTHORIZED_DENIED,
} from "./amazon-emulator-server";
import type { EmulatedClock } from "./clock";
import type { ConsentStore } from "./consent";
import type { AccessToken, AccessTokens } from "./lwa";
import type { SpecIssue } from "./spec-validator";
import type { AmazonState, Seller } from "./state";
import { rateLimitHeader, type OperationName, type RateLimiter } from "./usage-plans";

export interface AmazonSettings {
  /** getOrderItems page size (Amazon does not document one; default 100). */
  orderItemsPageSize: number;
  /**
   * When true, v0 answers PII (ShippingAddress name/lines/phone, BuyerInfo, getOrderAddress) only to a
   * Restricted Data Token that covers the call, as Amazon does. Default false: a plain LWA token sees it.
   */
  requireRdtForPii: boolean;
}

export interface AmazonContext {
  server: AmazonEmulatorServer;
  state: AmazonState;
  clock: EmulatedClock;
  tokens: AccessTokens;
  consents: ConsentStore;
  limiter: RateLimiter;
  settings: AmazonSettings;
  /** The operations registered, to tell a request's usage plan before routing (fault answers). */
  operations: { method: string; pattern: RegExp; op: OperationName }[];
}

export interface Caller {
  seller: Seller;
  token: AccessToken;
  /** May this call see the given PII data element ("shippingAddress", "buyerInfo")? */
  mayRead(dataElement: string): boolean;
}

export type ApiHandler = (req: EmulatorRequest, caller: Caller) => EmulatorResponse | Promise<EmulatorResponse>;

function pathPattern(template: string): RegExp {
  const src = template
    .split("/")
    .map((seg) => (seg.startsWith(":") || /^\{.+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${src}/?$`);
}

/** The usage-plan header for a request path, for answers given before routing (faults). */
export function rateLimitForPath(ctx: AmazonContext, method: string, path: string): string | undefined {
  const hit = ctx.operations.find((r) => r.method === method && r.pattern.test(path));
  return hit ? rateLimitHeader(hit.op) : undefined;
}

function covers(token: AccessToken, method: string, path: string): { covered: boolean; dataElements: string[] } {
  const hits = (token.restrictedResources ?? []).filter((r) => r.method === method && pathPattern(r.path).test(path));
  return { covered: hits.length > 0, dataElements: hits.flatMap((r) => r.dataElements ?? []) };
}

/** Registers an SP-API operation: auth, usage plan and Amazon's headers around `handler`. */
export function apiRoute(
  ctx: AmazonContext,
  method: string,
  path: string,
  op: OperationName,
  handler: ApiHandler,
): void {
  ctx.operations.push({ method, pattern: pathPattern(path), op });
  ctx.server.route(method, path, async (req) => {
    const headers = { ...requestIdHeader(), "x-amzn-RateLimit-Limit": rateLimitHeader(op) };
    const res = await run(ctx, req, op, handler);
    return { ...res, headers: { ...(res.headers ?? {}), ...headers } };
  });
}

async function run(
  ctx: AmazonContext,
  req: EmulatorRequest,
  op: OperationName,
  handler: ApiHandler,
): Promise<EmulatorResponse> {
  const header = req.headers["x-amz-access-token"];
  const found = ctx.tokens.lookup(Array.isArray(header) ? header[0] : header);
  if (found.status === "unknown") return spError(403, "Unauthorized", UNAUTHORIZED_DENIED);
  if (found.status === "expired") return expiredTokenError();
  const token = found.token;
  const seller = ctx.state.seller(token.sellerId);
  if (!seller) return spError(403, "Unauthorized", UNAUTHORIZED_DENIED);

  let rdt = { covered: false, dataElements: [] as string[] };
  if (token.kind === "rdt") {
    rdt = covers(token, req.method, req.path);
    // A restricted data token is good only for the operations it was issued for.
    if (!rdt.covered) return spError(403, "Unauthorized", UNAUTHORIZED_DENIED);
  }

  if (ctx.server.limits.enabled && !ctx.limiter.tryTake(seller.sellerId, op)) {
    return spError(429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
  }

  const caller: Caller = {
    seller,
    token,
    mayRead: (element) =>
      !ctx.settings.requireRdtForPii || (rdt.covered && (element === "*" || rdt.dataElements.includes(element))),
  };
  return handler(req, caller);
}

export const INVALID_INPUT_GENERIC =
  "The input you have submitted is not valid. Please check your input and try again.";

/** A semantic rule broken (dates, exclusive groups...): Amazon's generic message, the reason in details. */
export function invalidInput(details: string, message = INVALID_INPUT_GENERIC): EmulatorResponse {
  return spError(400, "InvalidInput", message, details);
}

/**
 * Spec-validation issues as SP-API reports them: type mismatches in a JSON body as
 * "…fields with invalid type [a, b]." (observed on confirmShipment, docs/platform-facts.md#amazon-confirm-shipment); anything else as
 * "Missing or invalid request parameters: [names]." (observed on getOrders).
 */
export function specIssuesResponse(issues: SpecIssue[]): EmulatorResponse {
  const details = issues.map((i) => i.message).join("; ");
  const unparseable = issues.find((i) => i.kind === "unparseable");
  if (unparseable) return spError(400, "InvalidInput", "Invalid Input", unparseable.message);
  const bodyTypes = issues.filter((i) => i.location === "body" && i.kind === "type");
  if (bodyTypes.length > 0 && bodyTypes.length === issues.length) {
    const names = bodyTypes.map((i) => i.name).join(", ");
    return spError(
      400,
      "InvalidInput",
      `The input you have submitted is not valid. Please check the fields with invalid type [${names}].`,
      details,
    );
  }
  const names = [...new Set(issues.map((i) => i.name))].join(", ");
  return spError(400, "InvalidInput", `Missing or invalid request parameters: [${names}].`, details);
}

export function notFound(message: string): EmulatorResponse {
  return spError(404, "NotFound", message);
}
