import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { z } from "zod";
import type { DB } from "#db/client.ts";
import { getJob, listJobs } from "#db/queries/jobs.ts";
import { upsertShop } from "#db/queries/shops.ts";
import { JOB_TYPES, type JobType } from "#db/schema/index.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { createApp } from "../bootstrap";
import type { AppContext } from "../context";
import { readEnv } from "../env";
import { createLogger } from "../logger";
import type { ShopFulfillmentEvent } from "../platforms/types";
import { enqueueJob } from "./enqueue";
import { JOB_HANDLERS, jobHandlers } from "./job-handlers";
import { JOBS, jobDefinition, type JobPayload } from "./job-types";

/** A payload of each type in the shape stored today, and the key the call sites built for it before the table. */
const STORED: { [T in JobType]: { payload: Record<string, unknown>; key: string | null } } = {
  "poll-account": { payload: { accountId: 3 }, key: "poll-account:3" },
  "create-shop-order": { payload: { orderId: 5 }, key: "create-shop-order:5" },
  "cancel-shop-order": { payload: { orderId: 5 }, key: "cancel-shop-order:5" },
  "export-shipment": { payload: { shipmentId: 9 }, key: "export-shipment:9" },
  "sync-shop-fulfillments": { payload: { orderId: 5, source: "reconciliation" }, key: "sync-shop-fulfillments:5" },
  "reconcile-shop": { payload: {}, key: "reconcile-shop:1" },
  "check-authorization": { payload: { accountId: 3 }, key: "check-authorization:account:3" },
  "verify-exported-shipments": { payload: { accountId: 3 }, key: "verify-exported-shipments:3" },
  "resume-stock-holds": { payload: {}, key: "resume-stock-holds:1" },
  "privacy-request": { payload: { privacyRequestId: 7 }, key: "privacy-request:7" },
  "erase-shop": {
    payload: { shopId: 1, uninstalledAt: 1764000000000, reason: "bigcommerce_uninstalled" },
    key: "erase-shop:1:1764000000000",
  },
  "record-shop-fulfillment": {
    payload: {
      event: {
        shopOrderId: "gid://shopify/Order/1",
        fulfillmentId: "gid://shopify/Fulfillment/2",
        status: "success",
        carrierName: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shippedAt: "2026-11-30T10:00:00.000Z",
        lines: [{ shopLineItemId: "gid://shopify/LineItem/3", sku: "A-1", quantity: 1 }],
      },
      topic: "fulfillments/create",
      deliveryId: "d-1",
    },
    key: null,
  },
  "fetch-bigcommerce-shipments": {
    payload: { bigcommerce: { orderId: 100, shipmentId: 7 }, topic: "store/shipment/created", deliveryId: "d-2" },
    key: null,
  },
};

describe("the table of job types", () => {
  it("has a schema, a key and a handler for every job type, and nothing else", () => {
    expect(Object.keys(JOBS).sort()).toEqual([...JOB_TYPES].sort());
    expect(Object.keys(JOB_HANDLERS).sort()).toEqual([...JOB_TYPES].sort());
    for (const type of JOB_TYPES) {
      const def = JOBS[type];
      expect(def.payload, type).toBeInstanceOf(z.ZodType);
      expect(typeof def.key, type).toBe("function");
      expect(typeof JOB_HANDLERS[type].run, type).toBe("function");
      expect(typeof jobHandlers[type].run, type).toBe("function");
    }
  });

  it("reads the payloads stored today and keys them as the call sites did", () => {
    for (const type of JOB_TYPES) {
      const def = jobDefinition(type);
      expect(def.key(def.payload.parse(STORED[type].payload), { shopId: 1 }), type).toBe(STORED[type].key);
    }
  });

  it("defaults what older jobs lack: a sync without source came from a link; a stored date comes back a Date", () => {
    expect(JOBS["sync-shop-fulfillments"].payload.parse({ orderId: 5 })).toEqual({ orderId: 5, source: "link" });
    const { event } = JOBS["record-shop-fulfillment"].payload.parse(STORED["record-shop-fulfillment"].payload);
    expect(event.shippedAt).toEqual(new Date("2026-11-30T10:00:00.000Z"));
    expectTypeOf<JobPayload<"record-shop-fulfillment">["event"]>().toEqualTypeOf<ShopFulfillmentEvent>();
  });
});

/** Never called: tsc checks that a wrong payload (or a caller's own key) does not typecheck. */
export function wrongPayloadsDoNotTypecheck(ctx: AppContext, db: DB): void {
  // @ts-expect-error create-shop-order takes an orderId
  enqueueJob(ctx, db, "create-shop-order", { shipmentId: 1 }, { shopId: 1 });
  // @ts-expect-error ids are numbers
  enqueueJob(ctx, db, "export-shipment", { shipmentId: "1" }, { shopId: 1 });
  // @ts-expect-error a webhook records its fulfillment itself; it never enqueues a sync
  enqueueJob(ctx, db, "sync-shop-fulfillments", { orderId: 1, source: "webhook" }, { shopId: 1 });
  // @ts-expect-error the key comes from the table, not the caller
  enqueueJob(ctx, db, "poll-account", { accountId: 1 }, { shopId: 1, idempotencyKey: "mine" });
  // @ts-expect-error no such job type
  enqueueJob(ctx, db, "poll-everything", {}, { shopId: 1 });
}

describe("enqueueJob (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  beforeEach(() => {
    temp = openTempDatabase("enqueue");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "e.myshopify.com" }).id;
  });
  afterEach(() => {
    temp.remove();
  });

  it("dedupes live jobs by the table's key, stores the payload as its schema reads it, and takes maxAttempts from the table", () => {
    const ctx = { notifyWorkers: () => {} };
    const first = enqueueJob(ctx, db, "sync-shop-fulfillments", { orderId: 5, source: "reconciliation" }, { shopId });
    expect(first).not.toBeNull();
    expect(enqueueJob(ctx, db, "sync-shop-fulfillments", { orderId: 5 }, { shopId })).toBeNull();
    expect(enqueueJob(ctx, db, "sync-shop-fulfillments", { orderId: 6 }, { shopId })).not.toBeNull();
    expect(getJob(db, first!)).toMatchObject({
      idempotencyKey: "sync-shop-fulfillments:5",
      payload: { orderId: 5, source: "reconciliation" },
      maxAttempts: 8,
    });
    const poll = enqueueJob(ctx, db, "poll-account", { accountId: 2 }, { shopId });
    expect(getJob(db, poll!)).toMatchObject({ idempotencyKey: "poll-account:2", maxAttempts: 3 });
    // No key: every webhook delivery is its own job (the edge dedupes deliveries).
    const ref = { bigcommerce: { orderId: 100 }, topic: "store/order/statusUpdated", deliveryId: "d" };
    expect(enqueueJob(ctx, db, "fetch-bigcommerce-shipments", ref, { shopId })).not.toBeNull();
    expect(enqueueJob(ctx, db, "fetch-bigcommerce-shipments", ref, { shopId })).not.toBeNull();
    expect(listJobs(db, { type: "fetch-bigcommerce-shipments" }).map((j) => j.idempotencyKey)).toEqual([null, null]);
  });

  it("refuses a payload its schema does not accept, inside the transaction (nothing stored)", () => {
    const ctx = { notifyWorkers: () => {} };
    const bad = { orderId: 1.5 };
    expect(() => db.transaction((tx) => enqueueJob(ctx, tx, "create-shop-order", bad, { shopId }))).toThrow();
    expect(listJobs(db, {})).toEqual([]);
  });

  it("asks for one wake per run of enqueues, none for a deduplicated one", async () => {
    let asked = 0;
    const ctx = { notifyWorkers: () => asked++ };
    db.transaction((tx) => {
      for (const orderId of [1, 2, 3]) enqueueJob(ctx, tx, "create-shop-order", { orderId }, { shopId });
    });
    expect(asked).toBe(1);
    await Promise.resolve();
    enqueueJob(ctx, db, "create-shop-order", { orderId: 1 }, { shopId });
    expect(asked).toBe(1);
    enqueueJob(ctx, db, "create-shop-order", { orderId: 4 }, { shopId });
    expect(asked).toBe(2);
  });

  it("an enqueue inside a transaction wakes the app's sleeping worker once the transaction has committed", async () => {
    const env = readEnv({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    const app = createApp({
      env,
      db,
      encryptionKey: "a".repeat(64),
      shopifyApiSecret: "s",
      logger: createLogger("silent"),
      worker: { concurrency: 1, idlePollMs: 60_000 },
    });
    const inTransactionAtWake: boolean[] = [];
    const notify = app.worker.notify.bind(app.worker);
    vi.spyOn(app.worker, "notify").mockImplementation(() => {
      inTransactionAtWake.push(db.$client.inTransaction);
      notify();
    });
    app.worker.start();
    try {
      await new Promise((r) => setTimeout(r, 50)); // claimed nothing: asleep for a minute unless woken
      let id: number | null = null;
      db.transaction((tx) => {
        // An order we do not hold: the sync finds nothing to read and succeeds.
        id = enqueueJob(app.ctx, tx, "sync-shop-fulfillments", { orderId: 999_999 }, { shopId });
        expect(inTransactionAtWake).toEqual([]);
      });
      expect(id).not.toBeNull();
      for (let i = 0; i < 200 && getJob(db, id!)?.status !== "succeeded"; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(getJob(db, id!)?.status).toBe("succeeded");
      expect(inTransactionAtWake[0]).toBe(false);
    } finally {
      await app.worker.stop();
    }
  });
});
