import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { claimJobs, completeJob, listJobs } from "#db/queries/jobs.ts";
import { getShop, markShopUninstalled, upsertShop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { createLogger } from "../logger";
import { enqueueDueReconciliations } from "./scheduler";

const HOUR = 3_600_000;

describe("enqueueDueReconciliations (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let notified = 0;
  const ctx = (intervalSeconds = 3600) =>
    ({
      db,
      env: { RECONCILE_INTERVAL_SECONDS: intervalSeconds },
      logger: createLogger("silent"),
      notifyWorkers: () => notified++,
    }) as unknown as AppContext;

  beforeEach(() => {
    temp = openTempDatabase("sched");
    db = temp.db;
    notified = 0;
  });
  afterEach(() => {
    temp.remove();
  });

  it("first one interval after the install, then once per interval, per installed shop", () => {
    const a = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" });
    const b = upsertShop(db, { platform: "bigcommerce", domain: "abc123" });
    const installed = a.installedAt.getTime();
    expect(enqueueDueReconciliations(ctx(), new Date(installed + HOUR / 2))).toBe(0);
    expect(enqueueDueReconciliations(ctx(), new Date(installed + HOUR + 1000))).toBe(2);
    expect(notified).toBe(1);
    const jobs = listJobs(db, { type: "reconcile-shop" });
    expect(jobs.map((j) => j.shopId).sort()).toEqual([a.id, b.id].sort());
    expect(getShop(db, a.id)!.reconciledAt!.getTime()).toBe(installed + HOUR + 1000);

    // Marked when enqueued: the next ticks of the same interval add nothing, even once the jobs are done.
    for (const j of claimJobs(db, { workerId: "w", limit: 10, leaseMs: 1000 })) completeJob(db, j.id, "w");
    expect(enqueueDueReconciliations(ctx(), new Date(installed + HOUR + 5000))).toBe(0);
    expect(enqueueDueReconciliations(ctx(), new Date(installed + 2 * HOUR + 1000))).toBe(2);
  });

  it("skips uninstalled shops, dedupes a shop whose run is still queued, and is off at interval 0", () => {
    const a = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" });
    const gone = upsertShop(db, { platform: "shopify", domain: "gone.myshopify.com" });
    markShopUninstalled(db, gone.id);
    const t = a.installedAt.getTime() + HOUR;
    expect(enqueueDueReconciliations(ctx(0), new Date(t + 10 * HOUR))).toBe(0);
    expect(enqueueDueReconciliations(ctx(), new Date(t))).toBe(1);
    expect(enqueueDueReconciliations(ctx(), new Date(t + 2 * HOUR))).toBe(0); // the first run is still queued
    expect(listJobs(db, { type: "reconcile-shop" }).map((j) => j.shopId)).toEqual([a.id]);
  });
});
