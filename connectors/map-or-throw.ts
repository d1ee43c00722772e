import { ConnectorError, isConnectorError, type Marketplace, type UnreadableOrder } from "./types";

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

/** One order of a listing, read or refused. */
export type OrderRead<T> = { ok: true; order: T } | { ok: false; unreadable: UnreadableOrder };

/**
 * Maps one order of a listing like mapOrThrow, but a contract break (a permanent error) does not fail the page: it
 * comes back as that order's UnreadableOrder, with the raw payload, so the other orders of the page still import.
 * A retryable error (a call the mapping made failed) is thrown, as the page must be listed again.
 */
export function readOrder<T>(
  where: { marketplace: Marketplace; operation?: string; what: string },
  order: { id: string | null; raw: unknown },
  map: () => T,
): OrderRead<T> {
  try {
    return { ok: true, order: mapOrThrow(where, map) };
  } catch (e) {
    if (isConnectorError(e) && !e.retryable) {
      return { ok: false, unreadable: { marketplaceOrderId: order.id, reason: e.message, raw: order.raw } };
    }
    throw e;
  }
}

/** The page's read orders and its unreadable ones, in the listing's order. */
export function splitReads<T>(reads: readonly OrderRead<T>[]): { orders: T[]; unreadable: UnreadableOrder[] } {
  const orders: T[] = [];
  const unreadable: UnreadableOrder[] = [];
  for (const r of reads) {
    if (r.ok) orders.push(r.order);
    else unreadable.push(r.unreadable);
  }
  return { orders, unreadable };
}
