import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("refills at its rate times the time scale, up to the burst", () => {
    let now = 0;
    const bucket = new TokenBucket(
      2,
      4,
      () => 10,
      () => now,
    );
    expect(bucket.tryTake(4)).toBe(true);
    expect(bucket.tryTake(1)).toBe(false);
    now = 50; // 0.05 s real × 10 = 0.5 emulated s → 1 token
    expect(bucket.available()).toBeCloseTo(1);
    now = 10_000;
    expect(bucket.available()).toBe(4);
    expect(bucket.msUntil(1)).toBe(0);
  });

  it("drain empties the bucket and answers the refill time of one token, never 0 however fast the scale", () => {
    let now = 0;
    const slow = new TokenBucket(
      0.5,
      10,
      () => 1,
      () => now,
    );
    expect(slow.drain()).toBe(2000);
    expect(slow.tryTake(1)).toBe(false);
    // A scale where a token refills in well under a millisecond: the answer is still a positive wait,
    // even when the clock has moved past the refill before the caller reads it (the old msUntil read 0).
    const fast = new TokenBucket(
      1.157,
      50,
      () => 100_000,
      () => now,
    );
    const wait = fast.drain();
    now += 5;
    expect(wait).toBeGreaterThan(0);
    expect(fast.msUntil(1)).toBe(0);
  });
});
