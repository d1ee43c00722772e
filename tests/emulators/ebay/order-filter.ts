/**
 * getOrders' `filter` parameter (docs/platform-facts.md#ebay-get-orders; the spec's `filter` description), parsed into a
 * query or the documented 400:
 *
 *   creationdate:[A..B] | creationdate:[A..]     orders created in the range (inclusive)
 *   lastmodifieddate:[A..B] | lastmodifieddate:[A..]   ignored when creationdate is given too
 *   orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS} or {FULFILLED|IN_PROGRESS} (either order)
 *
 * Errors: 30700 unknown filter name, 30800 a value that is not `[..]`/`{..}` or an unsupported status
 * combination, 30810 a timestamp that is not ISO 8601 UTC, 30820 no start date, 30830 a start date
 * older than the search window (90 days, docs/platform-facts.md#ebay-get-orders), 30840 start after end, 30850 a date in the
 * future. Without a date filter, orders created in the window are searched (the spec's default).
 */
import type { FulfillmentStatus } from "./state";
import { fulfillmentError, type EbayError } from "./errors";

export interface DateRange {
  start: number;
  /** Inclusive; none: up to now. */
  end?: number;
}

export interface OrderQuery {
  dateField: "creation" | "lastModified";
  range: DateRange;
  fulfillmentStatuses?: readonly FulfillmentStatus[];
}

export type FilterResult = { ok: true; query: OrderQuery } | { ok: false; error: EbayError };

const DATE_FILTERS = ["creationdate", "lastmodifieddate"] as const;
const KNOWN_FILTERS = [...DATE_FILTERS, "orderfulfillmentstatus"];
/** `[YYYY]-[MM]-[DD]T[hh]:[mm]:[ss].[sss]Z`; the milliseconds may be left out. */
const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const SUPPORTED_STATUS_SETS: readonly (readonly FulfillmentStatus[])[] = [
  ["NOT_STARTED", "IN_PROGRESS"],
  ["FULFILLED", "IN_PROGRESS"],
];

const DAY = 86_400_000;

function parseIso(value: string): number | null {
  if (!ISO_UTC_RE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function windowError(windowDays: number): EbayError {
  // The spec words 30830 in years ("within '{allowedTime}' years"); our window is in days.
  const years = windowDays / 365;
  if (Number.isInteger(years)) return fulfillmentError(30830, { allowedTime: String(years) });
  const e = fulfillmentError(30830, { allowedTime: String(windowDays) });
  const message = e.message.replace(/'(\d+)' years/, "'$1' days");
  return { ...e, message, longMessage: message };
}

export function parseOrderFilter(raw: string | null, now: number, windowDays: number): FilterResult {
  const windowStart = now - windowDays * DAY;
  const ranges: Partial<Record<(typeof DATE_FILTERS)[number], DateRange>> = {};
  let statuses: readonly FulfillmentStatus[] | undefined;

  for (const part of (raw ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const colon = part.indexOf(":");
    const name = (colon < 0 ? part : part.slice(0, colon)).trim();
    const value = colon < 0 ? "" : part.slice(colon + 1).trim();
    const key = name.toLowerCase();
    if (!KNOWN_FILTERS.includes(key)) return { ok: false, error: fulfillmentError(30700, { fieldname: name }) };
    const invalidValue = () => ({
      ok: false as const,
      error: fulfillmentError(30800, { fieldvalue: value, fieldname: name }),
    });

    if (key === "orderfulfillmentstatus") {
      const m = /^\{(.*)\}$/.exec(value);
      if (!m) return invalidValue();
      const set = new Set(m[1]!.split("|").map((s) => s.trim()));
      const match = SUPPORTED_STATUS_SETS.find((s) => s.length === set.size && s.every((x) => set.has(x)));
      if (!match) return invalidValue();
      statuses = match;
      continue;
    }

    const m = /^\[(.*)\.\.(.*)\]$/.exec(value);
    if (!m) return invalidValue();
    const [startText, endText] = [m[1]!.trim(), m[2]!.trim()];
    if (startText === "") return { ok: false, error: fulfillmentError(30820) };
    const start = parseIso(startText);
    const end = endText === "" ? undefined : parseIso(endText);
    if (start === null || end === null) return { ok: false, error: fulfillmentError(30810) };
    if (end !== undefined && start > end) return { ok: false, error: fulfillmentError(30840) };
    if (start > now || (end !== undefined && end > now)) return { ok: false, error: fulfillmentError(30850) };
    if (start < windowStart) return { ok: false, error: windowError(windowDays) };
    ranges[key as (typeof DATE_FILTERS)[number]] = end === undefined ? { start } : { start, end };
  }

  // "If creationdate and lastmodifieddate are both included, only creationdate is used."
  const query: OrderQuery = ranges.creationdate
    ? { dateField: "creation", range: ranges.creationdate }
    : ranges.lastmodifieddate
      ? { dateField: "lastModified", range: ranges.lastmodifieddate }
      : { dateField: "creation", range: { start: windowStart } };
  if (statuses) query.fulfillmentStatuses = statuses;
  return { ok: true, query };
}
