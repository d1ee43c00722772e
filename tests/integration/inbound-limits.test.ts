import { request as httpRequest } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { webhookDeliveries } from "#db/schema/index.ts";
import { INBOUND_ROUTES } from "#app/.server/http/inbound-routes.ts";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { signShopifyBody } from "#app/.server/platforms/shopify/webhook-hmac.ts";
import { signStandardWebhook } from "#app/.server/platforms/bigcommerce/standard-webhooks.ts";
import { DEMO_BUYERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { SANDBOX_BIGCOMMERCE_APP, SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * What the app's inbound routes take, over real HTTP (decision 022): a body above its route's limit is refused
 * with 413 before it is buffered or its signature checked, whether its Content-Length says so or a chunked body
 * runs past the limit (and the sender is stopped well before it has sent it all); a body at the limit is read; a
 * GET on a webhook route is a quiet 405; a stored Shopify delivery keeps no buyer data; forged eBay deletion
 * notices cost a bounded number of public-key lookups, and a key id eBay does not know is not looked up twice.
 */

const { shopifyFulfillmentsCreate, bigcommerceWebhooks, ebayAccountDeletion } = INBOUND_ROUTES;
const PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key/";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Body bytes the client had handed to its socket when the answer came. */
  sentBytes: number;
}

/**
 * A POST through node:http, so the test decides what is sent: `declaredLength` sends that Content-Length and only
 * `body`; `streamBytes` sends a chunked body of that many bytes (64 KiB chunks, waiting on backpressure) and stops
 * writing as soon as the answer arrives.
 */
function rawPost(
  url: string,
  headers: Record<string, string>,
  opts: { body?: Buffer; declaredLength?: number; streamBytes?: number },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let sentBytes = 0;
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        ...headers,
        ...(opts.declaredLength !== undefined ? { "content-length": String(opts.declaredLength) } : {}),
      },
    });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          sentBytes,
        }),
      );
      res.on("error", reject);
    });
    // Once answered, the server closes the connection under the unsent rest: the write side's errors are expected.
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    req.flushHeaders(); // the headers now, whatever follows
    if (opts.streamBytes === undefined) {
      if (opts.body) {
        sentBytes = opts.body.length;
        req.write(opts.body);
      }
      if (opts.declaredLength === undefined) req.end();
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const total = opts.streamBytes;
    const pump = () => {
      while (!answered && sentBytes < total) {
        const n = Math.min(chunk.length, total - sentBytes);
        sentBytes += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    if (opts.body) {
      sentBytes = opts.body.length;
      req.write(opts.body);
    }
    pump();
  });
}

/** A fulfillments/create body of exactly `bytes` bytes (JSON padded with spaces) and its signed headers. */
function shopifyFulfillment(bytes: number, deliveryId = randomUUID()) {
  const json = JSON.stringify({
    id: 777000001,
    admin_graphql_api_id: "gid://shopify/Fulfillment/777000001",
    order_id: 888000001,
    status: "success",
    tracking_company: "UPS",
    tracking_number: upsTrackingNumber(4242),
    email: "someone@example.com",
    line_items: [{ id: 999000001, sku: DEMO_PRODUCTS[0].sku, quantity: 1 }],
  });
  const body = json + " ".repeat(bytes - Buffer.byteLength(json));
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "fulfillments/create",
      "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
      "x-shopify-webhook-id": deliveryId,
      "x-shopify-api-version": SHOPIFY_API_VERSION,
      "x-shopify-hmac-sha256": signShopifyBody(body, SANDBOX_SHOPIFY_APP.clientSecret),
    },
  };
}

function bigcommerceHeaders(body: string) {
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": signStandardWebhook(SANDBOX_BIGCOMMERCE_APP.clientSecret, id, ts, body),
  };
}

/** An account-deletion notice as eBay words it, signed with a made-up key id (no key of eBay's signs it). */
function forgedNotice(kid: string) {
  const body = JSON.stringify({
    metadata: { topic: "MARKETPLACE_ACCOUNT_DELETION", schemaVersion: "1.0", deprecated: false },
    notification: {
      notificationId: randomUUID(),
      eventDate: new Date().toISOString(),
      publishDate: new Date().toISOString(),
      publishAttemptCount: 1,
      data: {
        username: "someone",
        userId: "u123",
        eiasToken: "nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ==",
      },
    },
  });
  const signature = Buffer.from(
    JSON.stringify({ alg: "ECDSA", kid, signature: randomBytes(70).toString("base64"), digest: "SHA1" }),
  ).toString("base64");
  return { body, headers: { "content-type": "application/json", "x-ebay-signature": signature } };
}

describe("inbound limits", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pairs: [{ marketplace: "ebay", platform: "shopify" }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  const url = (path: string) => `${h.http.url}${path}`;
  const deliveries = () =>
    h.db
      .select({ n: sql<number>`count(*)` })
      .from(webhookDeliveries)
      .get()!.n;
  const publicKeyLookups = () => h.emulators.ebay.server.requests().filter((r) => r.path.startsWith(PUBLIC_KEY_PATH));

  describe("a body above its route's limit", () => {
    const limit = shopifyFulfillmentsCreate.maxBodyBytes;

    it("is refused at once when its Content-Length says so, before a byte of it is read", async () => {
      const before = deliveries();
      // Announces 50 MB and sends nothing: the answer cannot wait for the body.
      const { headers } = shopifyFulfillment(1024);
      const res = await rawPost(url(shopifyFulfillmentsCreate.path), headers, { declaredLength: 50 * 1024 * 1024 });
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe("close");
      expect(res.sentBytes).toBe(0);
      expect(deliveries()).toBe(before);
    });

    it("is refused when its Content-Length is one byte over, even with a valid HMAC", async () => {
      const before = deliveries();
      const { body, headers } = shopifyFulfillment(limit + 1);
      const res = await rawPost(url(shopifyFulfillmentsCreate.path), headers, {
        body: Buffer.from(body),
        declaredLength: limit + 1,
      });
      expect(res.status).toBe(413);
      expect(deliveries()).toBe(before);
    });

    it("is cut off when a chunked body runs past the limit, and the sender is stopped", async () => {
      const before = deliveries();
      const { headers } = shopifyFulfillment(1024);
      const hundredMb = 100 * 1024 * 1024;
      const res = await rawPost(url(shopifyFulfillmentsCreate.path), headers, { streamBytes: hundredMb });
      expect(res.status).toBe(413);
      // What the sender got out before the answer: the limit, plus what the sockets' buffers held.
      expect(res.sentBytes).toBeGreaterThan(limit);
      expect(res.sentBytes).toBeLessThan(hundredMb / 4);
      expect(deliveries()).toBe(before);
    });

    it("is refused on the BigCommerce and eBay routes too, with their own limits", async () => {
      const bcBody = "{}" + " ".repeat(bigcommerceWebhooks.maxBodyBytes - 1);
      const bc = await rawPost(url(bigcommerceWebhooks.path), bigcommerceHeaders(bcBody), {
        body: Buffer.from(bcBody),
        declaredLength: Buffer.byteLength(bcBody),
      });
      expect(bc.status).toBe(413);

      const lookups = publicKeyLookups().length;
      const notice = forgedNotice(randomUUID());
      const ebayBody = notice.body + " ".repeat(ebayAccountDeletion.maxBodyBytes + 1 - notice.body.length);
      // Chunked: no Content-Length to refuse it by.
      const ebay = await rawPost(url(ebayAccountDeletion.path), notice.headers, { body: Buffer.from(ebayBody) });
      expect(ebay.status).toBe(413);
      expect(publicKeyLookups()).toHaveLength(lookups); // refused before the signature's key was looked up
    });
  });

  describe("a body at its route's limit", () => {
    it("is read, verified and stored (Shopify)", async () => {
      const before = deliveries();
      const deliveryId = randomUUID();
      const { body, headers } = shopifyFulfillment(shopifyFulfillmentsCreate.maxBodyBytes, deliveryId);
      expect(Buffer.byteLength(body)).toBe(shopifyFulfillmentsCreate.maxBodyBytes);
      const res = await fetch(url(shopifyFulfillmentsCreate.path), { method: "POST", headers, body });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("Accepted");
      expect(deliveries()).toBe(before + 1);
      const stored = h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, deliveryId)).get()!;
      expect(stored.payload).not.toHaveProperty("email");
    });

    it("is read and verified (BigCommerce: a store we do not know is acknowledged)", async () => {
      const json = JSON.stringify({
        scope: "store/shipment/created",
        store_id: "1",
        producer: "stores/unknown01",
        hash: "abc",
        created_at: Math.floor(Date.now() / 1000),
        data: { type: "shipment", id: 1, orderId: 2 },
      });
      const body = json + " ".repeat(bigcommerceWebhooks.maxBodyBytes - json.length);
      const res = await fetch(url(bigcommerceWebhooks.path), {
        method: "POST",
        headers: bigcommerceHeaders(body),
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("Unknown store; ignored");
    });
  });

  it("answers a method a route does not serve 405 with Allow, and logs nothing", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      for (const route of [
        INBOUND_ROUTES.shopifyFulfillmentsCreate,
        INBOUND_ROUTES.shopifyFulfillmentsUpdate,
        INBOUND_ROUTES.shopifyAppUninstalled,
        INBOUND_ROUTES.shopifyCompliance,
        INBOUND_ROUTES.bigcommerceWebhooks,
      ]) {
        const res = await fetch(url(route.path));
        expect(res.status, route.path).toBe(405);
        expect(res.headers.get("allow"), route.path).toBe("POST");
        await res.text();
      }
      // BigCommerce's callbacks are GETs: a POST is refused the same way.
      for (const route of [
        INBOUND_ROUTES.bigcommerceAuth,
        INBOUND_ROUTES.bigcommerceLoad,
        INBOUND_ROUTES.bigcommerceUninstall,
        INBOUND_ROUTES.bigcommerceRemoveUser,
      ]) {
        const res = await fetch(url(route.path), { method: "POST", body: "x" });
        expect(res.status, route.path).toBe(405);
        expect(res.headers.get("allow"), route.path).toBe("GET");
        await res.text();
      }
      // The eBay endpoint serves GET (the challenge): other methods are refused.
      const put = await fetch(url(ebayAccountDeletion.path), { method: "PUT", body: "{}" });
      expect(put.status).toBe(405);
      expect(put.headers.get("allow")).toBe("GET, POST");
      expect(errors).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      stderr.mockRestore();
    }
  });

  it("keeps no buyer data in a stored Shopify delivery", async () => {
    const p = h.pair("ebay", "shopify");
    const { order } = await h.placeLinkedOrder(p, 1);
    const buyer = DEMO_BUYERS.find((b) => b.name === order.buyerName)!;
    expect(buyer, "the order names a demo buyer").toBeDefined();
    const before = deliveries();
    await p.shopDriver.ship(order.shopOrderId!, { carrier: "UPS", trackingNumber: upsTrackingNumber(9001) });
    await waitFor(() => deliveries() > before, { what: "the fulfillments/create delivery stored" });
    // What Shopify sent carried the buyer's email and address...
    const sent = (await h.shopify.webhooks()).filter((w) => w.topic === "fulfillments/create").at(-1)!;
    expect(JSON.stringify(sent)).toContain(buyer.email);
    // ...what we kept does not.
    const stored = h.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.topic, "fulfillments/create"))
      .all()
      .at(-1)!;
    const kept = JSON.stringify(stored.payload);
    for (const personal of [buyer.name, buyer.email, buyer.line1, buyer.postalCode])
      expect(kept).not.toContain(personal);
    expect(stored.payload).not.toHaveProperty("email");
    expect(stored.payload).not.toHaveProperty("destination");
    expect(stored.payload).toMatchObject({
      order_id: Number(order.shopOrderId!.split("/").pop()),
      status: "success",
      tracking_company: "UPS",
      tracking_number: upsTrackingNumber(9001),
    });
    const lines = (stored.payload as { line_items: object[] }).line_items;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(["id", "quantity", "sku", "variant_id"]);
    await h.queueIdle();
  });

  it("looks up a bounded number of eBay keys for forged notices, and an unknown key id once", async () => {
    const p = h.pair("ebay", "shopify");
    const buyerUsername = "inbound.limits.buyer";
    h.emulators.ebay.seedOrder({
      username: String(p.account.settings.username),
      buyerUsername,
      items: [
        { sku: DEMO_PRODUCTS[0].sku, title: DEMO_PRODUCTS[0].title, quantity: 1, unitPrice: DEMO_PRODUCTS[0].price },
      ],
    });
    const endpoint = url(ebayAccountDeletion.path);
    const genuine = () => h.emulators.ebay.sendAccountDeletion({ endpoint, username: buyerUsername });
    const post = async (n: { body: string; headers: Record<string, string> }) => {
      const res = await fetch(endpoint, { method: "POST", headers: n.headers, body: n.body });
      await res.text();
      return res.status;
    };

    const start = publicKeyLookups().length;
    expect(await genuine()).toMatchObject({ delivered: true, status: 204 });
    const afterGenuine = publicKeyLookups().length;
    expect(afterGenuine - start).toBeLessThanOrEqual(1); // one lookup, or none if an earlier test cached the key

    const kids = Array.from({ length: 20 }, () => randomUUID());
    const statuses: number[] = [];
    for (const kid of kids) statuses.push(await post(forgedNotice(kid)));
    const forgedLookups = publicKeyLookups().slice(afterGenuine);
    // At most the bound's burst (10 a minute), and never for a notice that was not looked up.
    expect(forgedLookups.length).toBeGreaterThan(0);
    expect(forgedLookups.length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 412)).toHaveLength(forgedLookups.length); // eBay: no such key
    expect(statuses.filter((s) => s === 503)).toHaveLength(20 - forgedLookups.length); // not looked up: try later
    expect(statuses.every((s) => s === 412 || s === 503)).toBe(true);

    // A key id eBay said it does not know is remembered: no second lookup.
    const lookedUp = kids[statuses.indexOf(412)]!;
    const lookupsNow = publicKeyLookups().length;
    expect(await post(forgedNotice(lookedUp))).toBe(412);
    expect(await post(forgedNotice(lookedUp))).toBe(412);
    expect(publicKeyLookups()).toHaveLength(lookupsNow);

    // eBay's own key is remembered as well: a genuine notice still goes through, with no lookup.
    expect(await genuine()).toMatchObject({ delivered: true, status: 204 });
    expect(publicKeyLookups()).toHaveLength(lookupsNow);
  });
});
