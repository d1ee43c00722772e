import { describe, expect, it } from "vitest";
import { DEFAULT_NOTIFICATION_KEY_CACHE_POLICY, NotificationKeyCache } from "./notification-key-cache";

function cache(policy: Partial<typeof DEFAULT_NOTIFICATION_KEY_CACHE_POLICY> = {}) {
  let t = 1_000_000;
  const c = new NotificationKeyCache({ ...DEFAULT_NOTIFICATION_KEY_CACHE_POLICY, ...policy }, () => t);
  return { c, advance: (ms: number) => (t += ms) };
}

describe("NotificationKeyCache", () => {
  it("remembers a key for an hour by default", () => {
    const { c, advance } = cache();
    expect(c.recall("kid-1")).toBeUndefined();
    c.remember("kid-1", "PEM");
    advance(60 * 60_000 - 1);
    expect(c.recall("kid-1")).toEqual({ key: "PEM" });
    advance(1);
    expect(c.recall("kid-1")).toBeUndefined();
  });

  it("remembers an unknown key id for ten minutes by default", () => {
    const { c, advance } = cache();
    c.remember("forged", null);
    advance(10 * 60_000 - 1);
    expect(c.recall("forged")).toEqual({ key: null });
    advance(1);
    expect(c.recall("forged")).toBeUndefined();
  });

  it("lets a key found later replace an unknown id", () => {
    const { c } = cache();
    c.remember("kid-1", null);
    c.remember("kid-1", "PEM");
    expect(c.recall("kid-1")).toEqual({ key: "PEM" });
  });

  it("keeps at most maxUnknown unknown ids, forgetting the oldest first", () => {
    const { c } = cache({ maxUnknown: 2 });
    c.remember("a", null);
    c.remember("b", null);
    c.remember("a", null); // seen again: now the newest
    c.remember("c", null);
    expect(c.recall("b")).toBeUndefined();
    expect(c.recall("a")).toEqual({ key: null });
    expect(c.recall("c")).toEqual({ key: null });
  });

  it("allows lookupsPerMinute lookups at once, then one each 60/lookupsPerMinute seconds", () => {
    const { c, advance } = cache({ lookupsPerMinute: 10 });
    for (let i = 0; i < 10; i++) expect(c.takeLookup()).toBe(0);
    const wait = c.takeLookup();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(6_000);
    advance(wait);
    expect(c.takeLookup()).toBe(0);
    expect(c.takeLookup()).toBeGreaterThan(0);
  });
});
