/**
 * Webhooks v3 (`/stores/{store_hash}/v3/hooks...`, spec `webhooks.v3.yml`): the app's subscriptions.
 *   GET    /hooks                 getWebhooks (is_active, scope, destination, page, limit)
 *   POST   /hooks                 createWebhooks {scope, destination, is_active?, headers?} → 200 {data, meta}
 *   GET    /hooks/{webhook_id}    getWebhook
 *   PUT    /hooks/{webhook_id}    updateWebhook (at least one field)
 *   DELETE /hooks/{webhook_id}    deleteWebhook → 200 with the deleted hook
 * Any token of the store may manage hooks (no OAuth scope needed, as the spec says); each hook belongs to
 * the app's client id.
 *
 * Scopes must be ones the spec documents (the `store/...` titles of its callback schemas). The destination
 * must be https on port 443 in BigCommerce; the emulator also accepts http or https on a loopback host
 * (127.0.0.1, localhost, ::1) on any port, so tests and sandbox mode can receive webhooks. Custom `headers`
 * are credentials: they are not kept in the request log (see redactHeaders).
 */
import type { EmulatorRequest } from "../kit/emulator-server";
import { apiRoute, page, paginationMeta, type ApiCall, type BcContext } from "./api";
import { ApiError } from "./errors";
import { loadSpec, SPECS } from "./spec";
import type { HookRecord } from "./state";

let scopes: Set<string> | null = null;

/** The webhook scopes webhooks.v3.yml documents (titles of its callback schemas). */
export function knownScopes(): Set<string> {
  if (scopes) return scopes;
  const schemas = (loadSpec(SPECS.webhooks).doc.components?.schemas ?? {}) as Record<string, { title?: unknown }>;
  scopes = new Set(
    Object.values(schemas)
      .map((s) => s.title)
      .filter((t): t is string => typeof t === "string" && t.startsWith("store/")),
  );
  return scopes;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Why BigCommerce (or the emulator's loopback allowance) would refuse this destination; null when fine. */
export function destinationProblem(destination: string): string | null {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return "destination must be an absolute URL";
  }
  if (LOOPBACK.has(url.hostname) && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "destination must use https";
  if (url.port !== "" && url.port !== "443")
    return "destination must be served on port 443 (custom ports are not supported)";
  return null;
}

const unprocessable = (field: string, reason: string) =>
  new ApiError(422, "JSON data is missing or invalid", field, reason);
const hookNotFound = (id: unknown) => new ApiError(404, `Webhook with id [${String(id)}] not found`);

export function hookView(h: HookRecord): Record<string, unknown> {
  return {
    id: h.id,
    client_id: h.clientId,
    store_hash: h.storeHash,
    scope: h.scope,
    destination: h.destination,
    headers: h.headers,
    is_active: h.isActive,
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}

/** Keeps custom header values out of the kit's request log (logged after the handler, from the same object). */
function redactHeaders(req: EmulatorRequest): void {
  const b = req.body as { headers?: unknown } | undefined;
  if (b && typeof b === "object" && b.headers && typeof b.headers === "object") {
    b.headers = Object.fromEntries(Object.keys(b.headers).map((k) => [k, "[redacted]"]));
  }
}

function checkFields(body: Record<string, unknown>): void {
  if (typeof body.scope === "string" && !knownScopes().has(body.scope))
    unprocessableThrow("scope", `${body.scope} is not a webhook scope`);
  if (typeof body.destination === "string") {
    const problem = destinationProblem(body.destination);
    if (problem) unprocessableThrow("destination", problem);
  }
}

function unprocessableThrow(field: string, reason: string): never {
  throw unprocessable(field, reason);
}

export function registerHookRoutes(ctx: BcContext): void {
  const own = (call: ApiCall) => ctx.state.hooksOf(call.store.hash, ctx.clientId);
  const hook = (call: ApiCall): HookRecord => {
    const h = own(call).find((x) => x.id === call.values.webhook_id);
    if (!h) throw hookNotFound(call.values.webhook_id);
    return h;
  };
  const W = { version: "v3", spec: SPECS.webhooks, scopes: null, redactLog: redactHeaders } as const;

  apiRoute(ctx, {
    ...W,
    method: "GET",
    path: "/hooks",
    operationId: "getWebhooks",
    handler: (call) => {
      const v = call.values;
      const hooks = own(call).filter(
        (h) =>
          (v.is_active === undefined || h.isActive === v.is_active) &&
          (v.scope === undefined || h.scope === v.scope) &&
          (v.destination === undefined || h.destination === v.destination),
      );
      const p = page(hooks, v);
      return {
        status: 200,
        body: { data: p.items.map(hookView), meta: paginationMeta(p.total, p.page, p.limit, p.items.length) },
      };
    },
  });

  apiRoute(ctx, {
    ...W,
    method: "POST",
    path: "/hooks",
    operationId: "createWebhooks",
    handler: (call) => {
      const body = (call.body ?? {}) as Record<string, unknown>;
      const headers = body.headers ? { ...(body.headers as Record<string, string>) } : null;
      if (body.scope === undefined) throw unprocessable("scope", "error.path.missing");
      if (body.destination === undefined) throw unprocessable("destination", "error.path.missing");
      checkFields(body);
      const now = Math.floor(ctx.now() / 1000);
      const h = ctx.state.addHook({
        storeHash: call.store.hash,
        clientId: ctx.clientId,
        scope: body.scope as string,
        destination: body.destination as string,
        headers,
        isActive: body.is_active === undefined ? true : (body.is_active as boolean),
        createdAt: now,
        updatedAt: now,
      });
      return { status: 200, body: { data: hookView(h), meta: {} } };
    },
  });

  apiRoute(ctx, {
    ...W,
    method: "GET",
    path: "/hooks/:webhook_id",
    operationId: "getWebhook",
    handler: (call) => ({ status: 200, body: { data: hookView(hook(call)), meta: {} } }),
  });

  apiRoute(ctx, {
    ...W,
    method: "PUT",
    path: "/hooks/:webhook_id",
    operationId: "updateWebhook",
    handler: (call) => {
      const h = hook(call);
      const body = (call.body ?? {}) as Record<string, unknown>;
      const headers =
        body.headers === undefined
          ? undefined
          : body.headers === null
            ? null
            : { ...(body.headers as Record<string, string>) };
      if (!["scope", "destination", "is_active", "headers"].some((k) => body[k] !== undefined)) {
        throw new ApiError(422, "At least one field is required to update a webhook.");
      }
      checkFields(body);
      if (typeof body.scope === "string") h.scope = body.scope;
      if (typeof body.destination === "string") h.destination = body.destination;
      if (typeof body.is_active === "boolean") h.isActive = body.is_active;
      if (headers !== undefined) h.headers = headers;
      h.updatedAt = Math.floor(ctx.now() / 1000);
      return { status: 200, body: { data: hookView(h), meta: {} } };
    },
  });

  apiRoute(ctx, {
    ...W,
    method: "DELETE",
    path: "/hooks/:webhook_id",
    operationId: "deleteWebhook",
    handler: (call) => {
      const h = hook(call);
      ctx.state.removeHook(h.id);
      return { status: 200, body: { data: hookView(h), meta: {} } };
    },
  });
}
