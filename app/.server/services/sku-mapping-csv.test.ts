import { describe, expect, it } from "vitest";
import { checkSkuMappingInput } from "./map-sku";
import { csvErrorText, parseSkuMappingCsv, skuMappingsCsv } from "./sku-mapping-csv";

const accounts = [
  { id: 1, marketplace: "ebay" as const, name: "US store" },
  { id: 2, marketplace: "etsy" as const, name: "Studio" },
  { id: 3, marketplace: "etsy" as const, name: "Studio" },
];
const header = "marketplace,account,marketplace_sku,shop_sku,quantity\n";

describe("parseSkuMappingCsv", () => {
  it("reads rows as mappings; rows of one marketplace SKU and account are one bundle, in file order", () => {
    const parsed = parseSkuMappingCsv(
      `\ufeff${header}ebay,,A-1,SHOP-A,\r\neBay,US store,A-1,SHOP-B,1\netsy,,KIT,MUG,2\n\netsy,,KIT,"TEA, GREEN",1\n`,
      accounts,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.inputs).toEqual([
      {
        marketplace: "ebay",
        accountId: null,
        marketplaceSku: "A-1",
        components: [{ sku: "SHOP-A", quantity: 1 }],
        line: 2,
      },
      {
        marketplace: "ebay",
        accountId: 1,
        marketplaceSku: "A-1",
        components: [{ sku: "SHOP-B", quantity: 1 }],
        line: 3,
      },
      {
        marketplace: "etsy",
        accountId: null,
        marketplaceSku: "KIT",
        components: [
          { sku: "MUG", quantity: 2 },
          { sku: "TEA, GREEN", quantity: 1 },
        ],
        line: 4,
      },
    ]);
  });

  it("reports each bad row with its line number and column", () => {
    const parsed = parseSkuMappingCsv(
      `${header}walmart,,A,B,1\netsy,Studio,A,B,1\nebay,Nobody,A,B,1\nebay,,A,B,-3\n`,
      accounts,
    );
    const errors = [...parsed.errors, ...parsed.inputs.flatMap((i) => checkSkuMappingInput("shopify", i))].map(
      csvErrorText,
    );
    expect(errors).toEqual([
      "Line 2, marketplace: Choose a marketplace.",
      'Line 3, account: Several Etsy accounts are called "Studio"; rename one on its account page, then import again.',
      'Line 4, account: No eBay account called "Nobody" is connected to this shop.',
      "Line 5, quantity: Quantity must be a whole number from 1 to 999.",
    ]);
  });

  it("refuses a file that is not CSV, has no header or no rows, naming the problem", () => {
    expect(parseSkuMappingCsv('marketplace,"broken\n', accounts).errors[0].message).toMatch(
      /^The file is not valid CSV/,
    );
    expect(parseSkuMappingCsv("sku,target\nA,B\n", accounts).errors[0].message).toBe(
      "The first line must name the columns marketplace, account, marketplace_sku, shop_sku, quantity (missing: marketplace, marketplace_sku, shop_sku).",
    );
    expect(parseSkuMappingCsv(header, accounts).errors[0].message).toMatch(/^The file has no mappings/);
  });

  it("an export parses back to the same mappings", () => {
    const csv = skuMappingsCsv([
      {
        id: 1,
        marketplace: "etsy",
        accountId: 2,
        accountName: "Studio B",
        marketplaceSku: "KIT, LARGE",
        components: [
          { sku: "MUG", quantity: 2 },
          { sku: "TEA", quantity: 1 },
        ],
        createdAt: new Date(0),
      },
    ]);
    expect(csv).toBe(`${header}etsy,Studio B,"KIT, LARGE",MUG,2\netsy,Studio B,"KIT, LARGE",TEA,1\n`);
    const parsed = parseSkuMappingCsv(csv, [{ id: 2, marketplace: "etsy", name: "Studio B" }]);
    expect(parsed.inputs).toMatchObject([
      { accountId: 2, marketplaceSku: "KIT, LARGE", components: [{ sku: "MUG" }, { sku: "TEA" }] },
    ]);
  });
});

describe("checkSkuMappingInput", () => {
  const input = {
    marketplace: "ebay" as const,
    accountId: null,
    marketplaceSku: "A",
    components: [{ sku: "B", quantity: 1 }],
  };
  it("names the field: lengths per side, quantities, duplicates, a SKU mapped to itself", () => {
    expect(checkSkuMappingInput("shopify", input)).toEqual([]);
    const fields = (i: Partial<typeof input>, platform: "shopify" | "bigcommerce" = "bigcommerce") =>
      checkSkuMappingInput(platform, { ...input, ...i }).map((e) => e.field);
    expect(fields({ marketplaceSku: "x".repeat(51) })).toEqual(["marketplaceSku"]);
    expect(fields({ marketplace: "amazon", marketplaceSku: "x".repeat(41) } as never)).toEqual(["marketplaceSku"]);
    expect(fields({ marketplace: "amazon", marketplaceSku: "x".repeat(40) } as never)).toEqual([]);
    expect(fields({ components: [{ sku: "y".repeat(256), quantity: 1 }] })).toEqual(["shopSku"]);
    expect(fields({ components: [{ sku: "y".repeat(255), quantity: 1 }] })).toEqual([]);
    expect(fields({ components: [{ sku: "B", quantity: 1000 }] })).toEqual(["quantity"]);
    expect(fields({ components: [{ sku: "B", quantity: 1.5 }] })).toEqual(["quantity"]);
    expect(
      fields({
        components: [
          { sku: "B", quantity: 1 },
          { sku: "B", quantity: 2 },
        ],
      }),
    ).toEqual(["shopSku"]);
    expect(fields({ components: [{ sku: "A", quantity: 1 }] })).toEqual(["shopSku"]);
    expect(fields({ components: [{ sku: "A", quantity: 2 }] })).toEqual([]);
    expect(fields({ components: [] })).toEqual(["shopSku"]);
  });
});
