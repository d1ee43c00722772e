/**
 * Helpers for the emulator's own tests: a started emulator with one seeded shop, a GraphQL client over real
 * HTTP, and a tiny node:http webhook receiver whose answers a test can script.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createShopifyEmulator, type ShopifyEmulator, type ShopifyEmulatorOptions } from "./index";
import { API_VERSION } from "./schema";

export const CLIENT = { clientId: "test-client-id", clientSecret: "test-client-secret" };

export interface Started {
  emu: ShopifyEmulator;
  base: string;
  domain: string;
  token: string;
  gql: <T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => Promise<{ status: number; body: T }>;
  control: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
}

export async function startEmulator(opts: Partial<ShopifyEmulatorOptions> = {}): Promise<Started> {
  const emu = createShopifyEmulator({ ...CLIENT, limitsEnabled: false, ...opts });
  const base = await emu.listen();
  const { domain, accessToken } = emu.createShop({ domain: "test-shop.myshopify.com", name: "Test Shop" });
  const gql = async (query: string, variables: Record<string, unknown> = {}, token = accessToken) => {
    const res = await fetch(`${base}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { emu, base, domain, token: accessToken, gql, control };
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A webhook endpoint: records every request; `respond` decides the status (200 by default). */
export class Receiver {
  readonly received: Received[] = [];
  respond: (r: Received, index: number) => number = () => 200;
  /** Milliseconds to wait before answering (to provoke the emulator's delivery timeout). */
  delay: (index: number) => number = () => 0;
  private server: Server | null = null;
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r: Received = {
          path: req.url ?? "/",
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString("utf8"),
        };
        this.received.push(r);
        const i = this.received.length - 1;
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(this.respond(r, i));
          res.end();
        };
        const ms = this.delay(i);
        if (ms > 0) setTimeout(answer, ms);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

export const ORDER_CREATE = `mutation createOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order {
      id legacyResourceId name sourceName sourceIdentifier tags createdAt displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      shippingAddress { firstName lastName address1 city countryCodeV2 zip }
      lineItems(first: 50) { nodes { id sku title quantity variant { id } originalUnitPriceSet { shopMoney { amount currencyCode } } } }
      fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } } }
    }
    userErrors { field message code }
  }
}`;
