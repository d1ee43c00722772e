import { describe, expect, it } from "vitest";
import {
  mentionsAny,
  personalValuesOf,
  REDACTED,
  redactJson,
  redactText,
  type BuyerFields,
} from "./redact-personal-data";

const jordan: BuyerFields = {
  buyerName: "Jordan Ellis",
  buyerEmail: "Jordan@Example.com",
  buyerPhone: "2065550100",
  buyerMarketplaceUserId: "jordan.ellis_42",
  shippingAddress: {
    name: "Jordan Ellis",
    line1: "2121 7th Ave",
    line2: "Apt 5",
    city: "Seattle",
    postalCode: "98121",
    countryCode: "US",
  },
};

describe("personalValuesOf", () => {
  it("takes the buyer's fields and address lines, once each, longest first; not the city or postal code", () => {
    expect(personalValuesOf([jordan, jordan], ["jordan@example.com", null, "ab"])).toEqual([
      "jordan@example.com",
      "jordan.ellis_42",
      "Jordan Ellis",
      "2121 7th Ave",
      "2065550100",
      "Apt 5",
    ]);
  });

  it("has nothing to look for in an erased buyer", () => {
    const erased = {
      ...jordan,
      buyerEmail: null,
      buyerPhone: null,
      buyerMarketplaceUserId: null,
      shippingAddress: null,
    };
    expect(personalValuesOf([{ ...erased, buyerName: null }])).toEqual([]);
  });
});

describe("redactText", () => {
  it("replaces each value, whatever its case, and keeps the sentence", () => {
    const values = personalValuesOf([jordan]);
    expect(redactText("Shopify refused JORDAN@example.COM for Jordan Ellis at 2121 7th Ave", values)).toBe(
      `Shopify refused ${REDACTED} for ${REDACTED} at ${REDACTED}`,
    );
  });

  it("treats values as text, not patterns", () => {
    expect(redactText("a.b+c@x.io and aXb+c@x.io", ["a.b+c@x.io"])).toBe(`${REDACTED} and aXb+c@x.io`);
  });

  it("changes nothing without values", () => {
    expect(redactText("Jordan Ellis", [])).toBe("Jordan Ellis");
  });
});

describe("redactJson", () => {
  const shopifyFulfillment = {
    id: 555,
    order_id: 450789469,
    name: "#1001.1",
    email: "jordan@example.com",
    destination: { first_name: "Jordan", address1: "2121 7th Ave", city: "Seattle" },
    tracking_company: "UPS",
    tracking_number: "1Z999AA10123456784",
    line_items: [{ id: 1, sku: "MUG-1", quantity: 2, title: "Mug" }],
    note: null,
  };

  it("by key: a payload's personal fields lose their value, ids, SKUs and tracking stay", () => {
    expect(redactJson(shopifyFulfillment, [])).toEqual({
      ...shopifyFulfillment,
      name: REDACTED,
      email: REDACTED,
      destination: REDACTED,
    });
  });

  it("by value: the buyer's values are taken out of any string, at any depth", () => {
    const ebayOrder = {
      orderId: "12-34",
      buyer: { username: "jordan.ellis_42" },
      fulfillmentStartInstructions: [{ shippingStep: { shipTo: { fullName: "Jordan Ellis" } } }],
      remarks: ["ship to Jordan Ellis soon"],
    };
    const values = personalValuesOf([jordan]);
    expect(redactJson(ebayOrder, values, { byKey: false })).toEqual({
      orderId: "12-34",
      buyer: { username: REDACTED },
      fulfillmentStartInstructions: [{ shippingStep: { shipTo: { fullName: REDACTED } } }],
      remarks: [`ship to ${REDACTED} soon`],
    });
    expect(JSON.stringify(redactJson(ebayOrder, values))).not.toMatch(/jordan/i);
  });

  it("keys are matched without case, underscores or dashes; other keys that contain them are not", () => {
    expect(
      redactJson({ Buyer_Email: "x@y.z", "first-name": "Jo", carrierName: "UPS", tracking_company: "UPS" }, []),
    ).toEqual({ Buyer_Email: REDACTED, "first-name": REDACTED, carrierName: "UPS", tracking_company: "UPS" });
  });

  it("is idempotent", () => {
    const values = personalValuesOf([jordan]);
    const once = redactJson(shopifyFulfillment, values);
    expect(redactJson(once, values)).toEqual(once);
  });
});

describe("mentionsAny", () => {
  it("finds a value in a JSON value or a text, whatever its case", () => {
    expect(mentionsAny({ a: [{ b: "JORDAN@example.com" }] }, ["jordan@example.com"])).toBe(true);
    expect(mentionsAny("nothing here", ["jordan@example.com"])).toBe(false);
    expect(mentionsAny(null, ["x"])).toBe(false);
  });
});
