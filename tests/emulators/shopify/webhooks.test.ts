import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { CLIENT, ORDER_CREATE, Receiver, startEmulator, type Received, type Started } from "./test-helpers";

let t: Started;
const receiver = new Receiver();

/** What the app does: base64 HMAC-SHA256 of the raw body with the client secret, compared timing-safely. */
function verified(r: Received): boolean {
  const expected = createHmac("sha256", CLIENT.clientSecret).update(r.rawBody, "utf8").digest();
  const given = Buffer.from(String(r.headers["x-shopify-hmac-sha256"]), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function createOrder(sourceIdentifier: string) {
  const r = await t.gql(ORDER_CREATE, {
    order: {
      sourceName: "OrderBridge Amazon",
      sourceIdentifier,
      email: "buyer@example.com",
      lineItems: [
        { variantId: t.emu.listProducts(t.domain)[0].variants[0].id, quantity: 2 },
        { variantId: t.emu.listProducts(t.domain)[0].variants[1].id, quantity: 1 },
      ],
    },
  });
  return r.body.data.orderCreate.order;
}

beforeAll(async () => {
  // One emulated minute per real millisecond: the first retry comes after ~1 ms, the eighth after ~128 ms.
  t = await startEmulator({ timeScale: 60_000 });
  t.emu.addProduct(t.domain, {
    title: "Mug",
    variants: [
      { sku: "MUG-1", price: "12.00", inventoryQuantity: 50 },
      { sku: "MUG-2", price: "14.00", inventoryQuantity: 50 },
    ],
  });
  await receiver.start();
  const r = await t.control("POST", "/__sandbox/app", { appUrl: receiver.url });
  expect(r).toEqual({ status: 200, body: { appUrl: receiver.url } });
});
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.respond = () => 200;
  receiver.delay = () => 0;
});
afterEach(() => t.emu.whenWebhooksIdle());

describe("fulfillments/create", () => {
  it("is delivered signed, with Shopify's headers and the REST Fulfillment body, when the merchant fulfills", async () => {
    const order = await createOrder("amazon:1");
    const res = await t.control("POST", `/__sandbox/shops/${t.domain}/orders/${encodeURIComponent(order.id)}/fulfill`, {
      lineItems: [{ sku: "MUG-1", quantity: 1 }],
      trackingCompany: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "#1001.1",
      trackingCompany: "UPS",
      trackingNumber: "1Z999AA10123456784",
      lineItems: [{ sku: "MUG-1", quantity: 1 }],
    });
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    expect(hook.path).toBe("/webhooks/fulfillments/create");
    expect(verified(hook)).toBe(true);
    expect(hook.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "fulfillments/create",
      "x-shopify-shop-domain": "test-shop.myshopify.com",
      "x-shopify-api-version": SHOPIFY_API_VERSION,
    });
    expect(hook.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(hook.headers["x-shopify-triggered-at"])))).toBe(false);

    const body = JSON.parse(hook.rawBody);
    const lineId = Number(order.lineItems.nodes[0].id.split("/").pop());
    expect(body).toMatchObject({
      admin_graphql_api_id: res.body.id,
      order_id: Number(order.legacyResourceId),
      name: "#1001.1",
      status: "success",
      service: "manual",
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_numbers: ["1Z999AA10123456784"],
      email: "buyer@example.com",
      line_items: [{ id: lineId, sku: "MUG-1", quantity: 1, fulfillable_quantity: 1, title: "Mug", price: "12.00" }],
    });
    expect(typeof body.id).toBe("number");
    expect(typeof body.location_id).toBe("number");
    expect(body.tracking_url).toMatch(/^https:\/\/www\.ups\.com\//);
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);

    const log = await t.control("GET", "/__sandbox/webhooks?topic=fulfillments/create");
    expect(log.body.at(-1)).toMatchObject({
      topic: "fulfillments/create",
      state: "delivered",
      attempts: 1,
      lastStatus: 200,
      webhookId: hook.headers["x-shopify-webhook-id"],
    });
  });

  it("is also fired by the fulfillmentCreate mutation; a tracking update fires fulfillments/update", async () => {
    const order = await createOrder("amazon:2");
    const fo = order.fulfillmentOrders.nodes[0];
    const created = await t.gql(
      `mutation f($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }`,
      {
        f: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
          trackingInfo: { company: "USPS", number: "9400111899223197428490" },
        },
      },
    );
    const fulfillmentId = created.body.data.fulfillmentCreate.fulfillment.id;
    await t.emu.whenWebhooksIdle();
    const upd = await t.control(
      "POST",
      `/__sandbox/shops/${t.domain}/fulfillments/${encodeURIComponent(fulfillmentId)}/tracking`,
      {
        trackingCompany: "FedEx",
        trackingNumber: "123456789012",
      },
    );
    expect(upd.status).toBe(200);
    await t.emu.whenWebhooksIdle();

    expect(receiver.received.map((r) => r.headers["x-shopify-topic"])).toEqual([
      "fulfillments/create",
      "fulfillments/update",
    ]);
    expect(receiver.received.every(verified)).toBe(true);
    const [create, update] = receiver.received.map((r) => JSON.parse(r.rawBody));
    expect(create).toMatchObject({
      admin_graphql_api_id: fulfillmentId,
      tracking_company: "USPS",
      line_items: [{ quantity: 2 }, { quantity: 1 }],
    });
    expect(update).toMatchObject({
      admin_graphql_api_id: fulfillmentId,
      tracking_company: "FedEx",
      tracking_number: "123456789012",
    });
    expect(receiver.received[1].path).toBe("/webhooks/fulfillments/update");
    expect(receiver.received[0].headers["x-shopify-event-id"]).not.toBe(
      receiver.received[1].headers["x-shopify-event-id"],
    );
  });
});

describe("delivery guarantees", () => {
  it("retries a 500 with the same webhook id and body until the app answers 2xx", async () => {
    receiver.respond = (_r, i) => (i < 2 ? 500 : 200);
    const order = await createOrder("amazon:3");
    t.emu.fulfill(t.domain, order.id, { trackingCompany: "UPS", trackingNumber: "1Z999AA10123456785" });
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers["x-shopify-webhook-id"]));
    const bodies = new Set(receiver.received.map((r) => r.rawBody));
    expect(ids.size).toBe(1);
    expect(bodies.size).toBe(1);
    expect(receiver.received.every(verified)).toBe(true);
    const entry = t.emu.webhookLog({ topic: "fulfillments/create" }).at(-1)!;
    expect(entry).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200 });
  });

  it("gives up after 8 retries (9 attempts)", async () => {
    receiver.respond = () => 503;
    const order = await createOrder("amazon:4");
    t.emu.fulfill(t.domain, order.id, {});
    await t.emu.whenWebhooksIdle();
    expect(receiver.received).toHaveLength(9);
    expect(t.emu.webhookLog({ topic: "fulfillments/create" }).at(-1)).toMatchObject({
      state: "failed",
      attempts: 9,
      lastStatus: 503,
    });
  });

  it("redelivers a delivery as a duplicate: same webhook id, event id and body", async () => {
    const order = await createOrder("amazon:5");
    t.emu.fulfill(t.domain, order.id, { trackingCompany: "DHL Express", trackingNumber: "1234567890" });
    await t.emu.whenWebhooksIdle();
    const original = t.emu.webhookLog({ topic: "fulfillments/create" }).at(-1)!;

    const res = await t.control("POST", `/__sandbox/webhooks/${original.id}/redeliver`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ redeliveryOf: original.id, webhookId: original.webhookId });
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received;
    expect(b.headers["x-shopify-webhook-id"]).toBe(a.headers["x-shopify-webhook-id"]);
    expect(b.headers["x-shopify-event-id"]).toBe(a.headers["x-shopify-event-id"]);
    expect(b.rawBody).toBe(a.rawBody);
    expect(verified(b)).toBe(true);
    expect((await t.control("POST", "/__sandbox/webhooks/999999/redeliver")).status).toBe(404);
  });

  it("logs deliveries as skipped while no app URL is set", async () => {
    await t.control("POST", "/__sandbox/app", { appUrl: null });
    try {
      const order = await createOrder("amazon:6");
      t.emu.fulfill(t.domain, order.id, {});
      expect(t.emu.webhookLog({ topic: "fulfillments/create" }).at(-1)).toMatchObject({
        state: "skipped",
        attempts: 0,
        url: null,
      });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await t.control("POST", "/__sandbox/app", { appUrl: receiver.url });
    }
  });
});

describe("app/uninstalled", () => {
  it("fires app/uninstalled with the REST shop and revokes the shop's tokens", async () => {
    const shop = t.emu.createShop({ domain: "leaving-shop", name: "Leaving" });
    const res = await t.control("POST", `/__sandbox/shops/leaving-shop.myshopify.com/uninstall`);
    expect(res.status).toBe(200);
    await t.emu.whenWebhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    expect(hook.path).toBe("/webhooks/app/uninstalled");
    expect(hook.headers["x-shopify-topic"]).toBe("app/uninstalled");
    expect(hook.headers["x-shopify-shop-domain"]).toBe("leaving-shop.myshopify.com");
    expect(verified(hook)).toBe(true);
    expect(JSON.parse(hook.rawBody)).toMatchObject({ myshopify_domain: "leaving-shop.myshopify.com", name: "Leaving" });

    const r = await t.gql("{ shop { id } }", {}, shop.accessToken);
    expect(r.status).toBe(401);
  });

  it("fires compliance topics through the control API, and refuses topics the TOML does not subscribe", async () => {
    const ok = await t.control("POST", `/__sandbox/shops/${t.domain}/webhooks`, { topic: "shop/redact" });
    expect(ok.status).toBe(202);
    await t.emu.whenWebhooksIdle();
    expect(receiver.received[0].path).toBe("/webhooks/compliance");
    expect(JSON.parse(receiver.received[0].rawBody)).toMatchObject({ shop_domain: t.domain });
    const no = await t.control("POST", `/__sandbox/shops/${t.domain}/webhooks`, { topic: "orders/create" });
    expect(no.status).toBe(422);
  });
});

describe("delivery timeout", () => {
  it("counts an answer that comes too late as a failure and retries", async () => {
    const fast = await startEmulator({ timeScale: 60_000, webhookTimeoutMs: 100, appUrl: receiver.url });
    try {
      fast.emu.addProduct(fast.domain, { title: "Cap", variants: [{ sku: "CAP", price: "9.00" }] });
      const order = fast.emu.createOrder(fast.domain, { lineItems: [{ sku: "CAP", quantity: 1 }] });
      receiver.delay = (i) => (i === 0 ? 400 : 0);
      fast.emu.fulfill(fast.domain, order.id);
      await fast.emu.whenWebhooksIdle();
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1].headers["x-shopify-webhook-id"]).toBe(
        receiver.received[0].headers["x-shopify-webhook-id"],
      );
      const d = fast.emu.delivery(fast.emu.webhookLog()[0].id)!;
      expect(d.state).toBe("delivered");
      expect(d.attemptsLog.map((a) => a.error)).toEqual(["no answer within 100 ms", null]);
    } finally {
      await fast.emu.close();
    }
  });
});
