import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import { EXPIRED_TOKEN_BODY, json, lwaToken, stubFetch } from "./__tests__/fetch-stub";
import { AmazonSpApiClient } from "./client";
import { clearLwaTokenCache, LwaTokenProvider } from "./lwa";
import { AmazonRateLimiter, resetAmazonRateLimits } from "./usage-plans";

const API = "https://sellingpartnerapi.test";
const AUTH = "https://auth.test";
const credentials = { clientId: "cid", clientSecret: "secret", refreshToken: "Atzr|r" };

function client(opts: { accountId?: number; rateLimit?: boolean; timeoutMs?: number } = {}) {
  const limiter = new AmazonRateLimiter(opts.accountId ?? 1, { enabled: opts.rateLimit ?? false, timeScale: 1 });
  return {
    limiter,
    client: new AmazonSpApiClient({
      apiBaseUrl: `${API}/`,
      lwa: new LwaTokenProvider({ authBaseUrl: AUTH, credentials }),
      limiter,
      timeoutMs: opts.timeoutMs,
    }),
  };
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const ordersPayload = { payload: { Orders: [], LastUpdatedBefore: "2026-03-03T00:00:00Z" } };

beforeEach(() => {
  clearLwaTokenCache();
  resetAmazonRateLimits();
});
afterEach(() => vi.restoreAllMocks());

describe("AmazonSpApiClient requests", () => {
  it("sends getOrders with CSV arrays and the LWA token in x-amz-access-token", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|tok"),
      "GET /orders/v0/orders": () => json(200, ordersPayload),
    });
    const { client: c } = client();
    const list = await c.getOrders({
      MarketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      LastUpdatedAfter: "2026-03-01T00:00:00.000Z",
      MaxResultsPerPage: 30,
    });
    expect(list.LastUpdatedBefore).toBe("2026-03-03T00:00:00Z");
    const [req] = fetch.to("/orders/v0/orders");
    expect(req!.url.origin).toBe(API);
    expect(req!.url.searchParams.get("MarketplaceIds")).toBe("ATVPDKIKX0DER,A2EUQ1WTGCTBG2");
    expect(req!.url.searchParams.get("LastUpdatedAfter")).toBe("2026-03-01T00:00:00.000Z");
    expect(req!.url.searchParams.get("MaxResultsPerPage")).toBe("30");
    expect(req!.url.searchParams.has("NextToken")).toBe(false);
    expect(req!.headers.get("x-amz-access-token")).toBe("Atza|tok");
    expect(req!.headers.get("user-agent")).toMatch(/^OrderBridge/);
  });

  it("posts confirmShipment as JSON and accepts 204", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|tok"),
      "POST /orders/v0/orders/902-3159896-1390916/shipmentConfirmation": () => new Response(null, { status: 204 }),
    });
    const body = {
      marketplaceId: "ATVPDKIKX0DER",
      packageDetail: {
        packageReferenceId: "1",
        carrierCode: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shipDate: "2026-03-03T10:00:00.000Z",
        orderItems: [{ orderItemId: "68828574383266", quantity: 2 }],
      },
    };
    await expect(client().client.confirmShipment("902-3159896-1390916", body)).resolves.toBeUndefined();
    const [req] = fetch.to("/orders/v0/orders/902-3159896-1390916/shipmentConfirmation");
    expect(req!.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual(body);
  });

  it("pages getOrderItems with NextToken and encodes the order id", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|tok"),
      "GET /orders/v0/orders/1%2F2/orderItems": () => json(200, { payload: { AmazonOrderId: "1/2", OrderItems: [] } }),
    });
    await client().client.getOrderItems("1/2", "tok+en");
    expect(fetch.requests[1]!.url.searchParams.get("NextToken")).toBe("tok+en");
  });
});

describe("expired access tokens", () => {
  it("refreshes once and retries the request", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": [() => lwaToken("Atza|old"), () => lwaToken("Atza|new")],
      "GET /orders/v0/orders": [() => json(403, EXPIRED_TOKEN_BODY), () => json(200, ordersPayload)],
    });
    await client().client.getOrders({ MarketplaceIds: ["ATVPDKIKX0DER"], LastUpdatedAfter: "2026-03-01T00:00:00Z" });
    expect(fetch.to("/auth/o2/token")).toHaveLength(2);
    expect(fetch.to("/orders/v0/orders").map((r) => r.headers.get("x-amz-access-token"))).toEqual([
      "Atza|old",
      "Atza|new",
    ]);
  });

  it("gives up with auth_expired when the fresh token is refused too", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders": () => json(403, EXPIRED_TOKEN_BODY),
    });
    const err = await failure(
      client().client.getOrders({ MarketplaceIds: ["ATVPDKIKX0DER"], LastUpdatedAfter: "2026-03-01T00:00:00Z" }),
    );
    expect(err.kind).toBe("auth_expired");
    expect(err.details).toMatchObject({
      marketplace: "amazon",
      operation: "getOrders",
      httpStatus: 403,
      code: "Unauthorized",
    });
    expect(fetch.to("/orders/v0/orders")).toHaveLength(2);
  });

  it("does not retry a 403 that is not about expiry", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders/1/address": () =>
        json(403, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] }),
    });
    const err = await failure(client().client.getOrderAddress("1"));
    expect(err.kind).toBe("permanent");
    expect(fetch.to("/orders/v0/orders/1/address")).toHaveLength(1);
  });
});

describe("error translation", () => {
  const confirm = (c: AmazonSpApiClient) =>
    c.confirmShipment("1", {
      marketplaceId: "ATVPDKIKX0DER",
      packageDetail: {
        packageReferenceId: "1",
        carrierCode: "UPS",
        trackingNumber: "1Z",
        shipDate: "2026-03-03T10:00:00Z",
        orderItems: [],
      },
    });

  it("carries Amazon's code, message and details on a 400", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": () =>
        json(400, {
          errors: [
            {
              code: "InvalidInput",
              message: "PackageReferenceId: is invalid, must be a positive numeric value.",
              details: "packageDetail.packageReferenceId",
            },
          ],
        }),
    });
    const err = await failure(confirm(client().client));
    expect(err.kind).toBe("permanent");
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ httpStatus: 400, code: "InvalidInput", operation: "confirmShipment" });
    expect(err.message).toBe(
      "Amazon confirmShipment failed with HTTP 400: InvalidInput: PackageReferenceId: is invalid, must be a positive numeric value. (packageDetail.packageReferenceId)",
    );
  });

  it("maps 404 to permanent", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": () =>
        json(404, { errors: [{ code: "NotFound", message: "Order not found" }] }),
    });
    expect((await failure(confirm(client().client))).kind).toBe("permanent");
  });

  it("maps 429 to rate_limited with Retry-After (no client-side limits: no resend)", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": () =>
        json(
          429,
          { errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource." }] },
          { "retry-after": "2" },
        ),
    });
    const err = await failure(confirm(client({ rateLimit: false }).client));
    expect(err.kind).toBe("rate_limited");
    expect(err.details).toMatchObject({ httpStatus: 429, retryAfterMs: 2000, code: "QuotaExceeded" });
    expect(fetch.to("/orders/v0/orders/1/shipmentConfirmation")).toHaveLength(1);
  });

  it("with client-side limits, drains the bucket and resends once when the refill is short", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": [
        () =>
          json(429, {
            errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource." }],
          }),
        () => new Response(null, { status: 204 }),
      ],
    });
    const started = Date.now();
    await confirm(client({ rateLimit: true }).client);
    expect(fetch.to("/orders/v0/orders/1/shipmentConfirmation")).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // confirmShipment refills at 2 rps
  });

  it("surfaces a second 429 as rate_limited, with the wait derived from the drained bucket", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": () => new Response("", { status: 429 }),
    });
    const { client: c, limiter } = client({ rateLimit: true });
    const err = await failure(confirm(c));
    expect(err.kind).toBe("rate_limited");
    expect(err.details.retryAfterMs).toBeGreaterThan(0);
    expect(err.details.retryAfterMs).toBeLessThanOrEqual(500);
    expect(limiter.bucket("confirmShipment")!.available()).toBeLessThan(1);
    expect(fetch.to("/orders/v0/orders/1/shipmentConfirmation")).toHaveLength(2);
  });

  it("does not resend when the refill is longer than the client will wait (getOrders: one a minute)", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders": () => new Response("", { status: 429 }),
    });
    const err = await failure(
      client({ rateLimit: true }).client.getOrders({ MarketplaceIds: ["X"], LastUpdatedAfter: "2026-03-01T00:00:00Z" }),
    );
    expect(err.kind).toBe("rate_limited");
    expect(err.details.retryAfterMs).toBeGreaterThan(59_000);
    expect(fetch.to("/orders/v0/orders")).toHaveLength(1);
  });

  it.each([500, 503])("maps %d to retryable, even with an HTML body", async (status) => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "POST /orders/v0/orders/1/shipmentConfirmation": () =>
        new Response("<html>Service Unavailable</html>", { status }),
    });
    const err = await failure(confirm(client().client));
    expect(err.kind).toBe("retryable");
    expect(err.message).toContain("Service Unavailable");
  });

  it("maps a malformed 200 body to retryable", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders": () => new Response('{"payload": {"Orders": [', { status: 200 }),
    });
    const err = await failure(
      client().client.getOrders({ MarketplaceIds: ["X"], LastUpdatedAfter: "2026-03-01T00:00:00Z" }),
    );
    expect(err.kind).toBe("retryable");
    expect(err.message).toBe("Amazon getOrders answered a malformed body (HTTP 200)");
  });

  it("maps a well-formed body of the wrong shape to retryable", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders": () => json(200, { payload: { Orders: "nope" } }),
    });
    const err = await failure(
      client().client.getOrders({ MarketplaceIds: ["X"], LastUpdatedAfter: "2026-03-01T00:00:00Z" }),
    );
    expect(err.kind).toBe("retryable");
  });

  it("maps a list holding null where an order (or item) should be to retryable, for every listing call", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders/1/orderItems": () => json(200, { payload: { OrderItems: [null] } }),
      "GET /orders/v0/orders": () =>
        json(200, { payload: { Orders: [null], LastUpdatedBefore: "2026-03-03T00:00:00Z" } }),
      "GET /orders/2026-01-01/orders": () => json(200, { orders: [null] }),
    });
    const { client: c } = client();
    for (const call of [
      () => c.getOrders({ MarketplaceIds: ["X"], LastUpdatedAfter: "2026-03-01T00:00:00Z" }),
      () => c.getOrderItems("1"),
      () => c.searchOrders({ marketplaceIds: ["X"], lastUpdatedAfter: "2026-03-01T00:00:00Z" }),
    ]) {
      const err = await failure(call());
      expect(err.kind).toBe("retryable");
      expect(err.message).toMatch(/answered a malformed body \(HTTP 200\)$/);
    }
  });

  it("maps a timeout to retryable", async () => {
    // A fetch that only ends when its abort signal fires, like a server that never answers.
    vi.spyOn(globalThis, "fetch")
      .mockImplementationOnce(async () => lwaToken("Atza|x"))
      .mockImplementationOnce(
        (_input, init) =>
          new Promise<Response>((_resolve, reject) => {
            init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
          }),
      );
    const err = await failure(client({ timeoutMs: 30 }).client.getOrderAddress("1"));
    expect(err.kind).toBe("retryable");
    expect(err.message).toBe("Amazon getOrderAddress timed out after 30 ms");
  });
});

describe("x-amzn-RateLimit-Limit", () => {
  it("adopts the rate Amazon reports for the operation", async () => {
    stubFetch({
      "POST /auth/o2/token": () => lwaToken("Atza|x"),
      "GET /orders/v0/orders/1/address": () =>
        json(200, { payload: { AmazonOrderId: "1" } }, { "x-amzn-RateLimit-Limit": "1.5" }),
    });
    const { client: c, limiter } = client({ rateLimit: true });
    await c.getOrderAddress("1");
    const bucket = limiter.bucket("getOrderAddress")!;
    expect(bucket.ratePerSecond).toBe(1.5);
    expect(bucket.burst).toBe(30);
    expect(bucket.available()).toBeGreaterThanOrEqual(29);
    expect(bucket.available()).toBeLessThan(30);
  });
});
