/** The control API over HTTP: users, orders, Seller Hub actions, clock, settings, reset. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SandboxOrder } from "./index";
import { api, API, order, SELLER, start, userToken, type Running } from "./test-support";

let run: Running;

beforeAll(async () => {
  run = await start();
});
afterAll(() => run.ebay.close());
beforeEach(async () => {
  await run.ebay.reset();
});

async function control<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${run.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe("users", () => {
  it("seeds a user without echoing secrets, and validates input", async () => {
    const res = await control("POST", "/__sandbox/users", SELLER);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: SELLER.username,
      userId: SELLER.userId,
      clientId: SELLER.clientId,
      marketplaceId: "EBAY_US",
    });
    expect(JSON.stringify(res.body)).not.toContain(SELLER.clientSecret);
    expect(JSON.stringify(res.body)).not.toContain(SELLER.refreshToken);
    expect((await control("POST", "/__sandbox/users", { username: "x" })).status).toBe(400);
    expect(
      (await control("POST", "/__sandbox/users", { ...SELLER, username: "other", clientSecret: "different" })).status,
    ).toBe(409);
    expect((await control("POST", "/__sandbox/users", { ...SELLER, username: "other" })).status).toBe(409); // same refresh token
    expect((await control("GET", "/__sandbox/users")).body).toHaveLength(1);
  });

  it("seeding a user again replaces its refresh token", async () => {
    await control("POST", "/__sandbox/users", SELLER);
    await control("POST", "/__sandbox/users", { ...SELLER, refreshToken: "v^1.1#rotated" });
    await expect(userToken(run.baseUrl)).rejects.toThrow(/invalid_grant/);
    expect(await userToken(run.baseUrl, { refreshToken: "v^1.1#rotated" })).toBeTruthy();
  });
});

describe("orders", () => {
  beforeEach(async () => {
    await control("POST", "/__sandbox/users", SELLER);
  });

  it("seeds an order and shows it as stored, with eBay-style ids", async () => {
    const res = await control<SandboxOrder>("POST", "/__sandbox/orders", {
      username: SELLER.username,
      buyerUsername: "jane_buyer",
      items: [{ sku: "MUG-1", title: "Mug", quantity: 3, unitPrice: "19.99", shippingCost: "5.00" }],
      shipTo: {
        fullName: "Jane Roe",
        contactAddress: { addressLine1: "5 Rue X", city: "Paris", postalCode: "75001", country: "FR" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.orderId).toMatch(/^\d{2}-\d{5}-\d{5}$/);
    expect(res.body).toMatchObject({
      username: SELLER.username,
      buyerUsername: "jane_buyer",
      currency: "USD",
      orderFulfillmentStatus: "NOT_STARTED",
      orderPaymentStatus: "PAID",
      cancelState: "NONE_REQUESTED",
      shipTo: { fullName: "Jane Roe", contactAddress: { countryCode: "FR", city: "Paris" } },
      lineItems: [
        { sku: "MUG-1", quantity: 3, quantityShipped: 0, unitPrice: "19.99", shippingCost: "5.00", tax: "0.00" },
      ],
      fulfillments: [],
    });
    expect(res.body.lineItems[0]!.lineItemId).toMatch(/^\d{14}$/);
    expect((await control("GET", `/__sandbox/orders/${res.body.orderId}`)).body).toEqual(res.body);
    expect((await control("GET", `/__sandbox/orders?username=${SELLER.username}`)).body).toHaveLength(1);
  });

  it("refuses bad seeds with 400/404/409", async () => {
    const bad: [unknown, number][] = [
      [{ username: "ghost", items: [{ title: "x", quantity: 1, unitPrice: "1.00" }] }, 404],
      [{ username: SELLER.username, items: [] }, 400],
      [{ username: SELLER.username, items: [{ title: "x", quantity: 0, unitPrice: "1.00" }] }, 400],
      [{ username: SELLER.username, items: [{ title: "x", quantity: 1, unitPrice: "1,00" }] }, 400],
      [{ username: SELLER.username, items: [{ title: "x", quantity: 1, unitPrice: "1.00" }], orderId: "123" }, 400],
      [
        { username: SELLER.username, items: [{ title: "x", quantity: 1, unitPrice: "1.00" }], paymentStatus: "MAYBE" },
        400,
      ],
      [
        {
          username: SELLER.username,
          items: [{ title: "x", quantity: 1, unitPrice: "1.00" }],
          creationDate: "2999-01-01T00:00:00Z",
        },
        400,
      ],
    ];
    for (const [body, status] of bad) expect((await control("POST", "/__sandbox/orders", body)).status).toBe(status);
    await control("POST", "/__sandbox/orders", { ...order(), orderId: "12-34567-89012" });
    expect((await control("POST", "/__sandbox/orders", { ...order(), orderId: "12-34567-89012" })).status).toBe(409);
    expect((await control("GET", "/__sandbox/orders/99-99999-99999")).status).toBe(404);
  });

  it("ships in Seller Hub (partly, then the rest), cancels and pays, bumping lastModifiedDate", async () => {
    const seeded = (
      await control<SandboxOrder>(
        "POST",
        "/__sandbox/orders",
        order({ creationDate: new Date(Date.now() - 60_000).toISOString() }),
      )
    ).body;
    const partly = await control<SandboxOrder>("POST", `/__sandbox/orders/${seeded.orderId}/ship`, {
      lineItems: [{ lineItemId: seeded.lineItems[0]!.lineItemId, quantity: 1 }],
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    expect(partly.body.orderFulfillmentStatus).toBe("IN_PROGRESS");
    expect(partly.body.lastModifiedDate > seeded.lastModifiedDate).toBe(true);
    const rest = await control<SandboxOrder>("POST", `/__sandbox/orders/${seeded.orderId}/ship`, {});
    expect(rest.body.orderFulfillmentStatus).toBe("FULFILLED");
    expect(rest.body.fulfillments.map((f) => [f.source, f.lineItems.length])).toEqual([
      ["sellerHub", 1],
      ["sellerHub", 2],
    ]);
    expect((await control("POST", `/__sandbox/orders/${seeded.orderId}/ship`, {})).status).toBe(409);
    expect((await control("POST", `/__sandbox/orders/${seeded.orderId}/cancel`)).status).toBe(409);

    const unpaid = (await control<SandboxOrder>("POST", "/__sandbox/orders", order({ paymentStatus: "PENDING" }))).body;
    expect(
      (await control<SandboxOrder>("POST", `/__sandbox/orders/${unpaid.orderId}/pay`)).body.orderPaymentStatus,
    ).toBe("PAID");
    expect((await control<SandboxOrder>("POST", `/__sandbox/orders/${unpaid.orderId}/cancel`)).body.cancelState).toBe(
      "CANCELED",
    );
    expect((await control("POST", `/__sandbox/orders/${unpaid.orderId}/ship`, {})).status).toBe(409);
  });
});

describe("clock, settings, authorization codes and reset", () => {
  it("advances the clock, changes settings, issues codes and resets everything", async () => {
    await control("POST", "/__sandbox/users", SELLER);
    const before = (await control("GET", "/__sandbox/clock")).body;
    const after = (await control("POST", "/__sandbox/clock", { advanceSeconds: 3600 })).body;
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3_600_000);
    expect((await control("POST", "/__sandbox/clock", { advanceSeconds: -1 })).status).toBe(400);

    expect((await control("POST", "/__sandbox/settings", { maxLimit: 2, searchWindowDays: 30 })).body).toMatchObject({
      maxLimit: 2,
      searchWindowDays: 30,
    });
    expect((await control("POST", "/__sandbox/settings", { maxLimit: 0 })).status).toBe(400);
    const token = await userToken(run.baseUrl);
    expect((await api(run.baseUrl, token, "GET", `${API}/order?limit=3`)).status).toBe(400);

    const code = await control("POST", "/__sandbox/authorization-codes", { username: SELLER.username });
    expect(code.status).toBe(201);
    expect(code.body.expires_in).toBe(299);
    expect(
      (await control("POST", "/__sandbox/authorization-codes", { username: SELLER.username, ruName: "nope" })).status,
    ).toBe(400);

    await control("POST", "/__sandbox/orders", order());
    expect((await control("POST", "/__sandbox/reset")).status).toBe(204);
    expect((await control("GET", "/__sandbox/users")).body).toEqual([]);
    expect((await control("GET", "/__sandbox/orders")).body).toEqual([]);
    expect((await control("GET", "/__sandbox/settings")).body.maxLimit).toBe(200);
    expect((await api(run.baseUrl, token, "GET", `${API}/order`)).status).toBe(401);
  });
});
