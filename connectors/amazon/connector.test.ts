import { describe, expect, it, vi } from "vitest";
import {
  getOrdersPayloadFixture,
  pendingJpOrderItemsFixture,
  shippedUkOrderAddressFixture,
  shippedUkOrderFixture,
  shippedUkOrderItemsFixture,
  unshippedUsOrderAddressFixture,
  unshippedUsOrderItemsFixture,
} from "#tests/fixtures/amazon/orders-v0-fixture.ts";
import {
  partiallyShippedOrder2026Fixture,
  searchOrdersResponseFixture,
} from "#tests/fixtures/amazon/orders-2026-fixture.ts";
import { ConnectorError, type ShipmentConfirmation, type ConnectorContext } from "../types";
import type { IAmazonSpApiClient } from "./client";
import { createAmazonConnector } from "./connector";

function ctx(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): ConnectorContext {
  return {
    accountId: 1,
    region: "na",
    settings: { sellerId: "A3SELLER", marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"], ...settings },
    credentials: { clientId: "cid", clientSecret: "secret", refreshToken: "Atzr|r", ...credentials },
    endpoints: { apiBaseUrl: "https://sp.test", authBaseUrl: "https://auth.test" },
    rateLimit: { enabled: false, timeScale: 1 },
  };
}

function fakeClient() {
  return {
    getOrders: vi.fn(),
    createRestrictedDataToken: vi.fn(),
    getOrderItems: vi.fn(),
    getOrderAddress: vi.fn(),
    confirmShipment: vi.fn(),
    searchOrders: vi.fn(),
    getOrder2026: vi.fn(),
  } satisfies IAmazonSpApiClient;
}

const itemsByOrder: Record<string, { AmazonOrderId: string; OrderItems: unknown[] }> = {
  "902-3159896-1390916": unshippedUsOrderItemsFixture,
  "503-1234567-7654321": pendingJpOrderItemsFixture,
  "026-5566778-1122334": shippedUkOrderItemsFixture,
};

function v0Client() {
  const client = fakeClient();
  client.getOrderItems.mockImplementation(async (id: string) => itemsByOrder[id]);
  client.getOrderAddress.mockImplementation(async (id: string) =>
    id === "026-5566778-1122334" ? shippedUkOrderAddressFixture : unshippedUsOrderAddressFixture,
  );
  return client;
}

const shipment: ShipmentConfirmation = {
  marketplaceOrderId: "902-3159896-1390916",
  packageReference: "42",
  carrier: { code: "UPS", name: "UPS" },
  trackingNumber: " 1Z999AA10123456784 ",
  shippedAt: new Date("2026-03-03T10:00:00Z"),
  shippingMethod: "UPS Ground",
  lines: [{ marketplaceLineId: "68828574383266", quantity: 2 }],
  salesChannel: "ATVPDKIKX0DER",
};

describe("settings and credentials", () => {
  it("refuses invalid settings as permanent", () => {
    expect(() => createAmazonConnector(ctx({ marketplaceIds: [] }))).toThrow(ConnectorError);
    try {
      createAmazonConnector(ctx({ ordersApiVersion: "2027" }));
    } catch (e) {
      expect((e as ConnectorError).kind).toBe("permanent");
    }
  });

  it("treats missing credentials as auth_expired (the merchant must connect again)", () => {
    const err = (() => {
      try {
        createAmazonConnector(ctx({}, { refreshToken: "" }));
      } catch (e) {
        return e as ConnectorError;
      }
    })();
    expect(err?.kind).toBe("auth_expired");
    expect(err?.message).toMatch(/refreshToken/);
  });

  it("resolves carriers through carriers.ts", () => {
    expect(createAmazonConnector(ctx(), { client: fakeClient() }).resolveCarrier("DHL Express")).toEqual({
      code: "DHL",
      name: "DHL Express",
    });
  });
});

describe("listUpdatedOrders (v0)", () => {
  it("lists with LastUpdatedAfter and the account's marketplaces, loading items and addresses", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue(getOrdersPayloadFixture());
    const connector = createAmazonConnector(ctx(), { client });
    const page = await connector.listUpdatedOrders({ updatedAfter: new Date("2026-03-01T00:00:00Z") });

    expect(client.getOrders).toHaveBeenCalledWith({
      MarketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      LastUpdatedAfter: "2026-03-01T00:00:00.000Z",
      MaxResultsPerPage: 30,
    });
    expect(page.orders.map((o) => [o.marketplaceOrderId, o.status])).toEqual([
      ["902-3159896-1390916", "unshipped"],
      ["503-1234567-7654321", "pending"],
    ]);
    expect(page.orders[0]!.shippingAddress?.line1).toBe("2121 7th Ave");
    // Pending orders have no address yet: no getOrderAddress call spent on them
    expect(client.getOrderAddress).toHaveBeenCalledTimes(1);
    expect(page.coveredUntil).toEqual(new Date("2026-03-03T00:00:00Z"));
    expect(page.nextPageToken).toBeNull();
  });

  it("pages with NextToken and keeps the first page's coveredUntil", async () => {
    const client = v0Client();
    client.getOrders
      .mockResolvedValueOnce(getOrdersPayloadFixture({ NextToken: "amzn-next-1" }))
      .mockResolvedValueOnce({ Orders: [shippedUkOrderFixture], LastUpdatedBefore: "2026-03-03T00:05:00Z" });
    const connector = createAmazonConnector(ctx({ maxResultsPerPage: 2 }), { client });
    const params = { updatedAfter: new Date("2026-03-01T00:00:00Z"), updatedBefore: new Date("2026-03-02T23:00:00Z") };

    const first = await connector.listUpdatedOrders(params);
    expect(first.nextPageToken).toEqual(expect.any(String));
    expect(first.nextPageToken).not.toBe("amzn-next-1");
    const second = await connector.listUpdatedOrders(params, first.nextPageToken);

    expect(client.getOrders).toHaveBeenLastCalledWith({
      MarketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      LastUpdatedAfter: "2026-03-01T00:00:00.000Z",
      LastUpdatedBefore: "2026-03-02T23:00:00.000Z",
      MaxResultsPerPage: 2,
      NextToken: "amzn-next-1",
    });
    expect(second.orders.map((o) => o.marketplaceOrderId)).toEqual(["026-5566778-1122334"]);
    expect(second.coveredUntil).toEqual(new Date("2026-03-03T00:00:00Z"));
    expect(second.nextPageToken).toBeNull();
  });

  it("pages order items with NextToken", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue({ Orders: [shippedUkOrderFixture], LastUpdatedBefore: "2026-03-03T00:00:00Z" });
    const [a] = shippedUkOrderItemsFixture.OrderItems;
    client.getOrderItems
      .mockResolvedValueOnce({ AmazonOrderId: "026-5566778-1122334", OrderItems: [a], NextToken: "items-2" })
      .mockResolvedValueOnce({ AmazonOrderId: "026-5566778-1122334", OrderItems: [{ ...a, OrderItemId: "2" }] });
    const page = await createAmazonConnector(ctx(), { client }).listUpdatedOrders({ updatedAfter: new Date(0) });
    expect(client.getOrderItems.mock.calls).toEqual([
      ["026-5566778-1122334", null],
      ["026-5566778-1122334", "items-2"],
    ]);
    expect(page.orders[0]!.lines.map((l) => l.marketplaceLineId)).toEqual(["90817263544536", "2"]);
  });

  it("with an RDT, asks getOrders for the PII and spends no getOrderAddress call", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue(getOrdersPayloadFixture());
    const rdt = { forListing: vi.fn(async () => "Atz.sprdt|x"), invalidate: vi.fn() };
    const page = await createAmazonConnector(ctx(), { client, rdt }).listUpdatedOrders({ updatedAfter: new Date(0) });
    expect(client.getOrders).toHaveBeenCalledWith(
      expect.objectContaining({ LastUpdatedAfter: new Date(0).toISOString() }),
      { restrictedDataToken: "Atz.sprdt|x" },
    );
    expect(client.getOrderAddress).not.toHaveBeenCalled();
    expect(page.orders).toHaveLength(2);
  });

  it("without an RDT, a getOrderAddress Amazon refuses (403) leaves the listing's partial address instead of failing the poll", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue(getOrdersPayloadFixture());
    client.getOrderAddress.mockRejectedValue(
      new ConnectorError("permanent", "Amazon getOrderAddress: 403 Unauthorized", {
        marketplace: "amazon",
        operation: "getOrderAddress",
        httpStatus: 403,
      }),
    );
    const rdt = { forListing: vi.fn(async () => null), invalidate: vi.fn() };
    const page = await createAmazonConnector(ctx(), { client, rdt }).listUpdatedOrders({ updatedAfter: new Date(0) });
    expect(client.getOrders).toHaveBeenCalledWith(expect.any(Object));
    expect(page.orders.map((o) => o.marketplaceOrderId)).toEqual(["902-3159896-1390916", "503-1234567-7654321"]);
    expect(client.getOrderAddress).toHaveBeenCalledTimes(1);
  });

  it("propagates a per-order failure as the client's ConnectorError", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue(getOrdersPayloadFixture());
    client.getOrderItems.mockRejectedValue(new ConnectorError("rate_limited", "slow down", { retryAfterMs: 2000 }));
    const err = await createAmazonConnector(ctx(), { client })
      .listUpdatedOrders({ updatedAfter: new Date(0) })
      .catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe("rate_limited");
  });

  it("returns an unmappable order as unreadable, naming it, with its raw payload; the page does not fail", async () => {
    const client = v0Client();
    client.getOrders.mockResolvedValue({ Orders: [{ ...shippedUkOrderFixture, OrderStatus: "Lost" }] });
    const page = await createAmazonConnector(ctx(), { client }).listUpdatedOrders({ updatedAfter: new Date(0) });
    expect(page.orders).toEqual([]);
    expect(page.unreadable).toHaveLength(1);
    expect(page.unreadable![0]!.marketplaceOrderId).toBe("026-5566778-1122334");
    expect(page.unreadable![0]!.reason).toMatch(/026-5566778-1122334.*Lost/);
    expect(page.unreadable![0]!.raw).toMatchObject({ order: { OrderStatus: "Lost" } });
  });

  it("rejects a page token from the other Orders API version", async () => {
    const client = fakeClient();
    client.searchOrders.mockResolvedValue(searchOrdersResponseFixture({ pagination: { nextToken: "n" } }));
    const page = await createAmazonConnector(ctx({ ordersApiVersion: "2026-01-01" }), { client }).listUpdatedOrders({
      updatedAfter: new Date(0),
    });
    const err = await createAmazonConnector(ctx(), { client: v0Client() })
      .listUpdatedOrders({ updatedAfter: new Date(0) }, page.nextPageToken)
      .catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe("permanent");
  });
});

describe("listUpdatedOrders (2026-01-01)", () => {
  it("uses searchOrders with includedData and no per-order calls", async () => {
    const client = fakeClient();
    client.searchOrders
      .mockResolvedValueOnce(searchOrdersResponseFixture({ pagination: { nextToken: "p2" } }))
      .mockResolvedValueOnce(searchOrdersResponseFixture({ orders: [], lastUpdatedBefore: "2026-03-03T00:09:00Z" }));
    const connector = createAmazonConnector(ctx({ ordersApiVersion: "2026-01-01" }), { client });
    const first = await connector.listUpdatedOrders({ updatedAfter: new Date("2026-03-01T00:00:00Z") });
    expect(client.searchOrders).toHaveBeenCalledWith({
      lastUpdatedAfter: "2026-03-01T00:00:00.000Z",
      marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      maxResultsPerPage: 100,
      includedData: ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "PACKAGES"],
    });
    expect(first.orders[0]).toMatchObject({ marketplaceOrderId: "113-7654321-1234567", status: "partially_shipped" });
    expect(first.coveredUntil).toEqual(new Date("2026-03-03T00:00:00Z"));
    const second = await connector.listUpdatedOrders(
      { updatedAfter: new Date("2026-03-01T00:00:00Z") },
      first.nextPageToken,
    );
    expect(client.searchOrders).toHaveBeenLastCalledWith(expect.objectContaining({ paginationToken: "p2" }));
    expect(second.coveredUntil).toEqual(new Date("2026-03-03T00:00:00Z"));
    expect(client.getOrders).not.toHaveBeenCalled();
    expect(client.getOrderItems).not.toHaveBeenCalled();
  });
});

describe("confirmShipment", () => {
  it("posts the package and answers the package reference", async () => {
    const client = fakeClient();
    client.confirmShipment.mockResolvedValue(undefined);
    const result = await createAmazonConnector(ctx(), { client }).confirmShipment(shipment);
    expect(result).toEqual({ marketplaceShipmentId: "42" });
    expect(client.confirmShipment).toHaveBeenCalledWith("902-3159896-1390916", {
      marketplaceId: "ATVPDKIKX0DER",
      packageDetail: {
        packageReferenceId: "42",
        carrierCode: "UPS",
        carrierName: "UPS",
        shippingMethod: "UPS Ground",
        trackingNumber: "1Z999AA10123456784",
        shipDate: "2026-03-03T10:00:00.000Z",
        orderItems: [{ orderItemId: "68828574383266", quantity: 2 }],
      },
    });
  });

  it("defaults the marketplace to the account's first and omits an empty shipping method", async () => {
    const client = fakeClient();
    await createAmazonConnector(ctx({ marketplaceIds: ["A2EUQ1WTGCTBG2"] }), { client }).confirmShipment({
      ...shipment,
      salesChannel: null,
      shippingMethod: null,
      carrier: { code: "Other", name: "Evri" },
    });
    const body = client.confirmShipment.mock.calls[0]![1];
    expect(body.marketplaceId).toBe("A2EUQ1WTGCTBG2");
    expect(body.packageDetail).not.toHaveProperty("shippingMethod");
    expect(body.packageDetail).toMatchObject({ carrierCode: "Other", carrierName: "Evri" });
  });

  it.each([
    [{ packageReference: "pkg-42" }, /positive numeric/],
    [{ packageReference: "0" }, /positive numeric/],
    [{ packageReference: "" }, /positive numeric/],
    [{ carrier: { code: "Other", name: " " } }, /carrier name/],
    [{ trackingNumber: "  " }, /tracking number/],
    [{ lines: [] }, /at least one/],
    [{ lines: [{ marketplaceLineId: "1", quantity: 0 }] }, /positive integer/],
  ] as [Partial<ShipmentConfirmation>, RegExp][])("refuses %j before calling Amazon", async (patch, message) => {
    const client = fakeClient();
    const err = await createAmazonConnector(ctx(), { client })
      .confirmShipment({ ...shipment, ...patch })
      .catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe("permanent");
    expect((err as ConnectorError).message).toMatch(message);
    expect(client.confirmShipment).not.toHaveBeenCalled();
  });

  const alreadyFulfilled = new ConnectorError(
    "permanent",
    "Amazon confirmShipment failed with HTTP 400: InvalidInput: Failed to create package due to not finding a matching package or order already fulfilled.",
    { marketplace: "amazon", operation: "confirmShipment", httpStatus: 400, code: "InvalidInput" },
  );

  it("treats 'already fulfilled' as success when Amazon has our package", async () => {
    const client = fakeClient();
    client.confirmShipment.mockRejectedValue(alreadyFulfilled);
    client.getOrder2026.mockResolvedValue({
      order: {
        ...partiallyShippedOrder2026Fixture,
        packages: [{ packageReferenceId: "42", trackingNumber: "1Z999AA10123456784" }],
      },
    });
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).resolves.toEqual({
      marketplaceShipmentId: "42",
    });
    expect(client.getOrder2026).toHaveBeenCalledWith("902-3159896-1390916", ["PACKAGES"]);
  });

  it("keeps the 'already fulfilled' error when Amazon does not have our package", async () => {
    const client = fakeClient();
    client.confirmShipment.mockRejectedValue(alreadyFulfilled);
    client.getOrder2026.mockResolvedValue({ order: { ...partiallyShippedOrder2026Fixture, packages: [] } });
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).rejects.toBe(alreadyFulfilled);
  });

  it("retries when the lookup fails: the refusal alone does not say whether Amazon has the package", async () => {
    const client = fakeClient();
    client.confirmShipment.mockRejectedValue(alreadyFulfilled);
    client.getOrder2026.mockRejectedValue(new ConnectorError("retryable", "503"));
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).rejects.toMatchObject({
      kind: "retryable",
      message: expect.stringMatching(/already fulfilled\.; the order could not be read back to match it \(503\)/),
    });
  });

  const unexpected = new ConnectorError(
    "retryable",
    "Amazon confirmShipment answered HTTP 200 where the API answers 204 No Content",
    { marketplace: "amazon", operation: "confirmShipment", httpStatus: 200, code: "unexpected_answer" },
  );

  it("does not believe a success outside the contract: reads the order back, and only our package there counts", async () => {
    const client = fakeClient();
    client.confirmShipment.mockRejectedValue(unexpected);
    client.getOrder2026.mockResolvedValueOnce({ order: { ...partiallyShippedOrder2026Fixture, packages: [] } });
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).rejects.toBe(unexpected);
    client.getOrder2026.mockResolvedValueOnce({
      order: { ...partiallyShippedOrder2026Fixture, packages: [{ packageReferenceId: "42" }] },
    });
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).resolves.toEqual({
      marketplaceShipmentId: "42",
    });
  });

  it("does not look anything up for other errors", async () => {
    const client = fakeClient();
    const err = new ConnectorError("retryable", "Amazon confirmShipment failed with HTTP 503", { httpStatus: 503 });
    client.confirmShipment.mockRejectedValue(err);
    await expect(createAmazonConnector(ctx(), { client }).confirmShipment(shipment)).rejects.toBe(err);
    expect(client.getOrder2026).not.toHaveBeenCalled();
  });
});
