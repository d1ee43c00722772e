import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILLING, seedCatalog, start, type Started } from "./test-support";

let t: Started;
let catalog: ReturnType<typeof seedCatalog>;

beforeAll(async () => {
  t = await start();
  catalog = seedCatalog(t);
});
afterAll(() => t.emu.close());

const amazonOrder = (externalOrderId: string, extra: Record<string, unknown> = {}) => ({
  billing_address: BILLING,
  shipping_addresses: [{ ...BILLING, first_name: "Trish", shipping_method: "Standard" }],
  products: [
    {
      product_id: catalog.mug.id,
      variant_id: catalog.mug.variants[0].id,
      quantity: 2,
      price_inc_tax: 12.5,
      price_ex_tax: 12.5,
    },
    { name: "Gift wrap", quantity: 1, price_inc_tax: 3, price_ex_tax: 2.5, sku: "WRAP" },
  ],
  external_source: "Marketplace (Amazon)",
  external_order_id: externalOrderId,
  status_id: 11,
  date_created: "Tue, 20 Nov 2012 00:00:00 +0000",
  shipping_cost_ex_tax: "4.99",
  shipping_cost_inc_tax: 4.99,
  ...extra,
});

describe("authentication", () => {
  it("answers 401 in BigCommerce's shape without a token, with an unknown one, or for another store", async () => {
    for (const opts of [{ token: null }, { token: "nope" }, { store: "otherstore" }]) {
      const r = await t.api("GET", "/v2/orders", undefined, opts);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ status: 401, title: expect.stringContaining("Unauthorized") });
    }
  });
});

describe("POST /v2/orders", () => {
  it("creates an order with external_order_id, then finds it with the external_order_id filter", async () => {
    const created = await t.api("POST", "/v2/orders", amazonOrder("113-1111111-1111111"));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      status_id: 11,
      status: "Awaiting Fulfillment",
      custom_status: "Awaiting Fulfillment",
      external_source: "Marketplace (Amazon)",
      external_order_id: "113-1111111-1111111",
      external_id: null,
      channel_id: 1,
      order_source: "external",
      date_created: "Tue, 20 Nov 2012 00:00:00 +0000",
      items_total: 3,
      items_shipped: 0,
      subtotal_ex_tax: "27.5000",
      subtotal_inc_tax: "28.0000",
      shipping_cost_inc_tax: "4.9900",
      total_inc_tax: "32.9900",
      billing_address: { first_name: "Jane", zip: "78751", country_iso2: "US" },
      currency_code: "USD",
    });
    const id = created.body.id;
    expect(created.body.products).toEqual({
      url: `${t.base}/stores/${t.store}/v2/orders/${id}/products`,
      resource: `/orders/${id}/products`,
    });
    expect(created.body.date_modified).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);

    await t.api("POST", "/v2/orders", amazonOrder("113-2222222-2222222"));
    const found = await t.api("GET", "/v2/orders?external_order_id=113-1111111-1111111");
    expect(found.status).toBe(200);
    expect(found.body.map((o: any) => o.id)).toEqual([id]);
    const none = await t.api("GET", "/v2/orders?external_order_id=nope");
    expect(none.status).toBe(204);
    expect(none.text).toBe("");

    const products = await t.api("GET", `/v2/orders/${id}/products`);
    expect(products.body).toMatchObject([
      {
        order_id: id,
        product_id: catalog.mug.id,
        variant_id: catalog.mug.variants[0].id,
        sku: "MUG-1",
        name: "Mug",
        quantity: 2,
        quantity_shipped: 0,
        price_inc_tax: "12.5000",
      },
      {
        order_id: id,
        product_id: 0,
        sku: "WRAP",
        name: "Gift wrap",
        quantity: 1,
        price_ex_tax: "2.5000",
        price_inc_tax: "3.0000",
      },
    ]);
    const addresses = await t.api("GET", `/v2/orders/${id}/shipping_addresses`);
    expect(addresses.body).toMatchObject([
      {
        order_id: id,
        first_name: "Trish",
        shipping_method: "Standard",
        items_total: 3,
        items_shipped: 0,
        cost_inc_tax: "4.9900",
      },
    ]);
    expect(products.body.every((p: any) => p.order_address_id === addresses.body[0].id)).toBe(true);

    // The catalog product's inventory went down for both orders (2 mugs each).
    const variant = await t.api("GET", "/v3/catalog/variants?sku=MUG-1");
    expect(variant.body.data[0].inventory_level).toBe(catalog.mug.variants[0].inventory_level - 4);
  });

  it("refuses what the spec refuses, in v2's [{status, message}] shape", async () => {
    const cases: [unknown, string][] = [
      [
        { ...amazonOrder("x"), external_id: "abc" },
        "The field 'external_id' cannot be written to. Please remove it from your request before trying again.",
      ],
      [{ ...amazonOrder("x"), custom_status: "Done" }, "The field 'custom_status' is not supported by this resource."],
      [{ ...amazonOrder("x"), status_id: "eleven" }, "The field 'status_id' is invalid."],
      [
        { ...amazonOrder("x"), billing_address: { first_name: "No zip" } },
        "The required field 'billing_address.zip' was not supplied.",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await t.api("POST", "/v2/orders", body);
      expect(r.status).toBe(400);
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.body).toContainEqual(expect.objectContaining({ status: 400, message }));
    }
    const broken = await t.api("POST", "/v2/orders", "{not json");
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual([{ status: 400, message: "The request body is not valid JSON." }]);
  });

  it("applies the rules beyond the schema: billing address, products, channel, custom products, dates, paired costs", async () => {
    const { billing_address: _b, ...noBilling } = amazonOrder("x");
    const cases: [unknown, string][] = [
      [noBilling, "The required field 'billing_address' was not supplied."],
      [{ ...amazonOrder("x"), products: [] }, "The required field 'products' was not supplied."],
      [{ ...amazonOrder("x"), channel_id: 999 }, "The field 'channel_id' is invalid."],
      [
        { ...amazonOrder("x"), products: [{ name: "Custom", quantity: 1 }] },
        "The required field 'products[0].price_inc_tax' was not supplied.",
      ],
      [
        { ...amazonOrder("x"), products: [{ product_id: 99999, quantity: 1 }] },
        "The field 'products[0].product_id' is invalid.",
      ],
      [
        { ...amazonOrder("x"), products: [{ product_id: catalog.shirt.id, quantity: 1 }] },
        "The field 'products[0].product_options' is required for a product with variants.",
      ],
      [{ ...amazonOrder("x"), date_created: "2012-11-20" }, "The field 'date_created' is invalid."],
      [
        { ...amazonOrder("x"), shipping_cost_inc_tax: undefined },
        "The required field 'shipping_cost_inc_tax' was not supplied.",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await t.api("POST", "/v2/orders", body);
      expect(r.status, message).toBe(400);
      expect(r.body[0]).toMatchObject({ status: 400, message });
    }
  });

  it("accepts a marketplace channel created for the store and the variant form of a catalog product", async () => {
    const channel = t.emu.addChannel(t.store, { name: "Amazon US", platform: "amazon" });
    const r = await t.api("POST", "/v2/orders", {
      billing_address: BILLING,
      products: [{ product_id: catalog.shirt.id, variant_id: catalog.shirt.variants[1].id, quantity: 1 }],
      channel_id: channel.id,
      external_order_id: "113-3333333-3333333",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      channel_id: channel.id,
      status_id: 1,
      status: "Pending",
      subtotal_inc_tax: "22.0000",
    });
    const lines = await t.api("GET", `/v2/orders/${r.body.id}/products`);
    expect(lines.body[0]).toMatchObject({ sku: "TEE-L", name: "T-shirt", variant_id: catalog.shirt.variants[1].id });
    // No shipping_addresses: the order ships to the billing address.
    const addresses = await t.api("GET", `/v2/orders/${r.body.id}/shipping_addresses`);
    expect(addresses.body).toMatchObject([{ first_name: "Jane", zip: "78751" }]);
    const byChannel = await t.api("GET", `/v2/orders?channel_id=${channel.id}`);
    expect(byChannel.body.map((o: any) => o.id)).toEqual([r.body.id]);
  });
});

describe("GET /v2/orders", () => {
  it("filters by status and modification date, sorts, pages, and refuses unknown parameters", async () => {
    const before = new Date(Date.now() - 60_000).toUTCString().replace("GMT", "+0000");
    const all = await t.api("GET", "/v2/orders?limit=250");
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThanOrEqual(3);
    const ids = all.body.map((o: any) => o.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));

    const desc = await t.api("GET", "/v2/orders?sort=id:desc&limit=2");
    expect(desc.body.map((o: any) => o.id)).toEqual([...ids].reverse().slice(0, 2));
    const page2 = await t.api("GET", "/v2/orders?limit=2&page=2");
    expect(page2.body.map((o: any) => o.id)).toEqual(ids.slice(2, 4));

    const awaiting = await t.api("GET", "/v2/orders?status_id=11");
    expect(awaiting.body.every((o: any) => o.status_id === 11)).toBe(true);
    const modified = await t.api("GET", `/v2/orders?min_date_modified=${encodeURIComponent(before)}`);
    expect(modified.body.length).toBe(all.body.length);
    const iso = await t.api(
      "GET",
      `/v2/orders?min_date_modified=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(iso.status).toBe(204);

    const unknown = await t.api("GET", "/v2/orders?id=1");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual([{ status: 400, message: "The field 'id' is not supported by this resource." }]);
    const badSort = await t.api("GET", "/v2/orders?sort=total");
    expect(badSort.status).toBe(400);
    const badDate = await t.api("GET", "/v2/orders?min_date_created=yesterday");
    expect(badDate.body[0]).toMatchObject({ message: "The field 'min_date_created' is invalid." });

    const count = await t.api("GET", "/v2/orders/count");
    expect(count.body.count).toBe(all.body.length);
    expect(count.body.statuses.find((s: any) => s.id === 11)).toMatchObject({
      name: "Awaiting Fulfillment",
      count: awaiting.body.length,
    });
  });

  it("answers single orders, 404 for unknown ones, and the order statuses", async () => {
    const r = await t.api("GET", "/v2/orders/999999");
    expect(r.status).toBe(404);
    expect(r.body).toEqual([{ status: 404, message: "The requested resource was not found." }]);
    expect((await t.api("GET", "/v2/orders/abc")).status).toBe(404);
    const statuses = await t.api("GET", "/v2/order_statuses");
    expect(statuses.body).toHaveLength(15);
    expect(statuses.body[2]).toMatchObject({ id: 2, name: "Shipped" });
    expect(statuses.body[11].system_description).toMatch(/payment has been confirmed/);
    expect((await t.api("GET", "/v2/order_statuses/3")).body).toMatchObject({ id: 3, name: "Partially Shipped" });
    expect((await t.api("GET", "/v2/nothing/here")).status).toBe(404);
  });
});

describe("PUT /v2/orders/{id}", () => {
  it("changes the status and external_order_id, and refuses what it does not emulate", async () => {
    const created = await t.api("POST", "/v2/orders", amazonOrder("113-4444444-4444444"));
    const id = created.body.id;
    const r = await t.api("PUT", `/v2/orders/${id}`, { status_id: 9, external_order_id: "113-4444444-0000000" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status_id: 9,
      status: "Awaiting Shipment",
      external_order_id: "113-4444444-0000000",
    });
    const bad = await t.api("PUT", `/v2/orders/${id}`, { status_id: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body[0].message).toBe("The field 'status_id' is invalid.");
    const unsupported = await t.api("PUT", `/v2/orders/${id}`, { billing_address: BILLING });
    expect(unsupported.status).toBe(501);
    const archived = await t.api("DELETE", `/v2/orders/${id}`);
    expect(archived.status).toBe(204);
    expect((await t.api("GET", `/v2/orders/${id}`)).status).toBe(404);
  });
});
