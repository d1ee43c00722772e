import { describe, expect, it } from "vitest";
import { bigCommerceDeliveryRecord, parseBigCommerceWebhook } from "./webhook-payload";

const shipment = {
  scope: "store/shipment/created",
  store_id: "1025646",
  data: { type: "shipment", id: 12, orderId: 251 },
  hash: "7ee67cd1",
  created_at: 1561482857,
  producer: "stores/abc123",
};
const statusChange = {
  scope: "store/order/statusUpdated",
  store_id: "1025646",
  data: { type: "order", id: 250, status: { previous_status_id: 0, new_status_id: 11 } },
  hash: "7ee67cd2",
  created_at: 1561479335,
  producer: "stores/abc123",
};

const skuStock = {
  scope: "store/sku/inventory/updated",
  store_id: "1025646",
  data: { type: "sku", id: 1161, inventory: { product_id: 161, variant_id: 161, method: "absolute", value: 12 } },
  hash: "7ee67cd3",
  created_at: 1561479400,
  producer: "stores/abc123",
};

describe("parseBigCommerceWebhook", () => {
  it("reads a stock change of a product or a variant, and refuses one without its level", () => {
    expect(parseBigCommerceWebhook(skuStock)).toMatchObject({
      ok: true,
      event: { kind: "inventory", method: "absolute", value: 12 },
    });
    const productStock = {
      ...skuStock,
      scope: "store/product/inventory/updated",
      data: { ...skuStock.data, type: "product" },
    };
    expect(parseBigCommerceWebhook(productStock)).toMatchObject({ ok: true, event: { kind: "inventory" } });
    const noLevel = {
      ...skuStock,
      data: { type: "sku", id: 1161, inventory: { product_id: 161, method: "absolute" } },
    };
    expect(parseBigCommerceWebhook(noLevel)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/data\.inventory\.value/),
    });
  });

  it("reads a shipment and a status change", () => {
    expect(parseBigCommerceWebhook(shipment)).toMatchObject({
      ok: true,
      event: { kind: "shipment", storeHash: "abc123", orderId: 251, shipmentId: 12 },
    });
    expect(parseBigCommerceWebhook(statusChange)).toMatchObject({
      ok: true,
      event: { kind: "order_status", orderId: 250, previousStatusId: 0, newStatusId: 11 },
    });
  });
});

describe("bigCommerceDeliveryRecord", () => {
  it("keeps the light payload as it is", () => {
    expect(bigCommerceDeliveryRecord(shipment)).toEqual(shipment);
    expect(bigCommerceDeliveryRecord(statusChange)).toEqual(statusChange);
    expect(bigCommerceDeliveryRecord(skuStock)).toEqual(skuStock);
  });

  it("leaves out fields it does not know, should BigCommerce add some", () => {
    const extended = {
      ...shipment,
      customer: { email: "jane@example.com" },
      data: { ...shipment.data, billing_address: { first_name: "Jane", street_1: "123 Any Street" } },
    };
    expect(bigCommerceDeliveryRecord(extended)).toEqual(shipment);
  });
});
