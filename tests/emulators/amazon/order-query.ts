/**
 * Listing orders, shared by v0 getOrders and 2026-01-01 searchOrders: the filters, Amazon's 2-minute
 * lag, ordering and NextToken paging.
 *
 * - The window is `[after, before]`, inclusive, on PurchaseDate ("created") or LastUpdateDate ("updated").
 *   `before` defaults to now − 2 emulated minutes, and an explicit `before` later than that is refused:
 *   Amazon only answers for a settled past, so an order updated within the last two minutes is not
 *   listed yet. The answer's LastUpdatedBefore/CreatedBefore says how far the client is covered.
 * - Orders come sorted by LastUpdateDate ascending (then AmazonOrderId).
 * - Paging is keyset paging: the token carries the query (with its `before` frozen) and the last
 *   (LastUpdateDate, AmazonOrderId) returned. An order updated between two pages moves past the frozen
 *   bound and shows up in the client's next poll instead, never twice in one listing and never lost.
 */
import type { EmulatedClock } from "./clock";
import type { Order, OrderStatus } from "./state";

/** Amazon refuses `*Before` values later than two minutes before now and lags listings by as much. */
export const LISTING_LAG_SECONDS = 120;

/** 2026-01-01 pagination tokens expire after 24 hours (docs/platform-facts.md#amazon-orders-2026), on the emulated counter. */
export const PAGINATION_TOKEN_TTL_MS = 24 * 3600 * 1000;

export interface OrderFilter {
  sellerId: string;
  dateField: "created" | "updated";
  after: number;
  before: number;
  /** Undefined: every marketplace of the seller. */
  marketplaceIds?: string[];
  statuses?: OrderStatus[];
  fulfillmentChannels?: string[];
  paymentMethods?: string[];
  buyerEmail?: string;
  sellerOrderId?: string;
  amazonOrderIds?: string[];
  /** Filters no emulated order can match (Easy Ship, ISPU, store chains, supply sources). */
  matchesNothing?: boolean;
  electronicInvoiceStatuses?: string[];
  earliestDeliveryAfter?: number;
  earliestDeliveryBefore?: number;
  latestDeliveryAfter?: number;
  latestDeliveryBefore?: number;
}

export interface PageCursor {
  lastUpdateDate: number;
  amazonOrderId: string;
}

interface TokenBody {
  v: 1;
  api: string;
  f: OrderFilter;
  c: PageCursor;
  /** Page size of the listing, the default for the next pages. */
  n: number;
  /** `EmulatedClock.emulatedMs()` after which the token is refused (undefined: never). */
  exp?: number;
}

/**
 * ISO 8601 as Amazon takes it: a date, or a date and time with optional seconds and fraction, with `Z`,
 * an offset, or nothing (read as UTC). Returns epoch ms or null.
 */
export function parseIsoDate(value: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone] = m;
  let iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ? "." + frac.slice(0, 3).padEnd(3, "0") : ""}`;
  if (!zone || /z/i.test(zone)) iso += "Z";
  else iso += zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  // Date.parse rolls 2026-02-31 over to March; Amazon would refuse it.
  const check = new Date(Date.parse(`${y}-${mo}-${d}T00:00:00Z`));
  if (check.getUTCMonth() + 1 !== Number(mo) || check.getUTCDate() !== Number(d)) return null;
  return ms;
}

/**
 * The default `*Before`: two emulated minutes ago, to the millisecond. Answers show it floored to the
 * second (Amazon's format), which only understates the coverage: an order between the two is listed now
 * and again by the next poll from the shown bound, never missed.
 */
export function settledBound(clock: EmulatedClock): number {
  return clock.lagBound(LISTING_LAG_SECONDS);
}

/** May a client-given `*Before` be used? It must be at least two emulated minutes before now. */
export function isSettled(before: number, clock: EmulatedClock): boolean {
  return before <= clock.now() - clock.realMsFor(LISTING_LAG_SECONDS);
}

function matches(o: Order, f: OrderFilter): boolean {
  if (o.sellerId !== f.sellerId) return false;
  if (f.matchesNothing) return false;
  const t = f.dateField === "created" ? o.purchaseDate : o.lastUpdateDate;
  if (t < f.after || t > f.before) return false;
  if (f.marketplaceIds && !f.marketplaceIds.includes(o.marketplaceId)) return false;
  if (f.statuses && !f.statuses.includes(o.status)) return false;
  if (f.fulfillmentChannels && !f.fulfillmentChannels.includes(o.fulfillmentChannel)) return false;
  if (f.paymentMethods && !f.paymentMethods.includes("Other")) return false;
  if (f.electronicInvoiceStatuses && !f.electronicInvoiceStatuses.includes("NotRequired")) return false;
  if (f.buyerEmail && f.buyerEmail.toLowerCase() !== o.buyerEmail.toLowerCase()) return false;
  if (f.sellerOrderId && f.sellerOrderId !== o.amazonOrderId) return false;
  if (f.amazonOrderIds && !f.amazonOrderIds.includes(o.amazonOrderId)) return false;
  if (f.earliestDeliveryAfter !== undefined && o.earliestDeliveryDate < f.earliestDeliveryAfter) return false;
  if (f.earliestDeliveryBefore !== undefined && o.earliestDeliveryDate > f.earliestDeliveryBefore) return false;
  if (f.latestDeliveryAfter !== undefined && o.latestDeliveryDate < f.latestDeliveryAfter) return false;
  if (f.latestDeliveryBefore !== undefined && o.latestDeliveryDate > f.latestDeliveryBefore) return false;
  return true;
}

function compare(a: PageCursor, b: PageCursor): number {
  return (
    a.lastUpdateDate - b.lastUpdateDate ||
    (a.amazonOrderId < b.amazonOrderId ? -1 : a.amazonOrderId > b.amazonOrderId ? 1 : 0)
  );
}

export interface OrdersPage {
  orders: Order[];
  /** Where the next page starts; undefined on the last page. */
  next?: PageCursor;
}

export function listOrders(all: Iterable<Order>, f: OrderFilter, pageSize: number, after?: PageCursor): OrdersPage {
  const sorted = [...all]
    .filter((o) => matches(o, f))
    .map((o) => ({ o, key: { lastUpdateDate: o.lastUpdateDate, amazonOrderId: o.amazonOrderId } }))
    .filter(({ key }) => !after || compare(key, after) > 0)
    .sort((a, b) => compare(a.key, b.key));
  const page = sorted.slice(0, pageSize);
  const more = sorted.length > pageSize;
  return { orders: page.map((x) => x.o), next: more ? page[page.length - 1].key : undefined };
}

/** An opaque token (base64url JSON) carrying the query and the position; scoped to one API version. */
export function encodePageToken(
  api: string,
  filter: OrderFilter,
  cursor: PageCursor,
  pageSize: number,
  expiresAt?: number,
): string {
  const body: TokenBody = {
    v: 1,
    api,
    f: filter,
    c: cursor,
    n: pageSize,
    ...(expiresAt !== undefined ? { exp: expiresAt } : {}),
  };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

export type DecodedToken =
  { ok: true; filter: OrderFilter; cursor: PageCursor; pageSize: number } | { ok: false; reason: string };

export function decodePageToken(token: string, api: string, sellerId: string, emulatedNow: number): DecodedToken {
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as TokenBody;
  } catch {
    return { ok: false, reason: "the token is malformed" };
  }
  if (!body || body.v !== 1 || body.api !== api || !body.f || !body.c || typeof body.c.amazonOrderId !== "string") {
    return { ok: false, reason: "the token is malformed" };
  }
  if (body.f.sellerId !== sellerId) return { ok: false, reason: "the token was issued to another selling partner" };
  if (body.exp !== undefined && emulatedNow > body.exp) return { ok: false, reason: "the token has expired" };
  return { ok: true, filter: body.f, cursor: body.c, pageSize: typeof body.n === "number" ? body.n : 100 };
}
