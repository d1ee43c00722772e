import { describe, expect, it } from "vitest";
import { currencyDigits, divideMinorUnits, fromMinorUnits, moneyFromDecimal, sumMoney, toMinorUnits } from "./money";

describe("currencyDigits", () => {
  it("knows zero- and three-digit currencies and defaults to two", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("krw")).toBe(0);
    expect(currencyDigits("BHD")).toBe(3);
    expect(currencyDigits("KWD")).toBe(3);
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("EUR")).toBe(2);
    expect(currencyDigits("XYZ")).toBe(2);
  });
});

describe("toMinorUnits", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["0.29", "USD", 29], // 0.29 * 100 = 28.999999999999996 in floating point
    ["1.005", "USD", 101], // half away from zero on the dropped digit
    ["1.004", "USD", 100],
    ["19.9", "USD", 1990],
    ["19", "USD", 1900],
    [".5", "EUR", 50],
    ["1500", "JPY", 1500],
    ["1500.4", "JPY", 1500],
    ["1500.5", "JPY", 1501],
    ["1.234", "KWD", 1234],
    ["1.2", "BHD", 1200],
    ["-5.10", "USD", -510],
    ["-0.005", "USD", -1],
    ["0.00", "USD", 0],
    ["-0.00", "USD", 0],
    [" 4.20 ", "GBP", 420],
    ["9007199254740.99", "USD", 900719925474099],
  ])("%s %s → %d", (amount, currency, expected) => {
    expect(toMinorUnits(amount, currency)).toBe(expected);
  });

  it("accepts numbers via their shortest decimal form", () => {
    expect(toMinorUnits(0.1 + 0.2, "USD")).toBe(30);
    expect(toMinorUnits(19.99, "USD")).toBe(1999);
  });

  it.each(["", ".", "abc", "1,234.56", "1e3", "12.3.4", "--1"])("rejects %j", (bad) => {
    expect(() => toMinorUnits(bad, "USD")).toThrow(RangeError);
  });

  it("rejects amounts beyond safe integers", () => {
    expect(() => toMinorUnits("90071992547409.93", "USD")).toThrow(RangeError);
  });
});

describe("fromMinorUnits", () => {
  it.each([
    [1999, "USD", "19.99"],
    [5, "USD", "0.05"],
    [-5, "USD", "-0.05"],
    [0, "USD", "0.00"],
    [1500, "JPY", "1500"],
    [1234, "KWD", "1.234"],
    [7, "BHD", "0.007"],
  ])("%d %s → %s", (minor, currency, expected) => {
    expect(fromMinorUnits(minor, currency)).toBe(expected);
  });

  it("round-trips", () => {
    for (const s of ["0.01", "12.34", "99999.99", "-3.50"])
      expect(fromMinorUnits(toMinorUnits(s, "USD"), "USD")).toBe(s);
  });

  it("rejects non-integers", () => {
    expect(() => fromMinorUnits(1.5, "USD")).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it("moneyFromDecimal normalises the currency code", () => {
    expect(moneyFromDecimal("1.00", "usd")).toEqual({ amount: 100, currency: "USD" });
  });

  it("sumMoney refuses mixed currencies", () => {
    expect(sumMoney("USD", [{ amount: 1, currency: "USD" }, null, { amount: 2, currency: "USD" }])).toEqual({
      amount: 3,
      currency: "USD",
    });
    expect(() => sumMoney("USD", [{ amount: 1, currency: "EUR" }])).toThrow(/EUR/);
  });

  it("divideMinorUnits rounds half away from zero", () => {
    expect(divideMinorUnits(1000, 3)).toBe(333);
    expect(divideMinorUnits(3998, 2)).toBe(1999);
    expect(divideMinorUnits(1001, 2)).toBe(501);
    expect(divideMinorUnits(-1001, 2)).toBe(-501);
    expect(() => divideMinorUnits(10, 0)).toThrow(RangeError);
  });
});
