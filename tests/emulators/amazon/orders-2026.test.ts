import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, LONG_AGO, lwaToken, order, type Running, SELLER, settle, start, US } from "./test-support";

const search = (params: Record<string, string | number>) =>
  "/orders/2026-01-01/orders?" + new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

describe("Orders 2026-01-01: searchOrders and getOrder", () => {
  let r: Running;
  let token: string;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    token = await lwaToken(r.baseUrl);
  });
  afterEach(() => r.amazon.close());

  it("shows the same orders as v0, in the 2026 model's shapes", async () => {
    const seeded = r.amazon.seedOrder(
      order({
        shippingAddress: {
          name: "Ann Lee",
          addressLine1: "1 Pike St",
          city: "Seattle",
          stateOrRegion: "WA",
          postalCode: "98101",
          countryCode: "US",
          phone: "206-555-0199",
        },
      }),
    );
    r.amazon.advanceClock(1);
    await api(r.baseUrl, token, "POST", `/orders/v0/orders/${seeded.AmazonOrderId}/shipmentConfirmation`, {
      marketplaceId: US,
      packageDetail: {
        packageReferenceId: "1",
        carrierCode: "FedEx",
        shippingMethod: "FedEx Ground",
        trackingNumber: "612999AA10123456",
        shipDate: "2026-01-27T04:55:15Z",
        orderItems: [{ orderItemId: seeded.OrderItems[0].OrderItemId, quantity: 2 }],
      },
    });
    settle(r.amazon);

    const res = await api(
      r.baseUrl,
      token,
      "GET",
      search({ lastUpdatedAfter: LONG_AGO, includedData: "BUYER,RECIPIENT,FULFILLMENT,PACKAGES,PROCEEDS" }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amzn-ratelimit-limit")).toBe("0.0056");
    expect(res.body.lastUpdatedBefore).toMatch(/Z$/);
    const [o] = res.body.orders;
    expect(o).toMatchObject({
      orderId: seeded.AmazonOrderId,
      createdTime: seeded.PurchaseDate,
      salesChannel: { channelName: "AMAZON", marketplaceId: US, marketplaceName: "Amazon.com" },
      buyer: { buyerEmail: seeded.BuyerInfo.BuyerEmail, buyerName: "Ann Lee" },
      recipient: {
        deliveryAddress: {
          name: "Ann Lee",
          addressLine1: "1 Pike St",
          city: "Seattle",
          stateOrRegion: "WA",
          postalCode: "98101",
          countryCode: "US",
          phone: "206-555-0199",
        },
      },
      fulfillment: { fulfillmentStatus: "PARTIALLY_SHIPPED", fulfilledBy: "MERCHANT" },
      proceeds: { grandTotal: { amount: "39.24", currencyCode: "USD" } },
      packages: [
        {
          packageReferenceId: "1",
          carrier: "FedEx",
          shippingService: "FedEx Ground",
          trackingNumber: "612999AA10123456",
          shipTime: "2026-01-27T04:55:15Z",
          packageStatus: { status: "SHIPPED" },
          packageItems: [{ orderItemId: seeded.OrderItems[0].OrderItemId, quantity: 2 }],
        },
      ],
    });
    expect(o.orderItems).toHaveLength(2);
    expect(o.orderItems[0]).toMatchObject({
      orderItemId: seeded.OrderItems[0].OrderItemId,
      quantityOrdered: 2,
      product: {
        asin: seeded.OrderItems[0].ASIN,
        title: "Blue mug",
        sellerSku: "MUG-BLUE",
        price: { unitPrice: { amount: "12.50", currencyCode: "USD" } },
      },
      fulfillment: { quantityFulfilled: 2, quantityUnfulfilled: 0 },
    });

    const single = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/2026-01-01/orders/${seeded.AmazonOrderId}?includedData=BUYER,RECIPIENT,FULFILLMENT,PACKAGES,PROCEEDS`,
    );
    expect(single.headers.get("x-amzn-ratelimit-limit")).toBe("0.5");
    expect(single.body.order).toEqual(o);
  });

  it("includes only the core without includedData", async () => {
    const seeded = r.amazon.seedOrder(order());
    const res = await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders/${seeded.AmazonOrderId}`);
    expect(Object.keys(res.body.order).sort()).toEqual([
      "createdTime",
      "lastUpdatedTime",
      "orderId",
      "orderItems",
      "salesChannel",
    ]);
    expect(res.body.order.orderItems[0].fulfillment).toBeUndefined();
  });

  it("filters by fulfillmentStatuses and fulfilledBy, pages with paginationToken", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(r.amazon.seedOrder(order({ status: i === 1 ? "Canceled" : "Unshipped" })).AmazonOrderId);
      r.amazon.advanceClock(1);
    }
    settle(r.amazon);
    const cancelled = await api(
      r.baseUrl,
      token,
      "GET",
      search({ createdAfter: LONG_AGO, fulfillmentStatuses: "CANCELLED" }),
    );
    expect(cancelled.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([ids[1]]);
    expect(cancelled.body.createdBefore).toMatch(/Z$/);
    const amazonFulfilled = await api(
      r.baseUrl,
      token,
      "GET",
      search({ createdAfter: LONG_AGO, fulfilledBy: "AMAZON" }),
    );
    expect(amazonFulfilled.body.orders).toEqual([]);

    const seen: string[] = [];
    let next: string | undefined;
    do {
      const params: Record<string, string | number> = {
        lastUpdatedAfter: LONG_AGO,
        fulfillmentStatuses: "UNSHIPPED",
        maxResultsPerPage: 3,
      };
      if (next) params.paginationToken = next;
      const res = await api(r.baseUrl, token, "GET", search(params));
      seen.push(...res.body.orders.map((o: { orderId: string }) => o.orderId));
      next = res.body.pagination?.nextToken;
    } while (next);
    expect(seen).toEqual(ids.filter((_, i) => i !== 1));
  });

  it("expires pagination tokens after 24 emulated hours", async () => {
    for (let i = 0; i < 3; i++) r.amazon.seedOrder(order());
    settle(r.amazon);
    const first = await api(r.baseUrl, token, "GET", search({ lastUpdatedAfter: LONG_AGO, maxResultsPerPage: 1 }));
    const nextToken = first.body.pagination.nextToken;
    r.amazon.advanceClock(24 * 3600 + 1);
    const fresh = await lwaToken(r.baseUrl);
    const late = await api(
      r.baseUrl,
      fresh,
      "GET",
      search({ lastUpdatedAfter: LONG_AGO, maxResultsPerPage: 1, paginationToken: nextToken }),
    );
    expect(late.status).toBe(400);
    expect(late.body.errors[0].details).toMatch(/expired/);
  });

  it("validates against the 2026 model", async () => {
    const bad = async (params: Record<string, string | number>, message: RegExp) => {
      const res = await api(r.baseUrl, token, "GET", search(params));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: "InvalidInput", message: expect.stringMatching(message) });
    };
    await bad({ lastUpdatedAfter: LONG_AGO, fulfillmentStatuses: "Shipped" }, /\[fulfillmentStatuses\]/);
    await bad({ lastUpdatedAfter: LONG_AGO, includedData: "EVERYTHING" }, /\[includedData\]/);
    await bad({ lastUpdatedAfter: LONG_AGO, fulfilledBy: "FBA" }, /\[fulfilledBy\]/);
    await bad({ lastUpdatedAfter: LONG_AGO, maxResultsPerPage: 500 }, /\[maxResultsPerPage\]/);
    await bad({ lastUpdatedAfter: "last tuesday" }, /\[lastUpdatedAfter\]/);
    await bad({}, /not valid/);
    await bad({ createdAfter: LONG_AGO, lastUpdatedAfter: LONG_AGO }, /not valid/);
    await bad({ createdAfter: LONG_AGO, createdBefore: new Date(r.amazon.now() - 30_000).toISOString() }, /not valid/);
    expect((await api(r.baseUrl, token, "GET", "/orders/2026-01-01/orders/111-0000000-0000000")).status).toBe(404);
    expect(
      (await api(r.baseUrl, token, "GET", "/orders/2026-01-01/orders/111-0000000-0000000?includedData=NOPE")).status,
    ).toBe(400);
  });
});
