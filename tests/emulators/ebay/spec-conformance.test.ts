/**
 * The emulator against the eBay OpenAPI 3 spec: its answers validate against the spec's response schemas,
 * and every Fulfillment API error id it uses is one the spec documents for that operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFulfillmentSpec } from "./spec";
import { api, API, order, SELLER, start, userToken, type Running } from "./test-support";

let run: Running;
let token: string;

beforeAll(async () => {
  run = await start();
  run.ebay.seedUser(SELLER);
  token = await userToken(run.baseUrl);
});
afterAll(() => run.ebay.close());

describe("responses conform to the spec", () => {
  it("getOrders, getOrder, createShippingFulfillment, getShippingFulfillments, getShippingFulfillment", async () => {
    const spec = loadFulfillmentSpec();
    const seeded = run.ebay.seedOrder(
      order({
        shipTo: {
          fullName: "A B",
          companyName: "C",
          email: "a@b.test",
          contactAddress: { addressLine1: "1 X", city: "Y", countryCode: "US" },
        },
      }),
    );
    run.ebay.seedOrder(order({ paymentStatus: "PENDING" }));
    const cancelled = run.ebay.seedOrder(order());
    run.ebay.cancelOnMarketplace(cancelled.orderId);

    const create = await api(run.baseUrl, token, "POST", `${API}/order/${seeded.orderId}/shipping_fulfillment`, {
      lineItems: [{ lineItemId: seeded.lineItems[0]!.lineItemId, quantity: 1 }],
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    expect(create.status).toBe(201);
    expect(spec.operation("createShippingFulfillment").validateResponse(201, create.body)).toEqual([]);

    const list = await api(run.baseUrl, token, "GET", `${API}/order?limit=2`);
    expect(list.body.next).toBeDefined();
    expect(spec.operation("getOrders").validateResponse(200, list.body)).toEqual([]);
    const one = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}`);
    expect(spec.operation("getOrder").validateResponse(200, one.body)).toEqual([]);
    const fulfillments = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}/shipping_fulfillment`);
    expect(spec.operation("getShippingFulfillments").validateResponse(200, fulfillments.body)).toEqual([]);
    const f = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order/${seeded.orderId}/shipping_fulfillment/9400111202555842332669`,
    );
    expect(spec.operation("getShippingFulfillment").validateResponse(200, f.body)).toEqual([]);
  });

  it("the spec validator itself rejects a wrong shape", () => {
    const spec = loadFulfillmentSpec();
    expect(spec.operation("getOrders").validateResponse(200, { total: "three", orders: {} }).length).toBeGreaterThan(0);
  });
});

describe("error ids", () => {
  it("every 400 id the emulator uses is documented by the spec for that operation", () => {
    const spec = loadFulfillmentSpec();
    const used: Record<string, number[]> = {
      getOrders: [30700, 30800, 30810, 30820, 30830, 30840, 30850, 30900, 31000, 31100, 32800],
      getOrder: [32100, 32800],
      createShippingFulfillment: [32100, 32200, 32210, 32300, 32500, 32600, 34500],
      getShippingFulfillments: [32100],
      getShippingFulfillment: [32100, 32110],
    };
    for (const [op, ids] of Object.entries(used)) {
      const documented = spec.operation(op).documentedErrorIds(400);
      expect({ op, missing: ids.filter((id) => !documented.includes(id)) }).toEqual({ op, missing: [] });
    }
    expect(spec.errorDescriptions.get(30500)).toBe("System error");
  });
});
