/**
 * The emulator's answers checked against the spec's own response schemas, and its webhook payloads against
 * the callback schemas and example payloads in docs/webhooks/callbacks (all read from the shared specs).
 */
import { readFileSync } from "node:fs";
import AjvModule from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bigcommerceSpecPath, loadSpec, SPECS, type SpecFile } from "./spec";
import { BILLING, Receiver, seedCatalog, start, type Started } from "./test-support";

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;

let t: Started;
let catalog: ReturnType<typeof seedCatalog>;
const receiver = new Receiver();

function conforms(spec: SpecFile, operationId: string, status: number, body: unknown): void {
  expect(loadSpec(spec).operation(operationId).validateResponse(status, body), `${operationId} ${status}`).toEqual([]);
}

beforeAll(async () => {
  t = await start({ timeScale: 1000 });
  catalog = seedCatalog(t);
  await receiver.start();
});
afterAll(async () => {
  await t.emu.close();
  await receiver.close();
});

describe("Orders v2 answers", () => {
  it("conform to order_Resp, orderProducts, orderShippingAddress, orderShipment and orderStatus_Base", async () => {
    const created = await t.api("POST", "/v2/orders", {
      billing_address: BILLING,
      products: [
        { product_id: catalog.mug.id, quantity: 2 },
        { name: "Custom", quantity: 1, price_inc_tax: 5, price_ex_tax: 5 },
      ],
      external_order_id: "conformance-1",
      external_source: "Marketplace (Amazon)",
    });
    conforms(SPECS.ordersV2, "createOrder", 200, created.body);
    const id = created.body.id;
    conforms(SPECS.ordersV2, "getOrder", 200, (await t.api("GET", `/v2/orders/${id}?include=fees`)).body);
    conforms(SPECS.ordersV2, "getOrders", 200, (await t.api("GET", "/v2/orders")).body);
    conforms(SPECS.ordersV2, "getOrdersCount", 200, (await t.api("GET", "/v2/orders/count")).body);
    const products = await t.api("GET", `/v2/orders/${id}/products`);
    conforms(SPECS.ordersV2, "getOrderProducts", 200, products.body);
    conforms(
      SPECS.ordersV2,
      "getOrderProduct",
      200,
      (await t.api("GET", `/v2/orders/${id}/products/${products.body[0].id}`)).body,
    );
    const addresses = await t.api("GET", `/v2/orders/${id}/shipping_addresses`);
    conforms(SPECS.ordersV2, "getOrderShippingAddresses", 200, addresses.body);
    const shipment = await t.api("POST", `/v2/orders/${id}/shipments`, {
      order_address_id: addresses.body[0].id,
      items: [{ order_product_id: products.body[0].id, quantity: 1 }],
      tracking_number: "1Z999AA10123456784",
      shipping_provider: "ups",
    });
    conforms(SPECS.ordersV2, "createOrderShipments", 201, shipment.body);
    conforms(SPECS.ordersV2, "getOrderShipments", 200, (await t.api("GET", `/v2/orders/${id}/shipments`)).body);
    conforms(
      SPECS.ordersV2,
      "getOrderShipment",
      200,
      (await t.api("GET", `/v2/orders/${id}/shipments/${shipment.body.id}`)).body,
    );
    conforms(SPECS.ordersV2, "getOrderStatuses", 200, (await t.api("GET", "/v2/order_statuses")).body);
    conforms(SPECS.ordersV2, "updateOrder", 200, (await t.api("PUT", `/v2/orders/${id}`, { status_id: 10 })).body);
  });
});

describe("v3 answers", () => {
  it("conform to the catalog and webhook response schemas", async () => {
    conforms(SPECS.variants, "getVariants", 200, (await t.api("GET", "/v3/catalog/variants?sku=TEE-S")).body);
    conforms(
      SPECS.variants,
      "getProductVariants",
      200,
      (await t.api("GET", `/v3/catalog/products/${catalog.shirt.id}/variants`)).body,
    );
    conforms(SPECS.products, "getProducts", 200, (await t.api("GET", "/v3/catalog/products?include=variants")).body);
    conforms(SPECS.products, "getProduct", 200, (await t.api("GET", `/v3/catalog/products/${catalog.mug.id}`)).body);
    const hook = await t.api("POST", "/v3/hooks", {
      scope: "store/shipment/*",
      destination: `${receiver.url}/hooks`,
      headers: { "X-Key": "k" },
    });
    conforms(SPECS.webhooks, "createWebhooks", 200, hook.body);
    conforms(SPECS.webhooks, "getWebhooks", 200, (await t.api("GET", "/v3/hooks")).body);
    conforms(SPECS.webhooks, "getWebhook", 200, (await t.api("GET", `/v3/hooks/${hook.body.data.id}`)).body);
    const missing = await t.api("POST", "/v3/hooks", { scope: "store/order/*" });
    conforms(SPECS.webhooks, "createWebhooks", 422, missing.body);
    conforms(SPECS.webhooks, "getWebhook", 404, (await t.api("GET", "/v3/hooks/1")).body);
  });
});

describe("webhook payloads", () => {
  const callback = (name: string) => {
    const doc = parse(readFileSync(bigcommerceSpecPath(`docs/webhooks/callbacks/${name}.yml`), "utf8"));
    const scope = Object.keys(doc.properties)[0];
    return {
      scope,
      schema: doc.properties[scope],
      example: JSON.parse(readFileSync(bigcommerceSpecPath(`docs/webhooks/callbacks/data/${name}.json`), "utf8")),
    };
  };

  it("match the callback schemas and the shape of the documented examples", async () => {
    for (const h of t.emu.hooks(t.store)) await t.api("DELETE", `/v3/hooks/${h.id}`);
    receiver.clear();
    await t.api("POST", "/v3/hooks", { scope: "store/shipment/*", destination: `${receiver.url}/hooks` });
    await t.api("POST", "/v3/hooks", { scope: "store/order/statusUpdated", destination: `${receiver.url}/hooks` });
    await t.api("POST", "/v3/hooks", { scope: "store/order/created", destination: `${receiver.url}/hooks` });
    const order = t.emu.createOrder(t.store, {
      billing_address: BILLING,
      products: [{ sku: "MUG-1", quantity: 1 }],
      status_id: 11,
    }) as { id: number };
    const shipment = t.emu.ship(t.store, order.id, { tracking_number: "X" }) as { id: number };
    t.emu.updateShipment(t.store, order.id, shipment.id, { tracking_number: "Y" });
    t.emu.deleteShipment(t.store, order.id, shipment.id);
    await t.emu.whenWebhooksIdle();
    const byScope = new Map(
      receiver.received.map((r) => [JSON.parse(r.rawBody).scope as string, JSON.parse(r.rawBody)]),
    );

    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const name of [
      "store_order_created",
      "store_order_statusUpdated",
      "store_shipment_created",
      "store_shipment_updated",
      "store_shipment_deleted",
    ]) {
      const { scope, schema, example } = callback(name);
      const payload = byScope.get(scope);
      expect(payload, scope).toBeDefined();
      const validate = ajv.compile(schema);
      expect(validate(payload), `${scope}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(Object.keys(payload).sort()).toEqual(Object.keys(example).sort());
      expect(Object.keys(payload.data).sort()).toEqual(Object.keys(example.data).sort());
      expect(typeof payload.store_id).toBe(typeof example.store_id);
      expect(payload.hash).toMatch(/^[0-9a-f]{40}$/);
      expect(payload.producer).toBe(`stores/${t.store}`);
    }
    expect(byScope.get("store/order/statusUpdated").data.status).toEqual({ previous_status_id: 2, new_status_id: 11 });
  });
});
