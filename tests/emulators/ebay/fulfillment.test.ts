/** createShippingFulfillment and the fulfillment reads over HTTP: state changes, Location, the documented errors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SandboxOrder } from "./index";
import {
  api,
  API,
  errorIds,
  filterQuery,
  order,
  OTHER_SELLER,
  SELLER,
  start,
  userToken,
  type Running,
} from "./test-support";

let run: Running;
let token: string;
let seeded: SandboxOrder;

beforeAll(async () => {
  run = await start();
});
afterAll(() => run.ebay.close());
beforeEach(async () => {
  await run.ebay.reset();
  run.ebay.seedUser(SELLER);
  run.ebay.seedUser(OTHER_SELLER);
  token = await userToken(run.baseUrl);
  seeded = run.ebay.seedOrder(order({ creationDate: new Date(run.ebay.now() - 3_600_000).toISOString() }));
});

const mug = () => seeded.lineItems[0]!.lineItemId; // quantity 2
const cup = () => seeded.lineItems[1]!.lineItemId; // quantity 1

function ship(body: unknown, orderId = seeded.orderId, headers: Record<string, string> = {}) {
  return api(run.baseUrl, token, "POST", `${API}/order/${orderId}/shipping_fulfillment`, body, headers);
}

describe("createShippingFulfillment", () => {
  it("answers 201 with {} and a Location named after the tracking number, and moves the statuses", async () => {
    const before = run.ebay.getOrder(seeded.orderId)!.lastModifiedDate;
    const res = await ship({
      lineItems: [{ lineItemId: mug(), quantity: 1 }],
      shippedDate: new Date(run.ebay.now() - 60_000).toISOString(),
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({});
    expect(res.headers.get("location")).toBe(
      `${run.baseUrl}${API}/order/${seeded.orderId}/shipping_fulfillment/9400111202555842332669`,
    );

    const partly = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}`);
    expect(partly.body.orderFulfillmentStatus).toBe("IN_PROGRESS");
    expect(
      partly.body.lineItems.map((l: { lineItemFulfillmentStatus: string }) => l.lineItemFulfillmentStatus),
    ).toEqual(["IN_PROGRESS", "NOT_STARTED"]);
    expect(partly.body.fulfillmentHrefs).toEqual([res.headers.get("location")]);
    expect(Date.parse(partly.body.lastModifiedDate)).toBeGreaterThanOrEqual(Date.parse(before));

    const second = await ship({
      lineItems: [{ lineItemId: mug(), quantity: 1 }, { lineItemId: cup() }],
      shippingCarrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(second.status).toBe(201);
    const done = run.ebay.getOrder(seeded.orderId)!;
    expect(done.orderFulfillmentStatus).toBe("FULFILLED");
    expect(done.lineItems.map((l) => [l.quantityShipped, l.lineItemFulfillmentStatus])).toEqual([
      [2, "FULFILLED"],
      [1, "FULFILLED"],
    ]);
    expect(done.fulfillments.map((f) => f.source)).toEqual(["api", "api"]);
  });

  it("a shipped order shows up again in a lastmodifieddate listing", async () => {
    run.ebay.advanceClock(5);
    const cursor = new Date(run.ebay.now()).toISOString();
    const empty = await api(run.baseUrl, token, "GET", `${API}/order${filterQuery(`lastmodifieddate:[${cursor}..]`)}`);
    expect(empty.body.total).toBe(0);
    run.ebay.advanceClock(1);
    await ship({ lineItems: [{ lineItemId: cup() }], shippingCarrierCode: "FedEx", trackingNumber: "794613309590" });
    const listed = await api(run.baseUrl, token, "GET", `${API}/order${filterQuery(`lastmodifieddate:[${cursor}..]`)}`);
    expect(listed.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([seeded.orderId]);
  });

  it("gives a package without tracking an arbitrary numeric id", async () => {
    const res = await ship({ lineItems: [{ lineItemId: cup() }] });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toMatch(/\/shipping_fulfillment\/\d+$/);
  });

  it("answers the documented 400s", async () => {
    const cases: [string, unknown, number][] = [
      ["unknown line", { lineItems: [{ lineItemId: "99999999999999" }] }, 32200],
      ["same line twice", { lineItems: [{ lineItemId: cup() }, { lineItemId: cup() }] }, 32210],
      ["tracking without carrier", { lineItems: [{ lineItemId: cup() }], trackingNumber: "1Z999AA10123456784" }, 32300],
      ["carrier without tracking", { lineItems: [{ lineItemId: cup() }], shippingCarrierCode: "UPS" }, 32300],
      [
        "spaces in tracking",
        { lineItems: [{ lineItemId: cup() }], shippingCarrierCode: "UPS", trackingNumber: "1Z 999 AA1" },
        32300,
      ],
      ["shippedDate not a date", { lineItems: [{ lineItemId: cup() }], shippedDate: "yesterday" }, 32500],
      [
        "shippedDate in the future",
        { lineItems: [{ lineItemId: cup() }], shippedDate: new Date(run.ebay.now() + 86_400_000).toISOString() },
        32500,
      ],
      [
        "shippedDate before the order",
        { lineItems: [{ lineItemId: cup() }], shippedDate: "2020-01-01T00:00:00.000Z" },
        32500,
      ],
      ["quantity as a string", { lineItems: [{ lineItemId: cup(), quantity: "1" }] }, 32600],
      ["quantity zero", { lineItems: [{ lineItemId: cup(), quantity: 0 }] }, 32600],
      ["no lines", { lineItems: [] }, 32600],
      ["more than ordered", { lineItems: [{ lineItemId: mug(), quantity: 3 }] }, 32600],
      ["not JSON", "{lineItems:", 32600],
    ];
    for (const [name, body, id] of cases) {
      const res = await ship(body);
      expect({ name, status: res.status, ids: errorIds(res.body) }).toEqual({ name, status: 400, ids: [id] });
    }
    const typeError = await ship({ lineItems: [{ lineItemId: cup(), quantity: "1" }] });
    expect(typeError.body.errors[0]).toMatchObject({
      message: "Invalid input data",
      parameters: [{ name: "lineItems[0].quantity" }],
    });
    expect(run.ebay.getOrder(seeded.orderId)!.fulfillments).toEqual([]);
  });

  it("wants a JSON Content-Type (the spec's required header)", async () => {
    const res = await fetch(`${run.baseUrl}${API}/order/${seeded.orderId}/shipping_fulfillment`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: JSON.stringify({ lineItems: [{ lineItemId: cup() }] }),
    });
    expect(res.status).toBe(400);
    expect(errorIds((await res.json()) as { errors: { errorId: number }[] })).toEqual([32600]);
  });

  it("answers 32100 for an unknown, malformed or another seller's order", async () => {
    const theirs = run.ebay.seedOrder({ ...order(), username: OTHER_SELLER.username });
    for (const id of ["12-34567-89012", "nope", theirs.orderId]) {
      const res = await ship({ lineItems: [{ lineItemId: cup() }] }, id);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ errorId: 32100, parameters: [{ name: "orderId", value: id }] });
    }
  });

  it("refuses the same tracking number twice on an order (34500), cancelled and unpaid orders (409)", async () => {
    const body = {
      lineItems: [{ lineItemId: cup() }],
      shippingCarrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
    };
    expect((await ship(body)).status).toBe(201);
    const again = await ship({ ...body, lineItems: [{ lineItemId: mug() }] });
    expect(again.status).toBe(400);
    expect(errorIds(again.body)).toEqual([34500]);

    const cancelled = run.ebay.seedOrder(order());
    run.ebay.cancelOnMarketplace(cancelled.orderId);
    const c = await ship({ lineItems: [{ lineItemId: cancelled.lineItems[0]!.lineItemId }] }, cancelled.orderId);
    expect(c.status).toBe(409);
    const unpaid = run.ebay.seedOrder(order({ paymentStatus: "PENDING" }));
    expect((await ship({ lineItems: [{ lineItemId: unpaid.lineItems[0]!.lineItemId }] }, unpaid.orderId)).status).toBe(
      409,
    );
  });
});

describe("getShippingFulfillments / getShippingFulfillment", () => {
  it("lists the order's packages, including those shipped in Seller Hub", async () => {
    await ship({
      lineItems: [{ lineItemId: cup() }],
      shippingCarrierCode: "RoyalMail",
      trackingNumber: "AB123456789GB",
      shippedDate: "2099-01-01T00:00:00Z",
    }).then((r) => expect(r.status).toBe(400));
    await ship({
      lineItems: [{ lineItemId: cup() }],
      shippingCarrierCode: "RoyalMail",
      trackingNumber: "AB123456789GB",
    });
    run.ebay.shipOnMarketplace(seeded.orderId, {
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    const list = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}/shipping_fulfillment`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.fulfillments[0]).toMatchObject({
      fulfillmentId: "AB123456789GB",
      shipmentTrackingNumber: "AB123456789GB",
      shippingCarrierCode: "RoyalMail",
      lineItems: [{ lineItemId: cup(), quantity: 1 }],
    });
    expect(list.body.fulfillments[1].lineItems).toEqual([{ lineItemId: mug(), quantity: 2 }]);

    const one = await api(
      run.baseUrl,
      token,
      "GET",
      `${API}/order/${seeded.orderId}/shipping_fulfillment/AB123456789GB`,
    );
    expect(one.status).toBe(200);
    expect(one.body.fulfillmentId).toBe("AB123456789GB");
    const missing = await api(run.baseUrl, token, "GET", `${API}/order/${seeded.orderId}/shipping_fulfillment/NOPE`);
    expect(missing.status).toBe(404);
    expect(errorIds(missing.body)).toEqual([32110]);
    const badOrder = await api(run.baseUrl, token, "GET", `${API}/order/12-34567-89012/shipping_fulfillment`);
    expect(badOrder.status).toBe(400);
    expect(errorIds(badOrder.body)).toEqual([32100]);
  });
});
