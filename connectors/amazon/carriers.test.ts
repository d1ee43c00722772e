import { describe, expect, it } from "vitest";
import { AMAZON_CARRIER_CODES, resolveAmazonCarrier } from "./carriers";

describe("resolveAmazonCarrier", () => {
  it.each([
    ["UPS", "UPS"],
    ["ups", "UPS"],
    ["USPS", "USPS"],
    ["FedEx", "FedEx"],
    ["Fed Ex", "FedEx"],
    ["FEDEX", "FedEx"],
    ["DHL Express", "DHL"],
    ["dhl  express", "DHL"],
    ["DHL eCommerce", "DHL Global Mail"],
    ["DHL-eCommerce", "DHL Global Mail"],
    ["Royal Mail", "Royal Mail"],
    ["royalmail", "Royal Mail"],
    ["Canada Post", "Canada Post"],
    ["Amazon Logistics US", "Amazon Shipping"],
    ["OnTrac", "OnTrac"],
    ["Yodel", "Yodel"],
    ["DPD", "DPD"],
    ["DPD UK", "DPD"],
    ["LaserShip", "Lasership"],
    ["Australia Post", "Australia Post"],
    ["Colissimo", "La Poste"],
    ["YunExpress", "Yun Express"],
    ["Blue Dart", "BlueDart"],
    ["Hermes Logistik Gruppe", "Hermes Logistik Gruppe"],
    ["GO!", "GO!"],
  ])("%j → %s", (typed, code) => {
    expect(resolveAmazonCarrier(typed)).toEqual({ code, name: typed.trim().replace(/\s+/g, " ") });
  });

  it.each(["Evri", "Purolator", "Japan Post", "Bob's Courier"])("%j is Other with the name as typed", (typed) => {
    expect(resolveAmazonCarrier(`  ${typed} `)).toEqual({ code: "Other", name: typed });
  });

  it("maps an empty name to Other with an empty name (the connector refuses to send it)", () => {
    expect(resolveAmazonCarrier("  ")).toEqual({ code: "Other", name: "" });
  });

  it("resolves every Amazon code to itself", () => {
    for (const code of AMAZON_CARRIER_CODES) expect(resolveAmazonCarrier(code).code).toBe(code);
  });
});
