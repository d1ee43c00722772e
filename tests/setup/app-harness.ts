import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { openDatabase, type DB } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createApp, type App } from "../../app/.server/bootstrap";
import { readEnv } from "../../app/.server/env";
import { startHttpServer, type HttpServer } from "../../app/.server/http-server";
import { seedSandbox } from "../../app/.server/sandbox/seed-sandbox";
import { startEmulators, SANDBOX_SHOPIFY_APP, type RunningEmulators } from "../emulators/launch";
import { amazonControl, shopifyControl } from "../emulators/control-clients";
import { marketplaceAccounts } from "../../db/schema";
import { eq } from "drizzle-orm";

export interface Harness {
  app: App;
  db: DB;
  http: HttpServer;
  emulators: RunningEmulators;
  amazon: ReturnType<typeof amazonControl>;
  shopify: ReturnType<typeof shopifyControl>;
  shopId: number;
  accountId: number;
  /** Makes the account due and enqueues its poll now (what the cron tick does). */
  pollNow(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole system over real HTTP: emulators on loopback, a real SQLite file, the Remix server serving the
 * webhook routes, the worker running. The time scale makes Amazon's 2-minute listing lag and usage plans fast.
 */
export async function startHarness(opts: { timeScale?: number; initialOrders?: number; limitsEnabled?: boolean; workerConcurrency?: number } = {}): Promise<Harness> {
  const timeScale = opts.timeScale ?? 600;
  const limitsEnabled = opts.limitsEnabled ?? true;
  const dir = join(process.cwd(), "tests/.tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `it-${randomUUID()}.sqlite`);
  const emulators = await startEmulators({ timeScale, limitsEnabled });
  const env = readEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_FILE: file,
    SHOPIFY_ADMIN_BASE_URL: emulators.urls.shopify,
    AMAZON_SP_API_BASE_URL: emulators.urls.amazon,
    AMAZON_LWA_BASE_URL: emulators.urls.amazon,
    SHOPIFY_API_KEY: "",
    SHOPIFY_API_SECRET: "",
  });
  const db = openDatabase(file);
  migrateDatabase(db);
  const app = createApp({
    env,
    db,
    encryptionKey: "a".repeat(64),
    shopifyApiSecret: SANDBOX_SHOPIFY_APP.clientSecret,
    connectorRateLimit: { enabled: limitsEnabled, timeScale },
    backoff: { baseMs: 40, capMs: 400 },
    worker: { concurrency: opts.workerConcurrency ?? 4, idlePollMs: 20, leaseMs: 30_000 },
    importSettings: { overlapMs: 60_000, initialLookbackMs: 60 * 60_000 },
  });
  const http = await startHttpServer(app.ctx, { port: 0, host: "127.0.0.1" });
  const shopify = shopifyControl(emulators.urls.shopify);
  await shopify.setAppUrl(http.url);
  const seeded = await seedSandbox(app.ctx, emulators.urls, { initialOrders: opts.initialOrders ?? 0, pollIntervalSeconds: 3600 });
  app.worker.start();
  return {
    app,
    db,
    http,
    emulators,
    amazon: amazonControl(emulators.urls.amazon),
    shopify,
    shopId: seeded.shop.id,
    accountId: seeded.account.id,
    async pollNow() {
      const { enqueueDuePolls } = await import("../../app/.server/jobs/scheduler");
      db.update(marketplaceAccounts).set({ lastPolledAt: null }).where(eq(marketplaceAccounts.id, seeded.account.id)).run();
      enqueueDuePolls(app.ctx);
    },
    async close() {
      await app.worker.stop();
      await http.close();
      await emulators.close();
      db.$client.close();
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    },
  };
}

/** Real time for Amazon's listing lag (2 emulated minutes) to pass at this scale. */
export function listingLagMs(timeScale = 600): number {
  return Math.ceil((120_000 / timeScale) * 1.2);
}
