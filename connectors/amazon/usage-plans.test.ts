import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "../types";
import { AmazonRateLimiter, resetAmazonRateLimits, USAGE_PLANS } from "./usage-plans";

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-03-03T00:00:00Z") });
  resetAmazonRateLimits();
});
afterEach(() => vi.useRealTimers());

/** Acquires and reports how many fake milliseconds it took. */
async function timedAcquire(
  limiter: AmazonRateLimiter,
  op: Parameters<AmazonRateLimiter["acquire"]>[0],
): Promise<number> {
  const start = Date.now();
  let done = false;
  const p = limiter.acquire(op).then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  for (let i = 0; i < 10_000 && !done; i++) await vi.advanceTimersByTimeAsync(5);
  await p;
  return Date.now() - start;
}

describe("USAGE_PLANS", () => {
  it("has the official rates (docs/platform-facts.md#amazon-usage-plans)", () => {
    expect(USAGE_PLANS.getOrders).toEqual({ rate: 0.0167, burst: 20 });
    expect(USAGE_PLANS.getOrderItems).toEqual({ rate: 0.5, burst: 30 });
    expect(USAGE_PLANS.getOrderAddress).toEqual({ rate: 0.5, burst: 30 });
    expect(USAGE_PLANS.confirmShipment).toEqual({ rate: 2, burst: 10 });
    expect(USAGE_PLANS.searchOrders).toEqual({ rate: 0.0056, burst: 20 });
    expect(USAGE_PLANS.getOrder2026).toEqual({ rate: 0.5, burst: 30 });
  });
});

describe("AmazonRateLimiter", () => {
  it("lets the burst through, then paces at the rate", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: true, timeScale: 1 });
    for (let i = 0; i < 10; i++) expect(await timedAcquire(limiter, "confirmShipment")).toBe(0);
    const waited = await timedAcquire(limiter, "confirmShipment");
    expect(waited).toBeGreaterThanOrEqual(495);
    expect(waited).toBeLessThanOrEqual(510); // 2 rps → one token per 500 ms
  });

  it("applies the time scale", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: true, timeScale: 60 }, 5_000);
    for (let i = 0; i < 20; i++) await limiter.acquire("getOrders");
    const waited = await timedAcquire(limiter, "getOrders");
    // 0.0167 rps = one token per ~59.9 emulated seconds = ~998 real ms at ×60
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThanOrEqual(1010);
  });

  it("fails fast with rate_limited when the wait is longer than maxWaitMs", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: true, timeScale: 1 });
    for (let i = 0; i < 20; i++) await limiter.acquire("getOrders");
    const err = await limiter.acquire("getOrders").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("rate_limited");
    expect((err as ConnectorError).details.retryAfterMs).toBeGreaterThan(59_000);
  });

  it("shares buckets per account across instances, not across accounts", async () => {
    const a1 = new AmazonRateLimiter(7, { enabled: true, timeScale: 1 });
    const a2 = new AmazonRateLimiter(7, { enabled: true, timeScale: 1 });
    const b = new AmazonRateLimiter(8, { enabled: true, timeScale: 1 });
    for (let i = 0; i < 10; i++) await a1.acquire("confirmShipment");
    expect(a2.bucket("confirmShipment")!.available()).toBeLessThan(1);
    expect(b.bucket("confirmShipment")!.available()).toBe(10);
    expect(a1.bucket("getOrders")).not.toBe(a1.bucket("confirmShipment"));
  });

  it("drains after a 429 so the next call waits for a refill", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: true, timeScale: 1 });
    expect(limiter.drain("getOrderItems")).toBe(2000);
    expect(await timedAcquire(limiter, "getOrderItems")).toBeGreaterThanOrEqual(1995);
  });

  it("adopts x-amzn-RateLimit-Limit as the bucket's rate, keeping the tokens in hand", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: true, timeScale: 1 });
    for (let i = 0; i < 10; i++) await limiter.acquire("confirmShipment");
    limiter.adoptRate("confirmShipment", "10");
    expect(limiter.bucket("confirmShipment")!.ratePerSecond).toBe(10);
    expect(limiter.bucket("confirmShipment")!.available()).toBeLessThan(1);
    const waited = await timedAcquire(limiter, "confirmShipment");
    expect(waited).toBeLessThanOrEqual(105);
    limiter.adoptRate("confirmShipment", "garbage");
    limiter.adoptRate("confirmShipment", "0");
    expect(limiter.bucket("confirmShipment")!.ratePerSecond).toBe(10);
  });

  it("does nothing when client-side limits are disabled", async () => {
    const limiter = new AmazonRateLimiter(1, { enabled: false, timeScale: 1 });
    for (let i = 0; i < 100; i++) expect(await timedAcquire(limiter, "getOrders")).toBe(0);
    expect(limiter.bucket("getOrders")).toBeNull();
    expect(limiter.drain("getOrders")).toBeUndefined();
  });
});
