import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, receipt, receiptsPath, refresh, type Running, SHOP, start } from "./test-support";

describe("getShopReceipts and getShopReceipt", () => {
  let r: Running;
  let token: string;
  const ids: number[] = [];
  let base: number;

  beforeAll(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    base = Math.floor(r.etsy.now() / 1000) - 10 * 86_400;
    // Five receipts created a day apart; the third unpaid, the fourth shipped, the fifth canceled.
    for (let i = 0; i < 5; i++) {
      ids.push(r.etsy.seedReceipt(receipt({ created: base + i * 86_400, paid: i !== 2 })).receipt_id);
    }
    r.etsy.shipOnEtsy(ids[3]!, { tracking_code: "9400111202555842332669", carrier_name: "usps" });
    r.etsy.cancelOnEtsy(ids[4]!);
    token = (await refresh(r.baseUrl)).accessToken;
  });
  afterAll(() => r.etsy.close());

  const list = (query: string) => api(r.baseUrl, "GET", `${receiptsPath()}${query}`, { token });
  const idsOf = (res: { body: { results: { receipt_id: number }[] } }) => res.body.results.map((x) => x.receipt_id);

  it("lists newest created first by default, with count and 25 a page", async () => {
    const res = await list("");
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(5);
    expect(idsOf(res)).toEqual([...ids].reverse());
    const one = res.body.results.find((x: { receipt_id: number }) => x.receipt_id === ids[0]);
    expect(one).toMatchObject({
      status: "paid",
      is_paid: true,
      is_shipped: false,
      country_iso: "US",
      total_price: { amount: 3225, divisor: 100, currency_code: "USD" },
      subtotal: { amount: 3225, divisor: 100, currency_code: "USD" },
      total_shipping_cost: { amount: 499, divisor: 100, currency_code: "USD" },
      total_tax_cost: { amount: 200, divisor: 100, currency_code: "USD" },
      grandtotal: { amount: 3924, divisor: 100, currency_code: "USD" },
      create_timestamp: base,
      created_timestamp: base,
    });
    expect(one.transactions).toEqual([
      expect.objectContaining({
        sku: "MUG-BLUE",
        quantity: 2,
        price: { amount: 1250, divisor: 100, currency_code: "USD" },
        receipt_id: ids[0],
      }),
      expect.objectContaining({
        sku: "CUP-RED",
        quantity: 1,
        price: { amount: 725, divisor: 100, currency_code: "USD" },
      }),
    ]);
    expect(new Set(one.transactions.map((t: { transaction_id: number }) => t.transaction_id)).size).toBe(2);
  });

  it("pages with limit and offset, sorts on created, updated or receipt_id in either direction", async () => {
    const page1 = await list("?sort_on=created&sort_order=asc&limit=2");
    const page3 = await list("?sort_on=created&sort_order=up&limit=2&offset=4");
    expect(idsOf(page1)).toEqual(ids.slice(0, 2));
    expect(idsOf(page3)).toEqual(ids.slice(4));
    expect(page3.body.count).toBe(5);
    expect(idsOf(await list("?sort_on=receipt_id&sort_order=descending&limit=1"))).toEqual([Math.max(...ids)]);
    // Shipping and cancelling touched receipts 4 and 5 after the others were seeded.
    const byUpdate = idsOf(await list("?sort_on=updated&sort_order=asc"));
    expect(byUpdate.slice(-2)).toEqual([ids[3], ids[4]]);
    expect((await list("?offset=50")).body).toEqual({ count: 5, results: [] });
  });

  it("filters on created and last-modified bounds (inclusive) and on was_paid/was_shipped/was_canceled", async () => {
    expect(idsOf(await list(`?min_created=${base + 86_400}&max_created=${base + 2 * 86_400}&sort_order=asc`))).toEqual(
      ids.slice(1, 3),
    );
    const shipped = r.etsy.getReceipt(ids[3]!)!;
    expect(idsOf(await list(`?min_last_modified=${shipped.update_timestamp}&sort_on=updated&sort_order=asc`))).toEqual([
      ids[3],
      ids[4],
    ]);
    expect(idsOf(await list("?was_paid=false"))).toEqual([ids[2]]);
    expect(idsOf(await list("?was_shipped=true"))).toEqual([ids[3]]);
    expect(idsOf(await list("?was_canceled=true"))).toEqual([ids[4]]);
    expect((await list("?was_canceled=false")).body.count).toBe(4);
    expect((await list("?was_delivered=true")).body.count).toBe(0);
  });

  it("answers 400 for parameters the spec refuses", async () => {
    const cases: [string, RegExp][] = [
      ["?limit=0", /limit must be >= 1/],
      ["?limit=101", /limit must be <= 100/],
      ["?limit=ten", /limit must be integer/],
      ["?offset=-1", /offset must be >= 0/],
      ["?sort_on=price", /sort_on must be one of: created, updated, receipt_id/],
      ["?sort_order=sideways", /sort_order must be one of/],
      ["?min_last_modified=946684799", /min_last_modified must be >= 946684800/],
      ["?was_paid=yes", /was_paid must be boolean/],
      [`?min_created=${base + 10}&max_created=${base}`, /min_created must be less than or equal to max_created/],
    ];
    for (const [query, message] of cases) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(message);
    }
    const badShop = await api(r.baseUrl, "GET", "/v3/application/shops/abc/receipts", { token });
    expect(badShop.status).toBe(400);
    expect(badShop.body.error).toMatch(/shop_id must be integer/);
  });

  it("gets one receipt, 404 for unknown ids and for receipts of another shop", async () => {
    const one = await api(r.baseUrl, "GET", `${receiptsPath()}/${ids[3]}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ receipt_id: ids[3], status: "completed", is_shipped: true });
    expect(one.body.shipments).toEqual([
      {
        receipt_shipping_id: expect.any(Number),
        shipment_notification_timestamp: expect.any(Number),
        carrier_name: "usps",
        tracking_code: "9400111202555842332669",
      },
    ]);
    expect((await api(r.baseUrl, "GET", `${receiptsPath()}/123`, { token })).status).toBe(404);
    expect((await api(r.baseUrl, "GET", `${receiptsPath()}/0`, { token })).status).toBe(400);
    r.etsy.seedShop({ shopId: 42, userId: 4242, keystring: SHOP.keystring, refreshToken: "4242.r" });
    const theirs = r.etsy.seedReceipt(receipt({ shopId: 42 }));
    expect((await api(r.baseUrl, "GET", `${receiptsPath()}/${theirs.receipt_id}`, { token })).status).toBe(404);
  });
});
