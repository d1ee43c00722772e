import { describe, expect, it } from "vitest";
import { ETSY_CARRIER_NAMES, resolveEtsyCarrier } from "./carriers";

describe("resolveEtsyCarrier", () => {
  it.each([
    ["USPS", "usps"],
    ["United States Postal Service", "usps"],
    ["UPS", "ups"],
    ["ups ground", "ups"],
    ["FedEx", "fedex"],
    ["Fed Ex", "fedex"],
    ["Federal Express", "fedex"],
    ["DHL Express", "dhl"],
    ["DHL eCommerce", "dhl"],
    ["Canada Post", "canada-post"],
    ["canada-post", "canada-post"],
    ["Postes Canada", "canada-post"],
    ["Royal Mail", "royal-mail"],
    ["ROYAL-MAIL", "royal-mail"],
  ])("%s → %s", (shopName, code) => {
    expect(resolveEtsyCarrier(shopName)).toEqual({ code, name: shopName.trim() });
  });

  it("sends every other carrier as other, keeping the name the merchant typed", () => {
    expect(resolveEtsyCarrier("  Evri ")).toEqual({ code: "other", name: "Evri" });
    expect(resolveEtsyCarrier("Australia  Post")).toEqual({ code: "other", name: "Australia Post" });
    expect(resolveEtsyCarrier("")).toEqual({ code: "other", name: "" });
    expect(resolveEtsyCarrier("---")).toEqual({ code: "other", name: "---" });
  });

  it("only ever produces lowercase Etsy carrier names", () => {
    for (const name of ["USPS", "UPS", "FedEx", "DHL", "Canada Post", "Royal Mail", "Yodel"]) {
      const { code } = resolveEtsyCarrier(name);
      expect(ETSY_CARRIER_NAMES).toContain(code);
      expect(code).toBe(code.toLowerCase());
    }
  });
});
