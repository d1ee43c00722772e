import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SandboxOrder } from "./index";
import { api, LONG_AGO, lwaToken, order, type Running, SELLER, settle, start, US } from "./test-support";

describe("confirmShipment", () => {
  let r: Running;
  let token: string;
  let seeded: SandboxOrder;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    token = await lwaToken(r.baseUrl);
    seeded = r.amazon.seedOrder(order());
  });
  afterEach(() => r.amazon.close());

  const mug = () => seeded.OrderItems[0].OrderItemId; // quantity 2
  const cup = () => seeded.OrderItems[1].OrderItemId; // quantity 1
  const body = (over: Record<string, unknown> = {}, items?: unknown[]) => ({
    marketplaceId: US,
    packageDetail: {
      packageReferenceId: "1",
      carrierCode: "UPS",
      carrierName: "UPS",
      shippingMethod: "UPS Ground",
      trackingNumber: "1Z999AA10123456784",
      shipDate: "2026-01-27T04:55:15Z",
      shipFromSupplySourceId: null,
      orderItems: items ?? [{ orderItemId: mug(), quantity: 1, transparencyCodes: [] }],
      ...over,
    },
    codCollectionMethod: "DirectPayment",
  });
  const confirm = (b: unknown, id = seeded.AmazonOrderId) =>
    api(r.baseUrl, token, "POST", `/orders/v0/orders/${id}/shipmentConfirmation`, b);
  const invalid = (message: string) => ({ errors: [{ code: "InvalidInput", message, details: expect.any(String) }] });

  it("records the package, raises QuantityShipped, moves the status on and bumps LastUpdateDate", async () => {
    const before = r.amazon.getOrder(seeded.AmazonOrderId)!;
    r.amazon.advanceClock(5);
    const first = await confirm(body());
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    expect(first.headers.get("x-amzn-ratelimit-limit")).toBe("2.0");
    expect(first.headers.get("x-amzn-requestid")).toBeTruthy();

    const partial = r.amazon.getOrder(seeded.AmazonOrderId)!;
    expect(partial.OrderStatus).toBe("PartiallyShipped");
    expect(partial.NumberOfItemsShipped).toBe(1);
    expect(partial.NumberOfItemsUnshipped).toBe(2);
    expect(partial.OrderItems[0].QuantityShipped).toBe(1);
    expect(Date.parse(partial.LastUpdateDate)).toBeGreaterThan(Date.parse(before.LastUpdateDate));
    expect(partial.Packages).toEqual([
      {
        packageReferenceId: "1",
        carrierCode: "UPS",
        carrierName: "UPS",
        shippingMethod: "UPS Ground",
        trackingNumber: "1Z999AA10123456784",
        shipDate: "2026-01-27T04:55:15Z",
        orderItems: [{ orderItemId: mug() }].map((i) => ({ ...i, quantity: 1 })),
        source: "confirmShipment",
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);

    const second = await confirm(
      body(
        { packageReferenceId: "2", carrierCode: "Other", carrierName: "Hermes UK", trackingNumber: "H00A1234567890" },
        [
          { orderItemId: mug(), quantity: 1 },
          { orderItemId: cup(), quantity: 1 },
        ],
      ),
    );
    expect(second.status).toBe(204);
    const shipped = r.amazon.getOrder(seeded.AmazonOrderId)!;
    expect(shipped.OrderStatus).toBe("Shipped");
    expect(shipped.NumberOfItemsUnshipped).toBe(0);
    expect(shipped.Packages.map((p) => p.packageReferenceId)).toEqual(["1", "2"]);

    // The API shows the same state, and the order is listed again once the lag has passed.
    settle(r.amazon);
    const listed = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/v0/orders?MarketplaceIds=${US}&LastUpdatedAfter=${encodeURIComponent(before.LastUpdateDate)}`,
    );
    expect(listed.body.payload.Orders[0]).toMatchObject({
      AmazonOrderId: seeded.AmazonOrderId,
      OrderStatus: "Shipped",
      NumberOfItemsShipped: 3,
    });
    const v2026 = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/2026-01-01/orders/${seeded.AmazonOrderId}?includedData=PACKAGES,FULFILLMENT`,
    );
    expect(v2026.body.order.fulfillment.fulfillmentStatus).toBe("SHIPPED");
    expect(v2026.body.order.packages[1]).toMatchObject({
      packageReferenceId: "2",
      carrier: "Hermes UK",
      trackingNumber: "H00A1234567890",
      packageStatus: { status: "SHIPPED" },
    });
  });

  it("treats a repeat with the same packageReferenceId and content as done (204, nothing changes)", async () => {
    expect((await confirm(body())).status).toBe(204);
    const once = r.amazon.getOrder(seeded.AmazonOrderId)!;
    r.amazon.advanceClock(10);
    expect((await confirm(body())).status).toBe(204);
    expect(r.amazon.getOrder(seeded.AmazonOrderId)).toEqual(once);

    // Same package, new tracking number: the package's tracking is updated.
    expect((await confirm(body({ trackingNumber: "1Z999AA10123456790" }))).status).toBe(204);
    const updated = r.amazon.getOrder(seeded.AmazonOrderId)!;
    expect(updated.Packages).toHaveLength(1);
    expect(updated.Packages[0].trackingNumber).toBe("1Z999AA10123456790");
    expect(updated.OrderItems[0].QuantityShipped).toBe(1);
    expect(Date.parse(updated.LastUpdateDate)).toBeGreaterThan(Date.parse(once.LastUpdateDate));

    // Same package id with other items: refused.
    expect((await confirm(body({}, [{ orderItemId: cup(), quantity: 1 }]))).body).toEqual(
      invalid("Failed to create package due to not finding a matching package or order already fulfilled."),
    );
  });

  it("refuses an integer packageReferenceId as an invalid type, and a non-positive one", async () => {
    const asInteger = await confirm(body({ packageReferenceId: 1 }));
    expect(asInteger.status).toBe(400);
    expect(asInteger.body).toEqual(
      invalid(
        "The input you have submitted is not valid. Please check the fields with invalid type [packageDetail.packageReferenceId].",
      ),
    );
    for (const ref of ["0", "-1", "abc", "1.5"]) {
      expect((await confirm(body({ packageReferenceId: ref }))).body).toEqual(
        invalid("PackageReferenceId: is invalid, must be a positive numeric value."),
      );
    }
    expect(r.amazon.getOrder(seeded.AmazonOrderId)!.OrderStatus).toBe("Unshipped");
  });

  it("validates the body against ConfirmShipmentRequest", async () => {
    const { marketplaceId: _m, ...noMarketplace } = body();
    const missing = await confirm(noMarketplace);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toBe("Missing or invalid request parameters: [marketplaceId].");

    const noTracking = body();
    delete (noTracking.packageDetail as Record<string, unknown>).trackingNumber;
    expect((await confirm(noTracking)).body.errors[0].message).toMatch(/\[packageDetail\.trackingNumber\]/);

    const quantityAsString = await confirm(body({}, [{ orderItemId: mug(), quantity: "1" }]));
    expect(quantityAsString.body.errors[0].message).toBe(
      "The input you have submitted is not valid. Please check the fields with invalid type [packageDetail.orderItems[0].quantity].",
    );
    expect((await confirm(body({ shipDate: "02/21/2022" }))).body.errors[0].message).toMatch(
      /\[packageDetail\.shipDate\]/,
    );
    expect((await confirm({ ...body(), codCollectionMethod: "Cash" })).body.errors[0].message).toMatch(
      /\[codCollectionMethod\]/,
    );
    const notJson = await confirm("{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].code).toBe("InvalidInput");
    expect((await confirm(undefined)).status).toBe(400);
    expect(r.amazon.getOrder(seeded.AmazonOrderId)!.Packages).toEqual([]);
  });

  it("needs carrierName when carrierCode is Other", async () => {
    const res = await confirm(body({ carrierCode: "Other", carrierName: undefined }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: "InvalidInput", message: expect.stringMatching(/CarrierName/) });
  });

  it("refuses unknown order items, too many units, fully shipped and cancelled orders", async () => {
    expect((await confirm(body({}, [{ orderItemId: "99999999999999", quantity: 1 }]))).body).toEqual(
      invalid("OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page"),
    );
    const tooMany = invalid(
      "Failed to create package due to not finding a matching package or order already fulfilled.",
    );
    expect((await confirm(body({}, [{ orderItemId: mug(), quantity: 3 }]))).body).toEqual(tooMany);
    const wrongMarket = await confirm({ ...body({ packageReferenceId: "9" }), marketplaceId: "A1F83G8C2ARO7P" });
    expect(wrongMarket.status).toBe(400);
    expect(wrongMarket.body.errors[0].details).toMatch(/not the marketplace/);

    expect(
      (
        await confirm(
          body({ packageReferenceId: "2" }, [
            { orderItemId: mug(), quantity: 2 },
            { orderItemId: cup(), quantity: 1 },
          ]),
        )
      ).status,
    ).toBe(204);
    expect(r.amazon.getOrder(seeded.AmazonOrderId)!.OrderStatus).toBe("Shipped");
    expect((await confirm(body({ packageReferenceId: "3" }, [{ orderItemId: cup(), quantity: 1 }]))).body).toEqual(
      tooMany,
    );

    const cancelled = r.amazon.seedOrder(order());
    r.amazon.cancelOnMarketplace(cancelled.AmazonOrderId);
    const res = await confirm(
      body({}, [{ orderItemId: cancelled.OrderItems[0].OrderItemId, quantity: 1 }]),
      cancelled.AmazonOrderId,
    );
    expect(res.body).toEqual(tooMany);
    expect((await confirm(body(), "113-0000000-0000000")).status).toBe(404);
  });

  it("reflects shipping and cancelling done on Amazon's side, with LastUpdateDate bumped", async () => {
    const shipped = r.amazon.shipOnMarketplace(seeded.AmazonOrderId, {
      carrierCode: "USPS",
      trackingNumber: "9400111202555842332669",
    });
    expect(shipped.OrderStatus).toBe("Shipped");
    expect(shipped.Packages[0]).toMatchObject({
      source: "sellerCentral",
      carrierCode: "USPS",
      packageReferenceId: "1",
    });
    expect(shipped.Packages[0].orderItems).toEqual([
      { orderItemId: mug(), quantity: 2 },
      { orderItemId: cup(), quantity: 1 },
    ]);
    const other = r.amazon.seedOrder(order());
    const cancelled = r.amazon.cancelOnMarketplace(other.AmazonOrderId);
    expect(cancelled.OrderStatus).toBe("Canceled");
    expect(cancelled.NumberOfItemsUnshipped).toBe(0);
    expect(cancelled.CancelledAt).toBeDefined();
    settle(r.amazon);
    const list = await api(
      r.baseUrl,
      token,
      "GET",
      `/orders/v0/orders?MarketplaceIds=${US}&LastUpdatedAfter=${LONG_AGO}`,
    );
    expect(list.body.payload.Orders.map((o: { OrderStatus: string }) => o.OrderStatus)).toEqual([
      "Shipped",
      "Canceled",
    ]);
    expect(() => r.amazon.cancelOnMarketplace(seeded.AmazonOrderId)).toThrow(/shipped/);
  });
});
