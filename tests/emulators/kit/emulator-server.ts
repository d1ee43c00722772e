import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { FaultQueue, type AnsweredFaultKind, type Fault } from "./faults";

/**
 * The base every emulator is built on: a real node:http server with
 *  - a request log (`GET /__sandbox/requests`, secrets redacted),
 *  - faults on request (`POST /__sandbox/faults`, `DELETE /__sandbox/faults`), and chaos: faults at a rate, counted
 *    by kind (`POST /__sandbox/chaos {rate, kinds?, seed?, timeoutMs?}`, `GET`, `DELETE` turns it off); control
 *    routes (`/__sandbox/...`) never take a fault,
 *  - a time scale for rate limits (`POST /__sandbox/limits {timeScale, enabled}`),
 *  - a reset (`POST /__sandbox/reset`, or `reset()` in process) that also runs the emulator's `onReset` hooks,
 *  - emulator-specific routes, API and control alike, registered with `route()`.
 */

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  rawBody: string;
  /** Parsed JSON or form body; undefined when empty; the raw string when it does not parse. */
  body: unknown;
  params: Record<string, string>;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Object → JSON; string → sent as is; undefined → empty body. */
  body?: unknown;
}

export type RouteHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  status: number;
  time: string;
  durationMs: number;
}

export interface LimitsState {
  /** Rate limits enforced at all. */
  enabled: boolean;
  /** Emulated seconds per real second. */
  timeScale: number;
}

// Keys whose values are secrets: tokens, secrets, passwords, OAuth codes and verifiers, API keys.
const SECRET_KEYS =
  /token|secret|password|authorization|refresh|^code$|code_verifier|subject_token|api[-_]?key|access_token|accessToken/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) =>
        SECRET_KEYS.test(k) && typeof v === "string" && !/trackingnumber|tracking_number|trackingNumber/i.test(k)
          ? [k, "[redacted]"]
          : [k, redact(v)],
      ),
    );
  }
  return value;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const src = path
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        keys.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { pattern: new RegExp(`^${src}/?$`), keys };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export class EmulatorServer {
  readonly faults = new FaultQueue();
  readonly limits: LimitsState;
  private readonly routes: Route[] = [];
  private readonly log: RequestLogEntry[] = [];
  private server: Server | null = null;
  private baseUrlValue = "";
  /** Called for each API request after faults, before the handler; may answer instead (e.g. auth, rate limits). */
  private guards: ((req: EmulatorRequest) => EmulatorResponse | null)[] = [];
  private readonly hungSockets = new Set<ServerResponse>();
  private readonly resetHooks: (() => void)[] = [];

  constructor(
    readonly name: string,
    opts: { timeScale?: number; limitsEnabled?: boolean } = {},
  ) {
    this.limits = { enabled: opts.limitsEnabled ?? true, timeScale: opts.timeScale ?? 1 };
    this.route("GET", "/__sandbox/requests", () => ({ status: 200, body: this.log }));
    this.route("DELETE", "/__sandbox/requests", () => {
      this.log.length = 0;
      return { status: 204 };
    });
    this.route("GET", "/__sandbox/faults", () => ({ status: 200, body: this.faults.list() }));
    this.route("POST", "/__sandbox/faults", (req) => {
      const list = Array.isArray(req.body) ? req.body : [req.body];
      try {
        for (const f of list) this.faults.add(f as Fault);
      } catch (e) {
        return { status: 400, body: { error: (e as Error).message } };
      }
      return { status: 201, body: this.faults.list() };
    });
    this.route("DELETE", "/__sandbox/faults", () => {
      this.faults.clear();
      return { status: 204 };
    });
    this.route("GET", "/__sandbox/chaos", () => ({ status: 200, body: this.faults.chaos() }));
    this.route("POST", "/__sandbox/chaos", (req) => {
      try {
        return { status: 200, body: this.faults.setChaos((req.body ?? {}) as Record<string, unknown>) };
      } catch (e) {
        return { status: 400, body: { error: (e as Error).message } };
      }
    });
    this.route("DELETE", "/__sandbox/chaos", () => ({ status: 200, body: this.faults.setChaos({ rate: 0, seed: 1 }) }));
    this.route("GET", "/__sandbox/limits", () => ({ status: 200, body: this.limits }));
    this.route("POST", "/__sandbox/limits", (req) => {
      const b = (req.body ?? {}) as Partial<LimitsState>;
      if (typeof b.enabled === "boolean") this.limits.enabled = b.enabled;
      if (typeof b.timeScale === "number" && b.timeScale > 0) this.limits.timeScale = b.timeScale;
      return { status: 200, body: this.limits };
    });
    this.route("POST", "/__sandbox/reset", () => {
      this.reset();
      return { status: 204 };
    });
  }

  get baseUrl(): string {
    return this.baseUrlValue;
  }

  /** Current time scale, for token buckets. */
  readonly timeScale = (): number => this.limits.timeScale;

  route(method: string, path: string, handler: RouteHandler): this {
    const { pattern, keys } = compile(path);
    this.routes.push({ method: method.toUpperCase(), pattern, keys, handler });
    return this;
  }

  guard(fn: (req: EmulatorRequest) => EmulatorResponse | null): this {
    this.guards.push(fn);
    return this;
  }

  onReset(fn: () => void): this {
    this.resetHooks.push(fn);
    return this;
  }

  requests(): RequestLogEntry[] {
    return [...this.log];
  }

  /** What `POST /__sandbox/reset` does: clears the request log, the faults and chaos, then runs the `onReset` hooks. */
  reset(): void {
    this.log.length = 0;
    this.faults.reset();
    for (const h of this.resetHooks) h();
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.baseUrlValue = `http://${host}:${addr.port}`;
    return this.baseUrlValue;
  }

  async close(): Promise<void> {
    for (const r of this.hungSockets) r.destroy();
    this.hungSockets.clear();
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const ereq: EmulatorRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers["content-type"]),
      params: {},
    };
    const isControl = url.pathname.startsWith("/__sandbox/");
    const record = (status: number) => {
      if (isControl) return;
      const query: Record<string, string | string[]> = {};
      for (const k of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(k);
        query[k] = all.length === 1 ? all[0] : all;
      }
      this.log.push({
        method,
        path: url.pathname,
        query: redact(query) as Record<string, string | string[]>,
        body: redact(ereq.body),
        status,
        time: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      });
    };

    let out: EmulatorResponse | null = null;
    let loseAnswer = false;
    try {
      if (!isControl) {
        const fault = this.faults.take(method, url.pathname);
        if (fault) {
          if (fault.kind === "timeout") {
            record(0);
            this.hungSockets.add(res);
            setTimeout(() => {
              this.hungSockets.delete(res);
              res.destroy();
            }, fault.delayMs ?? 30_000).unref();
            return;
          }
          if (fault.kind === "malformed_body") {
            record(200);
            res.writeHead(200, { "content-type": "application/json" });
            res.end('{"payload": {"Orders": [ truncated');
            return;
          }
          if (fault.kind === "lost_answer") loseAnswer = true;
          else out = this.faultResponse(fault.kind);
        }
        if (!out) for (const g of this.guards) if ((out = g(ereq))) break;
      }
      if (!out) out = await this.dispatch(ereq);
    } catch (e) {
      out = { status: 500, body: { errors: [{ code: "InternalFailure", message: (e as Error).message }] } };
    }
    record(out.status);
    // Processed as usual (state changed, logged with its status), but the caller never gets the answer.
    if (loseAnswer) res.destroy();
    else this.send(res, out);
  }

  /** How a fault answers; emulators may override to match their API's error shape. */
  protected faultResponse(kind: AnsweredFaultKind): EmulatorResponse {
    switch (kind) {
      case "http_500":
        return {
          status: 500,
          body: {
            errors: [{ code: "InternalFailure", message: "We encountered an internal error. Please try again." }],
          },
        };
      case "http_503":
        return {
          status: 503,
          body: { errors: [{ code: "ServiceUnavailable", message: "Service temporarily unavailable." }] },
        };
      case "http_429":
        return {
          status: 429,
          headers: { "retry-after": "1" },
          body: { errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource." }] },
        };
      case "expired_token":
        return {
          status: 403,
          body: { errors: [{ code: "Unauthorized", message: "The access token you provided has expired." }] },
        };
    }
  }

  private async dispatch(req: EmulatorRequest): Promise<EmulatorResponse> {
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      try {
        req.params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
      } catch {
        return {
          status: 400,
          body: { errors: [{ code: "InvalidInput", message: `Malformed escape in ${req.path}` }] },
        };
      }
      return r.handler(req);
    }
    return { status: 404, body: { errors: [{ code: "NotFound", message: `No route for ${req.method} ${req.path}` }] } };
  }

  private send(res: ServerResponse, out: EmulatorResponse): void {
    const headers: Record<string, string> = { ...(out.headers ?? {}) };
    let payload = "";
    if (out.body !== undefined) {
      if (typeof out.body === "string") payload = out.body;
      else {
        payload = JSON.stringify(out.body);
        headers["content-type"] ??= "application/json";
      }
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }
}

/** `../shared/specs` beside the repo: where the specs are looked for without SPECS_DIR. */
export const DEFAULT_SPECS_DIR = fileURLToPath(new URL("../../../../shared/specs/", import.meta.url));

/** Where the official specs live (`../shared/specs` beside the repo, or SPECS_DIR). */
export function specsDir(): string {
  if (process.env.SPECS_DIR) return process.env.SPECS_DIR;
  return DEFAULT_SPECS_DIR;
}
