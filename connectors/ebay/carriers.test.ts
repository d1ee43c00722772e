import { describe, expect, it } from "vitest";
import { EBAY_CARRIER_CODES, resolveEbayCarrier } from "./carriers";

describe("resolveEbayCarrier", () => {
  it.each([
    ["USPS", "USPS"],
    ["United States Postal Service", "USPS"],
    ["UPS", "UPS"],
    ["ups ground", "UPS"],
    ["FedEx", "FedEx"],
    ["Fed Ex", "FedEx"],
    ["FedEx SmartPost", "FedExSmartPost"],
    ["DHL Express", "DHL"],
    ["DHL eCommerce", "DHLGlobalMail"],
    ["Royal Mail", "RoyalMail"],
    ["royal-mail", "RoyalMail"],
    ["Parcelforce", "Parcelforce"],
    ["Parcel Force", "Parcelforce"],
    ["Deutsche Post", "DeutschePost"],
    ["Hermes", "Hermes"],
    ["Evri", "Hermes"],
    ["Canada Post", "CanadaPost"],
    ["Australia Post", "AustraliaPost"],
    ["Österreichische Post", "OsterreichischePostAG"],
    ["La Poste", "LAPOSTE"],
  ])("%s → %s", (name, code) => {
    expect(resolveEbayCarrier(name)).toEqual({ code, name });
  });

  it("sends unknown carriers as Other with the name as typed, trimmed", () => {
    expect(resolveEbayCarrier("  Purolator  ")).toEqual({ code: "Other", name: "Purolator" });
    expect(resolveEbayCarrier("")).toEqual({ code: "Other", name: "" });
  });

  it("maps every eBay code to itself", () => {
    for (const code of EBAY_CARRIER_CODES) expect(resolveEbayCarrier(code).code).toBe(code);
  });
});
