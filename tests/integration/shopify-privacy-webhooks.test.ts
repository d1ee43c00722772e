import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getOrderLines, storeUnreadableOrder, type Order } from "#db/queries/orders.ts";
import { insertJob } from "#db/queries/jobs.ts";
import { getPrivacyRequest, listPrivacyRequests } from "#db/queries/privacy-requests.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { getShop } from "#db/queries/shops.ts";
import { insertTimelineEvent, listTimeline } from "#db/queries/timeline.ts";
import { jobs, shopifySessions, webhookDeliveries } from "#db/schema/index.ts";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { signShopifyBody } from "#app/.server/platforms/shopify/webhook-hmac.ts";
import { DEMO_PRODUCTS, upsTrackingNumber } from "../sandbox/demo-data";
import { SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * Shopify's mandatory compliance webhooks, signed, through the real route (/webhooks/compliance), with the worker
 * running; the database is read after each. Jordan buys twice from the eBay seller of the Shopify shop (one order is
 * shipped back to eBay) and once from the BigCommerce shop's; Ana once from the Shopify shop. Jordan's data is also
 * where older versions of the app left it: a whole fulfillment payload in a stored delivery, a dead job, an error on
 * the timeline, and the raw payload of an order that could not be read.
 *  - customers/data_request gives the merchant an export of Jordan's orders in that shop, on the admin's privacy
 *    requests page, and says so on each order;
 *  - customers/redact erases Jordan from everything of that shop (the export included), and keeps the orders, lines,
 *    amounts and shipments; Ana's order and the BigCommerce shop are untouched;
 *  - shop/redact erases nothing while the shop is installed, and everything of it once uninstalled.
 */

const JORDAN = {
  username: "jordan.ellis_42",
  name: "Jordan Ellis",
  email: "jordan@example.com",
  phone: "2065550100",
  line1: "2121 7th Ave",
};
const JORDAN_PII = /jordan|ellis|2121 7th ave|2065550100/i;
const ANA = {
  username: "ana.lima.uk",
  name: "Ana Lima",
  email: "ana@example.com",
  phone: "4155550123",
  line1: "1 Market St",
};

describe("Shopify compliance webhooks", () => {
  let h: Harness;
  let shopify: SeededPair;
  let bigcommerce: SeededPair;
  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "ebay", platform: "shopify" },
        { marketplace: "ebay", platform: "bigcommerce" },
      ],
    });
    shopify = h.pair("ebay", "shopify");
    bigcommerce = h.pair("ebay", "bigcommerce");
  });
  afterAll(async () => {
    await h?.close();
  });

  let webhookSeq = 0;
  async function deliver(topic: string, payload: Record<string, unknown>, webhookId = `privacy-${++webhookSeq}`) {
    const body = JSON.stringify({ shop_id: 1, shop_domain: shopify.shop.domain, ...payload });
    const res = await fetch(`${h.http.url}/webhooks/compliance`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": shopify.shop.domain,
        "x-shopify-webhook-id": webhookId,
        "x-shopify-api-version": SHOPIFY_API_VERSION,
        "x-shopify-hmac-sha256": signShopifyBody(body, SANDBOX_SHOPIFY_APP.clientSecret),
      },
      body,
    });
    return { status: res.status, text: await res.text(), webhookId };
  }

  /** The admin's privacy requests page (its loader data) and a request's export download, in the sandbox shop. */
  const adminUrl = (path: string, data?: string) => {
    const url = new URL(path, h.http.url);
    url.searchParams.set("shop", shopify.shop.domain);
    if (data) url.searchParams.set("_data", data);
    return url.toString();
  };
  const listedRequests = async () =>
    (
      (await (await fetch(adminUrl("/app/privacy-requests", "routes/app.privacy-requests"))).json()) as {
        requests: { id: number; summary: string; hasExport: boolean }[];
      }
    ).requests;

  function buys(p: SeededPair, buyer: typeof JORDAN): string {
    const product = DEMO_PRODUCTS[0];
    return h.emulators.ebay.seedOrder({
      username: String(p.account.settings.username),
      buyerUsername: buyer.username,
      items: [{ sku: product.sku, title: product.title, quantity: 1, unitPrice: product.price }],
      shipTo: {
        fullName: buyer.name,
        email: buyer.email,
        phoneNumber: buyer.phone,
        contactAddress: {
          addressLine1: buyer.line1,
          city: "Seattle",
          stateOrProvince: "WA",
          postalCode: "98121",
          countryCode: "US",
        },
      },
    }).orderId;
  }

  /** Every row of the shop in the tables that refer to it, as one text. */
  function shopRows(shopId: number): Record<string, unknown[]> {
    const tables = [
      "orders",
      "order_lines",
      "shipments",
      "timeline_events",
      "jobs",
      "webhook_deliveries",
      "privacy_requests",
      "marketplace_accounts",
      "sku_mappings",
      "oauth_states",
      "bigcommerce_user_removals",
    ];
    return Object.fromEntries(
      tables.map((t) => [t, h.db.$client.prepare(`SELECT * FROM ${t} WHERE shop_id = ?`).all(shopId)]),
    );
  }

  const numericId = (gid: string) => Number(gid.split("/").pop());
  let jordanOrders: Order[];
  let anaOrder: Order;
  let jordanBc: Order;
  let unreadable: Order;
  let deadJobId: number;

  it("setup: the orders reach the shops, one is shipped, and older rows still hold Jordan's data", async () => {
    const ids = [buys(shopify, JORDAN), buys(shopify, JORDAN)];
    const anaId = buys(shopify, ANA);
    const bcId = buys(bigcommerce, JORDAN);
    await h.pollNow([shopify.account.id, bigcommerce.account.id]);
    jordanOrders = [];
    for (const id of ids) jordanOrders.push(await h.linkedOrder(shopify, id));
    anaOrder = await h.linkedOrder(shopify, anaId);
    jordanBc = await h.linkedOrder(bigcommerce, bcId);
    await shopify.shopDriver.ship(jordanOrders[0]!.shopOrderId!, {
      carrier: "UPS",
      trackingNumber: upsTrackingNumber(8101),
    });
    await waitFor(
      () => listShipmentsForOrder(h.db, shopify.shop.id, jordanOrders[0]!.id)[0]?.exportStatus === "exported",
      { what: "package exported to eBay" },
    );
    await h.queueIdle();
    jordanOrders = ids.map((id) => h.orderOf(shopify, id)!);
    expect(jordanOrders.map((o) => o.buyerEmail)).toEqual([JORDAN.email, JORDAN.email]);

    const shopId = shopify.shop.id;
    const [first] = jordanOrders;
    // A delivery stored before deliveries were kept lean: the whole fulfillment, buyer included.
    h.db
      .insert(webhookDeliveries)
      .values({
        shopId,
        platform: "shopify",
        deliveryId: "old-fulfillment-delivery",
        topic: "fulfillments/create",
        payload: {
          id: 7001,
          order_id: numericId(first!.shopOrderId!),
          name: "#1001.1",
          email: JORDAN.email,
          destination: { first_name: "Jordan", last_name: "Ellis", address1: JORDAN.line1, phone: JORDAN.phone },
          tracking_number: upsTrackingNumber(8101),
          line_items: [{ id: 1, sku: DEMO_PRODUCTS[0].sku, quantity: 1, title: "Mug", properties: [] }],
        },
        triggeredAt: null,
      })
      .run();
    // A dead job whose error quotes the buyer, and whose payload (an older shape) holds them.
    deadJobId = insertJob(h.db, {
      shopId,
      type: "create-shop-order",
      payload: { orderId: first!.id, customer: { email: JORDAN.email } },
      runAt: new Date(Date.now() + 3_600_000),
    })!;
    h.db
      .update(jobs)
      .set({ status: "dead", lastError: `Shopify refused the email ${JORDAN.email} of ${JORDAN.name}` })
      .where(eq(jobs.id, deadJobId))
      .run();
    insertTimelineEvent(h.db, {
      shopId,
      orderId: jordanOrders[1]!.id,
      kind: "shop_order.failed",
      level: "error",
      data: { reason: `Shopify refused the address of ${JORDAN.name}, ${JORDAN.line1}` },
      message: `Shopify refused the address of ${JORDAN.name}, ${JORDAN.line1}`,
    });
    // An order eBay listed in a shape the connector could not read: only its raw payload names Jordan.
    unreadable = storeUnreadableOrder(h.db, {
      shopId,
      accountId: shopify.account.id,
      marketplace: "ebay",
      marketplaceOrderId: "99-unreadable-1",
      reason: "lineItems is missing",
      raw: {
        orderId: "99-unreadable-1",
        buyer: { username: JORDAN.username },
        fulfillmentStartInstructions: [
          { shippingStep: { shipTo: { fullName: JORDAN.name, email: JORDAN.email.toUpperCase() } } },
        ],
      },
    }).order;
    expect(JSON.stringify(shopRows(shopId))).toMatch(JORDAN_PII);
  });

  it("a request with a wrong signature gets 401 and records nothing; another topic gets 400", async () => {
    const body = JSON.stringify({ shop_domain: shopify.shop.domain, customer: { email: JORDAN.email } });
    const res = await fetch(`${h.http.url}/webhooks/compliance`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "customers/redact",
        "x-shopify-shop-domain": shopify.shop.domain,
        "x-shopify-webhook-id": "forged-1",
        "x-shopify-hmac-sha256": signShopifyBody(body, "not-the-secret"),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(await deliver("orders/create", {})).toMatchObject({ status: 400 });
    expect(listPrivacyRequests(h.db, shopify.shop.id)).toEqual([]);
    expect(h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, "forged-1")).all()).toEqual([]);
  });

  it("customers/data_request: an export of the customer's orders, kept for the merchant, said on each order", async () => {
    const payload = {
      orders_requested: [numericId(jordanOrders[0]!.shopOrderId!)],
      customer: { id: 191167, email: JORDAN.email, phone: null },
      data_request: { id: 9999 },
    };
    const sent = await deliver("customers/data_request", payload);
    expect(sent).toMatchObject({ status: 200, text: "Accepted" });
    const request = await waitFor(
      () => listPrivacyRequests(h.db, shopify.shop.id).find((r) => r.status === "completed"),
      { what: "data request completed" },
    );
    expect(request).toMatchObject({ kind: "customer_data_request", subject: null, erasedAt: null });
    expect([...request.orderIds!].sort()).toEqual([...jordanOrders.map((o) => o.id), unreadable.id].sort());
    const exported = request.exportData as { customer: unknown; orders: Record<string, unknown>[] };
    expect(exported.customer).toEqual({ id: "191167", email: JORDAN.email, phone: null });
    const exportedOf = (o: Order) => exported.orders.find((e) => e.marketplaceOrderId === o.marketplaceOrderId);
    expect(exportedOf(jordanOrders[0]!)).toMatchObject({
      marketplace: "ebay",
      shopOrder: jordanOrders[0]!.shopOrderName,
      buyer: { name: JORDAN.name, email: JORDAN.email, phone: JORDAN.phone, marketplaceUserId: JORDAN.username },
      shippingAddress: { line1: JORDAN.line1, city: "Seattle" },
      lines: [{ sku: DEMO_PRODUCTS[0].sku, quantity: 1 }],
      packages: [{ carrier: "UPS", trackingNumber: upsTrackingNumber(8101) }],
    });
    expect(exportedOf(jordanOrders[1]!)).toBeDefined();
    expect(JSON.stringify(exported)).not.toMatch(/ana/i);
    for (const o of jordanOrders) {
      expect(
        listTimeline(h.db, shopify.shop.id, o.id).filter((e) => e.kind === "order.customer_data_requested"),
      ).toEqual([
        expect.objectContaining({
          message: `Shopify asked for the customer's data on the customer's behalf: OrderBridge prepared it as privacy request ${request.id}`,
        }),
      ]);
    }
    // The merchant sees it in the admin and downloads the export.
    const html = await fetch(adminUrl("/app/privacy-requests"));
    expect(html.status).toBe(200);
    expect(await html.text()).toContain("Download the customer&#x27;s data");
    expect(await listedRequests()).toEqual([
      expect.objectContaining({
        id: request.id,
        summary: "Customer data export of 3 orders, ready to pass on to the customer",
        hasExport: true,
      }),
    ]);
    const download = await fetch(adminUrl(`/app/privacy-requests/${request.id}/export`));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-data-request-${request.id}.json"`,
    );
    expect(await download.json()).toEqual(JSON.parse(JSON.stringify(exported)));
    // The stored delivery names no customer.
    const delivery = h.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, sent.webhookId))
      .get();
    expect(delivery?.payload).toEqual({ shop_id: 1, shop_domain: shopify.shop.domain, data_request: { id: 9999 } });

    // Shopify delivers again: acknowledged, no second request.
    expect(await deliver("customers/data_request", payload, sent.webhookId)).toMatchObject({
      status: 200,
      text: "Duplicate delivery; ignored",
    });
    expect(listPrivacyRequests(h.db, shopify.shop.id)).toHaveLength(1);
  });

  it("customers/redact: the customer's data is gone from every row of the shop; the bookkeeping stays", async () => {
    const shopId = shopify.shop.id;
    const before = jordanOrders.map((o) => ({
      lines: getOrderLines(h.db, shopId, o.id),
      shipments: listShipmentsForOrder(h.db, shopId, o.id),
    }));
    const anaBefore = h.orderOf(shopify, anaOrder.marketplaceOrderId)!;
    const bcBefore = h.orderOf(bigcommerce, jordanBc.marketplaceOrderId)!;
    const bcRowsBefore = shopRows(bigcommerce.shop.id);

    const sent = await deliver("customers/redact", {
      customer: { id: 191167, email: JORDAN.email, phone: JORDAN.phone },
      orders_to_redact: [numericId(jordanOrders[0]!.shopOrderId!)],
    });
    expect(sent).toMatchObject({ status: 200, text: "Accepted" });
    const request = await waitFor(
      () => listPrivacyRequests(h.db, shopId).find((r) => r.kind === "customer_redact" && r.status === "completed"),
      { what: "redaction completed" },
    );
    expect(request.orderIds!.length).toBe(3);
    await h.queueIdle();

    for (const [i, was] of jordanOrders.entries()) {
      const now = h.orderOf(shopify, was.marketplaceOrderId)!;
      expect(now).toEqual({
        ...was,
        buyerName: "Erased customer",
        buyerEmail: null,
        buyerPhone: null,
        shippingAddress: null,
        buyerMarketplaceUserId: null,
        buyerErasedAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
      expect(getOrderLines(h.db, shopId, was.id)).toEqual(before[i]!.lines);
      expect(listShipmentsForOrder(h.db, shopId, was.id)).toEqual(before[i]!.shipments);
      expect(listTimeline(h.db, shopId, was.id).filter((e) => e.kind === "order.buyer_erased")).toEqual([
        expect.objectContaining({ message: "Buyer data erased at the customer's request, sent by Shopify" }),
      ]);
    }
    expect(before[0]!.shipments).toHaveLength(1);
    expect(h.orderOf(shopify, unreadable.marketplaceOrderId)).toMatchObject({
      fulfillmentStatus: "failed",
      failureReason: "lineItems is missing",
      unreadablePayload: { orderId: "99-unreadable-1", buyer: "[redacted]" },
    });

    // No row of the shop names Jordan any more: orders, timelines, jobs, deliveries, the export.
    const rows = shopRows(shopId);
    expect(JSON.stringify(rows)).not.toMatch(JORDAN_PII);
    const dataRequest = listPrivacyRequests(h.db, shopId).find((r) => r.kind === "customer_data_request")!;
    expect(getPrivacyRequest(h.db, shopId, dataRequest.id)).toMatchObject({
      kind: "customer_data_request",
      exportData: null,
      erasedAt: expect.any(Date),
    });
    const oldDelivery = rows.webhook_deliveries!.find(
      (d) => (d as { delivery_id: string }).delivery_id === "old-fulfillment-delivery",
    ) as { payload: string };
    expect(JSON.parse(oldDelivery.payload)).toEqual({
      id: 7001,
      order_id: numericId(jordanOrders[0]!.shopOrderId!),
      name: "#1001.1",
      tracking_number: upsTrackingNumber(8101),
      line_items: [{ id: 1, sku: DEMO_PRODUCTS[0].sku, quantity: 1 }],
    });
    expect(h.db.select().from(jobs).where(eq(jobs.id, deadJobId)).get()).toMatchObject({
      status: "dead",
      payload: { orderId: jordanOrders[0]!.id, customer: "[redacted]" },
      lastError: "Shopify refused the email [redacted] of [redacted]",
    });

    expect((await fetch(adminUrl(`/app/privacy-requests/${dataRequest.id}/export`))).status).toBe(404);
    expect((await listedRequests()).map((r) => r.summary)).toEqual([
      "Customer data erased from 3 orders",
      "Customer data export of 3 orders; erased since, at the customer's request",
    ]);

    // Ana's order, and Jordan's order in the other shop, are untouched.
    expect(h.orderOf(shopify, anaOrder.marketplaceOrderId)).toEqual(anaBefore);
    expect(anaBefore.buyerName).toBe(ANA.name);
    expect(h.orderOf(bigcommerce, jordanBc.marketplaceOrderId)).toEqual(bcBefore);
    expect(shopRows(bigcommerce.shop.id)).toEqual(bcRowsBefore);
  });

  it("shop/redact erases nothing while the shop is installed, and everything of it once uninstalled", async () => {
    const shopId = shopify.shop.id;
    const domain = shopify.shop.domain;
    const counts = () => Object.fromEntries(Object.entries(shopRows(shopId)).map(([t, r]) => [t, r.length]));
    const bcRowsBefore = shopRows(bigcommerce.shop.id);

    const early = await deliver("shop/redact", {});
    expect(early.status).toBe(200);
    await waitFor(() => h.db.select().from(jobs).where(eq(jobs.type, "erase-shop")).get()?.status === "succeeded", {
      what: "early shop/redact done",
    });
    expect(getShop(h.db, shopId)).toBeDefined();
    expect(counts().orders).toBe(4);

    h.emulators.shopify.uninstall(domain);
    await waitFor(() => getShop(h.db, shopId)?.uninstalledAt, { what: "app/uninstalled received" });
    await h.queueIdle();
    expect(await deliver("shop/redact", {})).toMatchObject({ status: 200, text: "Accepted" });
    await waitFor(() => !getShop(h.db, shopId), { what: "shop erased" });

    expect(Object.values(counts()).every((n) => n === 0)).toBe(true);
    expect(h.db.select().from(shopifySessions).where(eq(shopifySessions.shop, domain)).all()).toEqual([]);
    // What is left is the erasure jobs themselves, which name the shop's id only.
    const left = h.db.$client.prepare("SELECT type, payload FROM jobs WHERE type = 'erase-shop'").all();
    expect(left).toEqual([
      { type: "erase-shop", payload: JSON.stringify({ shopId, uninstalledAt: null, reason: "shopify_shop_redact" }) },
      { type: "erase-shop", payload: JSON.stringify({ shopId, uninstalledAt: null, reason: "shopify_shop_redact" }) },
    ]);
    expect(shopRows(bigcommerce.shop.id)).toEqual(bcRowsBefore);

    // Later deliveries for the erased shop are acknowledged: nothing is held.
    expect(
      await deliver("customers/redact", { customer: { email: JORDAN.email }, orders_to_redact: [] }),
    ).toMatchObject({ status: 200, text: "Unknown shop; nothing held" });
  });
});
