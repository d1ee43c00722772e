import { describe, expect, it } from "vitest";
import {
  canceledReceiptFixture,
  jpyReceiptFixture,
  paidUsReceiptFixture,
  restrictedAddressReceiptFixture,
  shippedGbReceiptFixture,
  unpaidReceiptFixture,
} from "#tests/fixtures/etsy/receipts-fixture.ts";
import type { EtsyReceiptStatus } from "./client";
import { mapReceipt, mapReceiptStatus, moneyFromEtsy, trackingRequired } from "./mappers";

describe("mapReceipt", () => {
  it("carries a shop coupon as the order's discount; the transactions keep their prices", () => {
    const usd = (cents: number) => ({ amount: cents, divisor: 100, currency_code: "USD" });
    // 2 × 24.00 + 8.50 = 56.50, coupon 5.65 → subtotal 50.85; + 5.99 shipping + 3.99 tax = 60.83
    const order = mapReceipt({
      ...paidUsReceiptFixture,
      discount_amt: usd(565),
      subtotal: usd(5085),
      grandtotal: usd(6083),
    });
    expect(order.totals.discount).toEqual({ amount: 565, currency: "USD" });
    expect(order.totals.subtotal).toEqual({ amount: 5650, currency: "USD" }); // before the coupon, as for every marketplace
    const lines = order.lines.reduce((s, l) => s + l.unitPrice.amount * l.quantity, 0);
    expect(lines + order.totals.shipping.amount + order.totals.tax.amount - order.totals.discount!.amount).toBe(
      order.totals.total.amount,
    );
    expect(mapReceipt(paidUsReceiptFixture).totals.discount).toBeUndefined(); // discount_amt 0.00: none
  });

  it("maps a paid US receipt: lines from transactions, unit prices, totals, address, buyer", () => {
    const order = mapReceipt(paidUsReceiptFixture);
    expect(order).toEqual({
      marketplaceOrderId: "3901000001",
      status: "unshipped",
      marketplaceStatus: "paid",
      purchasedAt: new Date(1_772_476_869_000),
      updatedAt: new Date(1_772_478_164_000),
      currency: "USD",
      buyer: { name: "Jordan Ellis", email: "jordan.ellis@example.com", phone: null, marketplaceUserId: "880000001" },
      shippingAddress: {
        name: "Jordan Ellis",
        company: null,
        line1: "2121 7th Ave",
        line2: "Apt 4B",
        line3: null,
        city: "Seattle",
        region: "WA",
        postalCode: "98121",
        countryCode: "US",
        phone: null,
      },
      lines: [
        {
          marketplaceLineId: "4101000001",
          sku: "MUG-BLUE",
          title: "Hand-thrown stoneware mug",
          quantity: 2,
          quantityShipped: 0,
          unitPrice: { amount: 2400, currency: "USD" },
          tax: null,
        },
        {
          marketplaceLineId: "4101000002",
          sku: "SPOON-REST",
          title: "Ceramic spoon rest",
          quantity: 1,
          quantityShipped: 0,
          unitPrice: { amount: 850, currency: "USD" },
          tax: null,
        },
      ],
      totals: {
        subtotal: { amount: 5650, currency: "USD" },
        shipping: { amount: 599, currency: "USD" },
        tax: { amount: 399, currency: "USD" },
        total: { amount: 6648, currency: "USD" },
      },
      shippingServiceLevel: "USPS Ground Advantage",
      salesChannel: null,
      shipments: [],
    });
  });

  it("maps a shipped receipt with several shipments; every line counts as shipped", () => {
    const order = mapReceipt(shippedGbReceiptFixture);
    expect(order.status).toBe("shipped");
    expect(order.marketplaceStatus).toBe("completed");
    expect(order.currency).toBe("GBP");
    expect(order.buyer.email).toBeNull();
    expect(order.lines).toEqual([
      expect.objectContaining({
        sku: null,
        quantity: 1,
        quantityShipped: 1,
        unitPrice: { amount: 3500, currency: "GBP" },
      }),
    ]);
    expect(order.shipments).toEqual([
      { carrier: "royal-mail", trackingNumber: "RB123456785GB", shippedAt: new Date(1_772_560_000_000) },
      { carrier: "royal-mail", trackingNumber: "RB123456799GB", shippedAt: new Date(1_772_563_200_000) },
    ]);
    expect(order.shippingAddress).toMatchObject({
      line2: null,
      region: null,
      postalCode: "LS1 4AP",
      countryCode: "GB",
    });
    expect(order.totals.total).toEqual({ amount: 4250, currency: "GBP" });
  });

  it("maps unpaid receipts to pending and canceled ones to cancelled", () => {
    expect(mapReceipt(unpaidReceiptFixture).status).toBe("pending");
    expect(mapReceipt(canceledReceiptFixture).status).toBe("cancelled");
  });

  it("keeps the destination null when Etsy withholds the address", () => {
    const order = mapReceipt(restrictedAddressReceiptFixture);
    expect(order.shippingAddress).toBeNull();
    expect(order.buyer.name).toBe("Jordan Ellis");
  });

  it("reads money through its divisor (yen has none)", () => {
    const order = mapReceipt(jpyReceiptFixture);
    expect(order.currency).toBe("JPY");
    expect(order.lines[0]!.unitPrice).toEqual({ amount: 1900, currency: "JPY" });
    expect(order.totals.total).toEqual({ amount: 4300, currency: "JPY" });
    expect(moneyFromEtsy({ amount: 12345, divisor: 1000, currency_code: "usd" }, "USD")).toEqual({
      amount: 1235,
      currency: "USD",
    });
    expect(moneyFromEtsy({ amount: 5, divisor: 10, currency_code: "EUR" }, "USD")).toEqual({
      amount: 50,
      currency: "EUR",
    });
    expect(moneyFromEtsy(undefined, "USD")).toBeNull();
    expect(() => moneyFromEtsy({ amount: 5, divisor: 0, currency_code: "USD" }, "USD")).toThrow(RangeError);
    // The spec makes amount optional: absent is no money; present but not an integer is a broken answer.
    expect(moneyFromEtsy({ divisor: 100, currency_code: "USD" }, "USD")).toBeNull();
    expect(() =>
      moneyFromEtsy({ amount: "12,50" as unknown as number, divisor: 100, currency_code: "USD" }, "USD"),
    ).toThrow(RangeError);
  });

  it("falls back to summing lines when totals are absent, and refuses receipts without id or timestamps", () => {
    const {
      subtotal: _s,
      grandtotal: _g,
      total_shipping_cost: _sh,
      total_tax_cost: _t,
      ...bare
    } = paidUsReceiptFixture;
    const order = mapReceipt(bare);
    expect(order.totals).toEqual({
      subtotal: { amount: 5650, currency: "USD" },
      shipping: { amount: 0, currency: "USD" },
      tax: { amount: 0, currency: "USD" },
      total: { amount: 5650, currency: "USD" },
    });
    const { receipt_id: _id, ...noId } = paidUsReceiptFixture;
    expect(() => mapReceipt(noId)).toThrow(/receipt_id/);
    const {
      create_timestamp: _c,
      created_timestamp: _c2,
      update_timestamp: _u,
      updated_timestamp: _u2,
      ...noTime
    } = paidUsReceiptFixture;
    expect(() => mapReceipt(noTime)).toThrow(/timestamps/);
  });
});

describe("mapReceiptStatus", () => {
  const cases: [EtsyReceiptStatus | undefined, boolean, boolean, string][] = [
    ["paid", true, false, "unshipped"],
    ["paid", true, true, "shipped"],
    ["open", false, false, "pending"],
    ["open", true, false, "unshipped"],
    ["payment processing", false, false, "pending"],
    ["completed", true, true, "shipped"],
    ["canceled", true, false, "cancelled"],
    ["canceled", true, true, "cancelled"],
    ["fully refunded", true, false, "cancelled"],
    ["fully refunded", true, true, "shipped"],
    ["partially refunded", true, false, "unshipped"],
    [undefined, false, false, "pending"],
    [undefined, true, true, "shipped"],
  ];
  it.each(cases)("%s (paid %s, shipped %s) → %s", (status, isPaid, isShipped, expected) => {
    expect(mapReceiptStatus({ status, is_paid: isPaid, is_shipped: isShipped })).toBe(expected);
  });

  it("fails loudly on a status the spec does not list", () => {
    expect(() => mapReceiptStatus({ status: "lost in the post" as EtsyReceiptStatus })).toThrow(
      /Unknown Etsy receipt status/,
    );
  });
});

describe("trackingRequired (US over $10, India always)", () => {
  it.each([
    ["US", 1001, "USD", true],
    ["US", 1000, "USD", false],
    ["us", 5000, "USD", true],
    ["IN", 100, "INR", true],
    ["GB", 99999, "GBP", false],
    [null, 99999, "USD", false],
  ] as const)("%s, %i %s → %s", (country, amount, currency, expected) => {
    expect(trackingRequired(country, { amount, currency })).toBe(expected);
  });

  it("assumes the rule applies to a US receipt whose total is unknown", () => {
    expect(trackingRequired("US", null)).toBe(true);
  });
});
