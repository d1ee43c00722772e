import { describe, expect, it, vi } from "vitest";
import { ConnectorError, type MarketplaceConnector } from "#connectors/types.ts";
import { AuthorizationRefusedError, TransientError } from "../errors";
import { withAuthorizationCheck } from "./checked-connector";

const refused = () =>
  new ConnectorError("auth_expired", "Etsy oauthToken failed with HTTP 400: invalid_grant: refresh_token is revoked", {
    marketplace: "etsy",
    httpStatus: 400,
  });

/** A connector whose listing is refused, and whose own verification answers `verify`. */
function connector(verify: () => Promise<void>): MarketplaceConnector {
  return {
    marketplace: "etsy",
    listUpdatedOrders: vi.fn(() => Promise.reject(refused())),
    confirmShipment: vi.fn(),
    hasShipment: vi.fn(),
    resolveCarrier: vi.fn(),
    verifyAuthorization: vi.fn(verify),
  } as unknown as MarketplaceConnector;
}

describe("withAuthorizationCheck", () => {
  it("a refusal with a grant another process has rotated since is retried, not parked", async () => {
    // Seen in the chaos soak with three processes: after each reconnect one process rotated Etsy's refresh token, the
    // others still held the spent one, verified with it, and marked the account expired again.
    const stale = connector(() => Promise.reject(refused()));
    const current = connector(() => Promise.resolve());
    const checked = withAuthorizationCheck(stale, 6, () => current);
    const e = await checked.listUpdatedOrders({ updatedAfter: new Date() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect(current.verifyAuthorization).toHaveBeenCalledTimes(1);
    expect(stale.verifyAuthorization).not.toHaveBeenCalled();
    await expect(checked.verifyAuthorization()).resolves.toBeUndefined();
  });

  it("a refusal the stored grant confirms parks the account", async () => {
    const stale = connector(() => Promise.reject(refused()));
    const checked = withAuthorizationCheck(stale, 6, () => connector(() => Promise.reject(refused())));
    const e = await checked.listUpdatedOrders({ updatedAfter: new Date() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthorizationRefusedError);
    expect((e as Error).message).toMatch(/Etsy no longer accepts this account's authorisation .*reconnect/);
    // Without a way to read the stored grant, the connector verifies itself, as before.
    const alone = withAuthorizationCheck(
      connector(() => Promise.resolve()),
      6,
    );
    await expect(alone.listUpdatedOrders({ updatedAfter: new Date() })).rejects.toBeInstanceOf(TransientError);
  });
});
