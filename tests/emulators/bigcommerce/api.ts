/**
 * What every REST call does around its own logic, in this order:
 *   (kit: injected fault) → X-Auth-Token for this store (401) → store quota (429) → OAuth scope (403)
 *   → spec validation (v2 400 / v3 422) → the operation (ApiError → the version's envelope)
 * and the four X-Rate-Limit-* headers on every answer after the token check.
 *
 * Routes are served at `/stores/{store_hash}/v2|v3/...`, as on api.bigcommerce.com. Validation issues are
 * worded as BigCommerce words them (errors.ts); a path parameter that is not the declared type answers
 * 404, as an unknown resource does.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorServer } from "../kit/emulator-server";
import { ApiError, NOT_FOUND_MESSAGE, apiError, v2Error, v3Error, type ApiVersion, type V2ErrorItem } from "./errors";
import type { RateDecision, StoreRateLimiter } from "./rate-limit";
import { unauthorized } from "./server";
import { loadSpec, type SpecFile, type SpecIssue, type SpecOperation } from "./spec";
import type { BigCommerceState, StoreRecord } from "./state";

export interface BcContext {
  server: EmulatorServer;
  state: BigCommerceState;
  limiter: StoreRateLimiter;
  clientId: string;
  /** The base URL the emulator answers on (links in v2 answers). */
  apiBase(): string;
  now(): number;
}

export interface ApiCall {
  req: EmulatorRequest;
  store: StoreRecord;
  /** Query and path parameters coerced to their declared types. */
  values: Record<string, any>;
  body: any;
}

export interface ApiRouteDef {
  version: ApiVersion;
  method: string;
  /** Below `/stores/:storeHash/{version}`, e.g. "/orders/:order_id". */
  path: string;
  spec: SpecFile;
  operationId: string;
  /** The call needs one of these OAuth scopes; null: any token of the store (webhooks). */
  scopes: string[] | null;
  /** Undeclared query parameters (default: v2 refuses them, v3 ignores them). */
  unknownQuery?: "reject" | "ignore";
  /** Undeclared top-level body fields (default: v2 refuses them, v3 ignores them). */
  unknownBodyFields?: "reject" | "ignore";
  /** Rewrites the query before validation (e.g. `sort=date_created:desc`). */
  prepareQuery?: (q: URLSearchParams) => URLSearchParams;
  handler: (call: ApiCall) => EmulatorResponse | Promise<EmulatorResponse>;
  /** Scrubs secrets from the request before the kit logs it (the log is written after the answer). */
  redactLog?: (req: EmulatorRequest) => void;
}

export const SCOPE_MISSING = "You don't have a required scope to access the endpoint";

export const ORDERS_READ = ["store_v2_orders", "store_v2_orders_read_only"];
export const ORDERS_WRITE = ["store_v2_orders"];
export const PRODUCTS_READ = ["store_v2_products", "store_v2_products_read_only"];

function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function v2Message(i: SpecIssue): V2ErrorItem {
  switch (i.kind) {
    case "required":
      return { status: 400, message: `The required field '${i.field}' was not supplied.` };
    case "unknown":
      return { status: 400, message: `The field '${i.field}' is not supported by this resource.` };
    case "readOnly":
      return {
        status: 400,
        message: `The field '${i.field}' cannot be written to. Please remove it from your request before trying again.`,
      };
    case "unparseable":
      return { status: 400, message: "The request body is not valid JSON." };
    default:
      return {
        status: 400,
        message: `The field '${i.field}' is invalid.`,
        details: { invalid_reason: `${i.field} ${i.reason}` },
      };
  }
}

/** Spec-validation issues in the version's envelope. */
export function issuesResponse(version: ApiVersion, issues: SpecIssue[]): EmulatorResponse {
  if (issues.some((i) => i.location === "path")) return apiError(version, 404, NOT_FOUND_MESSAGE);
  if (version === "v2") return v2Error(400, issues.map(v2Message));
  const unparseable = issues.find((i) => i.kind === "unparseable");
  if (unparseable) return v3Error(400, "Input is invalid.", { body: unparseable.reason });
  const errors = Object.fromEntries(
    issues.map((i) => [i.field, i.kind === "required" ? "error.path.missing" : `${i.field} ${i.reason}`]),
  );
  const query = issues.filter((i) => i.location === "query");
  if (query.length === issues.length) {
    const unknown = query.filter((i) => i.kind === "unknown");
    const title = unknown.length
      ? `The filter(s): ${unknown.map((i) => i.field).join(", ")} are not valid filter parameter(s).`
      : "Input is invalid.";
    return v3Error(422, title, errors);
  }
  return v3Error(422, "JSON data is missing or invalid", errors);
}

export function apiRoute(ctx: BcContext, def: ApiRouteDef): void {
  const op = () => loadSpec(def.spec).operation(def.operationId);
  ctx.server.route(def.method, `/stores/:storeHash/${def.version}${def.path}`, async (req) => {
    try {
      const store = ctx.state.storeForToken(header(req, "x-auth-token"));
      if (!store || store.hash !== req.params.storeHash) return unauthorized();
      const rate = ctx.limiter.take(store.hash, store.quota);
      const res = rate.allowed ? await run(def, op, req, store) : apiError(def.version, 429, "Too Many Requests");
      return {
        ...res,
        headers: { ...(res.headers ?? {}), ...rate.headers, ...(rate.allowed ? {} : retryAfter(rate)) },
      };
    } finally {
      def.redactLog?.(req);
    }
  });
}

/**
 * A quota 429 also says `X-Retry-After`, whole seconds until the window resets (as BigCommerce's answers do, seen
 * through published client libraries: docs/platform-facts.md#bc-rate-limits), in real seconds like Reset-Ms.
 */
function retryAfter(rate: RateDecision): Record<string, string> {
  const resetMs = Number(rate.headers["X-Rate-Limit-Time-Reset-Ms"] ?? 0);
  return { "X-Retry-After": String(Math.max(1, Math.ceil(resetMs / 1000))) };
}

async function run(
  def: ApiRouteDef,
  op: () => SpecOperation,
  req: EmulatorRequest,
  store: StoreRecord,
): Promise<EmulatorResponse> {
  if (def.scopes && !def.scopes.some((s) => store.scopes.includes(s))) return apiError(def.version, 403, SCOPE_MISSING);
  const query = def.prepareQuery ? def.prepareQuery(req.query) : req.query;
  const { storeHash: _ignored, ...params } = req.params;
  const checked = op().validateRequest(
    { query, params, rawBody: req.rawBody, body: req.body },
    {
      unknownQuery: def.unknownQuery ?? (def.version === "v2" ? "reject" : "ignore"),
      unknownBodyFields: def.unknownBodyFields ?? (def.version === "v2" ? "reject" : "ignore"),
    },
  );
  if (checked.issues.length) return issuesResponse(def.version, checked.issues);
  try {
    return await def.handler({ req, store, values: checked.values, body: checked.body });
  } catch (e) {
    if (e instanceof ApiError) return e.toResponse(def.version);
    throw e;
  }
}

/** Collection paging as both APIs do it: 1-based page, `limit` items (default 50, at most 250). */
export function page<T>(
  items: T[],
  values: Record<string, any>,
): { items: T[]; page: number; limit: number; total: number } {
  const limit = Math.min(250, Math.max(1, Math.floor(Number(values.limit ?? 50)) || 50));
  const p = Math.max(1, Math.floor(Number(values.page ?? 1)) || 1);
  return { items: items.slice((p - 1) * limit, p * limit), page: p, limit, total: items.length };
}

/** The v3 `meta.pagination` of a page. */
export function paginationMeta(total: number, pageNo: number, limit: number, count: number) {
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const links: Record<string, string> = { current: `?page=${pageNo}&limit=${limit}` };
  if (pageNo > 1) links.previous = `?page=${pageNo - 1}&limit=${limit}`;
  if (pageNo < totalPages) links.next = `?page=${pageNo + 1}&limit=${limit}`;
  return { pagination: { total, count, per_page: limit, current_page: pageNo, total_pages: totalPages, links } };
}
