import { describe, expect, it } from "vitest";
import { shopifyDeliveryRecord } from "./webhook-delivery-record";

const BUYER = ["Jane Doe", "jane@example.com", "123 Any Street", "98101", "+12065550100"];

describe("shopifyDeliveryRecord", () => {
  it("keeps a fulfillment's ids, status, tracking and lines, and none of the buyer's data", () => {
    const payload = {
      id: 5550000000001,
      admin_graphql_api_id: "gid://shopify/Fulfillment/5550000000001",
      order_id: 450789469,
      name: "#1001.1",
      status: "success",
      service: "manual",
      shipment_status: null,
      location_id: 655441491,
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_numbers: ["1Z999AA10123456784"],
      tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      created_at: "2026-01-01T10:00:00-05:00",
      updated_at: "2026-01-01T10:00:00-05:00",
      email: "jane@example.com",
      destination: {
        first_name: "Jane",
        last_name: "Doe",
        name: "Jane Doe",
        address1: "123 Any Street",
        zip: "98101",
        phone: "+12065550100",
      },
      receipt: {},
      line_items: [
        {
          id: 466157049,
          variant_id: 39072856,
          sku: "IPOD2008GREEN",
          quantity: 1,
          title: "IPod Nano - 8gb",
          properties: [{ name: "Engraving", value: "For Jane Doe" }],
          price: "199.00",
        },
      ],
    };
    const record = shopifyDeliveryRecord("fulfillments/create", payload);
    expect(record).toEqual({
      id: 5550000000001,
      admin_graphql_api_id: "gid://shopify/Fulfillment/5550000000001",
      order_id: 450789469,
      name: "#1001.1",
      status: "success",
      shipment_status: null,
      location_id: 655441491,
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_numbers: ["1Z999AA10123456784"],
      created_at: "2026-01-01T10:00:00-05:00",
      updated_at: "2026-01-01T10:00:00-05:00",
      line_items: [{ id: 466157049, variant_id: 39072856, sku: "IPOD2008GREEN", quantity: 1 }],
    });
    for (const personal of BUYER) expect(JSON.stringify(record)).not.toContain(personal);
    expect(shopifyDeliveryRecord("fulfillments/update", payload)).toEqual(record);
  });

  it("keeps a Shop's id and myshopify domain for app/uninstalled, not its owner or address", () => {
    const shop = {
      id: 548380009,
      name: "Jane's Mugs",
      email: "jane@example.com",
      shop_owner: "Jane Doe",
      phone: "+12065550100",
      address1: "123 Any Street",
      zip: "98101",
      domain: "mugs.example.com",
      myshopify_domain: "janes-mugs.myshopify.com",
    };
    expect(shopifyDeliveryRecord("app/uninstalled", shop)).toEqual({
      id: 548380009,
      myshopify_domain: "janes-mugs.myshopify.com",
    });
  });

  it("keeps only the id of any other topic, and nothing of what is not an object", () => {
    expect(shopifyDeliveryRecord("orders/create", { id: 1, email: "jane@example.com" })).toEqual({ id: 1 });
    expect(shopifyDeliveryRecord("fulfillments/create", null)).toEqual({});
    expect(shopifyDeliveryRecord("app/uninstalled", ["x"])).toEqual({});
  });

  it("keeps the shop and the data request's id of a compliance topic, never the customer or their orders", () => {
    const request = {
      shop_id: 954889,
      shop_domain: "x.myshopify.com",
      orders_requested: [299938],
      customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
      data_request: { id: 9999, note: "x" },
    };
    const record = shopifyDeliveryRecord("customers/data_request", request);
    expect(record).toEqual({ shop_id: 954889, shop_domain: "x.myshopify.com", data_request: { id: 9999 } });
    expect(shopifyDeliveryRecord("customers/redact", { ...request, orders_to_redact: [1] })).toEqual(record);
    expect(shopifyDeliveryRecord("shop/redact", { shop_id: 1, shop_domain: "y" })).toEqual({
      shop_id: 1,
      shop_domain: "y",
    });
    // A record rewritten again is unchanged (redaction rewrites stored deliveries to their record).
    expect(shopifyDeliveryRecord("customers/data_request", record)).toEqual(record);
  });
});
