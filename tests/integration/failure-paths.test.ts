import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { jobs, orders as ordersTable, shipments, webhookDeliveries } from "#db/schema/index.ts";
import { demoAmazonOrder } from "../sandbox/seed-sandbox";
import { DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { retryOrder } from "#app/.server/services/retry-order.ts";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { signShopifyBody } from "#app/.server/platforms/shopify/webhook-hmac.ts";
import { SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import { startHarness, listingLagMs, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

describe("failure paths", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const ourOrder = (amazonOrderId: string) =>
    h.db.select().from(ordersTable).where(eq(ordersTable.marketplaceOrderId, amazonOrderId)).get();
  const count = (table: typeof webhookDeliveries | typeof jobs | typeof shipments) =>
    h.db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .get()!.n;

  async function importOne(n: number, opts: { unknownSku?: boolean } = {}) {
    const seeded = await h.amazon.seedOrder(demoAmazonOrder(n, opts));
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    return seeded.AmazonOrderId;
  }

  it("an unknown SKU fails that order with a clear reason, others continue, and Retry recovers it", async () => {
    const bad = await h.amazon.seedOrder(demoAmazonOrder(10, { unknownSku: true }));
    const good = await h.amazon.seedOrder(demoAmazonOrder(11));
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow();
    const failed = await waitFor(
      () => (ourOrder(bad.AmazonOrderId)?.fulfillmentStatus === "failed" ? ourOrder(bad.AmazonOrderId) : null),
      { what: "bad order failed" },
    );
    expect(failed!.failureReason).toMatch(/HAT-SUMMER-XL.*not in the Shopify shop/);
    await waitFor(() => ourOrder(good.AmazonOrderId)?.shopOrderId, { what: "good order created" });
    const errors = listTimeline(h.db, h.shopId, failed!.id).filter((e) => e.level === "error");
    expect(errors.at(-1)?.message).toMatch(/HAT-SUMMER-XL/);

    // The merchant adds the product and retries: the order now reaches Shopify.
    await h.shopify.addProduct(DEMO_SHOP_DOMAIN, {
      title: "Summer Hat XL",
      variants: [{ sku: "HAT-SUMMER-XL", price: "19.99" }],
    });
    expect(retryOrder(h.app.ctx, h.shopId, failed!.id).enqueued).toBe(1);
    const recovered = await waitFor(
      () => (ourOrder(bad.AmazonOrderId)?.shopOrderId ? ourOrder(bad.AmazonOrderId) : null),
      { what: "retried order created" },
    );
    expect(recovered!.fulfillmentStatus).toBe("unshipped");
    expect(recovered!.failureReason).toBeNull();
  });

  it("a duplicate webhook delivery is acknowledged and dropped", async () => {
    const id = await importOne(20);
    const order = await waitFor(() => (ourOrder(id)?.shopOrderId ? ourOrder(id) : null), { what: "shop order" });
    await h.shopify.fulfill(DEMO_SHOP_DOMAIN, order!.shopOrderId!.split("/").pop()!, {
      trackingCompany: "UPS",
      trackingNumber: upsTrackingNumber(2020),
    });
    await waitFor(() => getOrderWithLines(h.db, h.shopId, order!.id)!.fulfillmentStatus === "shipped", {
      what: "shipped",
    });
    const deliveriesBefore = count(webhookDeliveries);
    const shipmentsBefore = count(shipments);
    const delivery = (await h.shopify.webhooks()).filter((w) => w.topic === "fulfillments/create").at(-1)!;
    await h.shopify.redeliver(delivery.id);
    await waitFor(
      async () => (await h.shopify.webhooks()).find((w) => w.id === delivery.id && (w.attempts ?? 0) >= 2) ?? true,
      { what: "redelivered" },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(count(webhookDeliveries)).toBe(deliveriesBefore);
    expect(count(shipments)).toBe(shipmentsBefore);
    // Counted where it matters: the packages Amazon holds, and the confirmations it accepted. A request it refused
    // (an access token that expired in between, a 429) and the connector's retry of it are not a second package.
    expect(((await h.amazon.getOrder(id)).Packages as unknown[]).length).toBe(1);
    const accepted = (await h.amazon.requests()).filter(
      (r) => r.path.endsWith(`/${id}/shipmentConfirmation`) && r.status >= 200 && r.status < 300,
    );
    expect(accepted).toHaveLength(1);
  });

  it("a bad HMAC gets 401 and nothing is stored", async () => {
    const deliveries = count(webhookDeliveries);
    const jobCount = count(jobs);
    const body = JSON.stringify({ id: 1, order_id: 1, status: "success", line_items: [{ id: 1, quantity: 1 }] });
    const headers = {
      "content-type": "application/json",
      "x-shopify-topic": "fulfillments/create",
      "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
      "x-shopify-webhook-id": "forged-1",
      "x-shopify-api-version": SHOPIFY_API_VERSION,
    };
    const forged = await fetch(`${h.http.url}/webhooks/fulfillments/create`, {
      method: "POST",
      headers: { ...headers, "x-shopify-hmac-sha256": signShopifyBody(body, "not-the-secret") },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${h.http.url}/webhooks/fulfillments/create`, { method: "POST", headers, body });
    expect(unsigned.status).toBe(401);
    expect(count(webhookDeliveries)).toBe(deliveries);
    expect(count(jobs)).toBe(jobCount);

    // Correctly signed but malformed: 400 with the reason, nothing stored either.
    const malformed = JSON.stringify({ id: 2, status: "success" });
    const res = await fetch(`${h.http.url}/webhooks/fulfillments/create`, {
      method: "POST",
      headers: {
        ...headers,
        "x-shopify-webhook-id": "malformed-1",
        "x-shopify-hmac-sha256": signShopifyBody(malformed, SANDBOX_SHOPIFY_APP.clientSecret),
      },
      body: malformed,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/order_id/);
    expect(count(webhookDeliveries)).toBe(deliveries);
  });

  it("Amazon 429 and 503 are retried and nothing is lost", async () => {
    await h.amazon.addFault({ kind: "http_429", match: "GET /orders/v0/orders", times: 1 });
    await h.amazon.addFault({ kind: "http_503", match: "GET /orders/v0/orders", times: 1 });
    const id = await importOne(30);
    const order = await waitFor(() => (ourOrder(id)?.shopOrderId ? ourOrder(id) : null), {
      what: "imported despite 429/503",
      timeoutMs: 20_000,
    });

    await h.amazon.addFault({ kind: "http_503", match: "shipmentConfirmation", times: 2 });
    await h.amazon.addFault({ kind: "http_429", match: "shipmentConfirmation", times: 1 });
    await h.shopify.fulfill(DEMO_SHOP_DOMAIN, order!.shopOrderId!.split("/").pop()!, {
      trackingCompany: "UPS",
      trackingNumber: upsTrackingNumber(3030),
    });
    await waitFor(() => getOrderWithLines(h.db, h.shopId, order!.id)!.fulfillmentStatus === "shipped", {
      what: "shipped despite faults",
      timeoutMs: 20_000,
    });
    const attempts = (await h.amazon.requests()).filter((r) => r.path.endsWith(`/${id}/shipmentConfirmation`));
    // At this time scale an LWA token lives 6 s, so a 403 "expired" followed by a refresh may slip in; it is not a fault.
    expect(attempts.map((a) => a.status).filter((s) => s !== 403)).toEqual([503, 503, 429, 204]);
    const retrying = listTimeline(h.db, h.shopId, order!.id).filter((e) => e.kind === "shipment.retrying");
    expect(retrying.length).toBeGreaterThanOrEqual(2);
    expect((await h.amazon.getOrder(id)).OrderStatus).toBe("Shipped");
  });
});
