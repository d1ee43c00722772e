/**
 * Shared by the emulator's tests: start one on a free port with a seeded store, call the REST API and the
 * control API over real HTTP, and a tiny node:http receiver (webhooks, app callbacks) whose answers a test
 * can script.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiResult, jsonBody, readResult } from "../kit/http-result";
import { createBigCommerceEmulator, type BigCommerceEmulator, type BigCommerceEmulatorOptions } from "./index";

export const CLIENT = { clientId: "bc-test-client-id", clientSecret: "bc-test-client-secret" };
export const STORE = "abc123test";

export const BILLING = {
  first_name: "Jane",
  last_name: "Doe",
  street_1: "123 Main Street",
  city: "Austin",
  state: "Texas",
  zip: "78751",
  country: "United States",
  country_iso2: "US",
  email: "janedoe@example.com",
};

export type Result<T = any> = ApiResult<T>;

async function call<T>(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Result<T>> {
  const h = { ...headers };
  if (body !== undefined) h["content-type"] ??= "application/json";
  return readResult<T>(await fetch(url, { method, headers: h, body: jsonBody(body) }));
}

export interface Started {
  emu: BigCommerceEmulator;
  base: string;
  store: string;
  token: string;
  /** A REST call below /stores/{store}: `api("GET", "/v2/orders")`. */
  api: <T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts?: { token?: string | null; store?: string; headers?: Record<string, string> },
  ) => Promise<Result<T>>;
  control: <T = any>(method: string, path: string, body?: unknown) => Promise<Result<T>>;
}

export async function start(opts: Partial<BigCommerceEmulatorOptions> = {}): Promise<Started> {
  const emu = createBigCommerceEmulator({ ...CLIENT, limitsEnabled: false, ...opts });
  const base = await emu.listen();
  const { accessToken } = emu.createStore({ storeHash: STORE, name: "Test Store" });
  return {
    emu,
    base,
    store: STORE,
    token: accessToken!,
    api: (method, path, body, o = {}) => {
      const headers: Record<string, string> = { accept: "application/json", ...(o.headers ?? {}) };
      const token = o.token === undefined ? accessToken! : o.token;
      if (token !== null) headers["x-auth-token"] = token;
      return call(`${base}/stores/${o.store ?? STORE}${path}`, method, body, headers);
    },
    control: (method, path, body) => call(`${base}${path}`, method, body, {}),
  };
}

/** Seeds the catalog most tests use: MUG-1 (simple product) and a T-shirt with two variant SKUs. */
export function seedCatalog(t: Started) {
  const mug = t.emu.addProduct(t.store, { name: "Mug", sku: "MUG-1", price: 12.5, inventory_level: 20 }) as any;
  const shirt = t.emu.addProduct(t.store, {
    name: "T-shirt",
    price: 20,
    variants: [
      { sku: "TEE-S", price: 20, inventory_level: 5 },
      { sku: "TEE-L", price: 22, inventory_level: 7 },
    ],
  }) as any;
  return { mug, shirt };
}

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** An HTTP endpoint that records every request; `respond` decides the status and body (200 by default). */
export class Receiver {
  readonly received: Received[] = [];
  respond: (
    r: Received,
    index: number,
  ) =>
    | number
    | { status: number; body?: string; contentType?: string }
    | Promise<number | { status: number; body?: string; contentType?: string }> = () => 200;
  private server: Server | null = null;
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const r: Received = {
          method: req.method ?? "GET",
          path: req.url ?? "/",
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString("utf8"),
        };
        this.received.push(r);
        const answer = await this.respond(r, this.received.length - 1);
        if (res.destroyed) return;
        const a = typeof answer === "number" ? { status: answer } : answer;
        res.writeHead(a.status, a.contentType ? { "content-type": a.contentType } : {});
        res.end(a.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  clear(): void {
    this.received.length = 0;
    this.respond = () => 200;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
