import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigcommerceControl } from "./control-client";
import { BILLING, start, type Started } from "./test-support";

let t: Started;

beforeAll(async () => {
  t = await start();
});
afterAll(() => t.emu.close());

describe("stores, catalog and channels", () => {
  it("creates stores with a working token, and refuses duplicates and bad input", async () => {
    const r = await t.control("POST", "/__sandbox/stores", {
      storeHash: "ctl1",
      name: "Control One",
      accessToken: "ctl1-token",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      storeHash: "ctl1",
      accessToken: "ctl1-token",
      name: "Control One",
      plan: "standard",
      quota: 150,
      currency: "USD",
      installed: true,
    });
    expect(typeof r.body.storeId).toBe("number");
    expect((await t.api("GET", "/v2/order_statuses", undefined, { store: "ctl1", token: "ctl1-token" })).status).toBe(
      200,
    );
    expect((await t.control("POST", "/__sandbox/stores", { storeHash: "ctl1" })).status).toBe(409);
    expect((await t.control("POST", "/__sandbox/stores", { storeHash: "Not Valid!" })).status).toBe(400);
    expect((await t.control("POST", "/__sandbox/stores", { storeHash: "ctl2", plan: "gold" })).status).toBe(400);
    const generated = await t.control("POST", "/__sandbox/stores", { storeHash: "ctl2" });
    expect(generated.body.accessToken).toMatch(/^[a-z0-9]{31}$/);
    expect((await t.control("GET", "/__sandbox/stores")).body.map((s: any) => s.storeHash)).toEqual([
      t.store,
      "ctl1",
      "ctl2",
    ]);
    expect((await t.control("GET", "/__sandbox/stores/nope")).status).toBe(404);
  });

  it("seeds products (with or without variants) and channels", async () => {
    const p = await t.control("POST", `/__sandbox/stores/${t.store}/products`, {
      name: "Cap",
      sku: "CAP-1",
      price: "9.5",
      inventory_level: 4,
    });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      name: "Cap",
      sku: "CAP-1",
      price: 9.5,
      inventory_level: 4,
      variants: [{ sku: "CAP-1", inventory_level: 4 }],
    });
    const v = await t.control("POST", `/__sandbox/stores/${t.store}/products`, {
      name: "Socks",
      price: 5,
      variants: [
        { sku: "SOCK-RED", inventory_level: 2 },
        { sku: "SOCK-BLUE", price: 6 },
      ],
    });
    expect(v.body.variants.map((x: any) => [x.sku, x.price, x.inventory_level])).toEqual([
      ["SOCK-RED", 5, 2],
      ["SOCK-BLUE", 6, 0],
    ]);
    expect(
      (await t.control("POST", `/__sandbox/stores/${t.store}/products`, { name: "Cap 2", sku: "CAP-1", price: 1 }))
        .status,
    ).toBe(409);
    expect((await t.control("POST", `/__sandbox/stores/${t.store}/products`, { name: "Free", price: -1 })).status).toBe(
      400,
    );
    expect((await t.control("GET", `/__sandbox/stores/${t.store}/products`)).body).toHaveLength(2);

    const c = await t.control("POST", `/__sandbox/stores/${t.store}/channels`, { name: "eBay", platform: "ebay" });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name: "eBay", type: "marketplace", platform: "ebay", status: "active" });
  });
});

describe("orders and the merchant", () => {
  it("seeds an order by SKU, ships part of it by SKU, then the rest, and changes its status", async () => {
    const created = await t.control("POST", `/__sandbox/stores/${t.store}/orders`, {
      billing_address: BILLING,
      products: [
        { sku: "CAP-1", quantity: 2 },
        { sku: "SOCK-BLUE", quantity: 1 },
      ],
      status_id: 11,
      external_order_id: "seed-1",
    });
    expect(created.status).toBe(201);
    const order = created.body;
    expect(order).toMatchObject({ external_order_id: "seed-1", status_id: 11, items_total: 3 });
    expect(order.products.map((p: any) => [p.sku, p.quantity])).toEqual([
      ["CAP-1", 2],
      ["SOCK-BLUE", 1],
    ]);
    expect(order.shipping_addresses).toHaveLength(1);
    expect(order.shipments).toEqual([]);

    const part = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/ship`, {
      items: [{ sku: "CAP-1", quantity: 1 }],
      tracking_number: "1Z999AA10123456784",
      tracking_carrier: "ups",
      shipping_provider: "",
    });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      items: [{ order_product_id: order.products[0].id, quantity: 1 }],
      tracking_carrier: "ups",
    });
    expect((await t.control("GET", `/__sandbox/stores/${t.store}/orders/${order.id}`)).body).toMatchObject({
      status_id: 3,
      items_shipped: 1,
    });

    const rest = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/ship`, {
      tracking_number: "1Z999AA10123456785",
      shipping_provider: "ups",
    });
    expect(rest.body.items.map((i: any) => i.quantity)).toEqual([1, 1]);
    const shipped = (await t.control("GET", `/__sandbox/stores/${t.store}/orders/${order.id}`)).body;
    expect(shipped).toMatchObject({ status_id: 2, items_shipped: 3 });
    expect(shipped.shipments).toHaveLength(2);
    expect((await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/ship`, {})).status).toBe(409);

    const upd = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/shipments/${rest.body.id}`, {
      tracking_number: "NEW123",
    });
    expect(upd.body.tracking_number).toBe("NEW123");
    const del = await t.control("DELETE", `/__sandbox/stores/${t.store}/orders/${order.id}/shipments/${rest.body.id}`);
    expect(del.body).toMatchObject({ status_id: 3, items_shipped: 1 });

    const status = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/status`, { status_id: 5 });
    expect(status.body).toMatchObject({ status_id: 5, status: "Cancelled" });
    expect(
      (await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/status`, { status_id: 99 })).status,
    ).toBe(400);
    expect((await t.control("GET", `/__sandbox/stores/${t.store}/orders`)).body.map((o: any) => o.id)).toContain(
      order.id,
    );
  });

  it("refuses seeds and shipments the API would refuse", async () => {
    const unknownSku = await t.control("POST", `/__sandbox/stores/${t.store}/orders`, {
      billing_address: BILLING,
      products: [{ sku: "NOPE", quantity: 1 }],
    });
    expect(unknownSku.status).toBe(400);
    expect(unknownSku.body.error).toMatch(/no variant with SKU NOPE/);
    const readOnly = await t.control("POST", `/__sandbox/stores/${t.store}/orders`, {
      billing_address: BILLING,
      products: [{ sku: "CAP-1", quantity: 1 }],
      external_id: "x",
    });
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.error).toMatch(/'external_id' cannot be written to/);
    const order = t.emu.createOrder(t.store, {
      billing_address: BILLING,
      products: [{ sku: "CAP-1", quantity: 1 }],
    }) as { id: number };
    const tooMany = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/ship`, {
      items: [{ sku: "CAP-1", quantity: 2 }],
    });
    expect(tooMany.status).toBe(400);
    const longTracking = await t.control("POST", `/__sandbox/stores/${t.store}/orders/${order.id}/ship`, {
      tracking_number: "X".repeat(51),
    });
    expect(longTracking.status).toBe(400);
    expect((await t.control("POST", `/__sandbox/stores/${t.store}/orders/424242/ship`, {})).status).toBe(404);
  });
});

describe("typed control client", () => {
  it("drives the same routes over HTTP", async () => {
    const c = bigcommerceControl(t.base);
    const store = await c.createStore({ storeHash: "client1" });
    await c.addProduct("client1", { name: "Pen", sku: "PEN-1", price: 2, inventory_level: 9 });
    const order = await c.createOrder("client1", {
      billing_address: BILLING,
      products: [{ sku: "PEN-1", quantity: 3 }],
    });
    const shipment = await c.ship("client1", order.id, {
      tracking_number: "9400111899223197428490",
      shipping_provider: "usps",
    });
    expect(shipment.generated_tracking_link).toContain("9400111899223197428490");
    expect((await c.order("client1", order.id)).status_id).toBe(2);
    expect((await c.signedPayload("client1")).signed_payload_jwt.split(".")).toHaveLength(3);
    await expect(c.createStore({ storeHash: "client1" })).rejects.toThrow(/409/);
    expect(store.accessToken).toMatch(/^[a-z0-9]{31}$/);
  });
});

describe("app URL and reset", () => {
  it("sets the app URL, and reset drops every store", async () => {
    expect((await t.control("POST", "/__sandbox/app", { appUrl: "http://127.0.0.1:9/bc/" })).body).toEqual({
      appUrl: "http://127.0.0.1:9/bc",
    });
    expect((await t.control("GET", "/__sandbox/app")).body).toEqual({ appUrl: "http://127.0.0.1:9/bc" });
    expect((await t.control("POST", "/__sandbox/app", { appUrl: "not a url" })).status).toBe(400);
    expect((await t.control("POST", "/__sandbox/app", { appUrl: 42 })).status).toBe(400);

    await t.api("GET", "/v2/orders");
    expect((await t.control("POST", "/__sandbox/reset")).status).toBe(204);
    expect((await t.control("GET", "/__sandbox/stores")).body).toEqual([]);
    expect((await t.control("GET", "/__sandbox/requests")).body).toEqual([]);
    expect((await t.api("GET", "/v2/orders")).status).toBe(401);
  });
});
