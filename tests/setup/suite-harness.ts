import { afterAll, beforeAll } from "vitest";
import type { Pair } from "../sandbox/seed-sandbox";
import { startHarness, type Harness } from "./app-harness";

/** eBay on both platforms: the pairs of the suites that check one behaviour in both admin UIs. */
export const EBAY_ON_BOTH_PLATFORMS: Pair[] = [
  { marketplace: "ebay", platform: "shopify" },
  { marketplace: "ebay", platform: "bigcommerce" },
];

/**
 * A harness for the calling suite: started before its tests, closed after them. The answer stands for it (a proxy
 * that reaches the started harness), so the suite writes `h.pair(…)` as with its own variable.
 */
export function harnessForSuite(opts: Parameters<typeof startHarness>[0] = {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(opts);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, {
    get(_target, prop) {
      if (!started) throw new Error("the suite's harness is used before it started (use it inside a test)");
      const value: unknown = Reflect.get(started, prop, started);
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}
