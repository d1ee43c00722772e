import { describe, expect, it } from "vitest";
import { jsonPointerToPath, loadSpec, ORDERS_V0_SPEC } from "./spec-validator";

describe("spec validator", () => {
  const getOrders = () => loadSpec(ORDERS_V0_SPEC).operation("getOrders");
  const check = (query: string) =>
    getOrders().validateRequest({ query: new URLSearchParams(query), params: {}, body: undefined, rawBody: "" });

  it("coerces Swagger 2.0 query parameters: CSV and repeated arrays, integers, booleans", () => {
    const v = check("MarketplaceIds=A,B&MarketplaceIds=C&MaxResultsPerPage=5&IsISPU=true&CreatedAfter=2020-01-01");
    expect(v.issues).toEqual([]);
    expect(v.values).toMatchObject({
      MarketplaceIds: ["A", "B", "C"],
      MaxResultsPerPage: 5,
      IsISPU: true,
      CreatedAfter: "2020-01-01",
    });
  });

  it("reports each broken parameter by name and kind", () => {
    const v = check("MaxResultsPerPage=1.5&IsISPU=yes");
    expect(v.issues.map((i) => [i.name, i.kind])).toEqual([
      ["MarketplaceIds", "required"],
      ["MaxResultsPerPage", "type"],
      ["IsISPU", "type"],
    ]);
  });

  it("validates JSON bodies against the model with $refs resolved, reading null as absent", () => {
    const op = loadSpec(ORDERS_V0_SPEC).operation("confirmShipment");
    const body = {
      marketplaceId: "ATVPDKIKX0DER",
      packageDetail: {
        packageReferenceId: 7,
        carrierCode: "UPS",
        trackingNumber: "1",
        shipDate: "2026-01-01T00:00:00Z",
        shipFromSupplySourceId: null,
        orderItems: [{ orderItemId: "1" }],
      },
    };
    const v = op.validateRequest({
      query: new URLSearchParams(),
      params: { orderId: "1" },
      body,
      rawBody: JSON.stringify(body),
    });
    expect(v.issues.map((i) => [i.name, i.kind])).toEqual([
      ["packageDetail.packageReferenceId", "type"],
      ["packageDetail.orderItems[0].quantity", "required"],
    ]);
  });

  it("turns JSON pointers into field paths", () => {
    expect(jsonPointerToPath("/packageDetail/orderItems/0/quantity")).toBe("packageDetail.orderItems[0].quantity");
    expect(jsonPointerToPath("")).toBe("");
  });
});
