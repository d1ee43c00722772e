import { describe, expect, it, vi } from "vitest";
import { ConnectorError } from "#connectors/types.ts";
import { InvalidTransitionError, isInvalidTransitionError } from "./domain/fulfillment-status";
import { classifyError, isStepError, isTransientError, StepError, TransientError } from "./errors";

/** What a second copy of a module builds: routes load app/.server through Vite, the process entry through tsx. */
async function secondCopyOf<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe("error brands", () => {
  it("recognise each error of this copy, and nothing else", () => {
    const step = new StepError("unknown_sku", "SKU ABC is not in the shop");
    const transient = new TransientError("rate limited", 2000);
    expect(isStepError(step)).toBe(true);
    expect(isTransientError(transient)).toBe(true);
    expect(isStepError(transient)).toBe(false);
    expect(isTransientError(step)).toBe(false);
    for (const other of [
      new Error("plain"),
      new ConnectorError("permanent", "no"),
      null,
      undefined,
      "StepError",
      42,
      {},
    ]) {
      expect(isStepError(other)).toBe(false);
      expect(isTransientError(other)).toBe(false);
    }
  });

  it("do not go by name: an Error named StepError or TransientError is neither", () => {
    const named = Object.assign(new Error("looks like one"), { name: "StepError", code: "x" });
    const namedTransient = Object.assign(new Error("looks like one"), { name: "TransientError" });
    expect(isStepError(named)).toBe(false);
    expect(isTransientError(namedTransient)).toBe(false);
  });

  it("recognise errors built by a second copy of errors.ts, where instanceof fails", async () => {
    const copy = await secondCopyOf(() => import("./errors"));
    expect(copy.StepError).not.toBe(StepError);
    const step = new copy.StepError("shop_auth", "reinstall the app", { shopId: 1 });
    const transient = new copy.TransientError("try later", 1500);
    expect(step instanceof StepError).toBe(false);
    expect(isStepError(step)).toBe(true);
    expect(isTransientError(transient)).toBe(true);
    expect(copy.isStepError(new StepError("a", "b"))).toBe(true);
    expect(classifyError(step)).toEqual({ retryable: false, message: "reinstall the app", code: "shop_auth" });
    expect(classifyError(transient)).toEqual({ retryable: true, message: "try later", retryAfterMs: 1500 });
  });

  it("recognise any class that carries the brand (another bundle's copy)", () => {
    class ForeignStepError extends Error {
      readonly code = "from_elsewhere";
    }
    Object.defineProperty(ForeignStepError.prototype, Symbol.for("orderbridge.error.StepError"), { value: true });
    const foreignTransient = Object.assign(new Error("later"), {
      [Symbol.for("orderbridge.error.TransientError")]: true,
    });
    expect(isStepError(new ForeignStepError("stop"))).toBe(true);
    expect(isTransientError(foreignTransient)).toBe(true);
    expect(classifyError(new ForeignStepError("stop"))).toEqual({
      retryable: false,
      message: "stop",
      code: "from_elsewhere",
    });
  });

  it("classifyError maps a ConnectorError of a second copy of connectors/types.ts", async () => {
    const copy = await secondCopyOf(() => import("#connectors/types.ts"));
    expect(copy.ConnectorError).not.toBe(ConnectorError);
    const limited = new copy.ConnectorError("rate_limited", "slow down", { retryAfterMs: 500 });
    const refused = new copy.ConnectorError("permanent", "bad request", { code: "25002" });
    expect(classifyError(limited)).toEqual({
      retryable: true,
      message: "slow down",
      retryAfterMs: 500,
      code: "rate_limited",
    });
    expect(classifyError(refused)).toEqual({
      retryable: false,
      message: "bad request",
      retryAfterMs: undefined,
      code: "25002",
    });
  });

  it("InvalidTransitionError is branded too", async () => {
    const copy = await secondCopyOf(() => import("./domain/fulfillment-status"));
    const e = new copy.InvalidTransitionError("cancelled", "step_failed");
    expect(e instanceof InvalidTransitionError).toBe(false);
    expect(isInvalidTransitionError(e)).toBe(true);
    expect(isInvalidTransitionError(new Error("Cannot apply"))).toBe(false);
  });
});
