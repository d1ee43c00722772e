import { describe, expect, it } from "vitest";
import {
  pendingJpOrderFixture,
  pendingJpOrderItemsFixture,
  shippedUkOrderAddressFixture,
  shippedUkOrderFixture,
  shippedUkOrderItemsFixture,
  unshippedUsOrderAddressFixture,
  unshippedUsOrderFixture,
  unshippedUsOrderItemsFixture,
} from "#tests/fixtures/amazon/orders-v0-fixture.ts";
import { partiallyShippedOrder2026Fixture } from "#tests/fixtures/amazon/orders-2026-fixture.ts";
import {
  mapFulfillmentStatus2026,
  mapOrder2026,
  mapOrderStatusV0,
  mapOrderV0,
  type AmazonFulfillmentStatus2026,
  type AmazonOrderStatusV0,
} from "./mappers";

describe("mapOrderStatusV0", () => {
  it.each([
    ["Pending", "pending"],
    ["PendingAvailability", "pending"],
    ["Unshipped", "unshipped"],
    ["PartiallyShipped", "partially_shipped"],
    ["Shipped", "shipped"],
    ["InvoiceUnconfirmed", "shipped"],
    ["Canceled", "cancelled"],
    ["Unfulfillable", "cancelled"],
  ] as const)("%s → %s", (amazon, ours) => {
    expect(mapOrderStatusV0(amazon)).toBe(ours);
  });

  it("throws on a status the model does not know", () => {
    expect(() => mapOrderStatusV0("Teleported" as AmazonOrderStatusV0)).toThrow(/Teleported/);
  });
});

describe("mapFulfillmentStatus2026", () => {
  it.each([
    ["PENDING", "pending"],
    ["PENDING_AVAILABILITY", "pending"],
    ["UNSHIPPED", "unshipped"],
    ["PARTIALLY_SHIPPED", "partially_shipped"],
    ["SHIPPED", "shipped"],
    ["CANCELLED", "cancelled"],
    ["UNFULFILLABLE", "cancelled"],
  ] as const)("%s → %s", (amazon, ours) => {
    expect(mapFulfillmentStatus2026(amazon)).toBe(ours);
  });

  it("throws on an unknown status", () => {
    expect(() => mapFulfillmentStatus2026("LOST" as AmazonFulfillmentStatus2026)).toThrow(/LOST/);
  });
});

describe("mapOrderV0", () => {
  it("maps an unshipped US order with its items and address", () => {
    const order = mapOrderV0({
      order: unshippedUsOrderFixture,
      items: unshippedUsOrderItemsFixture.OrderItems,
      address: unshippedUsOrderAddressFixture,
    });
    expect(order).toEqual({
      marketplaceOrderId: "902-3159896-1390916",
      status: "unshipped",
      marketplaceStatus: "Unshipped",
      purchasedAt: new Date("2026-03-02T18:41:09Z"),
      updatedAt: new Date("2026-03-02T19:02:44Z"),
      currency: "USD",
      buyer: { name: "Jordan Ellis", email: "lrp8x2bqkf9wz7m@marketplace.amazon.com", phone: "+1 206-555-0143" },
      shippingAddress: {
        name: "Jordan Ellis",
        company: null,
        line1: "2121 7th Ave",
        line2: "Apt 12",
        line3: null,
        city: "SEATTLE",
        region: "WA",
        postalCode: "98109-5210",
        countryCode: "US",
        phone: "+1 206-555-0143",
      },
      lines: [
        {
          marketplaceLineId: "68828574383266",
          sku: "MUG-CERAMIC-BLUE",
          title: "Ceramic Coffee Mug, 12 oz, Blue",
          quantity: 2,
          quantityShipped: 0,
          // ItemPrice 39.98 is for both units
          unitPrice: { amount: 1999, currency: "USD" },
          lineTotal: { amount: 3998, currency: "USD" },
          tax: { amount: 330, currency: "USD" },
        },
        {
          marketplaceLineId: "52986411826454",
          sku: "COASTER-SET-4",
          title: "Cork Coaster Set (4)",
          quantity: 1,
          quantityShipped: 0,
          unitPrice: { amount: 1999, currency: "USD" },
          lineTotal: { amount: 1999, currency: "USD" },
          tax: { amount: 165, currency: "USD" },
        },
      ],
      totals: {
        subtotal: { amount: 5997, currency: "USD" },
        shipping: { amount: 599, currency: "USD" },
        tax: { amount: 545, currency: "USD" }, // 3.30 + 0.50 + 1.65 + 0.00
        total: { amount: 7141, currency: "USD" },
      },
      shippingServiceLevel: "Std US D2D Dom",
      salesChannel: "ATVPDKIKX0DER",
    });
  });

  it("falls back to the order's partial address when getOrderAddress was not called", () => {
    const order = mapOrderV0({ order: unshippedUsOrderFixture, items: unshippedUsOrderItemsFixture.OrderItems });
    expect(order.shippingAddress).toEqual({
      name: "",
      company: null,
      line1: "",
      line2: null,
      line3: null,
      city: "SEATTLE",
      region: "WA",
      postalCode: "98109-5210",
      countryCode: "US",
      phone: null,
    });
  });

  it("maps a pending JP order without prices in yen with zero amounts", () => {
    const order = mapOrderV0({
      order: pendingJpOrderFixture,
      items: pendingJpOrderItemsFixture.OrderItems,
      address: null,
    });
    expect(order.status).toBe("pending");
    expect(order.currency).toBe("JPY");
    expect(order.shippingAddress).toBeNull();
    expect(order.buyer).toEqual({ name: null, email: null, phone: null });
    expect(order.lines[0]).toMatchObject({ title: "煎茶 100g", unitPrice: { amount: 0, currency: "JPY" }, tax: null });
    expect(order.totals.total).toEqual({ amount: 0, currency: "JPY" });
    expect(order.salesChannel).toBe("A1VC38T7YXB528");
  });

  it("rounds a line price that does not divide by the quantity and keeps the company", () => {
    const order = mapOrderV0({
      order: shippedUkOrderFixture,
      items: shippedUkOrderItemsFixture.OrderItems,
      address: shippedUkOrderAddressFixture,
    });
    expect(order.status).toBe("shipped");
    expect(order.lines[0]).toMatchObject({
      quantity: 3,
      quantityShipped: 3,
      unitPrice: { amount: 333, currency: "GBP" },
      lineTotal: { amount: 1000, currency: "GBP" }, // the cents the rounded unit loses are kept
    });
    expect(order.totals).toEqual({
      subtotal: { amount: 1000, currency: "GBP" },
      shipping: { amount: 299, currency: "GBP" },
      tax: { amount: 0, currency: "GBP" },
      total: { amount: 1299, currency: "GBP" },
    });
    expect(order.shippingAddress).toMatchObject({ company: "Acme Stationers Ltd", countryCode: "GB", region: null });
  });

  it("carries promotions on items and shipping as the discount, and nets the tax on them out of the tax", () => {
    const [first, ...rest] = unshippedUsOrderItemsFixture.OrderItems;
    const promoted = {
      ...first,
      PromotionDiscount: { CurrencyCode: "USD", Amount: "4.00" },
      PromotionDiscountTax: { CurrencyCode: "USD", Amount: "0.33" },
      ShippingDiscount: { CurrencyCode: "USD", Amount: "1.00" },
    };
    const plain = mapOrderV0({
      order: unshippedUsOrderFixture,
      items: unshippedUsOrderItemsFixture.OrderItems,
      address: unshippedUsOrderAddressFixture,
    });
    const order = mapOrderV0({
      order: unshippedUsOrderFixture,
      items: [promoted, ...rest],
      address: unshippedUsOrderAddressFixture,
    });
    expect(plain.totals.discount).toBeUndefined();
    expect(order.totals.discount).toEqual({ amount: 500, currency: "USD" });
    expect(order.totals.tax.amount).toBe(plain.totals.tax.amount - 33);
    expect(order.totals.subtotal).toEqual(plain.totals.subtotal);
  });

  it("computes the total when OrderTotal is missing", () => {
    const { OrderTotal: _omit, ...withoutTotal } = unshippedUsOrderFixture;
    const order = mapOrderV0({ order: withoutTotal, items: unshippedUsOrderItemsFixture.OrderItems });
    expect(order.totals.total).toEqual({ amount: 5997 + 599 + 545, currency: "USD" });
  });
});

describe("mapOrder2026", () => {
  it("maps a partially shipped order with proceeds and packages", () => {
    const order = mapOrder2026(partiallyShippedOrder2026Fixture);
    expect(order).toEqual({
      marketplaceOrderId: "113-7654321-1234567",
      status: "partially_shipped",
      marketplaceStatus: "PARTIALLY_SHIPPED",
      purchasedAt: new Date("2026-03-01T15:20:00Z"),
      updatedAt: new Date("2026-03-02T11:05:00Z"),
      currency: "USD",
      buyer: { name: "Sam Rivera", email: "abc123xyz@marketplace.amazon.com", phone: "+1 512-555-0199" },
      shippingAddress: {
        name: "Sam Rivera",
        company: null,
        line1: "500 Elm St",
        line2: null,
        line3: null,
        city: "Austin",
        region: "TX",
        postalCode: "78701",
        countryCode: "US",
        phone: "+1 512-555-0199",
      },
      lines: [
        {
          marketplaceLineId: "40011122233344",
          sku: "TSHIRT-ORG-M",
          title: "Organic Cotton T-Shirt, M",
          quantity: 2,
          quantityShipped: 2,
          unitPrice: { amount: 1499, currency: "USD" },
          tax: { amount: 190, currency: "USD" },
        },
        {
          marketplaceLineId: "40011122233345",
          sku: "HOODIE-L",
          title: "Hoodie, L",
          quantity: 1,
          quantityShipped: 0,
          unitPrice: { amount: 1999, currency: "USD" },
          tax: null,
        },
      ],
      totals: {
        subtotal: { amount: 4997, currency: "USD" },
        shipping: { amount: 499, currency: "USD" },
        tax: { amount: 351, currency: "USD" },
        total: { amount: 5847, currency: "USD" },
      },
      shippingServiceLevel: "STANDARD",
      salesChannel: "ATVPDKIKX0DER",
      shipments: [
        { carrier: "UPS", trackingNumber: "1Z999AA10123456784", shippedAt: new Date("2026-03-02T11:00:00Z") },
      ],
    });
  });

  it("derives totals from unit prices when PROCEEDS is absent", () => {
    const { proceeds: _omit, ...noProceeds } = partiallyShippedOrder2026Fixture;
    const order = mapOrder2026({
      ...noProceeds,
      orderItems: noProceeds.orderItems.map(({ proceeds: _p, ...item }) => item),
    });
    expect(order.totals).toEqual({
      subtotal: { amount: 2 * 1499 + 1999, currency: "USD" },
      shipping: { amount: 0, currency: "USD" },
      tax: { amount: 0, currency: "USD" },
      total: { amount: 4997, currency: "USD" },
    });
  });

  it("carries a DISCOUNT breakdown as the discount, whatever its sign", () => {
    const proceeds = partiallyShippedOrder2026Fixture.proceeds!;
    for (const amount of ["-3.00", "3.00"]) {
      const order = mapOrder2026({
        ...partiallyShippedOrder2026Fixture,
        proceeds: {
          ...proceeds,
          breakdowns: [...(proceeds.breakdowns ?? []), { type: "DISCOUNT", subtotal: { amount, currencyCode: "USD" } }],
        },
      });
      expect(order.totals.discount).toEqual({ amount: 300, currency: "USD" });
    }
    expect(mapOrder2026(partiallyShippedOrder2026Fixture).totals.discount).toBeUndefined();
  });

  it("refuses an order without fulfillment data", () => {
    const { fulfillment: _omit, ...noFulfillment } = partiallyShippedOrder2026Fixture;
    expect(() => mapOrder2026(noFulfillment)).toThrow(/FULFILLMENT/);
  });
});
