import { describe, expect, it } from "vitest";
import {
  cancelledOrderFixture,
  countryFieldOrderFixture,
  partiallyShippedGbFulfillmentsFixture,
  partiallyShippedGbOrderFixture,
  unpaidOrderFixture,
  unshippedUsOrderFixture,
} from "#tests/fixtures/ebay/orders-fixture.ts";
import type { EbayOrder } from "./client";
import { mapEbayOrder, mapFulfillmentStatus, mapOrderStatus, parseFulfillmentStatus } from "./mappers";

describe("statuses", () => {
  it("maps the fulfillment statuses", () => {
    expect(mapFulfillmentStatus("NOT_STARTED")).toBe("unshipped");
    expect(mapFulfillmentStatus("IN_PROGRESS")).toBe("partially_shipped");
    expect(mapFulfillmentStatus("FULFILLED")).toBe("shipped");
  });

  it("puts a cancellation before payment, and payment before fulfillment", () => {
    expect(mapOrderStatus(cancelledOrderFixture)).toEqual({ status: "cancelled", marketplaceStatus: "CANCELED" });
    expect(mapOrderStatus(unpaidOrderFixture)).toEqual({ status: "pending", marketplaceStatus: "PENDING" });
    expect(mapOrderStatus({ ...unshippedUsOrderFixture, orderPaymentStatus: "FAILED" }).status).toBe("pending");
    expect(mapOrderStatus({ ...unshippedUsOrderFixture, orderPaymentStatus: "PARTIALLY_REFUNDED" }).status).toBe(
      "unshipped",
    );
    // A cancellation only requested is not a cancellation yet.
    expect(mapOrderStatus({ ...unshippedUsOrderFixture, cancelStatus: { cancelState: "IN_PROGRESS" } }).status).toBe(
      "unshipped",
    );
  });

  it("refuses an unknown fulfillment status rather than guessing", () => {
    expect(() => parseFulfillmentStatus("SHIPPED_BY_CARRIER_PIGEON")).toThrow(/Unknown eBay order fulfillment status/);
    expect(() => mapEbayOrder({ ...unshippedUsOrderFixture, orderFulfillmentStatus: undefined })).toThrow();
  });
});

describe("mapEbayOrder", () => {
  it("maps a paid US order: lines, unit prices, taxes, totals, address, buyer", () => {
    const o = mapEbayOrder(unshippedUsOrderFixture, { defaultMarketplaceId: "EBAY_US" });
    expect(o).toMatchObject({
      marketplaceOrderId: "06-11541-52210",
      status: "unshipped",
      marketplaceStatus: "NOT_STARTED",
      currency: "USD",
      salesChannel: "EBAY_US",
      shippingServiceLevel: "USPSPriority",
      totals: {
        subtotal: { amount: 4723, currency: "USD" },
        shipping: { amount: 599, currency: "USD" },
        tax: { amount: 330, currency: "USD" },
        total: { amount: 5652, currency: "USD" },
      },
      buyer: {
        name: "Jordan Ellis",
        email: "0f3b2d8a9c7e1f4b6d5a@members.ebay.com",
        phone: "2065550100",
        marketplaceUserId: "jordan.ellis_42",
      },
      shippingAddress: {
        name: "Jordan Ellis",
        company: null,
        line1: "2121 7th Ave",
        line2: "Apt 4B",
        city: "Seattle",
        region: "WA",
        postalCode: "98121-2025",
        countryCode: "US",
        phone: "2065550100",
      },
    });
    expect(o.purchasedAt.toISOString()).toBe("2026-03-02T18:41:09.000Z");
    expect(o.updatedAt.toISOString()).toBe("2026-03-02T19:02:44.522Z");
    expect(o.lines).toEqual([
      {
        marketplaceLineId: "10022882297012",
        sku: "MUG-CERAMIC-BLUE",
        title: "Ceramic Coffee Mug, 12 oz, Blue",
        quantity: 2,
        quantityShipped: 0,
        unitPrice: { amount: 1999, currency: "USD" },
        lineTotal: { amount: 3998, currency: "USD" },
        tax: { amount: 280, currency: "USD" },
      },
      {
        marketplaceLineId: "10022882297013",
        sku: "COASTER-CORK-4",
        title: "Cork Coasters, set of 4",
        quantity: 1,
        quantityShipped: 0,
        unitPrice: { amount: 725, currency: "USD" },
        lineTotal: { amount: 725, currency: "USD" },
        tax: { amount: 50, currency: "USD" },
      },
    ]);
    expect(o.shipments).toBeUndefined();
  });

  it("uses the fulfillments for exact shipped quantities and tracking", () => {
    const o = mapEbayOrder(partiallyShippedGbOrderFixture, {
      fulfillments: partiallyShippedGbFulfillmentsFixture.fulfillments,
    });
    expect(o.status).toBe("partially_shipped");
    expect(o.currency).toBe("GBP");
    expect(o.lines.map((l) => [l.marketplaceLineId, l.quantityShipped, l.quantity])).toEqual([
      ["20033993308123", 1, 1],
      ["20033993308124", 1, 3],
    ]);
    expect(o.lines[1]).toMatchObject({ sku: null, unitPrice: { amount: 200, currency: "GBP" }, tax: null });
    expect(o.shipments).toEqual([
      { carrier: "RoyalMail", trackingNumber: "AB123456789GB", shippedAt: new Date("2026-03-03T11:19:58.000Z") },
    ]);
    expect(o.totals.tax).toEqual({ amount: 0, currency: "GBP" });
    expect(o.shippingAddress).toMatchObject({ company: "Lima & Co Ltd", countryCode: "GB", region: null });
    expect(o.salesChannel).toBe("EBAY_GB");
  });

  it("without fulfillments, counts only FULFILLED lines as shipped", () => {
    const o = mapEbayOrder(partiallyShippedGbOrderFixture);
    expect(o.lines.map((l) => l.quantityShipped)).toEqual([1, 0]);
  });

  it("accepts the address country as `country`", () => {
    const o = mapEbayOrder(countryFieldOrderFixture);
    expect(o.shippingAddress).toMatchObject({
      name: "Jean Dupont",
      line1: "5 Rue de Rivoli",
      city: "Paris",
      countryCode: "FR",
      line2: null,
      phone: null,
    });
  });

  it("falls back to sums and the account's marketplace when the order leaves things out", () => {
    const bare: EbayOrder = {
      orderId: "11-11111-11111",
      creationDate: "2026-03-01T00:00:00.000Z",
      orderFulfillmentStatus: "NOT_STARTED",
      lineItems: [{ lineItemId: "1", title: "Thing", quantity: 3, lineItemCost: { value: "10.00" } }],
    };
    const o = mapEbayOrder(bare, { defaultMarketplaceId: "EBAY_DE" });
    expect(o.currency).toBe("EUR");
    expect(o.salesChannel).toBe("EBAY_DE");
    expect(o.lines[0]!.unitPrice).toEqual({ amount: 333, currency: "EUR" });
    expect(o.lines[0]!.lineTotal).toEqual({ amount: 1000, currency: "EUR" });
    expect(o.totals).toEqual({
      subtotal: { amount: 1000, currency: "EUR" },
      shipping: { amount: 0, currency: "EUR" },
      tax: { amount: 0, currency: "EUR" },
      total: { amount: 1000, currency: "EUR" },
    });
    expect(o.shippingAddress).toBeNull();
    expect(o.updatedAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(o.buyer.marketplaceUserId).toBeNull();
  });

  it("carries the seller's discounts on items and delivery (negative in eBay's answer) as one positive discount", () => {
    const o = mapEbayOrder(
      {
        orderId: "12-00000-00001",
        creationDate: "2026-03-01T00:00:00.000Z",
        orderFulfillmentStatus: "NOT_STARTED",
        lineItems: [
          { lineItemId: "1", title: "Thing", quantity: 1, lineItemCost: { value: "20.00", currency: "USD" } },
        ],
        pricingSummary: {
          priceSubtotal: { value: "20.00", currency: "USD" },
          deliveryCost: { value: "4.00", currency: "USD" },
          priceDiscount: { value: "-2.50", currency: "USD" },
          deliveryDiscount: { value: "-4.00", currency: "USD" },
          total: { value: "17.50", currency: "USD" },
        },
      },
      { defaultMarketplaceId: "EBAY_US" },
    );
    expect(o.totals).toMatchObject({
      discount: { amount: 650, currency: "USD" },
      total: { amount: 1750, currency: "USD" },
    });
  });

  it("keeps the buyer's eBay username as the buyer's marketplace user id (what account-deletion notices name)", () => {
    expect(mapEbayOrder(partiallyShippedGbOrderFixture).buyer.marketplaceUserId).toBe("ana.lima.uk");
    expect(mapEbayOrder({ ...unshippedUsOrderFixture, buyer: { username: "" } }).buyer.marketplaceUserId).toBeNull();
  });

  it("maps cancelled and unpaid orders", () => {
    expect(mapEbayOrder(cancelledOrderFixture).status).toBe("cancelled");
    expect(mapEbayOrder(unpaidOrderFixture).status).toBe("pending");
  });
});
