import { describe, expect, it } from "vitest";
import { isComplianceTopic, parseComplianceRequest } from "./compliance-payload";

describe("Shopify compliance payloads", () => {
  it("reads a data request: the customer and the shop orders named, as GIDs", () => {
    expect(
      parseComplianceRequest("customers/data_request", {
        shop_id: 954889,
        shop_domain: "x.myshopify.com",
        orders_requested: [299938, 280263, 299938],
        customer: { id: 191167, email: " john@example.com ", phone: "555-625-1199" },
        data_request: { id: 9999 },
      }),
    ).toEqual({
      ok: true,
      request: {
        topic: "customers/data_request",
        subject: {
          customerId: "191167",
          email: "john@example.com",
          phone: "555-625-1199",
          shopOrderIds: ["gid://shopify/Order/299938", "gid://shopify/Order/280263"],
        },
      },
    });
  });

  it("reads a redaction's orders_to_redact; missing or null customer fields are null", () => {
    expect(
      parseComplianceRequest("customers/redact", {
        customer: { id: null, email: "", phone: null },
        orders_to_redact: ["gid://shopify/Order/1"],
      }),
    ).toEqual({
      ok: true,
      request: {
        topic: "customers/redact",
        subject: { customerId: null, email: null, phone: null, shopOrderIds: ["gid://shopify/Order/1"] },
      },
    });
  });

  it("shop/redact names only the shop; a malformed customer request is refused", () => {
    expect(parseComplianceRequest("shop/redact", { shop_id: 1 })).toEqual({
      ok: true,
      request: { topic: "shop/redact" },
    });
    expect(parseComplianceRequest("customers/redact", { orders_to_redact: "1" })).toMatchObject({ ok: false });
    expect(isComplianceTopic("orders/create")).toBe(false);
    expect(isComplianceTopic("shop/redact")).toBe(true);
  });
});
