import { describe, expect, it } from "vitest";
import { shopifyLinePrices } from "./line-prices";

const line = (quantity: number, total: number) => ({ quantity, lineTotal: { amount: total, currency: "USD" } });

describe("shopifyLinePrices", () => {
  it("keeps exact unit prices when every line total divides by its quantity", () => {
    expect(shopifyLinePrices([line(2, 2400), line(1, 1999)])).toEqual({
      units: [1200, 1999],
      roundingDiscount: 0,
      subtotal: 4399,
    });
  });

  it("rounds a unit up and owes the cents added as a discount, so units × quantities − discount = the line totals", () => {
    const lines = [line(3, 1000), line(7, 10000), line(1, 3200)];
    const { units, roundingDiscount, subtotal } = shopifyLinePrices(lines);
    expect(units).toEqual([334, 1429, 3200]);
    expect(roundingDiscount).toBe(2 + 3);
    expect(subtotal).toBe(14200);
    expect(units.reduce((s, u, i) => s + u * lines[i].quantity, 0) - roundingDiscount).toBe(subtotal);
  });

  it("a line with nothing left to sell (quantity 0) costs nothing", () => {
    expect(shopifyLinePrices([line(0, 0), line(2, 501)])).toEqual({
      units: [0, 251],
      roundingDiscount: 1,
      subtotal: 501,
    });
  });
});
