import { describe, expect, it, vi } from "vitest";
import { ConnectorError, isConnectorError } from "./types";

describe("isConnectorError", () => {
  it("recognises a ConnectorError by its brand, not its name", () => {
    expect(isConnectorError(new ConnectorError("retryable", "503"))).toBe(true);
    const named = Object.assign(new Error("look-alike"), { name: "ConnectorError", kind: "permanent", details: {} });
    for (const other of [named, new Error("plain"), null, undefined, "ConnectorError", {}])
      expect(isConnectorError(other)).toBe(false);
  });

  it("recognises one built by a second copy of this module (Vite's and tsx's), where instanceof fails", async () => {
    vi.resetModules();
    const copy = await import("./types");
    expect(copy.ConnectorError).not.toBe(ConnectorError);
    const e = new copy.ConnectorError("auth_expired", "connect again", { marketplace: "ebay" });
    expect(e instanceof ConnectorError).toBe(false);
    expect(isConnectorError(e)).toBe(true);
    expect(e.retryable).toBe(true);
    expect(copy.isConnectorError(new ConnectorError("permanent", "no"))).toBe(true);
  });

  it("recognises any object that carries the brand", () => {
    const foreign = Object.assign(new Error("elsewhere"), { [Symbol.for("orderbridge.error.ConnectorError")]: true });
    expect(isConnectorError(foreign)).toBe(true);
  });
});
