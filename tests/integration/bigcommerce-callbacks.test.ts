import { WEBHOOK_SCOPES } from "#app/.server/platforms/bigcommerce/webhook-registration.ts";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createAccount } from "#db/queries/marketplace-accounts.ts";
import { upsertMarketplaceOrder, getOrder } from "#db/queries/orders.ts";
import { findShopByDomain, type Shop } from "#db/queries/shops.ts";
import { getShipment, listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { jobs, orders, webhookDeliveries } from "#db/schema/index.ts";
import { createApp, type App } from "#app/.server/bootstrap.ts";
import { readBigCommerceSession } from "#app/.server/bigcommerce-session.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer, type HttpServer } from "#app/.server/http-server.ts";
import { signStandardWebhook } from "#app/.server/platforms/bigcommerce/standard-webhooks.ts";
import { createShopOrder } from "#app/.server/services/create-shop-order.ts";
import { createBigCommerceEmulator, type BigCommerceEmulator } from "../emulators/bigcommerce";
import { waitFor } from "../setup/wait-for";

/**
 * BigCommerce's single-click callbacks and webhooks through the real Express/Remix server, against the
 * BigCommerce emulator over HTTP: install (code exchange, shop stored, hooks registered), load (session
 * cookie), a merchant shipment (signed light webhook → job → shipment fetched and recorded on our order),
 * refusals (bad signature, duplicate webhook-id, malformed payload, unknown store) and uninstall.
 */

const APP = { clientId: "bc-it-client-id", clientSecret: "bc-it-client-secret" };
const STORE = "bcit01";

interface BigCommerceHarness {
  app: App;
  db: DB;
  http: HttpServer;
  bc: BigCommerceEmulator;
  close(): Promise<void>;
}

async function startBigCommerceHarness(): Promise<BigCommerceHarness> {
  const dir = join(process.cwd(), "tests/.tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `it-bc-${randomUUID()}.sqlite`);
  const bc = createBigCommerceEmulator({ ...APP, timeScale: 600, limitsEnabled: true });
  const bcUrl = await bc.listen();
  const env = readEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_FILE: file,
    SHOPIFY_API_KEY: "",
    SHOPIFY_API_SECRET: "",
    BIGCOMMERCE_CLIENT_ID: APP.clientId,
    BIGCOMMERCE_CLIENT_SECRET: APP.clientSecret,
    BIGCOMMERCE_API_BASE_URL: bcUrl,
    BIGCOMMERCE_LOGIN_BASE_URL: bcUrl,
    // Nothing listens there: exports to Amazon fail and retry; these tests stop at the recorded shipment.
    AMAZON_SP_API_BASE_URL: "http://127.0.0.1:9",
    AMAZON_LWA_BASE_URL: "http://127.0.0.1:9",
  });
  const db = openDatabase(file);
  migrateDatabase(db);
  const app = createApp({
    env,
    db,
    encryptionKey: "b".repeat(64),
    shopifyApiSecret: "unused-in-these-tests",
    backoff: { baseMs: 2_000, capMs: 10_000 },
    worker: { concurrency: 2, idlePollMs: 20, leaseMs: 30_000 },
  });
  const http = await startHttpServer(app.ctx, { port: 0, host: "127.0.0.1" });
  app.ctx.env.APP_URL = http.url;
  bc.setAppUrl(`${http.url}/bigcommerce`);
  app.worker.start();
  return {
    app,
    db,
    http,
    bc,
    async close() {
      await app.worker.stop();
      await http.close();
      await bc.close();
      db.$client.close();
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    },
  };
}

describe("BigCommerce callbacks and webhooks through the app server", () => {
  let h: BigCommerceHarness;
  let shop: Shop;
  let orderId: number;
  let bcOrderId: string;

  const deliveries = () =>
    h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.platform, "bigcommerce")).all();
  const jobCount = () => h.db.select().from(jobs).where(eq(jobs.type, "fetch-bigcommerce-shipments")).all().length;
  const postWebhook = (body: string, headers: Record<string, string>) =>
    fetch(`${h.http.url}/webhooks/bigcommerce`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const signedHeaders = (body: string, id = `msg_${randomUUID()}`) => {
    const ts = Math.floor(Date.now() / 1000);
    return {
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signStandardWebhook(APP.clientSecret, id, ts, body),
    };
  };

  beforeAll(async () => {
    h = await startBigCommerceHarness();
    h.bc.createStore({ storeHash: STORE, name: "BC Integration Store" });
    h.bc.addProduct(STORE, { name: "Trail Running Shoe", sku: "SHOE-TRAIL-42", price: 89, inventory_level: 10 });
    h.bc.addProduct(STORE, { name: "Merino Socks", sku: "SOCK-MERINO-3", price: 24.5, inventory_level: 10 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("install: /bigcommerce/auth exchanges the code, stores the shop with its token, registers the four hooks", async () => {
    const installed = await h.bc.install(STORE);
    expect(installed.callback).toMatchObject({ status: 302, error: null });

    shop = findShopByDomain(h.db, "bigcommerce", STORE)!;
    expect(shop).toBeTruthy();
    expect(shop.uninstalledAt).toBeNull();
    expect(h.app.ctx.secrets.decrypt(shop.accessTokenEncrypted!)).toBe(h.bc.getStore(STORE).accessToken);

    const hooks = h.bc.hooks(STORE) as { scope: string; destination: string; is_active: boolean }[];
    expect(hooks.map((x) => x.scope).sort()).toEqual([
      "store/order/statusUpdated",
      "store/product/inventory/updated",
      "store/shipment/created",
      "store/shipment/deleted",
      "store/shipment/updated",
      "store/sku/inventory/updated",
    ]);
    expect(hooks.every((x) => x.destination === `${h.http.url}/webhooks/bigcommerce` && x.is_active)).toBe(true);
  });

  it("install again (our own call): same shop, no extra hooks, a session cookie and a redirect to /bc", async () => {
    const { code, scope, context } = h.bc.oauthCode(STORE, `${h.http.url}/bigcommerce/auth`);
    const res = await fetch(`${h.http.url}/bigcommerce/auth?${new URLSearchParams({ code, scope, context })}`, {
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/bc");
    expect(res.headers.get("set-cookie")).toMatch(/^ob_bc_session=/);
    expect(findShopByDomain(h.db, "bigcommerce", STORE)!.id).toBe(shop.id);
    expect(h.bc.hooks(STORE)).toHaveLength(WEBHOOK_SCOPES.length);

    const reused = await fetch(`${h.http.url}/bigcommerce/auth?${new URLSearchParams({ code, scope, context })}`, {
      redirect: "manual",
    });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toMatch(/refused the install code/);

    // BigCommerce failing while we register the hooks: a 502 the merchant can retry, not a crash.
    h.bc.server.faults.add({ kind: "http_503", match: `GET /stores/${STORE}/v3/hooks`, times: 1 });
    const next = h.bc.oauthCode(STORE, `${h.http.url}/bigcommerce/auth`);
    const failed = await fetch(`${h.http.url}/bigcommerce/auth?${new URLSearchParams(next)}`, { redirect: "manual" });
    expect(failed.status).toBe(502);
    expect(await failed.text()).toMatch(/could not be installed right now .*503/);
  });

  it("load: a verified signed_payload_jwt gives a 302 to /bc with the session cookie; a bad one a 401", async () => {
    expect((await h.bc.load(STORE)).callback).toMatchObject({ status: 302 });

    const jwt = h.bc.signedPayload(STORE);
    const res = await fetch(`${h.http.url}/bigcommerce/load?signed_payload_jwt=${encodeURIComponent(jwt)}`, {
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/bc");
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const session = readBigCommerceSession(h.app.ctx, new Request("http://x/bc", { headers: { cookie } }));
    expect(session).toMatchObject({ storeHash: STORE, userId: h.bc.getStore(STORE).owner.id });

    const [head, body] = jwt.split(".");
    const bad = await fetch(`${h.http.url}/bigcommerce/load?signed_payload_jwt=${head}.${body}.AAAA`, {
      redirect: "manual",
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();
    expect(await bad.text()).toMatch(/Invalid signed_payload_jwt/);
  });

  it("a merchant shipment reaches our order: signed webhook → job → shipment fetched and recorded once", async () => {
    const account = createAccount(h.db, {
      shopId: shop.id,
      marketplace: "amazon",
      name: "Amazon US",
      region: "na",
      settings: { sellerId: "A2BCIT", marketplaceIds: ["ATVPDKIKX0DER"] },
      credentialsEncrypted: h.app.ctx.secrets.encryptJson({ clientId: "x", clientSecret: "y", refreshToken: "z" }),
    });
    const usd = (amount: number) => ({ amount, currency: "USD" });
    const { order } = h.db.transaction((tx) =>
      upsertMarketplaceOrder(tx, {
        shopId: shop.id,
        accountId: account.id,
        marketplace: "amazon",
        order: {
          marketplaceOrderId: "113-0000001-0000001",
          status: "unshipped",
          marketplaceStatus: "Unshipped",
          purchasedAt: new Date(),
          updatedAt: new Date(),
          currency: "USD",
          buyer: { name: "Carlos Ruiz", email: "carlos@marketplace.example" },
          shippingAddress: {
            name: "Carlos Ruiz",
            line1: "77 Mission St",
            city: "San Francisco",
            region: "CA",
            postalCode: "94105",
            countryCode: "US",
          },
          lines: [
            {
              marketplaceLineId: "L1",
              sku: "SHOE-TRAIL-42",
              title: "Trail Running Shoe",
              quantity: 1,
              quantityShipped: 0,
              unitPrice: usd(8900),
            },
            {
              marketplaceLineId: "L2",
              sku: "SOCK-MERINO-3",
              title: "Merino Socks",
              quantity: 2,
              quantityShipped: 0,
              unitPrice: usd(2450),
            },
          ],
          totals: { subtotal: usd(13800), shipping: usd(499), tax: usd(1104), total: usd(15403) },
          shippingServiceLevel: "Std US D2D Dom",
        },
      }),
    );
    orderId = order.id;
    expect(await createShopOrder(h.app.ctx, shop.id, orderId)).toBe("created");
    // A crash between "created in BigCommerce" and "recorded here": the retry finds the order by external_order_id.
    h.db.update(orders).set({ shopOrderId: null, shopOrderName: null }).where(eq(orders.id, orderId)).run();
    expect(await createShopOrder(h.app.ctx, shop.id, orderId)).toBe("found_existing");
    bcOrderId = getOrder(h.db, shop.id, orderId)!.shopOrderId!;
    expect(h.bc.listOrders(STORE).filter((o) => o.external_order_id === "amazon:113-0000001-0000001")).toHaveLength(1);

    const shipment = h.bc.ship(STORE, bcOrderId, {
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
    }) as { id: number };
    const recorded = await waitFor(() => listShipmentsForOrder(h.db, shop.id, orderId)[0], {
      what: "shipment recorded",
    });
    expect(recorded).toMatchObject({
      shopFulfillmentId: String(shipment.id),
      carrierName: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(
      getShipment(h.db, shop.id, recorded.id)!
        .lines.map((l) => l.quantity)
        .sort(),
    ).toEqual([1, 2]);

    // The shipment fired store/shipment/created and store/order/statusUpdated (→ Shipped): both answered 200,
    // both stored, and the same shipment recorded once.
    await h.bc.whenWebhooksIdle();
    const log = h.bc.webhookLog({ store: STORE });
    expect(log.map((d) => d.scope).sort()).toEqual(["store/order/statusUpdated", "store/shipment/created"]);
    expect(log.every((d) => d.state === "delivered" && d.lastStatus === 200)).toBe(true);
    expect(
      deliveries()
        .map((d) => d.topic)
        .sort(),
    ).toEqual(["store/order/statusUpdated", "store/shipment/created"]);
    await waitFor(
      () =>
        h.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.type, "fetch-bigcommerce-shipments"), eq(jobs.status, "succeeded")))
          .all().length === 2,
      {
        what: "both fetch jobs done",
      },
    );
    expect(listShipmentsForOrder(h.db, shop.id, orderId)).toHaveLength(1);
    expect(listTimeline(h.db, shop.id, orderId).filter((e) => e.kind === "shipment.received")).toHaveLength(1);
  });

  it("store/shipment/updated carries the merchant's new tracking number", async () => {
    const sid = listShipmentsForOrder(h.db, shop.id, orderId)[0].shopFulfillmentId;
    h.bc.updateShipment(STORE, bcOrderId, sid, { tracking_number: "1Z999AA10123456795" });
    await waitFor(() => listShipmentsForOrder(h.db, shop.id, orderId)[0].trackingNumber === "1Z999AA10123456795", {
      what: "tracking updated",
    });
    expect(listShipmentsForOrder(h.db, shop.id, orderId)).toHaveLength(1);
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const before = { deliveries: deliveries().length, jobs: jobCount() };
    const body = JSON.stringify({
      scope: "store/shipment/created",
      store_id: "1",
      data: { type: "shipment", id: 1, orderId: Number(bcOrderId) },
      hash: "x",
      created_at: 1,
      producer: `stores/${STORE}`,
    });
    const headers = signedHeaders(body);
    const tampered = await postWebhook(body.replace('"id":1,', '"id":2,'), headers);
    expect(tampered.status).toBe(401);
    const wrongSecret = await postWebhook(body, {
      ...headers,
      "webhook-signature": signStandardWebhook(
        "not-the-secret",
        headers["webhook-id"],
        Number(headers["webhook-timestamp"]),
        body,
      ),
    });
    expect(wrongSecret.status).toBe(401);
    const unsigned = await postWebhook(body, {});
    expect(unsigned.status).toBe(401);
    expect({ deliveries: deliveries().length, jobs: jobCount() }).toEqual(before);
  });

  it("acknowledges a redelivery with the same webhook-id once more without a second job", async () => {
    const before = { deliveries: deliveries().length, jobs: jobCount() };
    const original = h.bc.webhookLog({ store: STORE, scope: "store/shipment/created" })[0];
    const again = h.bc.redeliver(original.id);
    expect(again.webhookId).toBe(original.webhookId);
    await h.bc.whenWebhooksIdle();
    expect(h.bc.delivery(again.id)!.attemptsLog.at(-1)!.status).toBe(200);
    expect({ deliveries: deliveries().length, jobs: jobCount() }).toEqual(before);

    const body = JSON.stringify({
      scope: "store/shipment/updated",
      store_id: "1",
      data: { type: "shipment", id: 1, orderId: Number(bcOrderId) },
      hash: "x",
      created_at: 1,
      producer: `stores/${STORE}`,
    });
    const headers = signedHeaders(body, "msg_dup_1");
    expect(await (await postWebhook(body, headers)).text()).toBe("Accepted");
    const dup = await postWebhook(body, headers);
    expect(dup.status).toBe(200);
    expect(await dup.text()).toBe("Duplicate delivery; ignored");
    expect(deliveries().length).toBe(before.deliveries + 1);
  });

  it("answers 400 for a malformed payload and 200 (ignored) for an unknown store or another scope", async () => {
    const before = deliveries().length;
    const notJson = "{not json";
    expect((await postWebhook(notJson, signedHeaders(notJson))).status).toBe(400);
    const noOrder = JSON.stringify({
      scope: "store/shipment/created",
      data: { type: "shipment", id: 5 },
      producer: `stores/${STORE}`,
    });
    const r400 = await postWebhook(noOrder, signedHeaders(noOrder));
    expect(r400.status).toBe(400);
    expect(await r400.text()).toMatch(/data\.orderId/);
    const unknown = JSON.stringify({
      scope: "store/shipment/created",
      data: { type: "shipment", id: 5, orderId: 100 },
      producer: "stores/nosuchstore",
    });
    const r200 = await postWebhook(unknown, signedHeaders(unknown));
    expect([r200.status, await r200.text()]).toEqual([200, "Unknown store; ignored"]);
    const other = JSON.stringify({
      scope: "store/order/created",
      data: { type: "order", id: 100 },
      producer: `stores/${STORE}`,
    });
    expect((await postWebhook(other, signedHeaders(other))).status).toBe(200);
    expect(deliveries().length).toBe(before);
  });

  it("a cancellation in BigCommerce lands on the order's timeline", async () => {
    h.bc.setOrderStatus(STORE, bcOrderId, 5);
    const note = await waitFor(
      () => listTimeline(h.db, shop.id, orderId).find((e) => e.kind === "shop_order.status_changed"),
      { what: "status note" },
    );
    expect(note.message).toMatch(/is now Cancelled; OrderBridge does not change the Amazon order/);
  });

  it("remove_user ends that user's session at once (and their still-valid /load JWT), not the owner's", async () => {
    const loadWith = async (jwt: string) => {
      const res = await fetch(`${h.http.url}/bigcommerce/load?signed_payload_jwt=${encodeURIComponent(jwt)}`, {
        redirect: "manual",
      });
      return {
        status: res.status,
        cookie: res.headers.get("set-cookie")?.split(";")[0] ?? null,
        text: await res.text(),
      };
    };
    const list = (cookie: string) => fetch(`${h.http.url}/bc?_data=routes%2Fbc._index`, { headers: { cookie } });
    const staff = h.bc.addUser(STORE);
    const staffJwt = h.bc.signedPayload(STORE, { userId: staff.id });
    const staffLoad = await loadWith(staffJwt);
    const ownerLoad = await loadWith(h.bc.signedPayload(STORE));
    expect([staffLoad.status, ownerLoad.status]).toEqual([302, 302]);
    expect((await list(staffLoad.cookie!)).status).toBe(200);

    expect((await h.bc.removeUser(STORE, staff.id)).callback).toMatchObject({ status: 200 });
    const refused = await list(staffLoad.cookie!);
    expect([refused.status, await refused.text()]).toEqual([
      401,
      "The store owner removed your access to OrderBridge in this store",
    ]);
    expect((await list(ownerLoad.cookie!)).status).toBe(200);
    // The JWT signed before the removal is valid for 24 h: it opens no new session.
    expect(await loadWith(staffJwt)).toMatchObject({
      status: 401,
      cookie: null,
      text: "The store owner removed your access to OrderBridge in this store",
    });

    // Given access again later: a JWT issued after the removal opens a session that works.
    h.bc.addUser(STORE, staff);
    const later = await loadWith(h.bc.signedPayload(STORE, { userId: staff.id, now: Date.now() + 2_000 }));
    expect(later.status).toBe(302);
    expect((await list(later.cookie!)).status).toBe(200);
  });

  it("remove_user is acknowledged; uninstall marks the shop uninstalled and later webhooks are ignored", async () => {
    expect((await h.bc.removeUser(STORE)).callback).toMatchObject({ status: 200 });
    const bad = await fetch(`${h.http.url}/bigcommerce/uninstall?signed_payload_jwt=garbage`);
    expect(bad.status).toBe(401);
    expect(findShopByDomain(h.db, "bigcommerce", STORE)!.uninstalledAt).toBeNull();

    expect((await h.bc.uninstall(STORE)).callback).toMatchObject({ status: 200 });
    const after = findShopByDomain(h.db, "bigcommerce", STORE)!;
    expect(after.uninstalledAt).toBeInstanceOf(Date);
    expect(after.accessTokenEncrypted).toBeNull();

    const body = JSON.stringify({
      scope: "store/shipment/created",
      data: { type: "shipment", id: 9, orderId: Number(bcOrderId) },
      producer: `stores/${STORE}`,
    });
    const res = await postWebhook(body, signedHeaders(body));
    expect([res.status, await res.text()]).toEqual([200, "Unknown store; ignored"]);

    const load = await fetch(
      `${h.http.url}/bigcommerce/load?signed_payload_jwt=${encodeURIComponent(h.bc.signedPayload(STORE))}`,
      { redirect: "manual" },
    );
    expect(load.status).toBe(403);
  });
});
