import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { claimJobs, completeJob, enqueueJob, failJob, getJob } from "#db/queries/jobs.ts";
import { upsertShop } from "#db/queries/shops.ts";
import { backoffDelayMs } from "./backoff";
import { Worker, type JobHandlers } from "./worker";
import type { AppContext } from "../context";
import { createLogger } from "../logger";
import { StepError } from "../errors";

describe("durable job queue (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  beforeEach(() => {
    temp = openTempDatabase("queue");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "q.myshopify.com" }).id;
  });
  afterEach(() => {
    temp.remove();
  });

  it("deduplicates live jobs by idempotency key, but not finished ones", () => {
    const a = enqueueJob(db, { shopId, type: "poll-account", payload: { accountId: 1 }, idempotencyKey: "poll:1" });
    expect(a).not.toBeNull();
    expect(
      enqueueJob(db, { shopId, type: "poll-account", payload: { accountId: 1 }, idempotencyKey: "poll:1" }),
    ).toBeNull();
    const [job] = claimJobs(db, { workerId: "w1", limit: 5, leaseMs: 1000 });
    completeJob(db, job.id, "w1");
    expect(
      enqueueJob(db, { shopId, type: "poll-account", payload: { accountId: 1 }, idempotencyKey: "poll:1" }),
    ).not.toBeNull();
  });

  it("claims with a lease, only once, and reclaims an expired lease", () => {
    enqueueJob(db, { shopId, type: "export-shipment", payload: { shipmentId: 1 } });
    const now = new Date();
    const first = claimJobs(db, { workerId: "w1", limit: 5, leaseMs: 1000, now });
    expect(first).toHaveLength(1);
    expect(first[0].attempts).toBe(1);
    expect(claimJobs(db, { workerId: "w2", limit: 5, leaseMs: 1000, now })).toHaveLength(0);
    const later = new Date(now.getTime() + 1500);
    const reclaimed = claimJobs(db, { workerId: "w2", limit: 5, leaseMs: 1000, now: later });
    expect(reclaimed.map((j) => [j.id, j.lockedBy, j.attempts])).toEqual([[first[0].id, "w2", 2]]);
    // The first worker lost its lease: its completion must not count.
    completeJob(db, first[0].id, "w1");
    expect(getJob(db, first[0].id)!.status).toBe("running");
  });

  it("does not claim jobs before run_at, and ends dead with the last error", () => {
    const id = enqueueJob(db, { shopId, type: "export-shipment", payload: {}, runAt: new Date(Date.now() + 60_000) })!;
    expect(claimJobs(db, { workerId: "w", limit: 1, leaseMs: 1000 })).toHaveLength(0);
    const [j] = claimJobs(db, { workerId: "w", limit: 1, leaseMs: 1000, now: new Date(Date.now() + 61_000) });
    failJob(db, j.id, "w", "boom", null);
    expect(getJob(db, id)).toMatchObject({ status: "dead", lastError: "boom" });
  });

  it("backoff grows exponentially, is capped, and jittered", () => {
    const policy = { baseMs: 1000, capMs: 8000 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 0.999)).toBeCloseTo(1000, -1);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(2000);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBeLessThanOrEqual(8000);
  });

  it("the worker retries transient failures, gives up on permanent ones, and reports both", async () => {
    const calls: string[] = [];
    let flaky = 0;
    const handlers = {
      "poll-account": {
        async run() {
          flaky++;
          if (flaky < 3) throw new Error(`transient ${flaky}`);
          calls.push("poll ok");
        },
        onRetry: (_c: AppContext, _j: unknown, e: string) => calls.push(`retry: ${e}`),
      },
      "create-shop-order": {
        async run() {
          throw new StepError("unknown_sku", "SKU X is not in the shop");
        },
        onGiveUp: (_c: AppContext, _j: unknown, e: string) => calls.push(`gave up: ${e}`),
      },
      "record-shop-fulfillment": { async run() {} },
      "sync-shop-fulfillments": { async run() {} },
      "fetch-bigcommerce-shipments": { async run() {} },
      "export-shipment": { async run() {} },
      "reconcile-shop": { async run() {} },
      "cancel-shop-order": { async run() {} },
    } satisfies JobHandlers;
    const ctx = { db, logger: createLogger("silent") } as unknown as AppContext;
    const worker = new Worker(ctx, handlers, {
      concurrency: 2,
      idlePollMs: 5,
      leaseMs: 10_000,
      backoff: { baseMs: 1, capMs: 5 },
    });
    enqueueJob(db, { shopId, type: "poll-account", payload: {} });
    const dead = enqueueJob(db, { shopId, type: "create-shop-order", payload: {} })!;
    for (let i = 0; i < 50 && !calls.includes("poll ok"); i++) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(calls).toEqual(
      expect.arrayContaining([
        "retry: transient 1",
        "retry: transient 2",
        "poll ok",
        "gave up: SKU X is not in the shop",
      ]),
    );
    expect(getJob(db, dead)).toMatchObject({ status: "dead", attempts: 1, lastError: "SKU X is not in the shop" });
  });
});
