/**
 * The chaos soak (issue 8): OrderBridge as separate processes (tests/soak/soak-process.ts: the app, plus extra
 * workers) over real HTTP against the five emulators on loopback, while
 *  (a) the app and the workers are SIGKILLed at random moments and restarted on the same database,
 *  (b) every emulator API answers a fraction of the calls with a fault (each kind the kit knows, `lost_answer`
 *      included: the call is processed, the answer never comes back),
 *  (c) webhook deliveries are replayed late and out of order (Shopify with the same webhook id, BigCommerce also
 *      with a new one),
 *  (d) the marketplaces' access tokens are expired at random moments (the app must refresh them).
 * Then chaos stops, the queue drains, and the outcome is judged from the emulators' state alone: every
 * marketplace order exactly once in its shop, every shop fulfillment exactly once on its marketplace with the
 * right lines. The database is only read, for what is left parked or dead and why.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openDatabase } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createApp } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import type { AppContext } from "#app/.server/context.ts";
import { saveConnectedAccount } from "#app/.server/services/connect-state.ts";
import type { Platform } from "#db/schema/index.ts";
import { startEmulators, type RunningEmulators } from "../emulators/launch";
import { bigcommerceControl, controlCall, shopifyControl } from "../emulators/control-clients";
import type { FaultKind } from "../emulators/kit/faults";
import type { OrderSnapshot } from "../emulators/shopify/snapshots";
import { SANDBOX_EBAY_APP, SANDBOX_ETSY_APP, sandboxEnv, SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
import { ALL_PAIRS, seedSandbox, type SeededPair } from "../sandbox/seed-sandbox";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { amazonSellerFor, ebaySellerFor, etsyShopFor } from "../sandbox/sandbox-marketplaces";

export interface SoakOptions {
  /** Marketplace orders placed, spread over the six pairs. */
  orders: number;
  /** Probability that an emulator API call takes a fault while chaos is on. */
  faultRate: number;
  /** SIGKILLs during the chaos phase (the app or an extra worker). */
  kills: number;
  /** Extra worker processes beside the app. */
  workers: number;
  /** How long orders are placed for (ms); kills, replays and token expiries are spread over it. */
  trafficMs: number;
  /** After the traffic, how long faults stay on at most while the app catches up (ms). */
  chaosTailMs: number;
  /** The whole run's limit (ms): the drain is judged as it stands when it is reached. */
  durationLimitMs: number;
  seed: number;
  /** Emulated seconds per real second (Amazon's listing lag, rate limits, webhook retries). */
  timeScale: number;
  log?: (line: string) => void;
}

export const DEFAULT_SOAK: SoakOptions = {
  orders: 300,
  faultRate: 0.2,
  kills: 8,
  workers: 2,
  trafficMs: 90_000,
  chaosTailMs: 90_000,
  durationLimitMs: 600_000,
  seed: 8,
  timeScale: 600,
};

export interface SoakReport {
  options: Omit<SoakOptions, "log">;
  elapsedMs: number;
  drained: boolean;
  orders: { placed: number; inShopOnce: number; lost: number; doubled: number };
  packages: { shipped: number; onMarketplaceOnce: number; lost: number; doubled: number; wrongLines: number };
  kills: { app: number; worker: number };
  faults: Partial<Record<FaultKind, number>>;
  faultsByEmulator: Record<string, number>;
  apiCalls: number;
  /** API calls made while chaos was on (the faults' denominator). */
  apiCallsUnderChaos: number;
  replays: number;
  /** Authorisation chaos: tokens expired, shop tokens refused and restored, Etsy grants revoked, reconnects. */
  auth: { tokensExpired: number; shopRevoked: number; shopRestored: number; grantRevoked: number; reconnects: number };
  jobs: {
    parked: number;
    dead: number;
    live: number;
    deadWhy: Record<string, number>;
    parkedOn: Record<string, number>;
  };
  /** Each problem found, one line each (empty: green). */
  problems: string[];
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = fileURLToPath(new URL("./soak-process.ts", import.meta.url));
const ENCRYPTION_KEY = "b".repeat(64);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A child process of the soak, restartable on the same database. */
class Proc {
  child: ChildProcess | null = null;
  starts = 0;
  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  async start(timeoutMs = 120_000): Promise<void> {
    this.starts++;
    const out = openSync(this.logFile, "a");
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      cwd: ROOT,
      env: this.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", out],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready in ${timeoutMs} ms`)), timeoutMs);
      let buf = "";
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        if (/^ready /m.test(buf)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? sig}) before it was ready; see ${this.logFile}`));
      });
    });
  }

  /** SIGKILL, and wait until it is gone. */
  async kill(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await gone;
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    const t = setTimeout(() => c.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(t);
  }
}

interface ShopFulfillment {
  platform: Platform;
  shopOrderId: string;
  source: string;
  trackingNumber: string;
  /** sku → quantity in this fulfillment. */
  lines: Record<string, number>;
}

interface ShopOrderView {
  platform: Platform;
  id: string;
  source: string | null;
  /** sku → quantity ordered. */
  lines: Record<string, number>;
  /** sku → quantity shipped so far. */
  shipped: Record<string, number>;
  /** sku → quantity the shop still offers to fulfill (Shopify's open fulfillment orders; BigCommerce: ordered − shipped). */
  open: Record<string, number>;
  cancelled: boolean;
  fulfillments: ShopFulfillment[];
  /** The shop's own order, for the log when something does not add up. */
  raw: Record<string, any>;
}

const add = (m: Record<string, number>, k: string, n: number) => (m[k] = (m[k] ?? 0) + n);

/** The shop orders as the Shopify and BigCommerce emulators hold them. */
async function shopOrders(urls: RunningEmulators["urls"]): Promise<ShopOrderView[]> {
  const views: ShopOrderView[] = [];
  for (const o of (await shopifyControl(urls.shopify).orders(DEMO_SHOP_DOMAIN)) as OrderSnapshot[]) {
    // The snapshot's ids are GIDs, the same on the order's lines, its fulfillment orders and its fulfillments.
    const skuOf = new Map(o.lineItems.map((l) => [l.id, l.sku ?? l.id]));
    const lines: Record<string, number> = {};
    for (const l of o.lineItems) add(lines, skuOf.get(l.id)!, l.quantity);
    const shipped: Record<string, number> = {};
    const fulfillments: ShopFulfillment[] = [];
    for (const f of o.fulfillments) {
      if (f.status === "CANCELLED") continue;
      const fl: Record<string, number> = {};
      for (const l of f.lineItems) {
        const sku = skuOf.get(l.lineItemId) ?? l.lineItemId;
        add(fl, sku, l.quantity);
        add(shipped, sku, l.quantity);
      }
      fulfillments.push({
        platform: "shopify",
        shopOrderId: String(o.legacyResourceId),
        source: o.sourceIdentifier ?? "",
        trackingNumber: f.trackingNumber ?? "",
        lines: fl,
      });
    }
    const open: Record<string, number> = {};
    for (const fo of o.fulfillmentOrders) {
      if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") continue;
      for (const l of fo.lineItems)
        if (l.remainingQuantity > 0) add(open, skuOf.get(l.lineItemId) ?? l.lineItemId, l.remainingQuantity);
    }
    views.push({
      platform: "shopify",
      id: String(o.legacyResourceId),
      source: o.sourceIdentifier ?? null,
      lines,
      shipped,
      open,
      cancelled: Boolean(o.cancelledAt),
      fulfillments,
      raw: o,
    });
  }
  for (const o of await bigcommerceControl(urls.bigcommerce).orders(DEMO_BC_STORE.storeHash)) {
    const products = o.products as { id: number; sku: string; quantity: number }[];
    const skuOf = new Map(products.map((p) => [Number(p.id), p.sku]));
    const lines: Record<string, number> = {};
    for (const p of products) add(lines, p.sku, p.quantity);
    const shipped: Record<string, number> = {};
    const fulfillments: ShopFulfillment[] = [];
    for (const s of o.shipments as Record<string, any>[]) {
      const fl: Record<string, number> = {};
      for (const i of s.items as { order_product_id: number; quantity: number }[]) {
        const sku = skuOf.get(Number(i.order_product_id)) ?? `product-${i.order_product_id}`;
        add(fl, sku, i.quantity);
        add(shipped, sku, i.quantity);
      }
      fulfillments.push({
        platform: "bigcommerce",
        shopOrderId: String(o.id),
        source: o.external_order_id,
        trackingNumber: String(s.tracking_number),
        lines: fl,
      });
    }
    const open: Record<string, number> = {};
    for (const [sku, q] of Object.entries(lines)) if (q > (shipped[sku] ?? 0)) open[sku] = q - (shipped[sku] ?? 0);
    views.push({
      platform: "bigcommerce",
      id: String(o.id),
      source: o.external_order_id ?? null,
      lines,
      shipped,
      open,
      cancelled: [4, 5, 6].includes(Number(o.status_id)),
      fulfillments,
      raw: o,
    });
  }
  return views;
}

/** A package as the marketplace holds it; `lines` (sku → quantity) is null where it ships whole orders (Etsy). */
interface MarketplacePackageView {
  trackingNumber: string;
  lines: Record<string, number> | null;
}

/** The packages of a marketplace order, from the emulator's own state (not its request log). */
async function marketplacePackages(
  p: SeededPair,
  urls: RunningEmulators["urls"],
  id: string,
): Promise<MarketplacePackageView[]> {
  if (p.marketplace === "amazon") {
    const o = await controlCall<Record<string, any>>(urls.amazon, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`);
    const sku = new Map<string, string>(
      (o.OrderItems as { OrderItemId: string; SellerSKU: string }[]).map((i) => [i.OrderItemId, i.SellerSKU]),
    );
    return (o.Packages as { trackingNumber: string; orderItems: { orderItemId: string; quantity: number }[] }[]).map(
      (k) => {
        const lines: Record<string, number> = {};
        for (const i of k.orderItems) add(lines, sku.get(i.orderItemId) ?? `?${i.orderItemId}`, i.quantity);
        return { trackingNumber: k.trackingNumber, lines };
      },
    );
  }
  if (p.marketplace === "ebay") {
    const o = await controlCall<Record<string, any>>(urls.ebay, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`);
    const sku = new Map<string, string>(
      (o.lineItems as { lineItemId: string; sku: string }[]).map((l) => [l.lineItemId, l.sku]),
    );
    return (
      o.fulfillments as { trackingNumber: string | null; lineItems: { lineItemId: string; quantity: number }[] }[]
    ).map((f) => {
      const lines: Record<string, number> = {};
      for (const l of f.lineItems) add(lines, sku.get(l.lineItemId) ?? `?${l.lineItemId}`, l.quantity);
      return { trackingNumber: f.trackingNumber ?? "", lines };
    });
  }
  return (await p.seller.packages(id)).map((k) => ({ trackingNumber: k.trackingNumber ?? "", lines: null }));
}

const sameLines = (a: Record<string, number>, b: Record<string, number>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};
const showLines = (l: Record<string, number>) =>
  Object.entries(l)
    .map(([k, v]) => `${v}×${k}`)
    .join(" ");

/** Places orders, ships them as the merchant, replays webhooks, expires tokens, kills processes; then judges. */
export async function runSoak(input: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const opts: SoakOptions = { ...DEFAULT_SOAK, ...input };
  const started = Date.now();
  const sink = opts.log ?? ((l: string) => console.log(l));
  const log = (l: string) => sink(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${l}`);
  const deadline = started + opts.durationLimitMs;
  let rnd = opts.seed >>> 0;
  const random = () => {
    rnd = (rnd + 0x6d2b79f5) >>> 0;
    let t = rnd;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const dir = join(ROOT, "tests/.tmp", `soak-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, "orderbridge.sqlite");
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const emulators = await startEmulators({ timeScale: opts.timeScale, limitsEnabled: true, appUrl });
  const urls = emulators.urls;
  const names = Object.keys(urls) as (keyof typeof urls)[];

  // The processes' env: the app's own, pointed at the emulators; the parent's test runner left out.
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("VITEST")) baseEnv[k] = v;
  Object.assign(baseEnv, {
    ...sandboxEnv(urls),
    NODE_ENV: "development",
    ORDERBRIDGE_APP_SERVER: "1",
    DATABASE_FILE: dbFile,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: appUrl,
    ENCRYPTION_KEY,
    SHOPIFY_API_KEY: "",
    SHOPIFY_API_SECRET: SANDBOX_SHOPIFY_APP.clientSecret,
    SANDBOX_TIME_SCALE: String(opts.timeScale),
    RECONCILE_INTERVAL_SECONDS: "20",
    AUTH_RECHECK_INTERVAL_SECONDS: "2",
    WORKER_CONCURRENCY: "4",
    LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? "warn",
  });

  // The database exists and is migrated before any process opens it.
  const seedDb = openDatabase(dbFile);
  migrateDatabase(seedDb);
  const app = new Proc("app", { ...baseEnv, SOAK_ROLE: "app" }, join(dir, "app.log"));
  const workers = Array.from(
    { length: opts.workers },
    (_, i) => new Proc(`worker-${i + 1}`, { ...baseEnv, SOAK_ROLE: "worker" }, join(dir, `worker-${i + 1}.log`)),
  );
  const kills = { app: 0, worker: 0 };
  let replays = 0;
  const auth = { tokensExpired: 0, shopRevoked: 0, shopRestored: 0, grantRevoked: 0, reconnects: 0 };
  const restores: Promise<void>[] = [];
  const problems: string[] = [];
  let stopping = false;

  const chaos = (body: unknown) =>
    Promise.all(names.map((n) => controlCall<unknown>(urls[n], "POST", "/__sandbox/chaos", body)));
  /** API requests the emulators have seen so far (control calls aside). */
  const apiRequests = async () =>
    (await Promise.all(names.map((n) => controlCall<{ requests: number }>(urls[n], "GET", "/__sandbox/chaos")))).reduce(
      (sum, c) => sum + c.requests,
      0,
    );

  try {
    // The extra workers start beside the app (they need only the migrated database), and are awaited after seeding.
    const workersUp = Promise.all(workers.map((w) => w.start()));
    workersUp.catch(() => {}); // awaited below; a failure there is the run's
    await app.start();
    log(`soak: app up at ${appUrl} (database ${dbFile})`);
    const { ctx } = createApp({
      env: readEnv({ ...baseEnv } as NodeJS.ProcessEnv),
      db: seedDb,
      encryptionKey: ENCRYPTION_KEY,
      shopifyApiSecret: SANDBOX_SHOPIFY_APP.clientSecret,
    });
    const { pairs } = await seedSandbox(ctx, urls, {
      appUrl,
      pairs: ALL_PAIRS,
      initialOrders: 0,
      pollIntervalSeconds: 2,
    });
    await workersUp;
    log(`soak: seeded ${pairs.length} pairs; ${workers.length} extra workers up`);

    const requestsBefore = await apiRequests();
    await chaos({ rate: opts.faultRate, seed: opts.seed, timeoutMs: 1_500 });
    log(`soak: chaos on (${opts.faultRate * 100} % of API calls), placing ${opts.orders} orders`);

    // The marketplace orders placed: pair → its order ids.
    const placed: { pair: SeededPair; id: string }[] = [];
    const trafficEnd = Date.now() + opts.trafficMs;

    const placing = (async () => {
      for (let i = 0; i < opts.orders; i++) {
        const pair = pairs[i % pairs.length];
        placed.push({ pair, id: await pair.placeOrder(1000 + i) });
        const left = trafficEnd - Date.now();
        await sleep(Math.max(0, left / Math.max(1, opts.orders - i)));
      }
    })();

    // The merchant: ships what is imported, a multi-line order in two packages (one line, then the rest).
    let tracking = opts.seed * 100_000;
    const shipping = (async () => {
      const odd = new Set<string>();
      while (!stopping) {
        let views: ShopOrderView[] = [];
        try {
          views = await shopOrders(urls);
        } catch (e) {
          log(`soak: merchant could not read the shops: ${(e as Error).message}`);
        }
        for (const o of views) {
          const left = Object.entries(o.open).map(([sku, quantity]) => ({ sku, quantity }));
          if (!o.source || o.cancelled || !left.length) continue;
          const driver = pairs.find((p) => p.platform === o.platform)!.shopDriver;
          const shopOrderId = o.platform === "shopify" ? `gid://shopify/Order/${o.id}` : o.id;
          const partial = left.length > 1 && !o.fulfillments.length;
          try {
            await driver.ship(shopOrderId, {
              lines: partial ? [left[0]] : undefined,
              carrier: "UPS",
              trackingNumber: upsTrackingNumber(++tracking),
            });
          } catch (e) {
            if (!odd.has(o.id))
              log(
                `soak: merchant could not ship ${o.platform} order ${o.id}: ${(e as Error).message}\n${JSON.stringify(o.raw)}`,
              );
            odd.add(o.id);
          }
        }
        await sleep(1_000);
      }
    })();

    // Webhook replays: old deliveries again, late and out of order.
    const replaying = (async () => {
      const shopify = shopifyControl(urls.shopify);
      const bc = bigcommerceControl(urls.bigcommerce);
      // The delivery logs grow with the run: read them every few replays, not before each.
      let s: Record<string, any>[] = [];
      let b: Record<string, any>[] = [];
      for (let i = 0; !stopping && Date.now() < trafficEnd; i++) {
        await sleep(300 + random() * 700);
        try {
          if (i % 8 === 0) {
            s = (await shopify.webhooks()).filter((d) => !d.redeliveryOf);
            b = (await bc.webhooks()).filter((d) => !d.redeliveryOf);
          }
          if (s.length) {
            await shopify.redeliver(String(s[Math.floor(random() * s.length)].id));
            replays++;
          }
          if (b.length) {
            await bc.redeliver(String(b[Math.floor(random() * b.length)].id), { newWebhookId: random() < 0.5 });
            replays++;
          }
        } catch (e) {
          log(`soak: replay failed: ${(e as Error).message}`);
        }
      }
    })();

    // Authorisations: access tokens expired under the app's feet (it must refresh them); a shop's tokens refused
    // for a while and then accepted again (the app's periodic check must resume the parked work); an Etsy grant
    // revoked (the merchant reconnects, see `reconnecting`).
    const revoking = (async () => {
      let step = 0;
      while (!stopping && Date.now() < trafficEnd) {
        await sleep(1_500 + random() * 2_500);
        const platform: Platform = random() < 0.5 ? "shopify" : "bigcommerce";
        // In turn: expiry, shop refusal, expiry, Etsy grant revoked, expiry...
        const turn = step++ % 4;
        try {
          if (turn === 1) {
            const shop = platform === "shopify" ? DEMO_SHOP_DOMAIN : DEMO_BC_STORE.storeHash;
            const control =
              platform === "shopify" ? shopifyControl(urls.shopify) : bigcommerceControl(urls.bigcommerce);
            await control.revokeTokens(shop);
            auth.shopRevoked++;
            const restoreIn = 1_000 + random() * 3_000;
            restores.push(
              sleep(restoreIn).then(async () => {
                await control.restoreTokens(shop);
                auth.shopRestored++;
              }),
            );
          } else if (turn === 3) {
            const { shopId } = etsyShopFor(platform);
            await controlCall(urls.etsy, "POST", `/__sandbox/shops/${shopId}/revoke-tokens`);
            await controlCall(urls.etsy, "POST", `/__sandbox/shops/${shopId}/expire-tokens`);
            auth.grantRevoked++;
          } else {
            const which = Math.floor(random() * 3);
            if (which === 0)
              await controlCall(
                urls.amazon,
                "POST",
                `/__sandbox/sellers/${encodeURIComponent(amazonSellerFor(platform).sellerId)}/expire-tokens`,
              );
            else if (which === 1)
              await controlCall(
                urls.ebay,
                "POST",
                `/__sandbox/users/${encodeURIComponent(ebaySellerFor(platform).username)}/expire-tokens`,
              );
            else await controlCall(urls.etsy, "POST", `/__sandbox/shops/${etsyShopFor(platform).shopId}/expire-tokens`);
            auth.tokensExpired++;
          }
        } catch (e) {
          log(`soak: authorisation chaos failed: ${(e as Error).message}`);
        }
      }
    })();

    // The merchant reconnects an account the app says it lost (the admin's banner), a moment after it shows.
    const reconnecting = (async () => {
      while (!stopping) {
        await sleep(1_000);
        try {
          for (const a of accountsNeedingReconnect(dbFile)) {
            if (Date.now() - a.authLostAt < 500) continue;
            const pair = pairs.find((p) => p.account.id === a.id);
            // Amazon's grants do not rotate: a refusal there was passing, and the app's own check restores it.
            if (!pair || pair.marketplace === "amazon") continue;
            await reconnect(ctx, urls, pair, auth.reconnects + 1);
            auth.reconnects++;
            log(`soak: merchant reconnected ${pair.marketplace} → ${pair.platform} (${a.reason.slice(0, 120)})`);
          }
        } catch (e) {
          log(`soak: reconnect failed: ${(e as Error).message}`);
        }
      }
    })();

    // kill -9 at random moments, restart on the same database.
    // Restarts run beside the next kills (an app restart takes seconds on a loaded machine): a process is killed
    // again only once it is up.
    const restarting = new Map<Proc, Promise<void>>();
    const killing = (async () => {
      for (let k = 0; k < opts.kills && !stopping; k++) {
        const slot = (trafficEnd - Date.now()) / (opts.kills - k);
        await sleep(slot * (0.3 + random() * 0.7));
        const upNow = () => [app, ...workers].filter((p) => !restarting.has(p));
        if (!upNow().length) await Promise.race(restarting.values());
        const up = upNow();
        const upWorkers = up.filter((p) => p !== app);
        const victim =
          up.includes(app) && (!upWorkers.length || random() < 0.5)
            ? app
            : upWorkers[Math.floor(random() * upWorkers.length)];
        await victim.kill();
        if (victim === app) kills.app++;
        else kills.worker++;
        log(`soak: kill -9 ${victim.name} (${kills.app + kills.worker}/${opts.kills})`);
        const back = sleep(100 + random() * 900)
          .then(() => victim.start())
          .catch((e: Error) => {
            problems.push(`${victim.name} did not restart: ${e.message}`);
          })
          .finally(() => restarting.delete(victim));
        restarting.set(victim, back);
      }
      await Promise.all(restarting.values());
    })();

    await Promise.all([placing, replaying, revoking, killing]);
    await Promise.all(restores);
    log(`soak: traffic done (${placed.length} orders, ${kills.app + kills.worker} kills)`);
    // Faults stay on while the app catches up (most of its work comes after the last order is placed), until 90 %
    // of the packages are on their marketplace or the tail's time is out; then the drain runs without them.
    const tailEnd = Math.min(deadline - opts.durationLimitMs / 3, Date.now() + opts.chaosTailMs);
    while (Date.now() < tailEnd) {
      const v = await judge();
      if (v.orders.lost === 0 && v.packages.onMarketplaceOnce >= 0.9 * Math.max(1, v.packages.shipped)) break;
      await sleep(3_000);
    }
    log("soak: chaos off, draining");
    await chaos({ rate: 0, seed: 1 });
    const apiCallsUnderChaos = (await apiRequests()) - requestsBefore;
    for (const p of [app, ...workers]) if (!p.child) await p.start();

    // Drain: until the emulators show every order once and every package once, and the queue has no work left.
    let drained = false;
    while (Date.now() < deadline) {
      // The queue and the authorisations first (cheap reads); the emulators' verdict only when they are quiet.
      if (liveWork(dbFile) === 0 && !authorisationsLost(dbFile).length && (await judge()).complete) {
        drained = true;
        log("soak: drained");
        break;
      }
      await sleep(2_000);
    }
    stopping = true;
    await Promise.all([shipping, reconnecting]);
    const verdict = await judge();
    problems.push(...verdict.problems);

    const faults: Partial<Record<FaultKind, number>> = {};
    const faultsByEmulator: Record<string, number> = {};
    let apiCalls = 0;
    for (const n of names) {
      const s = await controlCall<{ injected: Partial<Record<FaultKind, number>>; requests: number }>(
        urls[n],
        "GET",
        "/__sandbox/chaos",
      );
      apiCalls += s.requests;
      faultsByEmulator[n] = 0;
      for (const [k, v] of Object.entries(s.injected) as [FaultKind, number][]) {
        faults[k] = (faults[k] ?? 0) + v;
        faultsByEmulator[n] += v;
      }
    }
    const jobs = jobFacts(dbFile);
    for (const lost of authorisationsLost(dbFile)) problems.push(`still refused after the drain: ${lost}`);
    if (jobs.parked)
      problems.push(`${jobs.parked} jobs still parked after the drain: ${JSON.stringify(jobs.parkedOn)}`);
    if (jobs.dead) problems.push(`${jobs.dead} dead jobs: ${JSON.stringify(jobs.deadWhy)}`);
    if (!drained) problems.push(`not drained within the ${opts.durationLimitMs} ms limit (${jobs.live} live jobs)`);

    const { log: _log, ...shown } = opts;
    return {
      options: shown,
      elapsedMs: Date.now() - started,
      drained,
      orders: verdict.orders,
      packages: verdict.packages,
      kills,
      faults,
      faultsByEmulator,
      apiCalls,
      apiCallsUnderChaos,
      replays,
      auth,
      jobs,
      problems,
    };

    /** What the emulators show: each placed order in its shop once; each shop fulfillment on its marketplace once. */
    async function judge() {
      const found: string[] = [];
      const views = await shopOrders(urls);
      const bySource = new Map<string, ShopOrderView[]>();
      for (const v of views) {
        if (!v.source) continue;
        const key = `${v.platform}|${v.source}`;
        bySource.set(key, [...(bySource.get(key) ?? []), v]);
      }
      const orders = { placed: placed.length, inShopOnce: 0, lost: 0, doubled: 0 };
      const packages = { shipped: 0, onMarketplaceOnce: 0, lost: 0, doubled: 0, wrongLines: 0 };
      let complete = placed.length === opts.orders;
      for (const { pair, id } of placed) {
        const inShop = bySource.get(`${pair.platform}|${pair.marketplace}:${id}`) ?? [];
        if (inShop.length === 0) {
          orders.lost++;
          complete = false;
          found.push(`${pair.marketplace} order ${id} is not in its ${pair.platform} shop`);
          continue;
        }
        if (inShop.length > 1) {
          orders.doubled++;
          found.push(`${pair.marketplace} order ${id} is ${inShop.length} times in its ${pair.platform} shop`);
        } else orders.inShopOnce++;
        const shop = inShop[0];
        if (shop.cancelled) found.push(`${pair.marketplace} order ${id} is cancelled in its ${pair.platform} shop`);
        else if (Object.keys(shop.open).length) complete = false;
        const pkgs = await marketplacePackages(pair, urls, id);
        for (const f of shop.fulfillments) {
          packages.shipped++;
          const same = pkgs.filter((k) => k.trackingNumber === f.trackingNumber);
          if (same.length === 0) {
            packages.lost++;
            complete = false;
            found.push(
              `${pair.platform} fulfillment ${f.trackingNumber} of ${pair.marketplace} order ${id} is not on the marketplace`,
            );
            continue;
          }
          if (same.length > 1) {
            packages.doubled++;
            found.push(
              `${pair.platform} fulfillment ${f.trackingNumber} of ${pair.marketplace} order ${id} is ${same.length} times on the marketplace`,
            );
          } else packages.onMarketplaceOnce++;
          const lines = same[0].lines;
          if (lines && !sameLines(lines, f.lines)) {
            packages.wrongLines++;
            found.push(
              `${pair.marketplace} order ${id} package ${f.trackingNumber}: ${showLines(lines)} on the marketplace for ${showLines(f.lines)} shipped`,
            );
          }
        }
        // Packages the marketplace holds that no shop fulfillment has.
        const known = new Set(shop.fulfillments.map((f) => f.trackingNumber));
        for (const k of pkgs)
          if (!known.has(k.trackingNumber ?? ""))
            found.push(`${pair.marketplace} order ${id} has a package ${k.trackingNumber} the shop never shipped`);
      }
      return { complete, orders, packages, problems: found };
    }
  } finally {
    stopping = true;
    await Promise.all([app, ...workers].map((p) => p.stop()));
    seedDb.$client.close();
    await emulators.close();
    if (!process.env.SOAK_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the soak's database (read-only) with `query`, closed afterwards. */
function readDb<T>(dbFile: string, query: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** The accounts the admin shows with "Reconnect needed". */
function accountsNeedingReconnect(dbFile: string): { id: number; authLostAt: number; reason: string }[] {
  return readDb(
    dbFile,
    (db) =>
      db
        .prepare(
          `SELECT id, auth_lost_at AS authLostAt, coalesce(auth_lost_reason, '') AS reason
           FROM marketplace_accounts WHERE auth_lost_at IS NOT NULL`,
        )
        .all() as { id: number; authLostAt: number; reason: string }[],
  );
}

/** Shops and accounts whose authorisation the app still holds as refused. */
function authorisationsLost(dbFile: string): string[] {
  return readDb(dbFile, (db) =>
    (
      db
        .prepare(
          `SELECT 'shop ' || domain AS who, auth_lost_reason AS reason FROM shops WHERE auth_lost_at IS NOT NULL
           UNION ALL
           SELECT 'account ' || id || ' (' || marketplace || ')', auth_lost_reason FROM marketplace_accounts
           WHERE auth_lost_at IS NOT NULL`,
        )
        .all() as { who: string; reason: string | null }[]
    ).map((r) => `${r.who}: ${r.reason ?? "?"}`),
  );
}

/**
 * The merchant reconnects the pair's account: a new consent at the marketplace (a new refresh token), stored by the
 * app's own callback service, which resumes the parked work.
 */
async function reconnect(ctx: AppContext, urls: RunningEmulators["urls"], pair: SeededPair, n: number) {
  let seller: { key: "shopId" | "username"; value: string | number };
  let credentials: Record<string, string>;
  if (pair.marketplace === "etsy") {
    const shop = etsyShopFor(pair.platform);
    const { keystring, sharedSecret } = SANDBOX_ETSY_APP;
    credentials = { keystring, sharedSecret, refreshToken: `${shop.userId}.reconnected-${n}` };
    seller = { key: "shopId", value: shop.shopId };
    const { shopId, userId, shopName } = shop;
    await controlCall(urls.etsy, "POST", "/__sandbox/shops", { shopId, userId, shopName, ...credentials });
  } else if (pair.marketplace === "ebay") {
    const { username, userId, refreshToken } = ebaySellerFor(pair.platform);
    const { clientId, clientSecret, ruName } = SANDBOX_EBAY_APP;
    credentials = { clientId, clientSecret, refreshToken: `${refreshToken}.reconnected-${n}` };
    seller = { key: "username", value: username };
    await controlCall(urls.ebay, "POST", "/__sandbox/users", { username, userId, ruName, ...credentials });
  } else throw new Error(`no reconnect for ${pair.marketplace} in the soak (its grants do not rotate)`);
  const { marketplace, account } = pair;
  saveConnectedAccount(ctx, {
    shopId: pair.shop.id,
    marketplace,
    seller,
    name: account.name,
    settings: {},
    credentials,
  });
}

/** Jobs with work left (queued or running), the periodic ones (polls, reconciliations, checks) aside. */
function liveWork(dbFile: string): number {
  return readDb(
    dbFile,
    (db) =>
      (
        db
          .prepare(
            `SELECT count(*) AS n FROM jobs WHERE status IN ('queued', 'running', 'parked')
             AND type NOT IN ('poll-account', 'reconcile-shop', 'check-authorization')`,
          )
          .get() as { n: number }
      ).n,
  );
}

function jobFacts(dbFile: string): SoakReport["jobs"] {
  return readDb(dbFile, (db) => {
    const rows = db.prepare(`SELECT type, status, last_error, parked_on FROM jobs`).all() as {
      type: string;
      status: string;
      last_error: string | null;
      parked_on: string | null;
    }[];
    const deadWhy: Record<string, number> = {};
    const parkedOn: Record<string, number> = {};
    let live = 0;
    for (const r of rows) {
      if (r.status === "dead") add(deadWhy, `${r.type}: ${(r.last_error ?? "?").slice(0, 160)}`, 1);
      if (r.status === "parked") add(parkedOn, `${r.type} on ${r.parked_on}`, 1);
      if (r.status === "queued" || r.status === "running") live++;
    }
    return {
      parked: rows.filter((r) => r.status === "parked").length,
      dead: rows.filter((r) => r.status === "dead").length,
      live,
      deadWhy,
      parkedOn,
    };
  });
}

/** The report as the table `npm run soak` prints. */
export function formatReport(r: SoakReport): string {
  const injected = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const rows: [string, string][] = [
    ["orders placed", String(r.orders.placed)],
    ["orders in their shop once", String(r.orders.inShopOnce)],
    ["orders lost", String(r.orders.lost)],
    ["orders doubled", String(r.orders.doubled)],
    ["packages shipped in the shops", String(r.packages.shipped)],
    ["packages on the marketplace once", String(r.packages.onMarketplaceOnce)],
    ["packages lost", String(r.packages.lost)],
    ["packages doubled", String(r.packages.doubled)],
    ["packages with wrong lines", String(r.packages.wrongLines)],
    ["kill -9 (app / workers)", `${r.kills.app} / ${r.kills.worker}`],
    ["API calls to the emulators", String(r.apiCalls)],
    [
      "  of them while chaos was on",
      `${r.apiCallsUnderChaos} (faults: ${injected}, ${((100 * injected) / Math.max(1, r.apiCallsUnderChaos)).toFixed(1)} %)`,
    ],
    ...(Object.entries(r.faults) as [string, number][]).map(([k, v]): [string, string] => [`faults: ${k}`, String(v)]),
    [
      "faults by emulator",
      Object.entries(r.faultsByEmulator)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    ],
    ["webhook replays", String(r.replays)],
    ["access tokens expired", String(r.auth.tokensExpired)],
    ["shop tokens refused / restored", `${r.auth.shopRevoked} / ${r.auth.shopRestored}`],
    ["Etsy grants revoked", String(r.auth.grantRevoked)],
    ["merchant reconnects", String(r.auth.reconnects)],
    ["jobs parked", String(r.jobs.parked)],
    ["jobs dead", String(r.jobs.dead)],
    ...Object.entries(r.jobs.deadWhy).map(([k, v]): [string, string] => [`  dead: ${k}`, String(v)]),
    ...Object.entries(r.jobs.parkedOn).map(([k, v]): [string, string] => [`  parked: ${k}`, String(v)]),
    ["drained", `${r.drained} (${(r.elapsedMs / 1000).toFixed(0)} s in all)`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  const verdict = r.problems.length
    ? `\nFAILED: ${r.problems.length} problems\n${r.problems
        .slice(0, 40)
        .map((p) => `  - ${p}`)
        .join("\n")}`
    : "\nOK: every order once in its shop, every package once on its marketplace";
  return `\nOrderBridge soak: ${r.options.orders} orders, ${r.options.faultRate * 100} % faults, ${r.options.kills} kills, ${r.options.workers} extra workers\n\n${lines.join("\n")}\n${verdict}\n`;
}
