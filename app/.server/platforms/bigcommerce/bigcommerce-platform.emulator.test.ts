import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBigCommerceEmulator, type BigCommerceEmulator } from "#tests/emulators/bigcommerce/index.ts";
import { AuthorizationRefusedError, StepError, TransientError } from "#app/.server/errors.ts";
import type { NewShopOrder } from "../types";
import type { ShopFulfillmentEvent } from "../events";
import { createBigCommercePlatform } from "./bigcommerce-platform";
import { BigCommerceRestClient, type BigCommerceRestClientOptions } from "./rest-client";
import { WEBHOOK_SCOPES } from "./webhook-registration";

/**
 * The BigCommerce adapter over real HTTP against the spec-validating emulator. Rate limits are on, with a
 * 3-second window (time scale 10); the main store's quota is large, the rate-limit tests use their own stores.
 */
const APP = { clientId: "bc-platform-test-client", clientSecret: "bc-platform-test-secret" };
const STORE = "plat01";

let bc: BigCommerceEmulator;
let base: string;
let token: string;

function clientOpts(
  storeHash: string,
  accessToken: string,
  extra: Partial<BigCommerceRestClientOptions> = {},
): BigCommerceRestClientOptions {
  return { apiBaseUrl: base, storeHash, accessToken, ...extra };
}
/** The error a call fails with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<Error & { code?: string; retryAfterMs?: number }> {
  try {
    await call;
  } catch (e) {
    return e as Error & { code?: string; retryAfterMs?: number };
  }
  throw new Error("expected the call to fail");
}
const platform = (extra: Partial<BigCommerceRestClientOptions> = {}) =>
  createBigCommercePlatform(clientOpts(STORE, token, extra));

function newOrder(marketplaceOrderId: string, variants: { mug: string; tee: string }): NewShopOrder {
  return {
    marketplace: "amazon",
    marketplaceOrderId,
    currency: "USD",
    buyer: { name: "Jane Q Doe", email: "jane@marketplace.example", phone: null },
    shippingAddress: {
      name: "Jane Q Doe",
      line1: "1 Main St",
      line2: "Apt 2",
      city: "Austin",
      region: "TX",
      postalCode: "78701",
      countryCode: "US",
      phone: "+1 512 555 0100",
    },
    lines: [
      {
        variantId: variants.mug,
        sku: "MUG-1",
        title: "Mug",
        quantity: 2,
        unitPrice: { amount: 1200, currency: "USD" },
        lineTotal: { amount: 2400, currency: "USD" },
      },
      {
        variantId: variants.tee,
        sku: "TEE-M",
        title: "Tee M",
        quantity: 1,
        unitPrice: { amount: 2000, currency: "USD" },
        lineTotal: { amount: 2000, currency: "USD" },
      },
    ],
    shipping: { title: "Std US D2D Dom", price: { amount: 499, currency: "USD" } },
    tax: { amount: 310, currency: "USD" },
    discount: { amount: 0, currency: "USD" },
    processedAt: new Date("2026-03-01T10:20:30Z"),
    tags: ["OrderBridge", "Amazon"],
    note: `Amazon order ${marketplaceOrderId}`,
  };
}

beforeAll(async () => {
  bc = createBigCommerceEmulator({ ...APP, timeScale: 10, limitsEnabled: true });
  base = await bc.listen();
  token = bc.createStore({ storeHash: STORE, quota: 100_000 }).accessToken!;
  bc.addProduct(STORE, { name: "Mug", sku: "MUG-1", price: 12, inventory_level: 40 });
  bc.addProduct(STORE, {
    name: "Tee",
    price: 20,
    variants: [
      { sku: "TEE-S", inventory_level: 3 },
      { sku: "TEE-M", inventory_level: 5 },
    ],
  });
});

afterAll(async () => {
  await bc?.close();
});

describe("BigCommercePlatform against the emulator", () => {
  it("finds variants by exact SKU, simple products and variants alike, and leaves unknown SKUs out", async () => {
    const found = await platform().findVariantsBySku(["MUG-1", "TEE-M", "NOPE-404", "MUG-1"]);
    expect([...found.keys()].sort()).toEqual(["MUG-1", "TEE-M"]);
    const products = bc.listProducts(STORE) as { id: number; variants: { id: number; sku: string }[] }[];
    const tee = products.find((p) => p.variants.some((v) => v.sku === "TEE-M"))!;
    expect(found.get("TEE-M")).toEqual({
      variantId: String(tee.variants.find((v) => v.sku === "TEE-M")!.id),
      productId: String(tee.id),
      sku: "TEE-M",
      title: "TEE-M",
      inventoryQuantity: 5,
    });
    expect(found.get("MUG-1")?.inventoryQuantity).toBe(40);
  });

  it("creates the order once: a retry finds it by external_order_id, with address, totals, tax and lines carried", async () => {
    const p = platform();
    const variants = await p.findVariantsBySku(["MUG-1", "TEE-M"]);
    const ids = { mug: variants.get("MUG-1")!.variantId, tee: variants.get("TEE-M")!.variantId };
    expect(await p.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "111-2223333-4444444" })).toBeNull();

    const created = await p.createOrder(newOrder("111-2223333-4444444", ids));
    expect(created.name).toBe(`#${created.id}`);
    expect(created.lines.map((l) => ({ sku: l.sku, variantId: l.variantId, quantity: l.quantity }))).toEqual([
      { sku: "MUG-1", variantId: ids.mug, quantity: 2 },
      { sku: "TEE-M", variantId: ids.tee, quantity: 1 },
    ]);

    // What a retry after a crash does first: a fresh adapter finds the same order instead of creating another.
    const again = await platform().findOrderBySource({
      marketplace: "amazon",
      marketplaceOrderId: "111-2223333-4444444",
    });
    expect(again).toEqual(created);
    expect(bc.listOrders(STORE).filter((o) => o.external_order_id === "amazon:111-2223333-4444444")).toHaveLength(1);

    const order = bc.getOrder(STORE, created.id) as Record<string, any>;
    expect(order).toMatchObject({
      status_id: 11,
      status: "Awaiting Fulfillment",
      customer_id: 0,
      external_source: "OrderBridge (Amazon)",
      external_order_id: "amazon:111-2223333-4444444",
      payment_method: "Amazon",
      staff_notes: "Amazon order 111-2223333-4444444",
      date_created: "Sun, 01 Mar 2026 10:20:30 +0000",
      subtotal_ex_tax: "44.0000",
      subtotal_inc_tax: "47.1000",
      shipping_cost_inc_tax: "4.9900",
      total_ex_tax: "48.9900",
      total_inc_tax: "52.0900",
      total_tax: "3.1000",
    });
    expect(order.billing_address).toMatchObject({
      first_name: "Jane Q",
      last_name: "Doe",
      email: "jane@marketplace.example",
      zip: "78701",
      country_iso2: "US",
    });
    expect(order.shipping_addresses).toHaveLength(1);
    expect(order.shipping_addresses[0]).toMatchObject({
      first_name: "Jane Q",
      last_name: "Doe",
      street_1: "1 Main St",
      street_2: "Apt 2",
      city: "Austin",
      state: "TX",
      zip: "78701",
      country: "United States",
      country_iso2: "US",
      phone: "+1 512 555 0100",
      shipping_method: "Std US D2D Dom",
    });
    // The tax is spread over the lines in proportion (1.69 + 1.41 = 3.10).
    expect(order.products.map((l: any) => [l.sku, l.quantity, l.price_ex_tax, l.price_inc_tax])).toEqual([
      ["MUG-1", 2, "12.0000", "12.8450"],
      ["TEE-M", 1, "20.0000", "21.4100"],
    ]);
  });

  it("creates an order without a prior SKU lookup in this adapter (product ids fetched per variant)", async () => {
    const variants = await platform().findVariantsBySku(["MUG-1", "TEE-M"]);
    const ids = { mug: variants.get("MUG-1")!.variantId, tee: variants.get("TEE-M")!.variantId };
    const fresh = platform();
    const created = await fresh.createOrder({
      ...newOrder("ship-me-1", ids),
      shippingAddress: null,
      tax: { amount: 0, currency: "USD" },
    });
    const order = bc.getOrder(STORE, created.id) as Record<string, any>;
    expect(order.billing_address).toMatchObject({ first_name: "Jane Q", last_name: "Doe", zip: "N/A" });
    expect(order.total_inc_tax).toBe("48.9900");
  });

  it("leaves out a line with nothing to ship (Amazon's cancelled item, quantity 0) instead of having the whole order refused", async () => {
    const p = platform();
    const variants = await p.findVariantsBySku(["MUG-1", "TEE-M", "TEE-S"]);
    const ids = { mug: variants.get("MUG-1")!.variantId, tee: variants.get("TEE-M")!.variantId };
    const base = newOrder("111-0000000-0000000", ids);
    const cancelledLine = {
      variantId: variants.get("TEE-S")!.variantId,
      sku: "TEE-S",
      title: "Tee S",
      quantity: 0,
      unitPrice: { amount: 2000, currency: "USD" },
      lineTotal: { amount: 0, currency: "USD" },
    };
    const created = await p.createOrder({ ...base, lines: [...base.lines, cancelledLine] });
    expect(created.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ["MUG-1", 2],
      ["TEE-M", 1],
    ]);
    expect(bc.getOrder(STORE, created.id)).toMatchObject({ subtotal_ex_tax: "44.0000", total_inc_tax: "52.0900" });
  });

  it("turns shipments into fulfillment events: lines by order product, SKU, carrier as the merchant sees it", async () => {
    const p = platform();
    const ref = (await p.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "ship-me-1" }))!;
    const mugLine = ref.lines.find((l) => l.sku === "MUG-1")!;
    const first = bc.ship(STORE, ref.id, {
      items: [{ order_product_id: Number(mugLine.id), quantity: 1 }],
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
    }) as { id: number };
    const second = bc.ship(STORE, ref.id, {
      tracking_number: "00340434161094042557",
      tracking_carrier: "dhl-global-mail",
    }) as { id: number };

    const event = await p.getShipmentEvent(ref.id, first.id);
    expect(event).toMatchObject({
      shopOrderId: ref.id,
      fulfillmentId: String(first.id),
      status: "success",
      carrierName: "UPS",
      trackingNumber: "1Z999AA10123456784",
      lines: [{ shopLineItemId: mugLine.id, sku: "MUG-1", quantity: 1 }],
    });
    expect(Math.abs(event!.shippedAt.getTime() - Date.now())).toBeLessThan(60_000);

    const all = await p.listShipmentEvents(ref.id);
    expect(all.map((e) => [e.fulfillmentId, e.carrierName])).toEqual([
      [String(first.id), "UPS"],
      [String(second.id), "DHL eCommerce"],
    ]);
    expect(all[1].lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([
      ["MUG-1", 1],
      ["TEE-M", 1],
    ]);

    expect(await p.getShipmentEvent(ref.id, 999_999)).toBeNull();
    expect(
      await p.listShipmentEvents(
        (await p.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "111-2223333-4444444" }))!.id,
      ),
    ).toEqual([]);
  });

  it("lists the fulfillment events of the port (an order linked after the fact): every shipment, as its webhook's fetch gives it", async () => {
    const p = platform();
    const ref = (await p.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "ship-me-1" }))!;
    const events = await p.listFulfillmentEvents(ref.id);
    expect(events.map((e) => e.trackingNumber)).toEqual(["1Z999AA10123456784", "00340434161094042557"]);
    // A shipment keeps no time of its last change: each read is stamped with when it was made.
    const withoutReadTime = ({ updatedAt, ...rest }: ShopFulfillmentEvent) => (
      expect(updatedAt).toBeInstanceOf(Date),
      rest
    );
    const single = await Promise.all(events.map(async (e) => (await p.getShipmentEvent(ref.id, e.fulfillmentId))!));
    expect(single.map(withoutReadTime)).toEqual(events.map(withoutReadTime));
    expect(single[0]!.updatedAt!.getTime()).toBeGreaterThanOrEqual(events[0]!.updatedAt!.getTime());
    expect(await p.listFulfillmentEvents("999999")).toEqual([]);
  });

  it("registers each webhook once, and switches a deactivated one back on", async () => {
    const hash = "hooks01";
    const t = bc.createStore({ storeHash: hash, quota: 10_000 }).accessToken!;
    const p = createBigCommercePlatform(clientOpts(hash, t));
    const destination = "http://127.0.0.1:9/webhooks/bigcommerce";
    expect((await p.registerWebhooks(destination)).map((h) => h.outcome)).toEqual(WEBHOOK_SCOPES.map(() => "created"));
    expect((await p.registerWebhooks(destination)).map((h) => h.outcome)).toEqual(WEBHOOK_SCOPES.map(() => "existing"));
    const hooks = bc.hooks(hash) as { id: number; scope: string; destination: string; is_active: boolean }[];
    expect(hooks.map((h) => h.scope).sort()).toEqual([...WEBHOOK_SCOPES].sort());
    expect(hooks.every((h) => h.destination === destination && h.is_active)).toBe(true);

    const client = new BigCommerceRestClient(clientOpts(hash, t));
    await client.put(`/v3/hooks/${hooks[0].id}`, { is_active: false });
    const again = await p.registerWebhooks(destination);
    expect(again.find((h) => h.id === hooks[0].id)?.outcome).toBe("reactivated");
    expect(bc.hooks(hash)).toHaveLength(WEBHOOK_SCOPES.length);
  });
});

describe("BigCommerce REST client at the edge", () => {
  const storeLog = (hash: string) => bc.requests().filter((r) => r.path.startsWith(`/stores/${hash}/`));

  it("waits X-Rate-Limit-Time-Reset-Ms before the next call once Requests-Left is 0 (no 429)", async () => {
    const hash = "paced01";
    const t = bc.createStore({ storeHash: hash, quota: 2 }).accessToken!;
    const client = new BigCommerceRestClient(clientOpts(hash, t));
    const started = Date.now();
    for (let i = 0; i < 3; i++) await client.get("/v3/catalog/variants", { query: { sku: "X" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500); // the 3-second window had to close
    expect(storeLog(hash).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("waits out a 429 that carries the rate-limit headers and resends", async () => {
    const hash = "busy01";
    const t = bc.createStore({ storeHash: hash, quota: 3 }).accessToken!;
    // Another client of the same store uses up the quota (BigCommerce shares it across apps).
    for (let i = 0; i < 3; i++) {
      await fetch(`${base}/stores/${hash}/v3/catalog/variants`, {
        headers: { "x-auth-token": t, accept: "application/json" },
      });
    }
    const client = new BigCommerceRestClient(clientOpts(hash, t));
    const body = await client.get<{ data: unknown[] }>("/v3/catalog/variants", { query: { sku: "X" } });
    expect(body?.data).toEqual([]);
    const statuses = storeLog(hash).map((r) => r.status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 200]);
  });

  it("bounds the waiting of one job: past maxTotalInlineWaitMs the next wait is handed to the queue, not slept", async () => {
    const hash = "budget01";
    const t = bc.createStore({ storeHash: hash, quota: 1 }).accessToken!;
    const client = new BigCommerceRestClient(clientOpts(hash, t, { maxTotalInlineWaitMs: 4_000 }));
    await client.get("/v3/catalog/variants", { query: { sku: "X" } }); // quota used up: the next call waits ~3 s
    await client.get("/v3/catalog/variants", { query: { sku: "X" } }); // waited ~3 s of the 4 s budget
    const started = Date.now();
    const err = await failure(client.get("/v3/catalog/variants", { query: { sku: "X" } }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(TransientError);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.message).toMatch(/quota of store budget01 is used up/);
    expect(storeLog(hash).map((r) => r.status)).toEqual([200, 200]);
  });

  it("gives up after a bounded number of 429s without headers (platform load) with a TransientError and a wait", async () => {
    bc.server.faults.add({ kind: "http_429", match: `GET /stores/${STORE}/v3/catalog/variants`, times: 5 });
    try {
      const client = new BigCommerceRestClient(
        clientOpts(STORE, token, { maxRateLimitRetries: 2, platformLoadWaitMs: 10 }),
      );
      const err = await failure(client.get("/v3/catalog/variants"));
      expect(err).toBeInstanceOf(TransientError);
      expect(err.retryAfterMs).toBe(10);
      expect(err.message).toMatch(/429, platform load/);
    } finally {
      bc.server.faults.clear();
    }
  });

  it("treats 5xx and timeouts as retryable, and the next call goes through", async () => {
    const p = platform({ timeoutMs: 300 });
    bc.server.faults.add({ kind: "http_503", match: `GET /stores/${STORE}/v3/catalog/variants`, times: 1 });
    const e5 = await failure(p.findVariantsBySku(["MUG-1"]));
    expect(e5).toBeInstanceOf(TransientError);
    expect(e5.message).toMatch(/503.*Service Unavailable/);
    bc.server.faults.add({ kind: "timeout", match: `GET /stores/${STORE}/v2/orders`, times: 1, delayMs: 2_000 });
    const et = await failure(p.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "111-2223333-4444444" }));
    expect(et).toBeInstanceOf(TransientError);
    expect(et.message).toMatch(/no answer within 300 ms/);
    expect((await p.findVariantsBySku(["MUG-1"])).has("MUG-1")).toBe(true);
  });

  it("turns refusals into StepErrors with BigCommerce's own message", async () => {
    const client = new BigCommerceRestClient(clientOpts(STORE, token));
    const bad = await failure(
      client.post("/v2/orders", { products: [{ name: "x", quantity: 1, price_inc_tax: 1, price_ex_tax: 1 }] }),
    );
    expect(bad).toBeInstanceOf(StepError);
    expect(bad.message).toMatch(/POST \/v2\/orders \(400\): The required field 'billing_address' was not supplied/);

    const gone = await failure(platform().createOrder(newOrder("gone-1", { mug: "987654", tee: "987655" })));
    expect(gone).toBeInstanceOf(StepError);
    expect(gone.code).toBe("unknown_sku");
  });

  it("checks a 401 with one cheap call: refused again is a refused authorisation, answered is a retry", async () => {
    const badToken = await failure(new BigCommerceRestClient(clientOpts(STORE, "not-a-token")).get("/v2/orders"));
    expect(badToken).toBeInstanceOf(AuthorizationRefusedError);
    expect((badToken as AuthorizationRefusedError).scope).toEqual({ kind: "shop" });
    expect(badToken.message).toMatch(/refused the app's access token twice \(on GET \/v2\/orders\)/);

    bc.server.faults.add({ kind: "expired_token", match: `GET /stores/${STORE}/v2/orders`, times: 1 });
    const once = await failure(new BigCommerceRestClient(clientOpts(STORE, token)).get("/v2/orders"));
    expect(once).toBeInstanceOf(TransientError);
    expect(once.message).toMatch(/refused the app's access token once on GET \/v2\/orders, then answered 200/);

    const refused = createBigCommercePlatform(clientOpts(STORE, "not-a-token"));
    await expect(refused.verifyAuthorization()).rejects.toBeInstanceOf(AuthorizationRefusedError);
    await expect(platform().verifyAuthorization()).resolves.toBeUndefined();
  });
});
