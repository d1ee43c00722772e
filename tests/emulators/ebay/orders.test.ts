/** getOrders and getOrder over HTTP: filters, paging, orderIds, the documented 400s, 404s, ownership. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  api,
  API,
  DAY,
  errorIds,
  filterQuery,
  HOUR,
  order,
  OTHER_SELLER,
  SELLER,
  start,
  userToken,
  type Running,
} from "./test-support";

let run: Running;
let token: string;

beforeAll(async () => {
  run = await start();
});
afterAll(() => run.ebay.close());
beforeEach(async () => {
  await run.ebay.reset();
  run.ebay.seedUser(SELLER);
  run.ebay.seedUser(OTHER_SELLER);
  token = await userToken(run.baseUrl);
});

const iso = (ms: number) => new Date(ms).toISOString();

/** An order created and last modified some hours before `now` (default: the emulator's now). */
function seedAt(createdHoursAgo: number, modifiedHoursAgo = createdHoursAgo, now = run.ebay.now()) {
  return run.ebay.seedOrder(
    order({ creationDate: iso(now - createdHoursAgo * HOUR), lastModifiedDate: iso(now - modifiedHoursAgo * HOUR) }),
  );
}

describe("getOrders", () => {
  it("filters on lastmodifieddate, inclusive, and pages by offset with next, prev and total", async () => {
    const base = run.ebay.now();
    const old = seedAt(50, 48, base);
    const orders = [
      seedAt(10, 1, base),
      seedAt(9, 2, base),
      seedAt(8, 3, base),
      seedAt(7, 4, base),
      seedAt(6, 5, base),
    ];
    // The oldest modification sits exactly on the start: the range is inclusive.
    const start = iso(base - 5 * HOUR);
    const first = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order${filterQuery(`lastmodifieddate:[${start}..]`, { limit: "2" })}`,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.body.prev).toBeUndefined();
    // Newest first by creation date.
    expect(first.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([
      orders[4]!.orderId,
      orders[3]!.orderId,
    ]);
    const next = new URL(first.body.next);
    expect(next.pathname).toBe(`${API}/order`);
    expect(next.searchParams.get("offset")).toBe("2");
    expect(next.searchParams.get("filter")).toBe(`lastmodifieddate:[${start}..]`);

    const seen: string[] = [];
    let url: string | undefined = `${API}/order${filterQuery(`lastmodifieddate:[${start}..]`, { limit: "2" })}`;
    while (url) {
      const page: { body: { orders: { orderId: string }[]; next?: string } } = await api(
        run.baseUrl,
        token,
        "GET",
        url,
      );
      seen.push(...page.body.orders.map((o: { orderId: string }) => o.orderId));
      url = page.body.next ? new URL(page.body.next).pathname + new URL(page.body.next).search : undefined;
    }
    expect(seen.sort()).toEqual(orders.map((o) => o.orderId).sort());
    expect(seen).not.toContain(old.orderId);

    const third = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order${filterQuery(`lastmodifieddate:[${start}..]`, { limit: "2", offset: "4" })}`,
    );
    expect(third.body.orders).toHaveLength(1);
    expect(third.body.next).toBeUndefined();
    expect(new URL(third.body.prev).searchParams.get("offset")).toBe("2");
  });

  it("closes the range with an end date, and lets creationdate win over lastmodifieddate", async () => {
    const now = run.ebay.now();
    const a = seedAt(30, 3, now);
    const b = seedAt(4, 1, now);
    const closed = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order${filterQuery(`lastmodifieddate:[${iso(now - 5 * HOUR)}..${iso(now - 2 * HOUR)}]`)}`,
    );
    expect(closed.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([a.orderId]);
    const both = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order${filterQuery(`lastmodifieddate:[${iso(now - 5 * HOUR)}..${iso(now - 2 * HOUR)}],creationdate:[${iso(now - 5 * HOUR)}..]`)}`,
    );
    expect(both.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([b.orderId]);
  });

  it("filters on orderfulfillmentstatus", async () => {
    const open = seedAt(3);
    const shipped = seedAt(2);
    run.ebay.shipOnMarketplace(shipped.orderId, { shippingCarrierCode: "UPS", trackingNumber: "1Z999AA10123456784" });
    const half = seedAt(1);
    run.ebay.shipOnMarketplace(half.orderId, { lineItems: [{ lineItemId: half.lineItems[1]!.lineItemId }] });
    const ids = async (f: string) =>
      (await api(run.baseUrl, token, "GET", `${API}/order${filterQuery(f)}`)).body.orders
        .map((o: { orderId: string }) => o.orderId)
        .sort();
    expect(await ids("orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}")).toEqual([open.orderId, half.orderId].sort());
    expect(await ids("orderfulfillmentstatus:{FULFILLED|IN_PROGRESS}")).toEqual([shipped.orderId, half.orderId].sort());
  });

  it("without a filter lists orders created in the last 90 days, of this seller only", async () => {
    const recent = seedAt(24 * 89);
    seedAt(24 * 91);
    run.ebay.seedOrder({ ...order(), username: OTHER_SELLER.username });
    const res = await api(run.baseUrl, token, "GET", `${API}/order`);
    expect(res.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([recent.orderId]);
    expect(res.body.limit).toBe(50);
  });

  it("orderIds overrides the other parameters; unknown ids come back as warnings; more than 50 is 30900", async () => {
    const a = seedAt(24 * 91); // outside the window, but asked for by id
    const mine = seedAt(1);
    const theirs = run.ebay.seedOrder({ ...order(), username: OTHER_SELLER.username });
    const res = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order?orderIds=${a.orderId},${mine.orderId},${theirs.orderId}&limit=9999&filter=bogus:x`,
    );
    expect(res.status).toBe(200);
    expect(res.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([a.orderId, mine.orderId]);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({ errorId: 32100, message: `Invalid order ID: ${theirs.orderId}` }),
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `11-11111-${String(10000 + i)}`).join(",");
    const tooMany = await api(run.baseUrl, token, "GET", `${API}/order?orderIds=${many}`);
    expect(tooMany.status).toBe(400);
    expect(errorIds(tooMany.body)).toEqual([30900]);
  });

  it("answers the documented 400s for limit, offset, filter and fieldGroups", async () => {
    const now = run.ebay.now();
    const cases: [string, number][] = [
      ["?limit=0", 31100],
      ["?limit=201", 31100],
      ["?limit=ten", 31100],
      ["?offset=-1", 31000],
      ["?offset=1.5", 31000],
      [filterQuery("sellerid:[x..]"), 30700],
      [filterQuery("orderfulfillmentstatus:{FULFILLED}"), 30800],
      [filterQuery("lastmodifieddate:[yesterday..]"), 30810],
      [filterQuery(`lastmodifieddate:[..${iso(now)}]`), 30820],
      [filterQuery(`lastmodifieddate:[${iso(now - 91 * DAY)}..]`), 30830],
      [filterQuery(`lastmodifieddate:[${iso(now - DAY)}..${iso(now - 2 * DAY)}]`), 30840],
      [filterQuery(`lastmodifieddate:[${iso(now + HOUR)}..]`), 30850],
      ["?fieldGroups=EVERYTHING", 32800],
    ];
    for (const [query, id] of cases) {
      const res = await api(run.baseUrl, token, "GET", `${API}/order${query}`);
      expect({ query, status: res.status, ids: errorIds(res.body) }).toEqual({ query, status: 400, ids: [id] });
      expect(res.body.errors[0]).toMatchObject({ domain: "API_FULFILLMENT", category: "REQUEST" });
    }
    const limitError = await api(run.baseUrl, token, "GET", `${API}/order?limit=201`);
    expect(limitError.body.errors[0]).toMatchObject({
      message: "Invalid limit: 201",
      longMessage: "Invalid limit: 201",
      parameters: [{ name: "limitvalue", value: "201" }],
    });
    expect((await api(run.baseUrl, token, "GET", `${API}/order?fieldGroups=TAX_BREAKDOWN`)).status).toBe(200);
  });
});

describe("getOrder", () => {
  it("returns the order in the spec's shape, with money, address and statuses", async () => {
    const seeded = run.ebay.seedOrder(
      order({
        shipTo: {
          fullName: "Ana Lima",
          companyName: "Lima & Co",
          phoneNumber: "+44 20 7946 0000",
          contactAddress: { addressLine1: "1 High St", city: "London", postalCode: "SW1A 1AA", countryCode: "GB" },
        },
      }),
    );
    const res = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}`);
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o).toMatchObject({
      orderId: seeded.orderId,
      orderFulfillmentStatus: "NOT_STARTED",
      orderPaymentStatus: "PAID",
      sellerId: SELLER.username,
      cancelStatus: { cancelState: "NONE_REQUESTED", cancelRequests: [] },
      pricingSummary: {
        priceSubtotal: { value: "32.25", currency: "USD" },
        deliveryCost: { value: "4.99", currency: "USD" },
        tax: { value: "2.00", currency: "USD" },
        total: { value: "39.24", currency: "USD" },
      },
    });
    expect(o.lineItems[0]).toMatchObject({
      sku: "MUG-BLUE",
      quantity: 2,
      lineItemCost: { value: "25.00", currency: "USD" },
      lineItemFulfillmentStatus: "NOT_STARTED",
    });
    expect(o.lineItems[0].lineItemId).toMatch(/^\d{14}$/);
    expect(o.orderId).toMatch(/^\d{2}-\d{5}-\d{5}$/);
    expect(o.fulfillmentStartInstructions[0].shippingStep.shipTo).toMatchObject({
      fullName: "Ana Lima",
      companyName: "Lima & Co",
      primaryPhone: { phoneNumber: "+44 20 7946 0000" },
      contactAddress: { addressLine1: "1 High St", city: "London", postalCode: "SW1A 1AA", countryCode: "GB" },
    });
    expect(o.creationDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("can render the address country as `country`, as one spec copy does", async () => {
    const seeded = run.ebay.seedOrder(order({ addressCountryField: "country" }));
    const res = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}`);
    const address = res.body.fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress;
    expect(address.country).toBe("US");
    expect(address.countryCode).toBeUndefined();
  });

  it("answers 400 32100 for a malformed id and 404 for an unknown or another seller's order", async () => {
    const malformed = await api(run.baseUrl, token, "GET", `${API}/order/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ errorId: 32100, message: "Invalid order ID: not-an-id" });
    expect((await api(run.baseUrl, token, "GET", `${API}/order/12-34567-89012`)).status).toBe(404);
    const theirs = run.ebay.seedOrder({ ...order(), username: OTHER_SELLER.username });
    expect((await api(run.baseUrl, token, "GET", `${API}/order/${theirs.orderId}`)).status).toBe(404);
  });

  it("shows a cancellation and an unpaid order as eBay does", async () => {
    const unpaid = run.ebay.seedOrder(order({ paymentStatus: "PENDING" }));
    const cancelled = run.ebay.seedOrder(order());
    run.ebay.cancelOnMarketplace(cancelled.orderId);
    const u = await api(run.baseUrl, token, "GET", `${API}/order/${unpaid.orderId}`);
    expect(u.body.orderPaymentStatus).toBe("PENDING");
    expect(u.body.paymentSummary.totalDueSeller.value).toBe("0.00");
    const c = await api(run.baseUrl, token, "GET", `${API}/order/${cancelled.orderId}`);
    expect(c.body.cancelStatus.cancelState).toBe("CANCELED");
    expect(Date.parse(c.body.cancelStatus.cancelledDate)).toBeGreaterThan(0);
  });
});
