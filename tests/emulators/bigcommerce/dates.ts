/**
 * Dates as BigCommerce writes and reads them: Orders v2 answers in RFC-2822 (`Tue, 05 Mar 2019 21:40:11 +0000`),
 * takes `date_created` in RFC-2822, and its date filters in RFC-2822 or ISO-8601. Catalog v3 answers ISO-8601.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** Epoch ms → `Tue, 05 Mar 2019 21:40:11 +0000` (always UTC, as the examples in the spec). */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Epoch ms → `2019-03-05T21:40:11+00:00` (ISO-8601 without milliseconds, as catalog v3 answers). */
export function iso8601(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

const RFC2822 =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|UT|GMT|Z)$/;

/** RFC-2822 → epoch ms; null when the text is not an RFC-2822 date-time. */
export function parseRfc2822(text: string): number | null {
  const m = RFC2822.exec(text.trim());
  if (!m) return null;
  const [, , day, mon, year, hh, mm, ss, zone] = m;
  const offsetMin = /^[+-]\d{4}$/.test(zone)
    ? (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)))
    : 0;
  const ms =
    Date.UTC(Number(year), MONTHS.indexOf(mon), Number(day), Number(hh), Number(mm), Number(ss ?? 0)) -
    offsetMin * 60_000;
  return Number.isFinite(ms) ? ms : null;
}

const ISO8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A v2 date filter (RFC-2822 or ISO-8601) → epoch ms; null when it is neither. */
export function parseDateFilter(text: string): number | null {
  const rfc = parseRfc2822(text);
  if (rfc !== null) return rfc;
  if (!ISO8601.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms : null;
}
