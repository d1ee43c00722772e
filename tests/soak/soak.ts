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
import type { Platform } from "#db/schema/index.ts";
import { startEmulators, type RunningEmulators } from "../emulators/launch";
import { bigcommerceControl, controlCall, shopifyControl } from "../emulators/control-clients";
import type { FaultKind } from "../emulators/kit/faults";
import { sandboxEnv, SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";
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
  durationLimitMs: 300_000,
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
  replays: number;
  tokenExpiries: number;
  jobs: { parked: number; dead: number; live: number; deadWhy: Record<string, number>; parkedOn: Record<string, number> };
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
  fulfillments: ShopFulfillment[];
}

const add = (m: Record<string, number>, k: string, n: number) => (m[k] = (m[k] ?? 0) + n);

/** The shop orders as the Shopify and BigCommerce emulators hold them. */
async function shopOrders(urls: RunningEmulators["urls"]): Promise<ShopOrderView[]> {
  const views: ShopOrderView[] = [];
  for (const o of await shopifyControl(urls.shopify).orders(DEMO_SHOP_DOMAIN)) {
    const skuOf = new Map<number, string>(
      (o.lineItems as { id: number; sku: string }[]).map((l) => [Number(l.id), l.sku]),
    );
    const lines: Record<string, number> = {};
    for (const l of o.lineItems as { sku: string; quantity: number }[]) add(lines, l.sku, l.quantity);
    const shipped: Record<string, number> = {};
    const fulfillments: ShopFulfillment[] = [];
    for (const f of (o.fulfillments ?? []) as Record<string, any>[]) {
      if (f.status === "CANCELLED") continue;
      const fl: Record<string, number> = {};
      for (const l of f.lineItems as { lineItemId: number; quantity: number }[]) {
        const sku = skuOf.get(Number(l.lineItemId)) ?? `line-${l.lineItemId}`;
        add(fl, sku, l.quantity);
        add(shipped, sku, l.quantity);
      }
      fulfillments.push({
        platform: "shopify",
        shopOrderId: String(o.id),
        source: o.sourceIdentifier,
        trackingNumber: String((f.tracking as { number: string }[])[0]?.number ?? ""),
        lines: fl,
      });
    }
    views.push({ platform: "shopify", id: String(o.id), source: o.sourceIdentifier ?? null, lines, shipped, fulfillments });
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
    views.push({
      platform: "bigcommerce",
      id: String(o.id),
      source: o.external_order_id ?? null,
      lines,
      shipped,
      fulfillments,
    });
  }
  return views;
}

/** The marketplace line ids of an order, by SKU (Amazon's order items, eBay's line items; Etsy ships whole). */
async function marketplaceLineSkus(p: SeededPair, urls: RunningEmulators["urls"], id: string) {
  const skus = new Map<string, string>();
  if (p.marketplace === "amazon") {
    const o = await controlCall<Record<string, any>>(urls.amazon, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`);
    for (const i of (o.items ?? o.OrderItems ?? []) as Record<string, any>[])
      skus.set(String(i.OrderItemId ?? i.orderItemId), String(i.SellerSKU ?? i.sellerSku));
  } else if (p.marketplace === "ebay") {
    const o = await controlCall<Record<string, any>>(urls.ebay, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`);
    for (const l of (o.lineItems ?? []) as Record<string, any>[]) skus.set(String(l.lineItemId), String(l.sku));
  }
  return skus;
}

/** Places orders, ships them as the merchant, replays webhooks, expires tokens, kills processes; then judges. */
export async function runSoak(input: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const opts: SoakOptions = { ...DEFAULT_SOAK, ...input };
  const log = opts.log ?? ((l: string) => console.log(l));
  const started = Date.now();
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
    RECONCILE_INTERVAL_SECONDS: "10",
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
  let tokenExpiries = 0;
  const problems: string[] = [];
  let stopping = false;

  const chaos = (body: unknown) =>
    Promise.all(names.map((n) => controlCall<unknown>(urls[n], "POST", "/__sandbox/chaos", body)));

  try {
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
    await Promise.all(workers.map((w) => w.start()));
    log(`soak: seeded ${pairs.length} pairs; ${workers.length} extra workers up`);

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
      while (!stopping) {
        try {
          for (const o of await shopOrders(urls)) {
            if (!o.source) continue;
            const left = Object.entries(o.lines)
              .map(([sku, q]) => ({ sku, quantity: q - (o.shipped[sku] ?? 0) }))
              .filter((l) => l.quantity > 0);
            if (!left.length) continue;
            const driver = pairs.find((p) => p.platform === o.platform)!.shopDriver;
            const shopOrderId = o.platform === "shopify" ? `gid://shopify/Order/${o.id}` : o.id;
            const partial = left.length > 1 && !o.fulfillments.length;
            await driver.ship(shopOrderId, {
              lines: partial ? [left[0]] : undefined,
              carrier: "UPS",
              trackingNumber: upsTrackingNumber(++tracking),
            });
          }
        } catch (e) {
          log(`soak: merchant tick failed: ${(e as Error).message}`);
        }
        await sleep(500);
      }
    })();

    // Webhook replays: old deliveries again, late and out of order.
    const replaying = (async () => {
      const shopify = shopifyControl(urls.shopify);
      const bc = bigcommerceControl(urls.bigcommerce);
      while (!stopping && Date.now() < trafficEnd) {
        await sleep(300 + random() * 700);
        try {
          const s = (await shopify.webhooks()).filter((d) => !d.redeliveryOf);
          if (s.length) {
            await shopify.redeliver(String(s[Math.floor(random() * s.length)].id));
            replays++;
          }
          const b = (await bc.webhooks()).filter((d) => !d.redeliveryOf);
          if (b.length) {
            await bc.redeliver(String(b[Math.floor(random() * b.length)].id), { newWebhookId: random() < 0.5 });
            replays++;
          }
        } catch (e) {
          log(`soak: replay failed: ${(e as Error).message}`);
        }
      }
    })();

    // Access tokens expired under the app's feet (it must refresh them).
    const expiring = (async () => {
      while (!stopping && Date.now() < trafficEnd) {
        await sleep(2_000 + random() * 3_000);
        const platform: Platform = random() < 0.5 ? "shopify" : "bigcommerce";
        const which = Math.floor(random() * 3);
        try {
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
          tokenExpiries++;
        } catch (e) {
          log(`soak: token expiry failed: ${(e as Error).message}`);
        }
      }
    })();

    // kill -9 at random moments, restart on the same database.
    const killing = (async () => {
      for (let k = 0; k < opts.kills && !stopping; k++) {
        const slot = (trafficEnd - Date.now()) / (opts.kills - k);
        await sleep(slot * (0.3 + random() * 0.7));
        const victim = workers.length && random() < 0.5 ? workers[Math.floor(random() * workers.length)] : app;
        await victim.kill();
        if (victim === app) kills.app++;
        else kills.worker++;
        log(`soak: kill -9 ${victim.name} (${kills.app + kills.worker}/${opts.kills})`);
        await sleep(100 + random() * 900);
        try {
          await victim.start();
        } catch (e) {
          problems.push(`${victim.name} did not restart: ${(e as Error).message}`);
          return;
        }
      }
    })();

    await Promise.all([placing, replaying, expiring, killing]);
    log(`soak: traffic done (${placed.length} orders, ${kills.app + kills.worker} kills); chaos off, draining`);
    await chaos({ rate: 0, seed: 1 });
    for (const p of [app, ...workers]) if (!p.child) await p.start();

    // Drain: until the emulators show every order once and every package once, and the queue has no work left.
    let drained = false;
    let verdict = await judge();
    while (Date.now() < deadline) {
      verdict = await judge();
      const work = liveWork(dbFile);
      if (verdict.complete && work === 0) {
        drained = true;
        break;
      }
      await sleep(1_000);
    }
    stopping = true;
    await shipping;
    verdict = await judge();
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
    if (jobs.parked) problems.push(`${jobs.parked} jobs still parked after the drain: ${JSON.stringify(jobs.parkedOn)}`);
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
      replays,
      tokenExpiries,
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
        const unshipped = Object.entries(shop.lines).some(([sku, q]) => (shop.shipped[sku] ?? 0) < q);
        if (unshipped) complete = false;
        const pkgs = await pair.seller.packages(id);
        const lineSkus = await marketplaceLineSkus(pair, urls, id);
        for (const f of shop.fulfillments) {
          packages.shipped++;
          const same = pkgs.filter((k) => k.trackingNumber === f.trackingNumber);
          if (same.length === 0) {
            packages.lost++;
            complete = false;
            found.push(`${pair.platform} fulfillment ${f.trackingNumber} of ${pair.marketplace} order ${id} is not on the marketplace`);
            continue;
          }
          if (same.length > 1) {
            packages.doubled++;
            found.push(`${pair.platform} fulfillment ${f.trackingNumber} of ${pair.marketplace} order ${id} is ${same.length} times on the marketplace`);
          } else packages.onMarketplaceOnce++;
          const ids = same[0].lineIds;
          if (ids.length && lineSkus.size) {
            const skus = [...new Set(ids.map((l) => lineSkus.get(l) ?? `?${l}`))].sort();
            const want = Object.keys(f.lines).sort();
            if (skus.join(",") !== want.join(",")) {
              packages.wrongLines++;
              found.push(`${pair.marketplace} order ${id} package ${f.trackingNumber}: lines ${skus} for shipped ${want}`);
            }
          }
        }
        // Packages the marketplace holds that no shop fulfillment has.
        const known = new Set(shop.fulfillments.map((f) => f.trackingNumber));
        for (const k of pkgs)
          if (!known.has(k.trackingNumber ?? "")) found.push(`${pair.marketplace} order ${id} has a package ${k.trackingNumber} the shop never shipped`);
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

/** Jobs with work left (queued or running), the periodic ones (polls, reconciliations, checks) aside. */
function liveWork(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare(
          `SELECT count(*) AS n FROM jobs WHERE status IN ('queued', 'running', 'parked')
           AND type NOT IN ('poll-account', 'reconcile-shop', 'check-authorization')`,
        )
        .get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

function jobFacts(dbFile: string): SoakReport["jobs"] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
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
  } finally {
    db.close();
  }
}

/** The report as the table `npm run soak` prints. */
export function formatReport(r: SoakReport): string {
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
    ...(Object.entries(r.faults) as [string, number][]).map(([k, v]): [string, string] => [`faults: ${k}`, String(v)]),
    ["faults by emulator", Object.entries(r.faultsByEmulator).map(([k, v]) => `${k} ${v}`).join(", ")],
    ["webhook replays", String(r.replays)],
    ["access tokens expired", String(r.tokenExpiries)],
    ["jobs parked", String(r.jobs.parked)],
    ["jobs dead", String(r.jobs.dead)],
    ...Object.entries(r.jobs.deadWhy).map(([k, v]): [string, string] => [`  dead: ${k}`, String(v)]),
    ...Object.entries(r.jobs.parkedOn).map(([k, v]): [string, string] => [`  parked: ${k}`, String(v)]),
    ["drained", `${r.drained} (${(r.elapsedMs / 1000).toFixed(0)} s in all)`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  const verdict = r.problems.length
    ? `\nFAILED: ${r.problems.length} problems\n${r.problems.slice(0, 40).map((p) => `  - ${p}`).join("\n")}`
    : "\nOK: every order once in its shop, every package once on its marketplace";
  return `\nOrderBridge soak: ${r.options.orders} orders, ${r.options.faultRate * 100} % faults, ${r.options.kills} kills, ${r.options.workers} extra workers\n\n${lines.join("\n")}\n${verdict}\n`;
}
