import { isConnectorError, MARKETPLACE_DISPLAY_NAMES, type MarketplaceConnector } from "#connectors/types.ts";
import { AuthorizationRefusedError, TransientError } from "../errors";

/**
 * The connector the app's jobs use: an `auth_expired` from the marketplace is never believed at once. The connector
 * already refreshed and resent once; here its grant is asked once more for a new token (verifyAuthorization):
 * - granted: the refusal was passing → TransientError (the job retries with backoff);
 * - refused (`auth_expired` again): the grant is gone → AuthorizationRefusedError for the account (the job parks and
 *   the account is marked expired until the merchant reconnects it);
 * - anything else (the token endpoint timed out, answered 5xx…): it could not tell → the original error, retryable.
 * Its own verifyAuthorization answers a refused grant as AuthorizationRefusedError too (the periodic check).
 */
export function withAuthorizationCheck(
  connector: MarketplaceConnector,
  accountId: number,
  /**
   * The account's connector from its stored credentials as they are now, for the verification. Another process
   * may have rotated the grant (Etsy rotates refresh tokens) and stored the new one since `connector` was built:
   * this one's refusal then says nothing about the account's grant. Absent: `connector` verifies itself.
   */
  current?: () => MarketplaceConnector | null,
): MarketplaceConnector {
  const name = MARKETPLACE_DISPLAY_NAMES[connector.marketplace];

  const isRefusal = (e: unknown) => isConnectorError(e) && e.kind === "auth_expired";
  const refused = (check: Error) =>
    new AuthorizationRefusedError(
      { kind: "account", accountId },
      `${name} no longer accepts this account's authorisation (${check.message}); reconnect the account`,
    );

  const verifier = () => current?.() ?? connector;

  async function judged(e: unknown): Promise<unknown> {
    if (!isRefusal(e)) return e;
    try {
      await verifier().verifyAuthorization();
    } catch (check) {
      return isRefusal(check) ? refused(check as Error) : e;
    }
    return new TransientError(
      `${name} refused the access token, then granted a new one; retrying (${(e as Error).message})`,
    );
  }

  async function checked<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw await judged(e);
    }
  }

  return {
    marketplace: connector.marketplace,
    listUpdatedOrders: (params, pageToken) => checked(() => connector.listUpdatedOrders(params, pageToken)),
    confirmShipment: (input) => checked(() => connector.confirmShipment(input)),
    hasShipment: (input) => checked(() => connector.hasShipment(input)),
    resolveCarrier: (carrierName) => connector.resolveCarrier(carrierName),
    verifyAuthorization: () =>
      verifier()
        .verifyAuthorization()
        .catch((check: unknown) => {
          throw isRefusal(check) ? refused(check as Error) : check;
        }),
  };
}
