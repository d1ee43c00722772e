import { describe, expect, it } from "vitest";
import { bundleUnitsShipped, planShopLines, splitAmount } from "./bundle-lines";

describe("splitAmount", () => {
  it("splits in proportion to the weights, the sum exact, the remainder to the largest fractions", () => {
    expect(splitAmount(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(splitAmount(1001, [2, 1])).toEqual([667, 334]);
    expect(splitAmount(5, [1, 1, 1, 1, 1, 1, 1])).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(splitAmount(0, [3, 1])).toEqual([0, 0]);
    for (const total of [1, 99, 1234, 99999]) {
      expect(splitAmount(total, [3, 7, 1]).reduce((s, v) => s + v, 0)).toBe(total);
    }
  });
});

describe("planShopLines", () => {
  const line = {
    id: 7,
    sku: "GIFT-SET",
    title: "Gift set",
    quantity: 3,
    unitPriceAmount: 3333,
    lineTotalAmount: 10000,
  };

  it("keeps an unmapped or plainly mapped line as one shop line with the marketplace's prices", () => {
    expect(planShopLines([line], new Map())).toEqual([
      {
        orderLineId: 7,
        sku: "GIFT-SET",
        title: "Gift set",
        quantity: 3,
        unitPriceAmount: 3333,
        lineTotalAmount: 10000,
        quantityPerUnit: 1,
        bundle: false,
      },
    ]);
    expect(planShopLines([line], new Map([["GIFT-SET", [{ sku: "SET-1", quantity: 1 }]]]))[0]).toMatchObject({
      sku: "SET-1",
      bundle: false,
    });
  });

  it("turns a bundle into one line per component, quantity × line quantity, totals adding up to the line's", () => {
    const planned = planShopLines(
      [line],
      new Map([
        [
          "GIFT-SET",
          [
            { sku: "MUG-1", quantity: 2 },
            { sku: "TEA-1", quantity: 1 },
          ],
        ],
      ]),
    );
    expect(planned.map((p) => [p.sku, p.quantity, p.lineTotalAmount, p.quantityPerUnit, p.bundle])).toEqual([
      ["MUG-1", 6, 6667, 2, true],
      ["TEA-1", 3, 3333, 1, true],
    ]);
    expect(planned.reduce((s, p) => s + p.lineTotalAmount, 0)).toBe(10000);
  });

  it("one SKU × n is a bundle too (a 3-pack sold as three singles)", () => {
    const planned = planShopLines(
      [{ ...line, quantity: 1 }],
      new Map([["GIFT-SET", [{ sku: "SOCK-1", quantity: 3 }]]]),
    );
    expect(planned).toMatchObject([{ sku: "SOCK-1", quantity: 3, lineTotalAmount: 10000, bundle: true }]);
  });
});

describe("bundleUnitsShipped", () => {
  const components = [
    { sku: "MUG-1", quantityPerUnit: 2 },
    { sku: "TEA-1", quantityPerUnit: 1 },
  ];
  it("counts whole units whose every component is in the package", () => {
    expect(
      bundleUnitsShipped(
        components,
        new Map([
          ["MUG-1", 4],
          ["TEA-1", 2],
        ]),
      ),
    ).toBe(2);
    expect(
      bundleUnitsShipped(
        components,
        new Map([
          ["MUG-1", 3],
          ["TEA-1", 2],
        ]),
      ),
    ).toBe(1);
    expect(bundleUnitsShipped(components, new Map([["MUG-1", 6]]))).toBe(0);
  });
});
