import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, LONG_AGO, lwaToken, order, type Running, SELLER, start } from "./test-support";

describe("control API over HTTP", () => {
  let r: Running;
  beforeEach(async () => {
    r = await start({ limitsEnabled: true, timeScale: 1 });
  });
  afterEach(() => r.amazon.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${r.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it("seeds sellers without echoing secrets, and checks their input", async () => {
    expect(
      await call("POST", "/__sandbox/sellers", { ...SELLER, marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"] }),
    ).toEqual({
      status: 201,
      body: {
        sellerId: SELLER.sellerId,
        clientId: SELLER.clientId,
        marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      },
    });
    expect((await call("GET", "/__sandbox/sellers")).body).toHaveLength(1);
    expect((await call("POST", "/__sandbox/sellers", { sellerId: "X" })).status).toBe(400);
    expect((await call("POST", "/__sandbox/sellers", { ...SELLER, sellerId: "OTHER" })).status).toBe(409); // refresh token taken
    expect((await call("POST", "/__sandbox/sellers", { ...SELLER, marketplaceIds: [] })).status).toBe(400);
  });

  it("seeds orders with generated ids and computed totals, and lists them", async () => {
    await call("POST", "/__sandbox/sellers", {
      ...SELLER,
      marketplaceIds: ["ATVPDKIKX0DER", "A1F83G8C2ARO7P", "A1VC38T7YXB528"],
    });
    const created = await call(
      "POST",
      "/__sandbox/orders",
      order({ buyerEmail: "buyer@example.com", buyerName: "Bo Buyer", shipServiceLevel: "Expedited" }),
    );
    expect(created.status).toBe(201);
    const o = created.body;
    expect(o).toMatchObject({
      AmazonOrderId: expect.stringMatching(/^11[1-4]-\d{7}-\d{7}$/),
      SellerId: SELLER.sellerId,
      MarketplaceId: "ATVPDKIKX0DER",
      OrderStatus: "Unshipped",
      OrderTotal: { CurrencyCode: "USD", Amount: "39.24" },
      ShipServiceLevel: "Expedited",
      BuyerInfo: { BuyerEmail: "buyer@example.com", BuyerName: "Bo Buyer" },
      Packages: [],
    });
    expect(o.OrderItems.map((i: { OrderItemId: string }) => i.OrderItemId)).toEqual([
      expect.stringMatching(/^\d{14}$/),
      expect.stringMatching(/^\d{14}$/),
    ]);

    const uk = (await call("POST", "/__sandbox/orders", order({ marketplaceId: "A1F83G8C2ARO7P" }))).body;
    expect(uk.AmazonOrderId).toMatch(/^20[2-6]-/);
    expect(uk.OrderTotal.CurrencyCode).toBe("GBP");
    const jp = (
      await call(
        "POST",
        "/__sandbox/orders",
        order({
          marketplaceId: "A1VC38T7YXB528",
          items: [{ sku: "TEA", title: "Tea", quantity: 3, unitPrice: "1500" }],
        }),
      )
    ).body;
    expect(jp.OrderTotal).toEqual({ CurrencyCode: "JPY", Amount: "4500" });

    const fixed = await call(
      "POST",
      "/__sandbox/orders",
      order({ amazonOrderId: "113-1234567-1234567", purchaseDate: "2026-01-02T03:04:05Z" }),
    );
    expect(fixed.body).toMatchObject({ AmazonOrderId: "113-1234567-1234567", PurchaseDate: "2026-01-02T03:04:05Z" });
    expect((await call("POST", "/__sandbox/orders", order({ amazonOrderId: "113-1234567-1234567" }))).status).toBe(409);

    const list = await call("GET", `/__sandbox/orders?sellerId=${SELLER.sellerId}`);
    expect(list.body.map((x: { AmazonOrderId: string }) => x.AmazonOrderId)).toContain(o.AmazonOrderId);
    expect((await call("GET", "/__sandbox/orders?sellerId=NOBODY")).body).toEqual([]);
    expect((await call("GET", `/__sandbox/orders/${o.AmazonOrderId}`)).body).toEqual(o);
    expect((await call("GET", "/__sandbox/orders/111-0000000-0000000")).status).toBe(404);
  });

  it("refuses bad orders with a reason", async () => {
    await call("POST", "/__sandbox/sellers", SELLER);
    const bad = async (o: unknown, status = 400) => {
      const res = await call("POST", "/__sandbox/orders", o);
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual(expect.any(String));
    };
    await bad(order({ sellerId: "NOBODY" }), 404);
    await bad(order({ items: [] }));
    await bad(order({ items: [{ sku: "A", title: "A", quantity: 0, unitPrice: "1.00" }] }));
    await bad(order({ items: [{ sku: "A", title: "A", quantity: 1, unitPrice: "1,00" }] }));
    await bad(order({ items: [{ sku: "A", title: "A", quantity: 1, unitPrice: 1 as unknown as string }] }));
    await bad(order({ marketplaceId: "A1F83G8C2ARO7P" })); // the seller does not sell there
    await bad(order({ status: "Shipped-ish" as never }));
    await bad(order({ purchaseDate: "soon" }));
    await bad(order({ amazonOrderId: "12345" }));
  });

  it("ships and cancels on the marketplace, refusing impossible transitions", async () => {
    await call("POST", "/__sandbox/sellers", SELLER);
    const a = (await call("POST", "/__sandbox/orders", order())).body;
    const b = (await call("POST", "/__sandbox/orders", order())).body;
    const shipped = await call("POST", `/__sandbox/orders/${a.AmazonOrderId}/ship`, {
      carrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body.OrderStatus).toBe("Shipped");
    expect(Date.parse(shipped.body.LastUpdateDate)).toBeGreaterThanOrEqual(Date.parse(a.LastUpdateDate));
    expect(
      (await call("POST", `/__sandbox/orders/${a.AmazonOrderId}/ship`, { carrierCode: "UPS", trackingNumber: "1Z" }))
        .status,
    ).toBe(409);
    expect((await call("POST", `/__sandbox/orders/${a.AmazonOrderId}/cancel`)).status).toBe(409);
    expect((await call("POST", `/__sandbox/orders/${b.AmazonOrderId}/ship`, { carrierCode: "UPS" })).status).toBe(400);
    expect((await call("POST", `/__sandbox/orders/${b.AmazonOrderId}/cancel`)).body.OrderStatus).toBe("Canceled");
    expect((await call("POST", `/__sandbox/orders/${b.AmazonOrderId}/cancel`)).status).toBe(409);
    expect((await call("POST", "/__sandbox/orders/111-0000000-0000000/cancel")).status).toBe(404);

    const pending = (await call("POST", "/__sandbox/orders", order({ status: "Pending" }))).body;
    expect(pending.OrderStatus).toBe("Pending");
    const authorized = await call("POST", `/__sandbox/orders/${pending.AmazonOrderId}/authorize-payment`);
    expect(authorized.body.OrderStatus).toBe("Unshipped");
    expect(Date.parse(authorized.body.LastUpdateDate)).toBeGreaterThanOrEqual(Date.parse(pending.LastUpdateDate));
    expect((await call("POST", `/__sandbox/orders/${pending.AmazonOrderId}/authorize-payment`)).status).toBe(409);
  });

  it("advances the clock, changes settings, resets everything", async () => {
    const before = (await call("GET", "/__sandbox/clock")).body;
    expect(before).toEqual({ now: expect.stringMatching(/Z$/), timeScale: 1 });
    const after = (await call("POST", "/__sandbox/clock", { advanceSeconds: 3600 })).body;
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3600_000);
    expect((await call("POST", "/__sandbox/clock", { advanceSeconds: -1 })).status).toBe(400);

    expect((await call("POST", "/__sandbox/settings", { orderItemsPageSize: 5, requireRdtForPii: true })).body).toEqual(
      { orderItemsPageSize: 5, requireRdtForPii: true },
    );
    expect((await call("POST", "/__sandbox/settings", { orderItemsPageSize: 0 })).status).toBe(400);

    await call("POST", "/__sandbox/sellers", SELLER);
    await call("POST", "/__sandbox/orders", order());
    expect((await call("POST", "/__sandbox/reset")).status).toBe(204);
    expect((await call("GET", "/__sandbox/orders")).body).toEqual([]);
    expect((await call("GET", "/__sandbox/sellers")).body).toEqual([]);
    expect((await call("GET", "/__sandbox/settings")).body).toEqual({
      orderItemsPageSize: 100,
      requireRdtForPii: false,
    });

    // The in-process reset does the same.
    r.amazon.seedSeller(SELLER);
    await r.amazon.reset();
    expect(r.amazon.listOrders()).toEqual([]);
    expect(() => r.amazon.seedOrder(order())).toThrow(/unknown seller/);
  });

  it("with requireRdtForPii, hides PII from a plain LWA token and shows it to a covering RDT", async () => {
    r.amazon.seedSeller(SELLER);
    r.amazon.settings.requireRdtForPii = true;
    const seeded = r.amazon.seedOrder(order());
    r.amazon.advanceClock(121);
    const token = await lwaToken(r.baseUrl);
    const plain = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}`);
    expect(plain.body.payload.ShippingAddress).toEqual({
      City: "Seattle",
      StateOrRegion: "WA",
      PostalCode: "98101",
      CountryCode: "US",
    });
    expect(plain.body.payload.BuyerInfo).toBeUndefined();
    // Restricted operations without a covering RDT: 200 without the PII fields, as Amazon answers (not 403).
    const address = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}/address`);
    expect(address).toMatchObject({ status: 200 });
    expect(address.body.payload).toEqual({
      AmazonOrderId: seeded.AmazonOrderId,
      ShippingAddress: { City: "Seattle", StateOrRegion: "WA", PostalCode: "98101", CountryCode: "US" },
    });
    const buyer = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}/buyerInfo`);
    expect(buyer).toMatchObject({ status: 200, body: { payload: { AmazonOrderId: seeded.AmazonOrderId } } });
    expect(buyer.body.payload).not.toHaveProperty("BuyerEmail");
    expect(buyer.body.payload).not.toHaveProperty("BuyerName");

    const rdt = (
      await api(r.baseUrl, token, "POST", "/tokens/2021-03-01/restrictedDataToken", {
        restrictedResources: [
          { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
        ],
      })
    ).body.restrictedDataToken;
    const full = await api(
      r.baseUrl,
      rdt,
      "GET",
      `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=${LONG_AGO}`,
    );
    expect(full.body.payload.Orders[0].ShippingAddress.Name).toBe("Jane Doe");
    expect(full.body.payload.Orders[0].BuyerInfo.BuyerEmail).toMatch(/@/);
  });
});
