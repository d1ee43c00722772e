import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, LONG_AGO, lwaToken, order, type Running, SELLER, settle, start, US } from "./test-support";

const q = (params: Record<string, string | number>) =>
  "/orders/v0/orders?" + new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

const iso = (ms: number) => new Date(ms).toISOString();

describe("Orders v0: getOrders, getOrder, getOrderItems, getOrderAddress", () => {
  let r: Running;
  let token: string;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    token = await lwaToken(r.baseUrl);
  });
  afterEach(() => r.amazon.close());

  it("serves realistic orders: ids, money, dates, address, buyer", async () => {
    const seeded = r.amazon.seedOrder(order());
    settle(r.amazon);
    const res = await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amzn-ratelimit-limit")).toBe("0.0167");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const [o] = res.body.payload.Orders;
    expect(o).toMatchObject({
      AmazonOrderId: expect.stringMatching(/^\d{3}-\d{7}-\d{7}$/),
      PurchaseDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      LastUpdateDate: expect.stringMatching(/Z$/),
      OrderStatus: "Unshipped",
      FulfillmentChannel: "MFN",
      MarketplaceId: US,
      SalesChannel: "Amazon.com",
      // 2 × 12.50 + 4.99 + 2.00 + 7.25
      OrderTotal: { CurrencyCode: "USD", Amount: "39.24" },
      NumberOfItemsShipped: 0,
      NumberOfItemsUnshipped: 3,
      ShippingAddress: {
        Name: "Jane Doe",
        AddressLine1: "123 Main Street",
        City: "Seattle",
        StateOrRegion: "WA",
        PostalCode: "98101",
        CountryCode: "US",
      },
      BuyerInfo: { BuyerEmail: expect.stringMatching(/@marketplace\.amazon\.com$/) },
    });
    expect(o.AmazonOrderId).toBe(seeded.AmazonOrderId);

    const items = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${o.AmazonOrderId}/orderItems`);
    expect(items.headers.get("x-amzn-ratelimit-limit")).toBe("0.5");
    expect(items.body.payload.AmazonOrderId).toBe(o.AmazonOrderId);
    expect(items.body.payload.OrderItems[0]).toMatchObject({
      ASIN: expect.stringMatching(/^B0[0-9A-Z]{8}$/),
      OrderItemId: expect.stringMatching(/^\d{14}$/),
      SellerSKU: "MUG-BLUE",
      Title: "Blue mug",
      QuantityOrdered: 2,
      QuantityShipped: 0,
      ItemPrice: { CurrencyCode: "USD", Amount: "25.00" }, // the whole line: 2 × 12.50
      ItemTax: { CurrencyCode: "USD", Amount: "2.00" },
      ShippingPrice: { CurrencyCode: "USD", Amount: "4.99" },
    });

    const single = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${o.AmazonOrderId}`);
    expect(single.body.payload).toEqual(o);
    const address = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${o.AmazonOrderId}/address`);
    expect(address.body.payload).toEqual({ AmazonOrderId: o.AmazonOrderId, ShippingAddress: o.ShippingAddress });
    expect((await api(r.baseUrl, token, "GET", "/orders/v0/orders/111-0000000-0000000")).status).toBe(404);
  });

  it("keeps the same ASIN for a SKU and accepts an explicit one", async () => {
    const a = r.amazon.seedOrder(order());
    const b = r.amazon.seedOrder(
      order({ items: [{ sku: "MUG-BLUE", title: "Blue mug", quantity: 1, unitPrice: "12.50", asin: "B000000001" }] }),
    );
    const c = r.amazon.seedOrder(order());
    expect(c.OrderItems[0].ASIN).toBe(a.OrderItems[0].ASIN);
    expect(b.OrderItems[0].ASIN).toBe("B000000001");
  });

  it("does not list orders updated in the last two minutes; LastUpdatedBefore tells how far it covers", async () => {
    const seeded = r.amazon.seedOrder(order());
    const first = await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO }));
    expect(first.body.payload.Orders).toEqual([]);
    const coveredUntil = Date.parse(first.body.payload.LastUpdatedBefore);
    expect(r.amazon.now() - coveredUntil).toBeGreaterThanOrEqual(120_000);
    expect(r.amazon.now() - coveredUntil).toBeLessThan(122_000);
    expect(coveredUntil).toBeLessThan(Date.parse(seeded.LastUpdateDate));

    r.amazon.advanceClock(60);
    expect(
      (await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO }))).body.payload.Orders,
    ).toEqual([]);
    r.amazon.advanceClock(61);
    const later = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: US, LastUpdatedAfter: first.body.payload.LastUpdatedBefore }),
    );
    expect(later.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toEqual([
      seeded.AmazonOrderId,
    ]);

    // The lag is in emulated minutes: at timeScale 600 it is 200 real ms.
    await fetch(`${r.baseUrl}/__sandbox/limits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeScale: 600 }),
    });
    const next = r.amazon.seedOrder(order());
    expect(
      (await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO }))).body.payload.Orders,
    ).toHaveLength(1);
    await new Promise((res) => setTimeout(res, 250));
    const after = await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO }));
    expect(after.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toContain(
      next.AmazonOrderId,
    );
  });

  it("filters by created or updated window, status and ids, and answers CreatedBefore for created queries", async () => {
    const early = r.amazon.seedOrder(order({ purchaseDate: iso(r.amazon.now() - 3 * 3600_000) }));
    const cancelled = r.amazon.seedOrder(order({ status: "Canceled" }));
    const pending = r.amazon.seedOrder(order({ status: "Pending" }));
    settle(r.amazon);
    const ids = (res: { body: any }) =>
      res.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId).sort();

    const created = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: US, CreatedAfter: iso(r.amazon.now() - 3600_000) }),
    );
    expect(ids(created)).toEqual([cancelled.AmazonOrderId, pending.AmazonOrderId].sort());
    expect(created.body.payload.CreatedBefore).toMatch(/Z$/);
    expect(created.body.payload.LastUpdatedBefore).toBeUndefined();

    const unshipped = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO, OrderStatuses: "Unshipped,PartiallyShipped" }),
    );
    expect(ids(unshipped)).toEqual([early.AmazonOrderId]);
    const byId = await api(
      r.baseUrl,
      token,
      "GET",
      q({
        MarketplaceIds: US,
        CreatedAfter: LONG_AGO,
        AmazonOrderIds: `${pending.AmazonOrderId},${early.AmazonOrderId}`,
      }),
    );
    expect(ids(byId)).toEqual([early.AmazonOrderId, pending.AmazonOrderId].sort());
    const afn = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, FulfillmentChannels: "AFN" }),
    );
    expect(afn.body.payload.Orders).toEqual([]);
    const otherMarket = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: "A1F83G8C2ARO7P", CreatedAfter: LONG_AGO }),
    );
    expect(otherMarket.body.payload.Orders).toEqual([]);

    // Pending orders show no OrderTotal and their items no prices, as on Amazon.
    const p = (await api(r.baseUrl, token, "GET", `/orders/v0/orders/${pending.AmazonOrderId}`)).body.payload;
    expect(p.OrderTotal).toBeUndefined();
    const pItems = (await api(r.baseUrl, token, "GET", `/orders/v0/orders/${pending.AmazonOrderId}/orderItems`)).body
      .payload.OrderItems;
    expect(pItems[0].ItemPrice).toBeUndefined();
  });

  it("pages with NextToken, sorted by LastUpdateDate, with the other filters still applied", async () => {
    const seeded = [];
    for (let i = 0; i < 7; i++) {
      seeded.push(r.amazon.seedOrder(order({ status: i === 3 ? "Canceled" : "Unshipped" })));
      r.amazon.advanceClock(1);
    }
    settle(r.amazon);
    const base = { MarketplaceIds: US, LastUpdatedAfter: LONG_AGO, OrderStatuses: "Unshipped", MaxResultsPerPage: 2 };
    const seen: string[] = [];
    const bounds = new Set<string>();
    let next: string | undefined;
    let pages = 0;
    do {
      const res = await api(r.baseUrl, token, "GET", q(next ? { ...base, NextToken: next } : base));
      expect(res.status).toBe(200);
      expect(res.body.payload.Orders.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId));
      bounds.add(res.body.payload.LastUpdatedBefore);
      next = res.body.payload.NextToken;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(seen).toEqual(seeded.filter((_, i) => i !== 3).map((o) => o.AmazonOrderId));
    expect(bounds.size).toBe(1);

    // A token sent alone (with MarketplaceIds) goes on with its own query.
    const first = await api(r.baseUrl, token, "GET", q(base));
    const alone = await api(
      r.baseUrl,
      token,
      "GET",
      q({ MarketplaceIds: US, NextToken: first.body.payload.NextToken }),
    );
    expect(alone.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toEqual(seen.slice(2, 4));
    const garbage = await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, NextToken: "not-a-token" }));
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].code).toBe("InvalidInput");
  });

  it("pages order items with NextToken", async () => {
    r.amazon.settings.orderItemsPageSize = 2;
    const items = Array.from({ length: 5 }, (_, i) => ({
      sku: `SKU-${i}`,
      title: `Item ${i}`,
      quantity: 1,
      unitPrice: "1.00",
    }));
    const seeded = r.amazon.seedOrder(order({ items }));
    const got: string[] = [];
    let next: string | undefined;
    do {
      const path = `/orders/v0/orders/${seeded.AmazonOrderId}/orderItems${next ? `?NextToken=${encodeURIComponent(next)}` : ""}`;
      const res = await api(r.baseUrl, token, "GET", path);
      got.push(...res.body.payload.OrderItems.map((i: { SellerSKU: string }) => i.SellerSKU));
      next = res.body.payload.NextToken;
    } while (next);
    expect(got).toEqual(items.map((i) => i.sku));
  });

  describe("validation against the model", () => {
    const expectInvalid = (res: { status: number; body: any }, message: RegExp | string) => {
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({
        code: "InvalidInput",
        message: expect.any(String),
        details: expect.any(String),
      });
      if (typeof message === "string") expect(res.body.errors[0].message).toBe(message);
      else expect(res.body.errors[0].message).toMatch(message);
      expect(res.body).not.toHaveProperty("payload");
    };

    it("requires MarketplaceIds", async () => {
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ CreatedAfter: LONG_AGO })),
        "Missing or invalid request parameters: [MarketplaceIds].",
      );
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: "", CreatedAfter: LONG_AGO })),
        /\[MarketplaceIds\]/,
      );
    });

    it("caps MarketplaceIds and AmazonOrderIds at 50 and MaxResultsPerPage at 1..100", async () => {
      const many = Array.from({ length: 51 }, (_, i) => `M${i}`).join(",");
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: many, CreatedAfter: LONG_AGO })),
        /\[MarketplaceIds\]/,
      );
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, MaxResultsPerPage: 101 })),
        /\[MaxResultsPerPage\]/,
      );
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, MaxResultsPerPage: 0 })),
        /\[MaxResultsPerPage\]/,
      );
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, MaxResultsPerPage: "ten" })),
        /\[MaxResultsPerPage\]/,
      );
      expectInvalid(
        await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, IsISPU: "maybe" })),
        /\[IsISPU\]/,
      );
    });

    it("refuses values outside the model's enums", async () => {
      expectInvalid(
        await api(
          r.baseUrl,
          token,
          "GET",
          q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, OrderStatuses: "Unshipped,Lost" }),
        ),
        /\[OrderStatuses\]/,
      );
      expectInvalid(
        await api(
          r.baseUrl,
          token,
          "GET",
          q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, FulfillmentChannels: "FBA" }),
        ),
        /\[FulfillmentChannels\]/,
      );
    });

    it("needs exactly one of CreatedAfter and LastUpdatedAfter, and keeps the two groups apart", async () => {
      expectInvalid(await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US })), /not valid/);
      const both = await api(
        r.baseUrl,
        token,
        "GET",
        q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, LastUpdatedAfter: LONG_AGO }),
      );
      expectInvalid(both, "The input you have submitted is not valid. Please check your input and try again.");
      expect(both.body.errors[0].details).toMatch(/cannot be combined/);
      expectInvalid(
        await api(
          r.baseUrl,
          token,
          "GET",
          q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, LastUpdatedBefore: LONG_AGO }),
        ),
        /not valid/,
      );
    });

    it("wants *Before at least two minutes ago and after *After, and ISO 8601 dates", async () => {
      const oneMinuteAgo = iso(r.amazon.now() - 60_000);
      const res = await api(
        r.baseUrl,
        token,
        "GET",
        q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, CreatedBefore: oneMinuteAgo }),
      );
      expectInvalid(res, "The input you have submitted is not valid. Please check your input and try again.");
      expect(res.body.errors[0].details).toMatch(/two minutes/);
      const threeMinutesAgo = iso(r.amazon.now() - 180_000);
      expect(
        (
          await api(
            r.baseUrl,
            token,
            "GET",
            q({ MarketplaceIds: US, LastUpdatedAfter: LONG_AGO, LastUpdatedBefore: threeMinutesAgo }),
          )
        ).status,
      ).toBe(200);
      expectInvalid(
        await api(
          r.baseUrl,
          token,
          "GET",
          q({ MarketplaceIds: US, CreatedAfter: threeMinutesAgo, CreatedBefore: LONG_AGO }),
        ),
        /not valid/,
      );
      const badDate = await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, LastUpdatedAfter: "yesterday" }));
      expectInvalid(badDate, "This is an invalid input");
      expect(badDate.body.errors[0].details).toBe("Invalid date-time field(s) [lastUpdatedAfter].");
      expect((await api(r.baseUrl, token, "GET", q({ MarketplaceIds: US, CreatedAfter: "2020-01-01" }))).status).toBe(
        200,
      );
    });

    it("keeps SellerOrderId apart from the filters it excludes", async () => {
      expectInvalid(
        await api(
          r.baseUrl,
          token,
          "GET",
          q({ MarketplaceIds: US, CreatedAfter: LONG_AGO, SellerOrderId: "X", OrderStatuses: "Shipped" }),
        ),
        /not valid/,
      );
    });
  });
});
