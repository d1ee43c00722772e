import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Started } from "./test-helpers";

let t: Started;

beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.emu.close());

describe("control API", () => {
  it("creates shops with one location and their own token", async () => {
    const r = await t.control("POST", "/__sandbox/shops", {
      domain: "second.myshopify.com",
      name: "Second",
      currencyCode: "EUR",
      accessToken: "shpat_fixed",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      domain: "second.myshopify.com",
      accessToken: "shpat_fixed",
      currencyCode: "EUR",
      installed: true,
    });
    expect(r.body.locations).toHaveLength(1);
    expect((await t.control("POST", "/__sandbox/shops", { domain: "second.myshopify.com" })).status).toBe(409);
    expect((await t.control("POST", "/__sandbox/shops", {})).status).toBe(400);
    const q = await t.gql("{ shop { name currencyCode } }", {}, "shpat_fixed");
    expect(q.body.data.shop).toEqual({ name: "Second", currencyCode: "EUR" });
  });

  it("revoke-tokens makes the shop's tokens answer 401 until restore-tokens, with no uninstall", async () => {
    await t.control("POST", "/__sandbox/shops", { domain: "refused.myshopify.com", accessToken: "shpat_refused" });
    expect((await t.control("POST", "/__sandbox/shops/refused.myshopify.com/revoke-tokens")).status).toBe(200);
    expect((await t.gql("{ shop { name } }", {}, "shpat_refused")).status).toBe(401);
    expect((await t.control("GET", "/__sandbox/shops/refused.myshopify.com")).body.installed).toBe(true);
    expect((await t.control("POST", "/__sandbox/shops/refused.myshopify.com/restore-tokens")).status).toBe(200);
    expect((await t.gql("{ shop { name } }", {}, "shpat_refused")).status).toBe(200);
  });

  it("adds products with GIDs and validates prices", async () => {
    const r = await t.control("POST", `/__sandbox/shops/${t.domain}/products`, {
      title: "Hoodie",
      variants: [
        { sku: "HOOD-S", price: "39.90", inventoryQuantity: 3 },
        { sku: "HOOD-M", price: "39.90" },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(r.body.variants).toMatchObject([
      { sku: "HOOD-S", price: "39.90", inventoryQuantity: 3 },
      { sku: "HOOD-M", price: "39.90", inventoryQuantity: 0 },
    ]);
    expect(r.body.variants[0].id).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
    expect(r.body.variants[0].inventoryItemId).toMatch(/^gid:\/\/shopify\/InventoryItem\/\d+$/);
    expect(
      (
        await t.control("POST", `/__sandbox/shops/${t.domain}/products`, {
          title: "Bad",
          variants: [{ sku: "B", price: "cheap" }],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.control("POST", "/__sandbox/shops/nowhere.myshopify.com/products", {
          title: "X",
          variants: [{ price: "1" }],
        })
      ).status,
    ).toBe(404);
    const inv = await t.control("POST", `/__sandbox/shops/${t.domain}/inventory`, { sku: "HOOD-M", quantity: 7 });
    expect(inv.body).toMatchObject({ sku: "HOOD-M", inventoryQuantity: 7 });
  });

  it("seeds orders (lines by SKU), lists them with full state, fulfills by line item id and edits tracking", async () => {
    const created = await t.control("POST", `/__sandbox/shops/${t.domain}/orders`, {
      order: {
        sourceName: "OrderBridge eBay",
        sourceIdentifier: "ebay:12-34",
        lineItems: [
          { sku: "HOOD-S", quantity: 2 },
          { sku: "HOOD-M", quantity: 1 },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "#1001",
      sourceIdentifier: "ebay:12-34",
      displayFulfillmentStatus: "UNFULFILLED",
      totals: { subtotal: "119.70" },
    });

    const list = await t.control("GET", `/__sandbox/shops/${t.domain}/orders`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const order = list.body[0];
    expect(order.lineItems.map((l: any) => [l.sku, l.quantity, l.unfulfilledQuantity])).toEqual([
      ["HOOD-S", 2, 2],
      ["HOOD-M", 1, 1],
    ]);

    // Numeric order id and numeric line item id, as the admin URLs carry them.
    const f = await t.control("POST", `/__sandbox/shops/${t.domain}/orders/${order.legacyResourceId}/fulfill`, {
      lineItems: [{ lineItemId: order.lineItems[0].legacyResourceId, quantity: 2 }],
      trackingCompany: "Royal Mail",
      trackingNumber: "AB123456789GB",
    });
    expect(f.status).toBe(201);
    expect(f.body).toMatchObject({
      name: "#1001.1",
      status: "SUCCESS",
      trackingCompany: "Royal Mail",
      lineItems: [{ sku: "HOOD-S", quantity: 2 }],
    });

    const over = await t.control(
      "POST",
      `/__sandbox/shops/${t.domain}/orders/${encodeURIComponent(order.id)}/fulfill`,
      { lineItems: [{ sku: "HOOD-M", quantity: 5 }] },
    );
    expect(over.status).toBe(422);
    expect((await t.control("POST", `/__sandbox/shops/${t.domain}/orders/123/fulfill`, {})).status).toBe(404);

    const tracking = await t.control(
      "POST",
      `/__sandbox/shops/${t.domain}/fulfillments/${f.body.legacyResourceId}/tracking`,
      {
        trackingCompany: "DPD",
        trackingNumber: "15501234567890",
      },
    );
    expect(tracking).toMatchObject({ status: 200, body: { trackingCompany: "DPD", trackingNumber: "15501234567890" } });
    expect(
      (await t.control("POST", `/__sandbox/shops/${t.domain}/fulfillments/1/tracking`, { trackingNumber: "x" })).status,
    ).toBe(404);

    const one = await t.control("GET", `/__sandbox/shops/${t.domain}/orders/${encodeURIComponent(order.id)}`);
    expect(one.body).toMatchObject({
      displayFulfillmentStatus: "PARTIALLY_FULFILLED",
      fulfillmentOrders: [{ status: "IN_PROGRESS" }],
      fulfillments: [{ name: "#1001.1", trackingCompany: "DPD" }],
    });
  });

  it("rejects seeded orders the mutation would reject", async () => {
    const r = await t.control("POST", `/__sandbox/shops/${t.domain}/orders`, {
      lineItems: [{ sku: "NOPE", quantity: 1 }],
    });
    expect(r.status).toBe(422);
  });

  it("mints session tokens and resets everything", async () => {
    const st = await t.control("POST", `/__sandbox/shops/${t.domain}/session-token`, { userId: 7 });
    expect(st.body.token.split(".")).toHaveLength(3);
    expect((await t.control("POST", "/__sandbox/reset")).status).toBe(204);
    expect((await t.control("GET", "/__sandbox/shops")).body).toEqual([]);
    expect((await t.gql("{ shop { id } }")).status).toBe(401);
  });
});
