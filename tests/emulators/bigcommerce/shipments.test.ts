import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILLING, seedCatalog, start, type Started } from "./test-support";

let t: Started;
let catalog: ReturnType<typeof seedCatalog>;

beforeAll(async () => {
  t = await start();
  catalog = seedCatalog(t);
});
afterAll(() => t.emu.close());

/** An order of 3 mugs and 1 large T-shirt; returns its id, address id and order product ids. */
async function order() {
  const created = await t.api("POST", "/v2/orders", {
    billing_address: BILLING,
    products: [
      { product_id: catalog.mug.id, quantity: 3 },
      { product_id: catalog.shirt.id, variant_id: catalog.shirt.variants[1].id, quantity: 1 },
    ],
    status_id: 11,
    external_order_id: `ext-${Math.random()}`,
  });
  expect(created.status).toBe(200);
  const id = created.body.id as number;
  const products = (await t.api("GET", `/v2/orders/${id}/products`)).body;
  const address = (await t.api("GET", `/v2/orders/${id}/shipping_addresses`)).body[0];
  return { id, addressId: address.id as number, mug: products[0].id as number, shirt: products[1].id as number };
}

describe("POST /v2/orders/{id}/shipments", () => {
  it("ships part, then the rest: 201 with generated_tracking_link, Partially Shipped (3) then Shipped (2)", async () => {
    const o = await order();
    expect((await t.api("GET", `/v2/orders/${o.id}/shipments`)).status).toBe(204);

    const first = await t.api("POST", `/v2/orders/${o.id}/shipments`, {
      order_address_id: o.addressId,
      items: [{ order_product_id: o.mug, quantity: 2 }],
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
      comments: "first box",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      order_id: o.id,
      order_address_id: o.addressId,
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
      shipping_provider_display_name: "UPS",
      tracking_carrier: "",
      tracking_link: "",
      generated_tracking_link: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      items: [{ order_product_id: o.mug, product_id: catalog.mug.id, quantity: 2 }],
      comments: "first box",
      billing_address: { zip: "78751" },
      shipping_address: { zip: "78751" },
    });
    let state = (await t.api("GET", `/v2/orders/${o.id}`)).body;
    expect(state).toMatchObject({
      status_id: 3,
      status: "Partially Shipped",
      items_shipped: 2,
      items_total: 4,
      date_shipped: "",
    });

    const second = await t.api("POST", `/v2/orders/${o.id}/shipments`, {
      order_address_id: o.addressId,
      items: [
        { order_product_id: o.mug, quantity: 1 },
        { order_product_id: o.shirt, quantity: 1 },
      ],
      tracking_number: "9400111899223197428490",
      tracking_carrier: "usps",
    });
    expect(second.status).toBe(201);
    expect(second.body.generated_tracking_link).toBe("https://track.aftership.com/usps/9400111899223197428490");
    state = (await t.api("GET", `/v2/orders/${o.id}`)).body;
    expect(state).toMatchObject({ status_id: 2, status: "Shipped", items_shipped: 4 });
    expect(state.date_shipped).toMatch(/\+0000$/);

    const products = (await t.api("GET", `/v2/orders/${o.id}/products`)).body;
    expect(products.map((p: any) => p.quantity_shipped)).toEqual([3, 1]);
    const list = await t.api("GET", `/v2/orders/${o.id}/shipments`);
    expect(list.body.map((s: any) => s.id)).toEqual([first.body.id, second.body.id]);
    expect((await t.api("GET", `/v2/orders/${o.id}/shipments/count`)).body).toEqual({ count: 2 });
    expect((await t.api("GET", `/v2/orders/${o.id}/shipments/${first.body.id}`)).body.id).toBe(first.body.id);
  });

  it("refuses quantities beyond what is unshipped, foreign products and addresses, missing fields, long tracking numbers", async () => {
    const o = await order();
    const post = (body: unknown) => t.api("POST", `/v2/orders/${o.id}/shipments`, body);
    const tooMany = await post({ order_address_id: o.addressId, items: [{ order_product_id: o.mug, quantity: 4 }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].message).toBe(
      `The quantity to ship for order product ${o.mug} (4) is greater than the quantity not yet shipped (3).`,
    );
    // Split across two items, still too many.
    const split = await post({
      order_address_id: o.addressId,
      items: [
        { order_product_id: o.mug, quantity: 2 },
        { order_product_id: o.mug, quantity: 2 },
      ],
    });
    expect(split.status).toBe(400);

    const cases: [unknown, string][] = [
      [
        { items: [{ order_product_id: o.mug, quantity: 1 }] },
        "The required field 'order_address_id' was not supplied.",
      ],
      [{ order_address_id: o.addressId }, "The required field 'items' was not supplied."],
      [
        { order_address_id: 999999, items: [{ order_product_id: o.mug, quantity: 1 }] },
        "The field 'order_address_id' is invalid.",
      ],
      [
        { order_address_id: o.addressId, items: [{ order_product_id: 999999, quantity: 1 }] },
        "The field 'items[0].order_product_id' is invalid.",
      ],
      [
        { order_address_id: o.addressId, items: [{ order_product_id: o.mug, quantity: 0 }] },
        "The field 'items[0].quantity' is invalid.",
      ],
      [
        {
          order_address_id: o.addressId,
          items: [{ order_product_id: o.mug, quantity: 1 }],
          tracking_number: "X".repeat(51),
        },
        "The field 'tracking_number' is invalid.",
      ],
      [
        { order_address_id: "first", items: [{ order_product_id: o.mug, quantity: 1 }] },
        "The field 'order_address_id' is invalid.",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect(r.status, message).toBe(400);
      expect(r.body[0]).toMatchObject({ status: 400, message });
    }
    // Nothing was shipped by the refused requests.
    expect((await t.api("GET", `/v2/orders/${o.id}`)).body).toMatchObject({ status_id: 11, items_shipped: 0 });
    expect(
      (
        await t.api("POST", "/v2/orders/999999/shipments", {
          order_address_id: 1,
          items: [{ order_product_id: 1, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
  });

  it("takes a custom tracking_link (no generated link) and updates and deletes shipments", async () => {
    const o = await order();
    const s = await t.api("POST", `/v2/orders/${o.id}/shipments`, {
      order_address_id: o.addressId,
      items: [
        { order_product_id: o.mug, quantity: 3 },
        { order_product_id: o.shirt, quantity: 1 },
      ],
      tracking_number: "RM123456789GB",
      shipping_provider: "royalmail",
      tracking_link: "https://example.com/track/RM123456789GB",
    });
    expect(s.body).toMatchObject({
      tracking_link: "https://example.com/track/RM123456789GB",
      generated_tracking_link: "",
      shipping_provider_display_name: "Royal Mail",
    });
    expect((await t.api("GET", `/v2/orders/${o.id}`)).body.status_id).toBe(2);

    const upd = await t.api("PUT", `/v2/orders/${o.id}/shipments/${s.body.id}`, {
      tracking_number: "RM000000000GB",
      tracking_link: "",
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({
      tracking_number: "RM000000000GB",
      generated_tracking_link: expect.stringContaining("royalmail.com"),
    });

    expect((await t.api("DELETE", `/v2/orders/${o.id}/shipments/${s.body.id}`)).status).toBe(204);
    expect((await t.api("GET", `/v2/orders/${o.id}`)).body).toMatchObject({
      status_id: 11,
      status: "Awaiting Fulfillment",
      items_shipped: 0,
      date_shipped: "",
    });
    expect((await t.api("GET", `/v2/orders/${o.id}/shipments/${s.body.id}`)).status).toBe(404);
  });
});

describe("catalog lookups", () => {
  it("finds a variant by SKU with its inventory level, and a product by its own SKU", async () => {
    const v = await t.api("GET", "/v3/catalog/variants?sku=TEE-S");
    expect(v.status).toBe(200);
    expect(v.body.data).toHaveLength(1);
    expect(v.body.data[0]).toMatchObject({
      id: catalog.shirt.variants[0].id,
      product_id: catalog.shirt.id,
      sku: "TEE-S",
      price: 20,
      inventory_level: 5,
    });
    expect(v.body.meta.pagination).toMatchObject({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 });

    const none = await t.api("GET", "/v3/catalog/variants?sku=NOPE");
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);

    const p = await t.api("GET", "/v3/catalog/products?sku=MUG-1&include=variants");
    expect(p.body.data).toHaveLength(1);
    expect(p.body.data[0]).toMatchObject({
      id: catalog.mug.id,
      name: "Mug",
      sku: "MUG-1",
      base_variant_id: catalog.mug.variants[0].id,
      inventory_tracking: "product",
    });
    expect(p.body.data[0].variants[0]).toMatchObject({ sku: "MUG-1" });
    // A variant SKU is not a product SKU.
    expect((await t.api("GET", "/v3/catalog/products?sku=TEE-S")).body.data).toEqual([]);

    const fields = await t.api(
      "GET",
      `/v3/catalog/variants?product_id:in=${catalog.shirt.id}&include_fields=sku,inventory_level`,
    );
    expect(fields.body.data).toEqual([
      { id: catalog.shirt.variants[0].id, sku: "TEE-S", inventory_level: 5 },
      { id: catalog.shirt.variants[1].id, sku: "TEE-L", inventory_level: expect.any(Number) },
    ]);
    expect((await t.api("GET", `/v3/catalog/products/${catalog.shirt.id}`)).body.data).toMatchObject({
      name: "T-shirt",
      base_variant_id: null,
      inventory_tracking: "variant",
    });
    expect((await t.api("GET", `/v3/catalog/products/${catalog.shirt.id}/variants`)).body.data).toHaveLength(2);
    const missing = await t.api("GET", "/v3/catalog/products/999999");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      status: 404,
      title: expect.any(String),
      type: expect.stringContaining("api-status-codes"),
    });
  });

  it("answers v3 validation errors as {status, title, type, errors}", async () => {
    const r = await t.api("GET", "/v3/catalog/variants?limit=lots");
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      status: 422,
      title: "Input is invalid.",
      errors: { limit: "limit must be integer" },
    });
  });
});
