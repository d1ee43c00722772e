import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { jobs } from "../schema";
import { listDeadJobs, requeueDeadJobs } from "./dead-jobs";
import { getJob, insertJob } from "./jobs";
import { upsertShop } from "./shops";

describe("failed work: dead jobs not retried since (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  let otherShopId: number;
  beforeEach(() => {
    temp = openTempDatabase("dead-jobs");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
    otherShopId = upsertShop(db, { platform: "shopify", domain: "b.myshopify.com" }).id;
  });
  afterEach(() => temp.remove());

  /** A job as the worker leaves it when no retry would fix it. */
  function dead(p: { shop?: number; key?: string | null; error?: string }): number {
    const id = insertJob(db, {
      shopId: p.shop ?? shopId,
      type: "create-shop-order",
      payload: { orderId: 1 },
      idempotencyKey: p.key === undefined ? null : p.key,
    })!;
    db.update(jobs)
      .set({ status: "dead", attempts: 8, lastError: p.error ?? "refused", finishedAt: new Date(), lockedBy: "w" })
      .where(eq(jobs.id, id))
      .run();
    return id;
  }

  it("lists the shop's dead jobs, newest first, without another shop's or those retried since", () => {
    const keyless = dead({ key: null });
    const retriedSince = dead({ key: "create-shop-order:1" });
    // The order's own Retry queued the same step again: the old failure is no longer the news.
    const retry = insertJob(db, {
      shopId,
      type: "create-shop-order",
      payload: { orderId: 1 },
      idempotencyKey: "create-shop-order:1",
    })!;
    const stillDead = dead({ key: "create-shop-order:2" });
    dead({ shop: otherShopId, key: "create-shop-order:3" });
    insertJob(db, { shopId, type: "poll-account", payload: { accountId: 1 } });

    const listed = listDeadJobs(db, shopId, { limit: 10 });
    expect(listed.jobs.map((j) => j.id)).toEqual([stillDead, keyless]);
    expect(listed.total).toBe(2);
    expect(listDeadJobs(db, shopId, { limit: 1 })).toMatchObject({ total: 2, jobs: [{ id: stillDead }] });
    expect(retriedSince).toBeLessThan(retry);

    // The retry dies too: it is the failure shown now, once.
    db.update(jobs).set({ status: "dead" }).where(eq(jobs.id, retry)).run();
    expect(listDeadJobs(db, shopId, { limit: 10 }).jobs.map((j) => j.id)).toEqual([stillDead, retry, keyless]);
  });

  it("requeues the named jobs, due now with attempts from zero, and skips what is not the shop's failed work", () => {
    const a = dead({ key: "create-shop-order:1", error: "SKU X is not sold" });
    const b = dead({ key: null });
    const other = dead({ shop: otherShopId, key: "create-shop-order:2" });
    const now = new Date("2026-12-02T10:00:00Z");

    const result = requeueDeadJobs(db, shopId, [a, other, 999], now);
    expect(result.requeued.map((j) => j.id)).toEqual([a]);
    expect(result.skipped).toBe(2);
    expect(getJob(db, a)).toMatchObject({
      status: "queued",
      attempts: 0,
      runAt: now,
      finishedAt: null,
      lockedBy: null,
      lastError: "SKU X is not sold",
    });
    expect(getJob(db, other)?.status).toBe("dead");
    expect(getJob(db, b)?.status).toBe("dead");
    // Queued again, it is live: asking twice does nothing more.
    expect(requeueDeadJobs(db, shopId, [a]).requeued).toEqual([]);
    expect(listDeadJobs(db, shopId, { limit: 10 }).jobs.map((j) => j.id)).toEqual([b]);
  });

  it("requeues all of the shop's failed work at once, never one whose key was retried since", () => {
    const old = dead({ key: "create-shop-order:1" });
    const newer = dead({ key: "create-shop-order:1" });
    const keyless = dead({ key: null });
    dead({ shop: otherShopId, key: null });

    const { requeued } = requeueDeadJobs(db, shopId, "all");
    expect(requeued.map((j) => j.id).sort()).toEqual([newer, keyless].sort());
    expect(getJob(db, old)?.status).toBe("dead");
    expect(listDeadJobs(db, shopId, { limit: 10 }).total).toBe(0);
    expect(listDeadJobs(db, otherShopId, { limit: 10 }).total).toBe(1);
  });
});
