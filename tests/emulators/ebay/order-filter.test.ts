import { describe, expect, it } from "vitest";
import { parseOrderFilter } from "./order-filter";

const NOW = Date.parse("2026-06-15T12:00:00.000Z");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function errorId(raw: string): number | undefined {
  const r = parseOrderFilter(raw, NOW, 90);
  return r.ok ? undefined : r.error.errorId;
}

describe("parseOrderFilter", () => {
  it("defaults to orders created in the last 90 days", () => {
    const r = parseOrderFilter(null, NOW, 90);
    expect(r).toEqual({ ok: true, query: { dateField: "creation", range: { start: NOW - 90 * DAY } } });
  });

  it("reads lastmodifieddate with and without an end, and the status combinations in either order", () => {
    const a = parseOrderFilter(`lastmodifieddate:[${iso(NOW - DAY)}..]`, NOW, 90);
    expect(a).toEqual({ ok: true, query: { dateField: "lastModified", range: { start: NOW - DAY } } });
    const b = parseOrderFilter(
      `lastmodifieddate:[2026-06-14T00:00:00Z..2026-06-15T00:00:00.000Z], orderfulfillmentstatus:{IN_PROGRESS|NOT_STARTED}`,
      NOW,
      90,
    );
    expect(b.ok && b.query).toEqual({
      dateField: "lastModified",
      range: { start: Date.parse("2026-06-14T00:00:00Z"), end: Date.parse("2026-06-15T00:00:00Z") },
      fulfillmentStatuses: ["NOT_STARTED", "IN_PROGRESS"],
    });
  });

  it("uses only creationdate when both date filters are given", () => {
    const r = parseOrderFilter(
      `lastmodifieddate:[${iso(NOW - DAY)}..],creationdate:[${iso(NOW - 2 * DAY)}..]`,
      NOW,
      90,
    );
    expect(r.ok && r.query.dateField).toBe("creation");
    expect(r.ok && r.query.range.start).toBe(NOW - 2 * DAY);
  });

  it("answers the documented error ids", () => {
    expect(errorId("status:{PAID}")).toBe(30700);
    expect(errorId("orderfulfillmentstatus:{FULFILLED|NOT_STARTED}")).toBe(30800);
    expect(errorId("orderfulfillmentstatus:FULFILLED")).toBe(30800);
    expect(errorId(`lastmodifieddate:${iso(NOW - DAY)}`)).toBe(30800);
    expect(errorId("lastmodifieddate:[2026-06-14..]")).toBe(30810);
    expect(errorId("lastmodifieddate:[2026-06-14T00:00:00+02:00..]")).toBe(30810);
    expect(errorId(`lastmodifieddate:[..${iso(NOW)}]`)).toBe(30820);
    expect(errorId(`creationdate:[${iso(NOW - 91 * DAY)}..]`)).toBe(30830);
    expect(errorId(`creationdate:[${iso(NOW - DAY)}..${iso(NOW - 2 * DAY)}]`)).toBe(30840);
    expect(errorId(`lastmodifieddate:[${iso(NOW + 1000)}..]`)).toBe(30850);
    expect(errorId(`lastmodifieddate:[${iso(NOW - DAY)}..${iso(NOW + DAY)}]`)).toBe(30850);
  });

  it("fills the spec's message placeholders and names the parameters", () => {
    const r = parseOrderFilter("foo:[x..]", NOW, 90);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({
        errorId: 30700,
        domain: "API_FULFILLMENT",
        category: "REQUEST",
        message: "Invalid filter name: foo",
      });
      expect(r.error.parameters).toEqual([{ name: "fieldname", value: "foo" }]);
    }
    const w = parseOrderFilter(`creationdate:[${iso(NOW - 100 * DAY)}..]`, NOW, 90);
    expect(!w.ok && w.error.message).toBe("Time range between start date and end date must be within '90' days.");
  });
});
