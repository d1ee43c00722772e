/**
 * The emulator's own answers must conform to the official models: every response below is checked
 * against the response schema the model gives for its operation and status (read from the shared specs
 * folder at run time, like the request validation).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec, ORDERS_2026_SPEC, ORDERS_V0_SPEC, SELLERS_SPEC, TOKENS_SPEC } from "./spec-validator";
import {
  api,
  type ApiResult,
  LONG_AGO,
  lwaToken,
  order,
  type Running,
  SELLER,
  settle,
  start,
  US,
} from "./test-support";

describe("responses conform to the models' response schemas", () => {
  let r: Running;
  let token: string;
  const ids: Record<string, string> = {};
  const itemIds: Record<string, string> = {};

  beforeAll(async () => {
    r = await start({ limitsEnabled: true, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    for (const status of ["Unshipped", "Pending", "Canceled", "Shipped", "PendingAvailability"] as const) {
      const o = r.amazon.seedOrder(
        order({
          status,
          shippingAddress: {
            Name: "Ann Lee",
            CompanyName: "Lee & Co",
            AddressLine1: "1 Pike St",
            AddressLine2: "Floor 3",
            City: "Seattle",
            StateOrRegion: "WA",
            PostalCode: "98101",
            CountryCode: "US",
            Phone: "206-555-0199",
            AddressType: "Commercial",
          },
        }),
      );
      ids[status] = o.AmazonOrderId;
      itemIds[status] = o.OrderItems[0].OrderItemId;
    }
    const partial = r.amazon.seedOrder(order());
    ids.partial = partial.AmazonOrderId;
    r.amazon.shipOnMarketplace(ids.Unshipped, {
      carrierCode: "Other",
      carrierName: "Hermes",
      trackingNumber: "H1",
      shippingMethod: "Standard",
    });
    settle(r.amazon);
    token = await lwaToken(r.baseUrl);
  });
  afterAll(() => r.amazon.close());

  const check = (file: string, operationId: string, res: ApiResult) => {
    const errors = loadSpec(file)
      .operation(operationId)
      .validateResponse(res.status, res.status === 204 ? undefined : res.body);
    expect(errors, `${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
  };
  const v0 = (op: string, res: ApiResult) => check(ORDERS_V0_SPEC, op, res);
  const v2026 = (op: string, res: ApiResult) => check(ORDERS_2026_SPEC, op, res);

  it("the checker itself catches answers that do not conform", () => {
    const getOrders = loadSpec(ORDERS_V0_SPEC).operation("getOrders");
    expect(getOrders.validateResponse(200, { payload: { Orders: [{ AmazonOrderId: "1" }] } })).not.toEqual([]);
    expect(
      getOrders.validateResponse(200, {
        payload: { Orders: [{ AmazonOrderId: "1", PurchaseDate: "x", LastUpdateDate: "x", OrderStatus: "Lost" }] },
      }),
    ).not.toEqual([]);
    expect(
      loadSpec(ORDERS_2026_SPEC)
        .operation("getOrder")
        .validateResponse(200, { order: { orderId: "1" } }),
    ).not.toEqual([]);
    expect(
      loadSpec(ORDERS_V0_SPEC).operation("confirmShipment").validateResponse(204, { unexpected: true }),
    ).not.toEqual([]);
  });

  it("Sellers API", async () => {
    const sellers = (res: ApiResult) => check(SELLERS_SPEC, "getMarketplaceParticipations", res);
    const ok = await api(r.baseUrl, token, "GET", "/sellers/v1/marketplaceParticipations");
    expect(ok.status).toBe(200);
    sellers(ok);
    sellers(await api(r.baseUrl, "Atza|nope", "GET", "/sellers/v1/marketplaceParticipations")); // 403
  });

  it("Orders v0", async () => {
    const list = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/v0/orders?MarketplaceIds=${US}&LastUpdatedAfter=${LONG_AGO}&MaxResultsPerPage=3`,
    );
    expect(list.status).toBe(200);
    expect(list.body.payload.NextToken).toBeDefined();
    v0("getOrders", list);
    v0(
      "getOrders",
      await api(r.baseUrl, token, "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`),
    );
    v0("getOrders", await api(r.baseUrl, token, "GET", `/orders/v0/orders?CreatedAfter=${LONG_AGO}`)); // 400
    v0(
      "getOrders",
      await api(r.baseUrl, "Atza|nope", "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`),
    ); // 403
    for (const id of Object.values(ids)) {
      const one = await api(r.baseUrl, token, "GET", `/orders/v0/orders/${id}`);
      expect(one.status).toBe(200);
      v0("getOrder", one);
      v0("getOrderItems", await api(r.baseUrl, token, "GET", `/orders/v0/orders/${id}/orderItems`));
      v0("getOrderAddress", await api(r.baseUrl, token, "GET", `/orders/v0/orders/${id}/address`));
      v0("getOrderBuyerInfo", await api(r.baseUrl, token, "GET", `/orders/v0/orders/${id}/buyerInfo`));
    }
    v0("getOrderBuyerInfo", await api(r.baseUrl, token, "GET", "/orders/v0/orders/111-0000000-0000000/buyerInfo")); // 404
    v0("getOrder", await api(r.baseUrl, token, "GET", "/orders/v0/orders/111-0000000-0000000")); // 404
    v0("getOrderItems", await api(r.baseUrl, token, "GET", "/orders/v0/orders/111-0000000-0000000/orderItems")); // 404
  });

  it("confirmShipment", async () => {
    const ok = await api(r.baseUrl, token, "POST", `/orders/v0/orders/${ids.partial}/shipmentConfirmation`, {
      marketplaceId: US,
      packageDetail: {
        packageReferenceId: "1",
        carrierCode: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shipDate: "2026-01-27T04:55:15Z",
        orderItems: [{ orderItemId: r.amazon.getOrder(ids.partial)!.OrderItems[0].OrderItemId, quantity: 1 }],
      },
    });
    expect(ok.status).toBe(204);
    v0("confirmShipment", ok);
    const bad = await api(r.baseUrl, token, "POST", `/orders/v0/orders/${ids.partial}/shipmentConfirmation`, {
      marketplaceId: US,
    });
    expect(bad.status).toBe(400);
    v0("confirmShipment", bad);
    v0(
      "confirmShipment",
      await api(r.baseUrl, token, "POST", "/orders/v0/orders/111-0000000-0000000/shipmentConfirmation", {
        marketplaceId: US,
        packageDetail: {
          packageReferenceId: "1",
          carrierCode: "UPS",
          trackingNumber: "1",
          shipDate: "2026-01-27T04:55:15Z",
          orderItems: [],
        },
      }),
    ); // 404
  });

  it("Orders 2026-01-01", async () => {
    const all =
      "BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS";
    const search = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/2026-01-01/orders?lastUpdatedAfter=${LONG_AGO}&includedData=${all}&maxResultsPerPage=2`,
    );
    expect(search.status).toBe(200);
    expect(search.body.pagination.nextToken).toBeDefined();
    v2026("searchOrders", search);
    v2026("searchOrders", await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders?createdAfter=${LONG_AGO}`));
    v2026("searchOrders", await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders`)); // 400
    for (const id of Object.values(ids)) {
      const one = await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders/${id}?includedData=${all}`);
      expect(one.status).toBe(200);
      v2026("getOrder", one);
    }
    v2026("getOrder", await api(r.baseUrl, token, "GET", "/orders/2026-01-01/orders/111-0000000-0000000")); // 404
  });

  it("Tokens, faults and quota answers", async () => {
    const rdt = await api(r.baseUrl, token, "POST", "/tokens/2021-03-01/restrictedDataToken", {
      restrictedResources: [
        { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
      ],
    });
    expect(rdt.status).toBe(200);
    check(TOKENS_SPEC, "createRestrictedDataToken", rdt);
    check(
      TOKENS_SPEC,
      "createRestrictedDataToken",
      await api(r.baseUrl, token, "POST", "/tokens/2021-03-01/restrictedDataToken", {}),
    );

    for (const kind of ["http_500", "http_503", "http_429", "expired_token"]) {
      await fetch(`${r.baseUrl}/__sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind, times: 2 }),
      });
      v0(
        "getOrders",
        await api(r.baseUrl, token, "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`),
      );
      v2026("searchOrders", await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders?createdAfter=${LONG_AGO}`));
    }
    let last: ApiResult | undefined;
    for (let i = 0; i < 25 && last?.status !== 429; i++) {
      last = await api(r.baseUrl, token, "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`);
    }
    expect(last!.status).toBe(429);
    v0("getOrders", last!);
  });
});
