import { describe, expect, it, vi } from "vitest";
import {
  getOrdersPageFixture,
  partiallyShippedGbFulfillmentsFixture,
  partiallyShippedGbOrderFixture,
  unpaidOrderFixture,
  unshippedUsOrderFixture,
} from "#tests/fixtures/ebay/orders-fixture.ts";
import { ConnectorError, type ShipmentConfirmation, type ConnectorContext } from "../types";
import type { IEbayFulfillmentClient } from "./client";
import { createEbayConnector } from "./connector";
import { decodePageToken, FUTURE_MARGIN_MS, SEARCH_WINDOW_MS, WINDOW_MARGIN_MS } from "./order-listing";

const NOW = Date.parse("2026-03-04T12:00:00.000Z");

function ctx(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): ConnectorContext {
  return {
    accountId: 7,
    region: "us",
    settings: { marketplaceId: "EBAY_US", ...settings },
    credentials: { clientId: "cid", clientSecret: "secret", refreshToken: "v^1.1#r", ...credentials },
    endpoints: { apiBaseUrl: "https://api.test", authBaseUrl: "https://api.test" },
    rateLimit: { enabled: false, timeScale: 1 },
  };
}

function fakeClient() {
  return {
    getOrders: vi.fn(),
    getOrder: vi.fn(),
    createShippingFulfillment: vi.fn(),
    getShippingFulfillments: vi.fn(),
  } satisfies IEbayFulfillmentClient;
}

function connector(client: IEbayFulfillmentClient, settings: Record<string, unknown> = {}) {
  return createEbayConnector(ctx(settings), { client, now: () => NOW });
}

const shipment: ShipmentConfirmation = {
  marketplaceOrderId: "06-11541-52210",
  packageReference: "pkg-1",
  carrier: { code: "UPS", name: "UPS" },
  trackingNumber: " 1Z 999-AA1-0123456784 ",
  shippedAt: new Date("2026-03-04T10:00:00.000Z"),
  lines: [
    { marketplaceLineId: "10022882297012", quantity: 1 },
    { marketplaceLineId: "10022882297013", quantity: 1 },
  ],
};

describe("settings and credentials", () => {
  it("defaults the marketplace to EBAY_US and refuses bad settings as permanent", () => {
    expect(() => createEbayConnector(ctx({ marketplaceId: undefined }), { client: fakeClient() })).not.toThrow();
    expect(() => createEbayConnector(ctx({ pageSize: 500 }), { client: fakeClient() })).toThrow(ConnectorError);
  });

  it("missing credentials are auth_expired (the merchant must connect again)", () => {
    try {
      createEbayConnector(ctx({}, { refreshToken: "" }));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ kind: "auth_expired" });
      expect((e as Error).message).toContain("refreshToken");
    }
  });
});

describe("listUpdatedOrders", () => {
  it("asks for lastmodifieddate:[updatedAfter..] and reports coveredUntil = the time of the first request", async () => {
    const client = fakeClient();
    client.getOrders.mockResolvedValue(
      getOrdersPageFixture([unshippedUsOrderFixture, unpaidOrderFixture], { limit: 100 }),
    );
    const page = await connector(client).listUpdatedOrders({ updatedAfter: new Date("2026-03-04T11:00:00.000Z") });
    expect(client.getOrders).toHaveBeenCalledWith({
      filter: "lastmodifieddate:[2026-03-04T11:00:00.000Z..]",
      limit: "100",
      offset: "0",
    });
    expect(page.orders.map((o) => [o.marketplaceOrderId, o.status])).toEqual([
      ["06-11541-52210", "unshipped"],
      ["11-22222-33333", "pending"],
    ]);
    expect(page.nextPageToken).toBeNull();
    expect(page.coveredUntil).toEqual(new Date(NOW));
    expect(client.getShippingFulfillments).not.toHaveBeenCalled();
  });

  it("clamps the start into the 90-day window and away from the future", async () => {
    const client = fakeClient();
    client.getOrders.mockResolvedValue(getOrdersPageFixture([]));
    const c = connector(client);
    await c.listUpdatedOrders({ updatedAfter: new Date("2020-01-01T00:00:00Z") });
    expect(client.getOrders.mock.calls[0]![0].filter).toBe(
      `lastmodifieddate:[${new Date(NOW - SEARCH_WINDOW_MS + WINDOW_MARGIN_MS).toISOString()}..]`,
    );
    await c.listUpdatedOrders({ updatedAfter: new Date(NOW + 3_600_000) });
    expect(client.getOrders.mock.calls[1]![0].filter).toBe(
      `lastmodifieddate:[${new Date(NOW - FUTURE_MARGIN_MS).toISOString()}..]`,
    );
  });

  it("closes the range with updatedBefore and covers up to it", async () => {
    const client = fakeClient();
    client.getOrders.mockResolvedValue(getOrdersPageFixture([]));
    const page = await connector(client).listUpdatedOrders({
      updatedAfter: new Date("2026-03-04T09:00:00.000Z"),
      updatedBefore: new Date("2026-03-04T10:00:00.000Z"),
    });
    expect(client.getOrders.mock.calls[0]![0].filter).toBe(
      "lastmodifieddate:[2026-03-04T09:00:00.000Z..2026-03-04T10:00:00.000Z]",
    );
    expect(page.coveredUntil).toEqual(new Date("2026-03-04T10:00:00.000Z"));
    // A range that ends before it starts asks eBay nothing.
    const empty = await connector(client).listUpdatedOrders({
      updatedAfter: new Date("2026-03-04T10:00:00.000Z"),
      updatedBefore: new Date("2026-03-04T09:00:00.000Z"),
    });
    expect(empty).toEqual({ orders: [], nextPageToken: null, coveredUntil: new Date("2026-03-04T09:00:00.000Z") });
    expect(client.getOrders).toHaveBeenCalledTimes(1);
  });

  it("pages by offset through the token, keeping the first page's filter and coveredUntil", async () => {
    const client = fakeClient();
    client.getOrders
      .mockResolvedValueOnce(getOrdersPageFixture([unshippedUsOrderFixture], { limit: 1, total: 2 }))
      .mockResolvedValueOnce(getOrdersPageFixture([unpaidOrderFixture], { limit: 1, offset: 1, total: 2 }));
    const c = connector(client, { pageSize: 1 });
    const first = await c.listUpdatedOrders({ updatedAfter: new Date("2026-03-04T11:00:00.000Z") });
    expect(first.nextPageToken).not.toBeNull();
    expect(decodePageToken(first.nextPageToken!)).toMatchObject({
      offset: 1,
      limit: 1,
      total: 2,
      coveredUntil: new Date(NOW).toISOString(),
    });
    const second = await c.listUpdatedOrders({ updatedAfter: new Date("2000-01-01T00:00:00Z") }, first.nextPageToken);
    expect(client.getOrders.mock.calls[1]![0]).toEqual({
      filter: "lastmodifieddate:[2026-03-04T11:00:00.000Z..]",
      limit: "1",
      offset: "1",
    });
    expect(second.orders.map((o) => o.marketplaceOrderId)).toEqual(["11-22222-33333"]);
    expect(second.nextPageToken).toBeNull();
    expect(second.coveredUntil).toEqual(first.coveredUntil);
  });

  it("with a closed range, steps back when the total drops between pages, so no order is skipped", async () => {
    const client = fakeClient();
    client.getOrders
      .mockResolvedValueOnce(
        getOrdersPageFixture([unshippedUsOrderFixture, unpaidOrderFixture], { limit: 2, total: 5 }),
      )
      // Two orders of page one were modified after the bound: the set shrank to 3.
      .mockResolvedValueOnce(getOrdersPageFixture([partiallyShippedGbOrderFixture], { limit: 2, offset: 2, total: 3 }))
      .mockResolvedValueOnce(
        getOrdersPageFixture([unshippedUsOrderFixture, partiallyShippedGbOrderFixture], {
          limit: 2,
          offset: 0,
          total: 3,
        }),
      );
    client.getShippingFulfillments.mockResolvedValue(partiallyShippedGbFulfillmentsFixture);
    const c = connector(client, { pageSize: 2 });
    const params = {
      updatedAfter: new Date("2026-03-04T09:00:00.000Z"),
      updatedBefore: new Date("2026-03-04T10:00:00.000Z"),
    };
    const first = await c.listUpdatedOrders(params);
    const second = await c.listUpdatedOrders(params, first.nextPageToken);
    expect(client.getOrders.mock.calls.map((call) => call[0].offset)).toEqual(["0", "2", "0"]);
    expect(second.orders.map((o) => o.marketplaceOrderId)).toEqual(["06-11541-52210", "23-10428-77391"]);
    expect(decodePageToken(second.nextPageToken!)).toMatchObject({ offset: 2, total: 3 });
  });

  it("fetches the fulfillments of orders that have some", async () => {
    const client = fakeClient();
    client.getOrders.mockResolvedValue(getOrdersPageFixture([unshippedUsOrderFixture, partiallyShippedGbOrderFixture]));
    client.getShippingFulfillments.mockResolvedValue(partiallyShippedGbFulfillmentsFixture);
    const page = await connector(client).listUpdatedOrders({ updatedAfter: new Date("2026-03-04T11:00:00.000Z") });
    expect(client.getShippingFulfillments).toHaveBeenCalledTimes(1);
    expect(client.getShippingFulfillments).toHaveBeenCalledWith("23-10428-77391");
    const gb = page.orders[1]!;
    expect(gb.lines.map((l) => l.quantityShipped)).toEqual([1, 1]);
    expect(gb.shipments).toHaveLength(1);

    const off = fakeClient();
    off.getOrders.mockResolvedValue(getOrdersPageFixture([partiallyShippedGbOrderFixture]));
    await connector(off, { fetchFulfillments: false }).listUpdatedOrders({ updatedAfter: new Date(NOW - 1000) });
    expect(off.getShippingFulfillments).not.toHaveBeenCalled();
  });

  it("an order outside the spec comes back unreadable, naming it, with its raw payload; the rest of the page still lists", async () => {
    const broken = [
      { ...unshippedUsOrderFixture, orderFulfillmentStatus: "TELEPORTED" },
      { ...unshippedUsOrderFixture, lineItems: {} },
      {
        ...unshippedUsOrderFixture,
        lineItems: [{ ...unshippedUsOrderFixture.lineItems![0]!, lineItemCost: { value: "12,50", currency: "USD" } }],
      },
    ];
    for (const order of broken) {
      const client = fakeClient();
      const good = { ...unshippedUsOrderFixture, orderId: "07-00000-00001" };
      client.getOrders.mockResolvedValue(getOrdersPageFixture([order as typeof unshippedUsOrderFixture, good]));
      const page = await connector(client).listUpdatedOrders({ updatedAfter: new Date(NOW - 60_000) });
      expect(page.orders.map((o) => o.marketplaceOrderId)).toEqual(["07-00000-00001"]);
      expect(page.unreadable).toHaveLength(1);
      expect(page.unreadable![0]).toMatchObject({ marketplaceOrderId: "06-11541-52210", raw: order });
      expect(page.unreadable![0]!.reason).toMatch(/^eBay order 06-11541-52210 could not be mapped: /);
    }
  });

  it("refuses a page token it did not issue", async () => {
    await expect(
      connector(fakeClient()).listUpdatedOrders({ updatedAfter: new Date() }, "garbage"),
    ).rejects.toMatchObject({ kind: "permanent" });
  });
});

describe("confirmShipment", () => {
  it("creates one fulfillment with the lines, date, carrier and the tracking number without spaces or hyphens", async () => {
    const client = fakeClient();
    client.createShippingFulfillment.mockResolvedValue({ fulfillmentId: "1Z999AA10123456784", location: "x" });
    const result = await connector(client).confirmShipment(shipment);
    expect(client.createShippingFulfillment).toHaveBeenCalledWith("06-11541-52210", {
      lineItems: [
        { lineItemId: "10022882297012", quantity: 1 },
        { lineItemId: "10022882297013", quantity: 1 },
      ],
      shippedDate: "2026-03-04T10:00:00.000Z",
      shippingCarrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    expect(result).toEqual({ marketplaceShipmentId: "1Z999AA10123456784" });
  });

  it("merges a line given twice, and never sends a shipped date in the future", async () => {
    const client = fakeClient();
    client.createShippingFulfillment.mockResolvedValue({ fulfillmentId: "F-2", location: "x/F-2" });
    const result = await connector(client).confirmShipment({
      ...shipment,
      shippedAt: new Date(NOW + 60_000),
      lines: [
        { marketplaceLineId: "10022882297012", quantity: 1 },
        { marketplaceLineId: "10022882297012", quantity: 1 },
      ],
    });
    const body = client.createShippingFulfillment.mock.calls[0]![1];
    expect(body.lineItems).toEqual([{ lineItemId: "10022882297012", quantity: 2 }]);
    expect(body.shippedDate).toBe(new Date(NOW).toISOString());
    expect(result.marketplaceShipmentId).toBe("F-2");
  });

  it("a success without a Location is read back: the package eBay holds, else a retryable unexpected answer", async () => {
    const client = fakeClient();
    client.createShippingFulfillment.mockResolvedValue({ fulfillmentId: null, location: null });
    const held = {
      fulfillmentId: "F-77",
      shipmentTrackingNumber: "1Z999AA10123456784",
      lineItems: [
        { lineItemId: "10022882297013", quantity: 1 },
        { lineItemId: "10022882297012", quantity: 1 },
      ],
    };
    client.getShippingFulfillments.mockResolvedValueOnce({ fulfillments: [held] });
    expect(await connector(client).confirmShipment(shipment)).toEqual({ marketplaceShipmentId: "F-77" });
    expect(client.getShippingFulfillments).toHaveBeenCalledWith("06-11541-52210");

    // The order shows the tracking on other lines only, or cannot be read: not believed.
    client.getShippingFulfillments.mockResolvedValueOnce({
      fulfillments: [{ ...held, lineItems: held.lineItems.slice(1) }],
    });
    const missing = await connector(client)
      .confirmShipment(shipment)
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: "retryable", details: { code: "unexpected_answer" } });
    client.getShippingFulfillments.mockRejectedValueOnce(new Error("socket hang up"));
    expect(
      await connector(client)
        .confirmShipment(shipment)
        .catch((e: unknown) => e),
    ).toMatchObject({
      kind: "retryable",
    });
  });

  it("hasShipment: the order's fulfillment with the same tracking number and lines", async () => {
    const client = fakeClient();
    client.getShippingFulfillments.mockResolvedValue({
      fulfillments: [
        {
          fulfillmentId: "F-1",
          shipmentTrackingNumber: "1z999aa10123456784",
          lineItems: [
            { lineItemId: "10022882297012", quantity: 1 },
            { lineItemId: "10022882297013", quantity: 1 },
          ],
        },
      ],
    });
    expect(await connector(client).hasShipment(shipment)).toBe(true);
    expect(await connector(client).hasShipment({ ...shipment, trackingNumber: "1Z999AA10123456791" })).toBe(false);
    client.getShippingFulfillments.mockRejectedValue(new Error("timeout"));
    await expect(connector(client).hasShipment(shipment)).rejects.toThrow("timeout");
  });

  it("refuses what eBay would refuse, as permanent, without calling it", async () => {
    const client = fakeClient();
    const c = connector(client);
    for (const bad of [
      { ...shipment, lines: [] },
      { ...shipment, lines: [{ marketplaceLineId: "1", quantity: 0 }] },
      { ...shipment, trackingNumber: "  " },
      { ...shipment, trackingNumber: "AB/123" },
      { ...shipment, carrier: { code: "", name: "" } },
    ]) {
      await expect(c.confirmShipment(bad)).rejects.toMatchObject({ kind: "permanent" });
    }
    expect(client.createShippingFulfillment).not.toHaveBeenCalled();
  });

  it("a repeat (34500) is answered with the fulfillment eBay already has", async () => {
    const client = fakeClient();
    client.createShippingFulfillment.mockRejectedValue(
      new ConnectorError("permanent", "eBay createShippingFulfillment failed with HTTP 400: 34500 Please use PUT", {
        marketplace: "ebay",
        httpStatus: 400,
        code: "34500",
      }),
    );
    client.getShippingFulfillments.mockResolvedValue({
      fulfillments: [
        {
          fulfillmentId: "1Z999AA10123456784",
          shipmentTrackingNumber: "1Z999AA10123456784",
          lineItems: [
            { lineItemId: "10022882297013", quantity: 1 },
            { lineItemId: "10022882297012", quantity: 1 },
          ],
        },
      ],
      total: 1,
    });
    expect(await connector(client).confirmShipment(shipment)).toEqual({ marketplaceShipmentId: "1Z999AA10123456784" });

    // The same tracking number on other lines is a conflict, not a repeat.
    client.getShippingFulfillments.mockResolvedValue({
      fulfillments: [
        {
          fulfillmentId: "1Z999AA10123456784",
          shipmentTrackingNumber: "1Z999AA10123456784",
          lineItems: [{ lineItemId: "10022882297012", quantity: 2 }],
        },
      ],
    });
    await expect(connector(client).confirmShipment(shipment)).rejects.toThrow(/already on order/);
  });

  it("reports eBay's answer when there is nothing to match; a failed lookup is retryable", async () => {
    const client = fakeClient();
    const refusal = new ConnectorError("permanent", "409", { marketplace: "ebay", httpStatus: 409 });
    client.createShippingFulfillment.mockRejectedValue(refusal);
    client.getShippingFulfillments.mockResolvedValueOnce({ fulfillments: [], total: 0 });
    await expect(connector(client).confirmShipment(shipment)).rejects.toBe(refusal);
    // The lookup failing says nothing about eBay's copy: retryable, not the refusal (seen in the chaos soak: the
    // refusal made the export dead although the package was there).
    client.getShippingFulfillments.mockRejectedValueOnce(new Error("network"));
    await expect(connector(client).confirmShipment(shipment)).rejects.toMatchObject({
      kind: "retryable",
      message: expect.stringMatching(/409; eBay's fulfillments of order .* could not be read to match it \(network\)/),
    });
    const outage = new ConnectorError("retryable", "500", { marketplace: "ebay", httpStatus: 500 });
    client.createShippingFulfillment.mockRejectedValue(outage);
    await expect(connector(client).confirmShipment(shipment)).rejects.toBe(outage);
    expect(client.getShippingFulfillments).toHaveBeenCalledTimes(2);
  });

  it("resolves carriers with the eBay table", () => {
    expect(connector(fakeClient()).resolveCarrier("Royal Mail")).toEqual({ code: "RoyalMail", name: "Royal Mail" });
  });
});
