import { beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import {
  clearRestrictedDataTokens,
  LISTING_PII_RESOURCES,
  RDT_REFUSED_RETRY_MS,
  RestrictedDataTokens,
} from "./restricted-data-tokens";

beforeEach(() => clearRestrictedDataTokens());

describe("RestrictedDataTokens", () => {
  it("asks once for the listing's resources and reuses the token until shortly before it expires", async () => {
    let now = 1_000_000;
    const request = vi.fn(async () => ({ token: `Atz.sprdt|${request.mock.calls.length}`, expiresInSeconds: 3600 }));
    const rdt = new RestrictedDataTokens("acct", request, () => now);
    expect(await rdt.forListing()).toBe("Atz.sprdt|1");
    expect(await rdt.forListing()).toBe("Atz.sprdt|1");
    expect(request).toHaveBeenCalledWith(LISTING_PII_RESOURCES);
    now += 3600_000 - 30_000; // within the last minute of its hour
    expect(await rdt.forListing()).toBe("Atz.sprdt|2");
    rdt.invalidate("Atz.sprdt|2");
    expect(await rdt.forListing()).toBe("Atz.sprdt|3");
    // Another account has its own token.
    expect(await new RestrictedDataTokens("other", request, () => now).forListing()).toBe("Atz.sprdt|4");
  });

  it("an account Amazon refuses (no PII role) lists without PII, and is asked again only after a while", async () => {
    let now = 0;
    const request = vi.fn(async () => {
      throw new ConnectorError("permanent", "Amazon createRestrictedDataToken: 403 Unauthorized", {
        marketplace: "amazon",
        httpStatus: 403,
      });
    });
    const rdt = new RestrictedDataTokens("acct", request, () => now);
    expect(await rdt.forListing()).toBeNull();
    expect(await rdt.forListing()).toBeNull();
    expect(request).toHaveBeenCalledTimes(1);
    now += RDT_REFUSED_RETRY_MS + 1;
    expect(await rdt.forListing()).toBeNull();
    expect(request).toHaveBeenCalledTimes(2);
  });

  it("a passing failure (throttled, Amazon down) lists without PII this time and asks again next time", async () => {
    const request = vi
      .fn<() => Promise<{ token: string; expiresInSeconds: number }>>()
      .mockRejectedValueOnce(
        new ConnectorError("rate_limited", "throttled", { marketplace: "amazon", httpStatus: 429 }),
      )
      .mockResolvedValueOnce({ token: "Atz.sprdt|ok", expiresInSeconds: 3600 });
    const rdt = new RestrictedDataTokens("acct", request);
    expect(await rdt.forListing()).toBeNull();
    expect(await rdt.forListing()).toBe("Atz.sprdt|ok");
  });

  it("a bug is not swallowed", async () => {
    const rdt = new RestrictedDataTokens("acct", async () => {
      throw new TypeError("boom");
    });
    await expect(rdt.forListing()).rejects.toThrow("boom");
  });
});
