import { ConnectorError, isConnectorError, type Marketplace } from "./types";

/**
 * Maps one foreign order at a connector's edge. An answer outside the marketplace's contract (a status the spec
 * does not have, an amount that is not a number, lines that are not a list) fails as a permanent ConnectorError
 * naming the order, never as a bare Error or TypeError, and never as a silently wrong order.
 */
export function mapOrThrow<T>(where: { marketplace: Marketplace; operation?: string; what: string }, map: () => T): T {
  try {
    return map();
  } catch (cause) {
    if (isConnectorError(cause)) throw cause;
    throw new ConnectorError(
      "permanent",
      `${where.what} could not be mapped: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        marketplace: where.marketplace,
        ...(where.operation ? { operation: where.operation } : {}),
        cause,
      },
    );
  }
}
