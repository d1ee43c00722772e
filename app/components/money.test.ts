import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("shows the currency's own number of digits", () => {
    expect(formatMoney(123450, "USD")).toBe("$1,234.50");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
    expect(formatMoney(1234, "KWD")).toBe("KWD\u00a01.234"); // Intl puts a no-break space after a code;
    expect(formatMoney(-5, "EUR")).toBe("-€0.05");
  });

  it("is exact for amounts a float would round", () => {
    expect(formatMoney(29, "USD")).toBe("$0.29");
    expect(formatMoney(900719925474099, "USD")).toBe("$9,007,199,254,740.99");
  });

  it("still shows the amount for a code Intl rejects", () => {
    expect(formatMoney(1999, "U$D")).toBe("19.99 U$D");
  });
});
