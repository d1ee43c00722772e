import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyStandardWebhook } from "./index";
import { BILLING, CLIENT, Receiver, seedCatalog, start, type Received, type Started } from "./test-support";
import { RETRY_SCHEDULE_S } from "./webhooks";

let t: Started;
const receiver = new Receiver();
let catalog: ReturnType<typeof seedCatalog>;

/** What the app does (Standard Webhooks): HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the secret's bytes. */
function verified(r: Received): boolean {
  const id = String(r.headers["webhook-id"]);
  const ts = String(r.headers["webhook-timestamp"]);
  const expected = createHmac("sha256", Buffer.from(CLIENT.clientSecret, "utf8"))
    .update(`${id}.${ts}.${r.rawBody}`)
    .digest();
  const [version, sig] = String(r.headers["webhook-signature"]).split(",");
  const given = Buffer.from(sig ?? "", "base64");
  return (
    version === "v1" &&
    given.length === expected.length &&
    timingSafeEqual(given, expected) &&
    Math.abs(Date.now() / 1000 - Number(ts)) < 300
  );
}

async function subscribe(
  scope: string,
  headers: Record<string, string> | null = { "X-Shared-Key": "s3cret" },
  path = "/webhooks",
) {
  const r = await t.api("POST", "/v3/hooks", {
    scope,
    destination: `${receiver.url}${path}`,
    is_active: true,
    headers,
  });
  expect(r.status).toBe(200);
  return r.body.data;
}

async function newOrder() {
  const r = await t.api("POST", "/v2/orders", {
    billing_address: BILLING,
    products: [{ product_id: catalog.mug.id, quantity: 2 }],
    status_id: 11,
  });
  expect(r.status).toBe(200);
  return r.body.id as number;
}

const bodies = () => receiver.received.map((r) => JSON.parse(r.rawBody));

beforeAll(async () => {
  // One emulated day per real ~86 ms: the whole retry schedule (about 48 h) takes under 200 ms.
  t = await start({ timeScale: 1_000_000 });
  catalog = seedCatalog(t);
  await receiver.start();
});
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});
beforeEach(async () => {
  receiver.clear();
  for (const h of t.emu.hooks(t.store)) await t.api("DELETE", `/v3/hooks/${h.id}`);
});
afterEach(() => t.emu.whenWebhooksIdle());

describe("deliveries", () => {
  it("sends store/shipment/created and store/order/statusUpdated when the merchant ships, signed per Standard Webhooks", async () => {
    await subscribe("store/shipment/*");
    await subscribe("store/order/statusUpdated");
    const orderId = await newOrder();
    const shipped = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${orderId}/ship`, {
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
    });
    expect(shipped.status).toBe(201);
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.every(verified)).toBe(true);
    expect(receiver.received.every((r) => verifyStandardWebhook(CLIENT.clientSecret, r.headers, r.rawBody))).toBe(true);
    expect(verifyStandardWebhook("another-secret", receiver.received[0].headers, receiver.received[0].rawBody)).toBe(
      false,
    );
    for (const r of receiver.received) {
      expect(r.method).toBe("POST");
      expect(r.path).toBe("/webhooks");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-shared-key"]).toBe("s3cret");
      expect(r.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
    const [shipment, status] = bodies();
    const storeId = String(t.emu.getStore(t.store).storeId);
    expect(Object.keys(shipment)).toEqual(["scope", "store_id", "data", "hash", "created_at", "producer"]);
    expect(shipment).toEqual({
      scope: "store/shipment/created",
      store_id: storeId,
      data: { type: "shipment", id: shipped.body.id, orderId },
      hash: createHash("sha1")
        .update(JSON.stringify({ type: "shipment", id: shipped.body.id, orderId }))
        .digest("hex"),
      created_at: expect.any(Number),
      producer: `stores/${t.store}`,
    });
    expect(Math.abs(shipment.created_at - Date.now() / 1000)).toBeLessThan(10);
    expect(status).toMatchObject({
      scope: "store/order/statusUpdated",
      data: { type: "order", id: orderId, status: { previous_status_id: 11, new_status_id: 2 } },
    });

    const log = await t.control("GET", `/__sandbox/webhooks?scope=store/shipment/created`);
    expect(log.body.at(-1)).toMatchObject({
      state: "delivered",
      attempts: 1,
      lastStatus: 200,
      customHeaderNames: ["X-Shared-Key"],
      webhookId: receiver.received[0].headers["webhook-id"],
    });
    expect(JSON.stringify(log.body)).not.toContain("s3cret");
  });

  it("fires statusUpdated for PUT /v2/orders and the control route, store/order/* for every order event, nothing for other scopes", async () => {
    await subscribe("store/order/*", null);
    await subscribe("store/product/updated", null);
    const orderId = await newOrder();
    await t.api("PUT", `/v2/orders/${orderId}`, { status_id: 9 });
    await t.control("POST", `/__sandbox/stores/${t.store}/orders/${orderId}/status`, { status_id: 5 });
    await t.control("POST", `/__sandbox/stores/${t.store}/orders/${orderId}/status`, { status_id: 5 });
    await t.emu.whenWebhooksIdle();
    const seen = bodies().map((b) => [
      b.scope,
      b.data.status ? `${b.data.status.previous_status_id}->${b.data.status.new_status_id}` : "",
    ]);
    expect(seen).toEqual([
      ["store/order/created", ""],
      ["store/order/statusUpdated", "11->9"],
      ["store/order/updated", ""],
      ["store/order/statusUpdated", "9->5"],
      ["store/order/updated", ""],
      // Same status again: no statusUpdated, still an update.
      ["store/order/updated", ""],
    ]);
    expect(receiver.received.every((r) => r.headers["x-shared-key"] === undefined)).toBe(true);
  });

  it("sends nothing to an inactive hook", async () => {
    const hook = await subscribe("store/shipment/created");
    await t.api("PUT", `/v3/hooks/${hook.id}`, { is_active: false });
    const orderId = await newOrder();
    t.emu.ship(t.store, orderId, { tracking_number: "X1" });
    await t.emu.whenWebhooksIdle();
    expect(receiver.received).toHaveLength(0);
  });
});

describe("retries and redelivery", () => {
  it("retries a non-2xx answer with the same webhook-id and body, re-signed each time", async () => {
    await subscribe("store/shipment/created");
    receiver.respond = (_r, i) => (i < 2 ? 500 : 204);
    const orderId = await newOrder();
    t.emu.ship(t.store, orderId, { tracking_number: "1Z999AA10123456785", shipping_provider: "ups" });
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.rawBody)).size).toBe(1);
    expect(receiver.received.every(verified)).toBe(true);
    const entry = t.emu.webhookLog({ scope: "store/shipment/created" }).at(-1)!;
    expect(entry).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 204 });
    expect(t.emu.delivery(entry.id)!.attemptsLog.map((a) => a.error)).toEqual(["HTTP 500", "HTTP 500", null]);
  });

  it("gives up after the 11 retries of the schedule and deactivates the hook", async () => {
    const hook = await subscribe("store/shipment/created");
    receiver.respond = () => 503;
    const orderId = await newOrder();
    t.emu.ship(t.store, orderId, { tracking_number: "X2" });
    await t.emu.whenWebhooksIdle();
    expect(receiver.received).toHaveLength(RETRY_SCHEDULE_S.length + 1);
    expect(t.emu.webhookLog({ scope: "store/shipment/created" }).at(-1)).toMatchObject({
      state: "failed",
      attempts: 12,
      hookDeactivated: true,
    });
    expect((await t.api("GET", `/v3/hooks/${hook.id}`)).body.data.is_active).toBe(false);
  });

  it("drops the pending retries of a hook deleted meanwhile, and leaves the other hooks alone", async () => {
    const doomed = await subscribe("store/shipment/created", null, "/doomed");
    const kept = await subscribe("store/shipment/created", null, "/kept");
    receiver.respond = async (r) => {
      if (!r.path.startsWith("/doomed")) return 204;
      if (receiver.received.filter((x) => x.path.startsWith("/doomed")).length === 1)
        await t.api("DELETE", `/v3/hooks/${doomed.id}`);
      return 500;
    };
    const orderId = await newOrder();
    t.emu.ship(t.store, orderId, { tracking_number: "X4" });
    await t.emu.whenWebhooksIdle();

    expect(receiver.received.map((r) => r.path).sort()).toEqual(["/doomed", "/kept"]);
    const log = t.emu.webhookLog({ scope: "store/shipment/created" });
    expect(log.find((d) => d.hookId === doomed.id)).toMatchObject({
      state: "cancelled",
      attempts: 1,
      lastStatus: 500,
      nextAttemptAt: null,
      hookDeactivated: false,
    });
    expect(log.find((d) => d.hookId === kept.id)).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 204 });
  });

  it("redelivers with the same webhook-id; a duplicate firing has a new id but the same hash", async () => {
    await subscribe("store/shipment/created");
    const orderId = await newOrder();
    t.emu.ship(t.store, orderId, { tracking_number: "X3" });
    await t.emu.whenWebhooksIdle();
    const original = t.emu.webhookLog({ scope: "store/shipment/created" }).at(-1)!;

    const again = await t.control("POST", `/__sandbox/webhooks/${original.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ redeliveryOf: original.id, webhookId: original.webhookId });
    const dup = await t.control("POST", `/__sandbox/webhooks/${original.id}/redeliver`, { newWebhookId: true });
    expect(dup.body.webhookId).not.toBe(original.webhookId);
    await t.emu.whenWebhooksIdle();

    expect(receiver.received).toHaveLength(3);
    const [a, b, c] = receiver.received;
    expect(b.headers["webhook-id"]).toBe(a.headers["webhook-id"]);
    expect(b.rawBody).toBe(a.rawBody);
    expect(c.headers["webhook-id"]).not.toBe(a.headers["webhook-id"]);
    expect(JSON.parse(c.rawBody).hash).toBe(JSON.parse(a.rawBody).hash);
    expect([a, b, c].every(verified)).toBe(true);
    expect((await t.control("POST", "/__sandbox/webhooks/999999/redeliver")).status).toBe(404);
    const waited = await t.control("POST", "/__sandbox/webhooks/wait", { timeoutMs: 1000 });
    expect(waited.status).toBe(200);
  });
});

describe("/v3/hooks", () => {
  it("lists, reads, updates and deletes the app's hooks", async () => {
    const hook = await subscribe("store/order/statusUpdated", { Authorization: "Bearer abc" });
    expect(hook).toMatchObject({
      client_id: CLIENT.clientId,
      store_hash: t.store,
      scope: "store/order/statusUpdated",
      is_active: true,
      headers: { Authorization: "Bearer abc" },
    });
    expect(typeof hook.created_at).toBe("number");

    const list = await t.api("GET", "/v3/hooks?scope=store/order/statusUpdated");
    expect(list.body.data.map((h: any) => h.id)).toEqual([hook.id]);
    expect(list.body.meta.pagination).toMatchObject({ total: 1 });
    const upd = await t.api("PUT", `/v3/hooks/${hook.id}`, { destination: `${receiver.url}/other` });
    expect(upd.body.data.destination).toBe(`${receiver.url}/other`);
    expect((await t.api("PUT", `/v3/hooks/${hook.id}`, {})).status).toBe(422);
    const del = await t.api("DELETE", `/v3/hooks/${hook.id}`);
    expect(del.status).toBe(200);
    expect(del.body.data.id).toBe(hook.id);
    const gone = await t.api("GET", `/v3/hooks/${hook.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status: 404, title: `Webhook with id [${hook.id}] not found` });
  });

  it("refuses unknown scopes, non-https or non-443 destinations (loopback excepted), and missing fields with 422", async () => {
    const post = (body: unknown) => t.api("POST", "/v3/hooks", body);
    const missing = await post({ scope: "store/order/created" });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      status: 422,
      title: "JSON data is missing or invalid",
      errors: { destination: "error.path.missing" },
    });
    const cases: [unknown, string][] = [
      [{ scope: "store/order/teleported", destination: "https://app.example.com/webhooks" }, "scope"],
      [{ scope: "store/order/created", destination: "http://app.example.com/webhooks" }, "destination"],
      [{ scope: "store/order/created", destination: "https://app.example.com:8443/webhooks" }, "destination"],
      [{ scope: "store/order/created", destination: "not a url" }, "destination"],
    ];
    for (const [body, field] of cases) {
      const r = await post(body);
      expect(r.status).toBe(422);
      expect(Object.keys(r.body.errors)).toEqual([field]);
    }
    expect((await post({ scope: "store/order/created", destination: "https://app.example.com/webhooks" })).status).toBe(
      200,
    );
    expect(
      (await post({ scope: "store/order/created", destination: "https://app.example.com:443/webhooks" })).status,
    ).toBe(200);
  });
});
