import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP, control, receipt, type Running, SHOP, start } from "./test-support";

describe("control API", () => {
  let r: Running;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 }, false);
  });
  afterEach(() => r.etsy.close());

  it("seeds apps, shops and receipts over HTTP, without echoing the shared secret", async () => {
    const app = await control(r.baseUrl, "POST", "/__sandbox/apps", APP);
    expect(app).toMatchObject({ status: 201, body: { keystring: APP.keystring, qps: 10, qpd: 10_000 } });
    expect(app.text).not.toContain(APP.sharedSecret);
    const shop = await control(r.baseUrl, "POST", "/__sandbox/shops", SHOP);
    expect(shop).toMatchObject({
      status: 201,
      body: { shopId: SHOP.shopId, userId: SHOP.userId, keystring: APP.keystring, refreshToken: SHOP.refreshToken },
    });

    const seeded = await control(r.baseUrl, "POST", "/__sandbox/receipts", {
      shopId: SHOP.shopId,
      items: [
        { sku: "MUG-1", title: "Mug", quantity: 2, unitPrice: "19.99" },
        { sku: "CARD", title: "Card", quantity: 1, unitPrice: "3.50" },
      ],
      country_iso: "CA",
      name: "Lou Tremblay",
      first_line: "1 Rue Sainte-Catherine",
      city: "Montréal",
      state: "QC",
      zip: "H2X 1Y4",
      buyer_email: "lou@example.com",
      shipping: "4.99",
      tax: "1.20",
      currency: "CAD",
    });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({
      receipt_id: expect.any(Number),
      status: "paid",
      country_iso: "CA",
      buyer_email: "lou@example.com",
      total_price: { amount: 3998 + 350, divisor: 100, currency_code: "CAD" },
      transactions: [
        expect.objectContaining({
          transaction_id: expect.any(Number),
          sku: "MUG-1",
          quantity: 2,
          price: { amount: 1999, divisor: 100, currency_code: "CAD" },
        }),
        expect.objectContaining({ transaction_id: expect.any(Number), sku: "CARD" }),
      ],
    });
    expect(seeded.body.grandtotal.amount).toBe(3998 + 350 + 499 + 120);
    const id = seeded.body.receipt_id;
    expect((await control(r.baseUrl, "GET", `/__sandbox/receipts/${id}`)).body).toEqual(seeded.body);
    expect((await control(r.baseUrl, "GET", `/__sandbox/receipts?shopId=${SHOP.shopId}`)).body).toEqual([seeded.body]);
  });

  it("uses the currency's digits for the divisor", () => {
    r.etsy.seedApp(APP);
    r.etsy.seedShop(SHOP);
    const yen = r.etsy.seedReceipt(
      receipt({
        currency: "JPY",
        country_iso: "JP",
        items: [{ sku: "T", title: "Tea", quantity: 1, unitPrice: "1500" }],
        shipping: "300",
        tax: "0",
      }),
    );
    expect(yen.grandtotal).toEqual({ amount: 1800, divisor: 1, currency_code: "JPY" });
  });

  it("refuses bad input with 400, unknown references with 404 and conflicts with 409", async () => {
    expect((await control(r.baseUrl, "POST", "/__sandbox/apps", { keystring: "k" })).status).toBe(400);
    expect((await control(r.baseUrl, "POST", "/__sandbox/shops", SHOP)).status).toBe(404); // no app yet
    await control(r.baseUrl, "POST", "/__sandbox/apps", APP);
    expect((await control(r.baseUrl, "POST", "/__sandbox/shops", { ...SHOP, userId: "x" })).status).toBe(400);
    await control(r.baseUrl, "POST", "/__sandbox/shops", SHOP);
    expect(
      (await control(r.baseUrl, "POST", "/__sandbox/shops", { ...SHOP, shopId: 9, refreshToken: "9.r" })).status,
    ).toBe(409); // same user, second shop
    const cases: [unknown, number][] = [
      [{ shopId: 1, items: [{ sku: "A", title: "A", quantity: 1, unitPrice: "1.00" }] }, 404],
      [receipt({ items: [] }), 400],
      [receipt({ items: [{ sku: "A", title: "A", quantity: 0, unitPrice: "1.00" }] }), 400],
      [receipt({ items: [{ sku: "A", title: "A", quantity: 1, unitPrice: "1,00" }] }), 400],
      [receipt({ shipping: "-1.00" }), 400],
      [receipt({ country_iso: "USA" }), 400],
      [receipt({ created: Math.floor(Date.now() / 1000) + 3600 }), 400],
    ];
    for (const [input, status] of cases)
      expect((await control(r.baseUrl, "POST", "/__sandbox/receipts", input)).status, JSON.stringify(input)).toBe(
        status,
      );
    const seeded = (await control(r.baseUrl, "POST", "/__sandbox/receipts", receipt({ receipt_id: 1234567 }))).body;
    expect(seeded.receipt_id).toBe(1234567);
    expect((await control(r.baseUrl, "POST", "/__sandbox/receipts", receipt({ receipt_id: 1234567 }))).status).toBe(
      409,
    );
    expect((await control(r.baseUrl, "GET", "/__sandbox/receipts/999")).status).toBe(404);
    expect((await control(r.baseUrl, "GET", "/__sandbox/receipts/abc")).status).toBe(400);
  });

  it("ships and cancels as the seller on etsy.com, with the API's rules", async () => {
    r.etsy.seedApp(APP);
    r.etsy.seedShop(SHOP);
    const a = r.etsy.seedReceipt(receipt());
    const noTracking = await control(r.baseUrl, "POST", `/__sandbox/receipts/${a.receipt_id}/ship`, {});
    expect(noTracking.status).toBe(400); // US, over $10
    const shipped = await control(r.baseUrl, "POST", `/__sandbox/receipts/${a.receipt_id}/ship`, {
      tracking_code: "1Z999AA10123456784",
      carrier_name: "ups",
    });
    expect(shipped.body).toMatchObject({
      status: "completed",
      is_shipped: true,
      shipments: [expect.objectContaining({ carrier_name: "ups" })],
    });
    expect((await control(r.baseUrl, "POST", `/__sandbox/receipts/${a.receipt_id}/cancel`)).status).toBe(409);

    const b = r.etsy.seedReceipt(receipt());
    const canceled = await control(r.baseUrl, "POST", `/__sandbox/receipts/${b.receipt_id}/cancel`);
    expect(canceled.body).toMatchObject({ status: "canceled", is_shipped: false });
    expect(canceled.body.update_timestamp).toBeGreaterThan(b.update_timestamp);
    expect((await control(r.baseUrl, "POST", `/__sandbox/receipts/${b.receipt_id}/cancel`)).status).toBe(409);
    expect(
      (
        await control(r.baseUrl, "POST", `/__sandbox/receipts/${b.receipt_id}/ship`, {
          tracking_code: "1",
          carrier_name: "ups",
        })
      ).status,
    ).toBe(409);
  });

  it("moves the clock ahead and reports it", async () => {
    const before = (await control(r.baseUrl, "GET", "/__sandbox/clock")).body;
    const after = (await control(r.baseUrl, "POST", "/__sandbox/clock", { advanceSeconds: 7200 })).body;
    expect(after.nowSeconds - before.nowSeconds).toBeGreaterThanOrEqual(7200);
    expect(after.timeScale).toBe(1);
    expect((await control(r.baseUrl, "POST", "/__sandbox/clock", { advanceSeconds: -1 })).status).toBe(400);
  });
});
