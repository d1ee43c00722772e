import { describe, expect, it } from "vitest";
import { FULFILLMENT_STATUSES, InvalidTransitionError, fulfillmentStatusLabel, transition } from "./fulfillment-status";

describe("fulfillment state machine", () => {
  it("moves unshipped → partially_shipped → shipped by confirmed units", () => {
    expect(transition("unshipped", { type: "units_confirmed", unitsOrdered: 3, unitsShipped: 1 })).toBe(
      "partially_shipped",
    );
    expect(transition("partially_shipped", { type: "units_confirmed", unitsOrdered: 3, unitsShipped: 3 })).toBe(
      "shipped",
    );
  });
  it("waits for tracking when the shop shipped without it", () => {
    expect(transition("unshipped", { type: "shop_shipped_without_tracking" })).toBe("pending");
    expect(transition("pending", { type: "units_confirmed", unitsOrdered: 1, unitsShipped: 1 })).toBe("shipped");
    expect(transition("partially_shipped", { type: "shop_shipped_without_tracking" })).toBe("partially_shipped");
  });
  it("fails and recovers to the status the units say", () => {
    expect(transition("unshipped", { type: "step_failed" })).toBe("failed");
    expect(
      transition("failed", { type: "step_retried", unitsOrdered: 2, unitsShipped: 0, awaitingTracking: false }),
    ).toBe("unshipped");
    expect(
      transition("failed", { type: "step_retried", unitsOrdered: 2, unitsShipped: 1, awaitingTracking: false }),
    ).toBe("partially_shipped");
    expect(
      transition("failed", { type: "step_retried", unitsOrdered: 2, unitsShipped: 0, awaitingTracking: true }),
    ).toBe("pending");
    expect(
      transition("shipped", { type: "step_retried", unitsOrdered: 2, unitsShipped: 2, awaitingTracking: false }),
    ).toBe("shipped");
  });
  it("refuses transitions that make no sense", () => {
    expect(() => transition("shipped", { type: "cancelled" })).toThrow(InvalidTransitionError);
    expect(() => transition("cancelled", { type: "units_confirmed", unitsOrdered: 1, unitsShipped: 1 })).toThrow(
      InvalidTransitionError,
    );
    expect(() => transition("cancelled", { type: "step_failed" })).toThrow(InvalidTransitionError);
    expect(() => transition("shipped", { type: "shop_shipped_without_tracking" })).toThrow(InvalidTransitionError);
  });
  it("labels every status", () => {
    for (const s of FULFILLMENT_STATUSES) expect(fulfillmentStatusLabel(s)).toMatch(/\w/);
  });
});
