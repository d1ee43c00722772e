import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createApp, type App } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer, type HttpServer } from "#app/.server/http-server.ts";
import { seedSandbox, type Pair, type SeededPair } from "../sandbox/seed-sandbox";
import { startEmulators, type RunningEmulators } from "../emulators/launch";
import { sandboxEnv, SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import { amazonControl, bigcommerceControl, shopifyControl } from "../emulators/control-clients";
import { jobs, marketplaceAccounts } from "#db/schema/index.ts";
import { findOrderByMarketplaceId, type Order } from "#db/queries/orders.ts";
import { waitFor } from "./wait-for";
import { inArray } from "drizzle-orm";
import type { Marketplace } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";

export interface Harness {
  app: App;
  db: DB;
  http: HttpServer;
  emulators: RunningEmulators;
  amazon: ReturnType<typeof amazonControl>;
  shopify: ReturnType<typeof shopifyControl>;
  bigcommerce: ReturnType<typeof bigcommerceControl>;
  /** Every seeded marketplace → platform pair (default: Amazon → Shopify only). */
  pairs: SeededPair[];
  pair(marketplace: Marketplace, platform: Platform): SeededPair;
  /** The first pair's shop and account. */
  shopId: number;
  accountId: number;
  /** Makes the accounts due (default: every seeded one) and enqueues their polls now (what the cron tick does). */
  pollNow(accountIds?: number[]): Promise<void>;
  /** Our order for the pair's marketplace order, if imported. */
  orderOf(p: SeededPair, marketplaceOrderId: string): Order | undefined;
  /** Waits until that order is imported and linked to its shop order. */
  linkedOrder(p: SeededPair, marketplaceOrderId: string, opts?: { timeoutMs?: number; what?: string }): Promise<Order>;
  /** Waits until no job is queued or running. */
  queueIdle(): Promise<void>;
  /** A buyer places demo order `n` with the pair's seller; one poll once the marketplace lists it (Amazon's lag). */
  placeAndPoll(p: SeededPair, n: number): Promise<string>;
  /** A buyer places demo order `n` with the pair's seller; one poll; waits until it is linked and the queue is idle. */
  placeLinkedOrder(p: SeededPair, n: number): Promise<{ marketplaceOrderId: string; order: Order }>;
  close(): Promise<void>;
}

/**
 * The whole system over real HTTP: emulators on loopback, a real SQLite file, the Remix server serving the
 * webhook routes, the worker running. The time scale makes Amazon's 2-minute listing lag and usage plans fast.
 */
export async function startHarness(
  opts: {
    timeScale?: number;
    initialOrders?: number;
    limitsEnabled?: boolean;
    workerConcurrency?: number;
    pairs?: Pair[];
  } = {},
): Promise<Harness> {
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
    ...sandboxEnv(emulators.urls),
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
  app.ctx.env.APP_URL = http.url;
  const shopify = shopifyControl(emulators.urls.shopify);
  await shopify.setAppUrl(http.url);
  const { pairs } = await seedSandbox(app.ctx, emulators.urls, {
    appUrl: http.url,
    pairs: opts.pairs ?? [{ marketplace: "amazon", platform: "shopify" }],
    initialOrders: opts.initialOrders ?? 0,
    pollIntervalSeconds: 3600,
  });
  app.worker.start();
  const harness: Harness = {
    app,
    db,
    http,
    emulators,
    amazon: amazonControl(emulators.urls.amazon),
    shopify,
    bigcommerce: bigcommerceControl(emulators.urls.bigcommerce),
    pairs,
    pair(marketplace, platform) {
      const found = pairs.find((p) => p.marketplace === marketplace && p.platform === platform);
      if (!found) throw new Error(`pair ${marketplace} → ${platform} was not seeded`);
      return found;
    },
    shopId: pairs[0].shop.id,
    accountId: pairs[0].account.id,
    async pollNow(accountIds = pairs.map((p) => p.account.id)) {
      const { enqueueDuePolls } = await import("#app/.server/jobs/scheduler.ts");
      db.update(marketplaceAccounts)
        .set({ lastPolledAt: null })
        .where(inArray(marketplaceAccounts.id, accountIds))
        .run();
      enqueueDuePolls(app.ctx);
    },
    orderOf: (p, marketplaceOrderId) => findOrderByMarketplaceId(db, p.shop.id, p.account.id, marketplaceOrderId),
    linkedOrder(p, marketplaceOrderId, opts = {}) {
      return waitFor(
        () => {
          const o = findOrderByMarketplaceId(db, p.shop.id, p.account.id, marketplaceOrderId);
          return o?.shopOrderId ? o : null;
        },
        {
          timeoutMs: opts.timeoutMs,
          what: opts.what ?? `${p.marketplace} order ${marketplaceOrderId} linked to its ${p.platform} order`,
        },
      );
    },
    async queueIdle() {
      await waitFor(
        () =>
          db
            .select()
            .from(jobs)
            .all()
            .every((j) => j.status !== "queued" && j.status !== "running"),
        { what: "queue idle" },
      );
    },
    async placeAndPoll(p, n) {
      const marketplaceOrderId = await p.placeOrder(n);
      if (p.marketplace === "amazon") await new Promise((r) => setTimeout(r, listingLagMs(timeScale)));
      await harness.pollNow([p.account.id]);
      return marketplaceOrderId;
    },
    async placeLinkedOrder(p, n) {
      const marketplaceOrderId = await harness.placeAndPoll(p, n);
      const order = await harness.linkedOrder(p, marketplaceOrderId);
      await harness.queueIdle();
      return { marketplaceOrderId, order };
    },
    async close() {
      await app.worker.stop();
      await http.close();
      await emulators.close();
      db.$client.close();
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    },
  };
  return harness;
}

/** Real time for Amazon's listing lag (2 emulated minutes) to pass at this scale. */
export function listingLagMs(timeScale = 600): number {
  return Math.ceil((120_000 / timeScale) * 1.2);
}
