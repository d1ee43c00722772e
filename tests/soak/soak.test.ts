import { describe, expect, it } from "vitest";
import { formatReport, runSoak } from "./soak";

/**
 * The short chaos soak inside `npm test` (the full one is `npm run soak`): the app and one extra worker as
 * processes, 24 orders over the six pairs at 20 % faults on every API, three SIGKILLs, webhook replays, expired and
 * refused tokens. Nothing may be lost, doubled, left dead or parked.
 */
describe("chaos soak (short)", () => {
  it("24 orders at 20 % faults with kill -9: every order once in its shop, every package once", async () => {
    const lines: string[] = [];
    const report = await runSoak({
      orders: 24,
      faultRate: 0.2,
      kills: 3,
      workers: 1,
      trafficMs: 15_000,
      chaosTailMs: 15_000,
      durationLimitMs: 100_000,
      seed: 24,
      log: (l) => lines.push(l),
    });
    const shown = formatReport(report);
    // On failure, the counts and what the runner saw say where to look.
    expect(report.problems, `${shown}\n${lines.slice(-30).join("\n")}`).toEqual([]);
    expect(report.orders).toMatchObject({ placed: 24, inShopOnce: 24, lost: 0, doubled: 0 });
    expect(report.packages.shipped).toBeGreaterThanOrEqual(24);
    expect(report.packages).toMatchObject({ lost: 0, doubled: 0, wrongLines: 0 });
    expect(report.kills.app + report.kills.worker).toBe(3);
    expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(report.drained).toBe(true);
  }, 180_000);
});
