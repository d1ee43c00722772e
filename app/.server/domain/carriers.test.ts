import { describe, expect, it } from "vitest";
import { detectCarrier, resolveCarrierName } from "./carriers";

describe("carrier resolution", () => {
  it("detects carriers from tracking numbers with valid check digits", () => {
    expect(detectCarrier("1Z999AA10123456784")?.carrierName).toBe("UPS");
    expect(detectCarrier("9400111202555842332669")?.carrierName).toBe("USPS");
    expect(detectCarrier("RB123456785GB")?.carrierName).toBe("Royal Mail");
    expect(detectCarrier("TBA123456789012")?.carrierName).toBe("Amazon Logistics US");
    expect(detectCarrier("hello")).toBeNull();
  });
  it("prefers the shop's carrier and warns on a mismatch", () => {
    expect(resolveCarrierName("UPS", "1Z999AA10123456784")).toEqual({
      ok: true,
      carrierName: "UPS",
      source: "shop",
      warning: undefined,
    });
    const r = resolveCarrierName("FedEx", "1Z999AA10123456784");
    expect(r.ok && r.warning).toMatch(/looks like UPS/);
  });
  it("falls back to detection, and fails clearly when neither works", () => {
    expect(resolveCarrierName(null, "9400111202555842332669")).toMatchObject({
      ok: true,
      carrierName: "USPS",
      source: "detected",
    });
    const r = resolveCarrierName("  ", "ABC");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/No carrier/);
  });
});
