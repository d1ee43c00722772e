import { describe, expect, it, vi } from "vitest";
import {
  canceledReceiptFixture,
  indiaReceiptFixture,
  paidUsReceiptFixture,
  shippedGbReceiptFixture,
  tenDollarUsReceiptFixture,
} from "#tests/fixtures/etsy/receipts-fixture.ts";
import { ConnectorError, type ShipmentConfirmation, type ConnectorContext } from "../types";
import type { EtsyShopReceipt, IEtsyApiClient } from "./client";
import { createEtsyConnector, EtsyConnector, MSG_TRACKING_REQUIRED, parseEtsySettings } from "./connector";
import { decodeCursor } from "./receipt-listing";

function ctx(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): ConnectorContext {
  return {
    accountId: 1,
    region: "global",
    settings: { shopId: 5001, ...settings },
    credentials: { keystring: "k", sharedSecret: "s", refreshToken: "1.r", ...credentials },
    endpoints: { apiBaseUrl: "https://openapi.etsy.test", authBaseUrl: "https://api.etsy.test" },
    rateLimit: { enabled: false, timeScale: 1 },
    onCredentialsRotated: async () => undefined,
  };
}

function fakeClient() {
  return { getShopReceipts: vi.fn(), getShopReceipt: vi.fn(), createReceiptShipment: vi.fn() } satisfies IEtsyApiClient;
}

const at = (id: number, updated: number): EtsyShopReceipt => ({
  ...paidUsReceiptFixture,
  receipt_id: id,
  update_timestamp: updated,
  updated_timestamp: updated,
});

describe("settings and credentials", () => {
  it("takes shopId as a number or numeric string", () => {
    expect(parseEtsySettings({ shopId: "5001" })).toEqual({ shopId: 5001 });
    expect(() => parseEtsySettings({ shopId: "shop" })).toThrow(ConnectorError);
    expect(() => createEtsyConnector(ctx({ shopId: 0 }))).toThrow(/settings are invalid/);
  });

  it("asks for a reconnect when credentials are incomplete", () => {
    const err = (() => {
      try {
        createEtsyConnector(ctx({}, { refreshToken: "" }));
      } catch (e) {
        return e as ConnectorError;
      }
    })();
    expect(err).toMatchObject({ kind: "auth_expired" });
    expect(err!.message).toMatch(/refreshToken/);
  });
});

describe("listUpdatedOrders", () => {
  const params = { updatedAfter: new Date(1_772_000_000_500) };

  it("asks for receipts changed since updatedAfter (unix seconds), oldest change first; coveredUntil is the first request's time", async () => {
    const client = fakeClient();
    client.getShopReceipts.mockResolvedValue({ count: 1, results: [paidUsReceiptFixture] });
    const connector = new EtsyConnector({ shopId: 5001 }, client, () => 1_772_999_000_000);
    const page = await connector.listUpdatedOrders(params);
    expect(client.getShopReceipts).toHaveBeenCalledWith(5001, {
      min_last_modified: 1_772_000_000,
      sort_on: "updated",
      sort_order: "asc",
      limit: 100,
      offset: 0,
    });
    expect(page.orders.map((o) => o.marketplaceOrderId)).toEqual(["3901000001"]);
    expect(page.nextPageToken).toBeNull();
    expect(page.coveredUntil).toEqual(new Date(1_772_999_000_000));
  });

  it("clamps very old cursors to Etsy's minimum timestamp and passes updatedBefore as max_last_modified", async () => {
    const client = fakeClient();
    client.getShopReceipts.mockResolvedValue({ count: 0, results: [] });
    const connector = new EtsyConnector({ shopId: 5001 }, client, () => 1_772_999_000_000);
    const page = await connector.listUpdatedOrders({
      updatedAfter: new Date(0),
      updatedBefore: new Date(1_772_500_000_900),
    });
    expect(client.getShopReceipts).toHaveBeenCalledWith(
      5001,
      expect.objectContaining({ min_last_modified: 946684800, max_last_modified: 1_772_500_000 }),
    );
    expect(page.coveredUntil).toEqual(new Date(1_772_500_000_900));
  });

  it("pages anchored at the last change seen, skipping receipts already returned, keeping coveredUntil", async () => {
    const client = fakeClient();
    client.getShopReceipts
      .mockResolvedValueOnce({ count: 5, results: [at(1, 100), at(2, 200), at(3, 200)] })
      // Receipt 2 changed meanwhile and moved to the end; 3 is still at 200.
      .mockResolvedValueOnce({ count: 3, results: [at(3, 200), at(4, 300), at(2, 400)] });
    let now = 1_772_999_000_000;
    const connector = new EtsyConnector({ shopId: 5001, pageSize: 3 }, client, () => now);
    const first = await connector.listUpdatedOrders(params);
    expect(first.orders.map((o) => o.marketplaceOrderId)).toEqual(["1", "2", "3"]);
    expect(decodeCursor(first.nextPageToken!)).toEqual({
      v: 1,
      min: 200,
      seen: [2, 3],
      offset: 0,
      coveredUntil: 1_772_999_000_000,
    });
    now += 60_000;
    const second = await connector.listUpdatedOrders(params, first.nextPageToken);
    expect(client.getShopReceipts).toHaveBeenLastCalledWith(
      5001,
      expect.objectContaining({ min_last_modified: 200, offset: 0, limit: 3 }),
    );
    expect(second.orders.map((o) => o.marketplaceOrderId)).toEqual(["4", "2"]);
    expect(second.nextPageToken).toBeNull();
    expect(second.coveredUntil).toEqual(new Date(1_772_999_000_000));
  });

  it("uses an offset within one second only when more receipts than a page share it", async () => {
    const client = fakeClient();
    client.getShopReceipts
      .mockResolvedValueOnce({ count: 5, results: [at(1, 500), at(2, 500)] })
      .mockResolvedValueOnce({ count: 5, results: [at(3, 500), at(4, 500)] })
      .mockResolvedValueOnce({ count: 5, results: [at(5, 600)] });
    const connector = new EtsyConnector({ shopId: 5001, pageSize: 2 }, client);
    const ids: string[] = [];
    let token: string | null = null;
    do {
      const page = await connector.listUpdatedOrders(params, token);
      ids.push(...page.orders.map((o) => o.marketplaceOrderId));
      token = page.nextPageToken;
    } while (token);
    expect(ids).toEqual(["1", "2", "3", "4", "5"]);
    expect(client.getShopReceipts.mock.calls.map((c) => [c[1].min_last_modified, c[1].offset])).toEqual([
      [1_772_000_000, 0],
      [500, 2],
      [500, 4],
    ]);
  });

  it("refuses page tokens it did not issue as permanent; a receipt it cannot read comes back unreadable", async () => {
    const client = fakeClient();
    client.getShopReceipts.mockResolvedValue({
      count: 1,
      results: [{ ...paidUsReceiptFixture, status: "teleported" as "paid" }],
    });
    const connector = new EtsyConnector({ shopId: 5001 }, client);
    await expect(connector.listUpdatedOrders(params, "not-a-token")).rejects.toMatchObject({ kind: "permanent" });
    const page = await connector.listUpdatedOrders(params);
    expect(page.orders).toEqual([]);
    expect(page.unreadable).toMatchObject([
      { marketplaceOrderId: "3901000001", reason: expect.stringMatching(/3901000001/), raw: { status: "teleported" } },
    ]);
  });

  it("refuses a receipt whose transaction price is not an integer amount, rather than importing it at no price", async () => {
    const client = fakeClient();
    const [line, ...rest] = paidUsReceiptFixture.transactions!;
    const broken = {
      ...paidUsReceiptFixture,
      transactions: [{ ...line!, price: { ...line!.price!, amount: "12,50" as unknown as number } }, ...rest],
    };
    client.getShopReceipts.mockResolvedValue({ count: 1, results: [broken] });
    const page = await new EtsyConnector({ shopId: 5001 }, client).listUpdatedOrders(params);
    expect(page.orders).toEqual([]);
    expect(page.unreadable?.[0]?.reason).toMatch(/3901000001 could not be mapped: Etsy money is not an integer amount/);
  });
});

describe("confirmShipment", () => {
  const shipment: ShipmentConfirmation = {
    marketplaceOrderId: "3901000001",
    packageReference: "pkg-1",
    carrier: { code: "ups", name: "UPS" },
    trackingNumber: " 1Z999AA10123456784 ",
    shippedAt: new Date("2026-03-03T10:00:00Z"),
    lines: [{ marketplaceLineId: "4101000001", quantity: 2 }],
    destinationCountry: "US",
  };

  function connectorWith(receipt: EtsyShopReceipt, after?: EtsyShopReceipt) {
    const client = fakeClient();
    client.getShopReceipt.mockResolvedValue(receipt);
    client.createReceiptShipment.mockResolvedValue(
      after ?? {
        ...receipt,
        is_shipped: true,
        status: "completed",
        shipments: [
          ...(receipt.shipments ?? []),
          {
            receipt_shipping_id: 1_201_000_099,
            shipment_notification_timestamp: 1,
            carrier_name: "ups",
            tracking_code: "1Z999AA10123456784",
          },
        ],
      },
    );
    return { client, connector: new EtsyConnector({ shopId: 5001 }, client) };
  }

  it("creates a receipt shipment with tracking_code and carrier_name; the shipment id is the new receipt_shipping_id", async () => {
    const { client, connector } = connectorWith(paidUsReceiptFixture);
    expect(await connector.confirmShipment(shipment)).toEqual({ marketplaceShipmentId: "1201000099" });
    expect(client.createReceiptShipment).toHaveBeenCalledWith(5001, 3_901_000_001, {
      tracking_code: "1Z999AA10123456784",
      carrier_name: "ups",
    });
  });

  it("a success whose receipt lacks the tracking is read back: the shipment Etsy holds, else a retryable unexpected answer", async () => {
    const posted = {
      receipt_shipping_id: 1_201_000_123,
      shipment_notification_timestamp: 1,
      carrier_name: "ups",
      tracking_code: "1Z999AA10123456784",
    };
    const { client, connector } = connectorWith(paidUsReceiptFixture, { ...paidUsReceiptFixture, shipments: [] });
    client.getShopReceipt
      .mockResolvedValueOnce(paidUsReceiptFixture)
      .mockResolvedValueOnce({ ...paidUsReceiptFixture, is_shipped: true, shipments: [posted] });
    expect(await connector.confirmShipment(shipment)).toEqual({ marketplaceShipmentId: "1201000123" });

    client.getShopReceipt.mockResolvedValue(paidUsReceiptFixture); // still not there
    expect(await connector.confirmShipment(shipment).catch((e: unknown) => e)).toMatchObject({
      kind: "retryable",
      details: { code: "unexpected_answer" },
    });
  });

  it("hasShipment: a shipment of the receipt with the tracking code; without tracking, whether it is shipped", async () => {
    const { client, connector } = connectorWith(shippedGbReceiptFixture);
    const gb = { ...shipment, marketplaceOrderId: "3901000077" };
    expect(await connector.hasShipment({ ...gb, trackingNumber: "RB123456799GB" })).toBe(true);
    expect(await connector.hasShipment({ ...gb, trackingNumber: "RB000000000GB" })).toBe(false);
    expect(await connector.hasShipment({ ...gb, trackingNumber: "" })).toBe(true);
    client.getShopReceipt.mockResolvedValue(paidUsReceiptFixture);
    expect(await connector.hasShipment({ ...shipment, trackingNumber: "" })).toBe(false);
  });

  it("is safe to repeat: a shipment already carrying the tracking code is returned without posting", async () => {
    const { client, connector } = connectorWith(shippedGbReceiptFixture);
    const again = await connector.confirmShipment({
      ...shipment,
      marketplaceOrderId: "3901000077",
      trackingNumber: "rb123456799gb",
      carrier: { code: "royal-mail", name: "Royal Mail" },
    });
    expect(again).toEqual({ marketplaceShipmentId: "1201000006" });
    expect(client.createReceiptShipment).not.toHaveBeenCalled();
  });

  it("adds further packages to a shipped receipt", async () => {
    const { client, connector } = connectorWith(shippedGbReceiptFixture, {
      ...shippedGbReceiptFixture,
      shipments: [
        ...shippedGbReceiptFixture.shipments,
        {
          receipt_shipping_id: 1_201_000_007,
          shipment_notification_timestamp: 2,
          carrier_name: "other",
          tracking_code: "EVRI123",
        },
      ],
    });
    const res = await connector.confirmShipment({
      ...shipment,
      marketplaceOrderId: "3901000077",
      trackingNumber: "EVRI123",
      carrier: { code: "other", name: "Evri" },
    });
    expect(res).toEqual({ marketplaceShipmentId: "1201000007" });
    expect(client.createReceiptShipment).toHaveBeenCalledWith(5001, 3_901_000_077, {
      tracking_code: "EVRI123",
      carrier_name: "other",
    });
  });

  it("enforces Etsy's tracking rule itself: India before any call, US over $10 after reading the total", async () => {
    const india = connectorWith(indiaReceiptFixture);
    const e1 = await india.connector
      .confirmShipment({ ...shipment, trackingNumber: "", destinationCountry: "IN" })
      .catch((e: unknown) => e as ConnectorError);
    expect(e1).toMatchObject({ kind: "permanent", details: { code: "tracking_required", marketplace: "etsy" } });
    expect((e1 as ConnectorError).message).toContain(MSG_TRACKING_REQUIRED);
    expect(india.client.getShopReceipt).not.toHaveBeenCalled();

    const us = connectorWith(paidUsReceiptFixture);
    await expect(
      us.connector.confirmShipment({ ...shipment, trackingNumber: "  ", destinationCountry: null }),
    ).rejects.toMatchObject({ kind: "permanent", details: { code: "tracking_required" } });
    expect(us.client.createReceiptShipment).not.toHaveBeenCalled();
  });

  it("applies the tracking rule when the receipt's grandtotal cannot be read", async () => {
    const unreadable = {
      ...tenDollarUsReceiptFixture,
      grandtotal: { amount: "9.00" as unknown as number, divisor: 100, currency_code: "USD" },
    };
    const { client, connector } = connectorWith(unreadable);
    await expect(
      connector.confirmShipment({ ...shipment, marketplaceOrderId: "3901000009", trackingNumber: "" }),
    ).rejects.toMatchObject({
      kind: "permanent",
      details: { code: "tracking_required" },
    });
    expect(client.createReceiptShipment).not.toHaveBeenCalled();
  });

  it("marks small orders shipped without tracking (no shipment id)", async () => {
    const { client, connector } = connectorWith(tenDollarUsReceiptFixture, {
      ...tenDollarUsReceiptFixture,
      is_shipped: true,
    });
    expect(
      await connector.confirmShipment({ ...shipment, marketplaceOrderId: "3901000009", trackingNumber: "" }),
    ).toEqual({ marketplaceShipmentId: null });
    expect(client.createReceiptShipment).toHaveBeenCalledWith(5001, 3_901_000_009, {});
  });

  it("refuses canceled receipts and ids that are not Etsy's", async () => {
    const { client, connector } = connectorWith(canceledReceiptFixture);
    await expect(connector.confirmShipment(shipment)).rejects.toMatchObject({
      kind: "permanent",
      details: { code: "canceled" },
    });
    expect(client.createReceiptShipment).not.toHaveBeenCalled();
    await expect(
      connector.confirmShipment({ ...shipment, marketplaceOrderId: "113-1234567-1234567" }),
    ).rejects.toMatchObject({ kind: "permanent" });
  });

  it("after a 409, a shipment with our tracking code means an earlier attempt landed", async () => {
    const { client, connector } = connectorWith(paidUsReceiptFixture);
    const conflict = new ConnectorError("permanent", "Etsy createReceiptShipment failed with HTTP 409", {
      marketplace: "etsy",
      httpStatus: 409,
    });
    client.createReceiptShipment.mockRejectedValueOnce(conflict).mockRejectedValueOnce(conflict);
    client.getShopReceipt.mockResolvedValueOnce(paidUsReceiptFixture).mockResolvedValueOnce({
      ...paidUsReceiptFixture,
      shipments: [
        {
          receipt_shipping_id: 1_201_000_123,
          shipment_notification_timestamp: 1,
          carrier_name: "ups",
          tracking_code: "1Z999AA10123456784",
        },
      ],
    });
    expect(await connector.confirmShipment(shipment)).toEqual({ marketplaceShipmentId: "1201000123" });
    // Otherwise the 409 stands.
    client.getShopReceipt.mockResolvedValue(paidUsReceiptFixture);
    await expect(connector.confirmShipment(shipment)).rejects.toBe(conflict);
  });

  it("sends unknown carrier codes as other, lowercases known ones", async () => {
    const { client, connector } = connectorWith(paidUsReceiptFixture);
    await connector.confirmShipment({ ...shipment, carrier: { code: "USPS", name: "USPS" } });
    expect(client.createReceiptShipment).toHaveBeenLastCalledWith(
      5001,
      3_901_000_001,
      expect.objectContaining({ carrier_name: "usps" }),
    );
    await connector.confirmShipment({ ...shipment, carrier: { code: " ", name: "Mystery" } });
    expect(client.createReceiptShipment).toHaveBeenLastCalledWith(
      5001,
      3_901_000_001,
      expect.objectContaining({ carrier_name: "other" }),
    );
    expect(connector.resolveCarrier("Royal Mail")).toEqual({ code: "royal-mail", name: "Royal Mail" });
  });
});
