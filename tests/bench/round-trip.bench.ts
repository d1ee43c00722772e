/**
 * `npm run bench`: figures per marketplace × platform pair, against the emulators on loopback (rate limits off).
 *  - import throughput (orders/s): marketplace listing → our DB, and on to orders created in the shop;
 *  - shop event → marketplace accepted latency (p50, p95): the merchant ships in the shop emulator → signed
 *    webhook → our route → worker → the marketplace's confirmation answered.
 * Prints a table; asserts nothing about speed. BENCH_ORDERS (per pair, default 100), BENCH_SHIPMENTS (per pair,
 * default 25), BENCH_PAIRS (e.g. "amazon:shopify,etsy:bigcommerce"; default all six).
 */
import { performance } from "node:perf_hooks";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { orders, shipments } from "#db/schema/index.ts";
import { ALL_PAIRS, pairName, type Pair, type SeededPair } from "../sandbox/seed-sandbox";
import { upsTrackingNumber } from "../sandbox/demo-data";
import { listingLagMs, startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

process.env.LOG_LEVEL ??= "silent";
process.env.ORDERBRIDGE_APP_SERVER = "1";

const N = Number(process.env.BENCH_ORDERS ?? 100);
const M = Number(process.env.BENCH_SHIPMENTS ?? 25);
const TIME_SCALE = 6000;

function selectedPairs(): Pair[] {
  const spec = process.env.BENCH_PAIRS;
  if (!spec) return ALL_PAIRS;
  return spec.split(",").map((s) => {
    const [marketplace, platform] = s.trim().split(":");
    const pair = ALL_PAIRS.find((p) => p.marketplace === marketplace && p.platform === platform);
    if (!pair) throw new Error(`BENCH_PAIRS: unknown pair ${s}`);
    return pair;
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface PairFigures {
  pair: string;
  importPerSec: number;
  createdPerSec: number;
  p50: number;
  p95: number;
}

async function benchPair(h: Harness, p: SeededPair, offset: number): Promise<PairFigures> {
  const ofAccount = eq(orders.accountId, p.account.id);
  const count = (extra?: ReturnType<typeof isNotNull>) =>
    h.db
      .select({ n: sql<number>`count(*)` })
      .from(orders)
      .where(extra ? and(ofAccount, extra) : ofAccount)
      .get()!.n;
  for (let i = 0; i < N; i++) await p.placeOrder(offset + i);
  await new Promise((r) => setTimeout(r, listingLagMs(TIME_SCALE)));

  const t0 = performance.now();
  await h.pollNow([p.account.id]);
  await waitFor(() => count() >= N, { timeoutMs: 600_000, intervalMs: 5, what: `${pairName(p)}: orders imported` });
  const tImported = performance.now();
  await waitFor(() => count(isNotNull(orders.shopOrderId)) >= N, {
    timeoutMs: 600_000,
    intervalMs: 10,
    what: `${pairName(p)}: shop orders created`,
  });
  const tCreated = performance.now();

  const linked = h.db
    .select()
    .from(orders)
    .where(and(ofAccount, isNotNull(orders.shopOrderId)))
    .limit(M)
    .all();
  const latencies: number[] = [];
  for (const [i, o] of linked.entries()) {
    const start = performance.now();
    await p.shopDriver.ship(o.shopOrderId!, { carrier: "UPS", trackingNumber: upsTrackingNumber(offset + 90_000 + i) });
    await waitFor(
      () =>
        h.db
          .select()
          .from(shipments)
          .where(eq(shipments.orderId, o.id))
          .all()
          .some((s) => s.exportStatus === "exported"),
      {
        timeoutMs: 60_000,
        intervalMs: 1,
        what: `${pairName(p)}: shipment exported`,
      },
    );
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  return {
    pair: pairName(p),
    importPerSec: N / ((tImported - t0) / 1000),
    createdPerSec: N / ((tCreated - t0) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

async function main() {
  const h = await startHarness({
    timeScale: TIME_SCALE,
    limitsEnabled: false,
    workerConcurrency: 8,
    pairs: selectedPairs(),
  });
  try {
    // Load the webhook routes once (Vite compiles a route module on its first request), so the first
    // measured shipment does not pay for it. Unsigned, so they answer 401 and store nothing.
    for (const path of ["/webhooks/fulfillments/create", "/webhooks/bigcommerce"])
      await fetch(`${h.http.url}${path}`, { method: "POST", body: "{}" });
    const figures: PairFigures[] = [];
    for (const [i, p] of h.pairs.entries()) figures.push(await benchPair(h, p, i * 10_000));
    const header = ["pair", "import → DB", "import → shop order", "ship → marketplace p50", "p95"];
    const rows = figures.map((f) => [
      f.pair,
      `${f.importPerSec.toFixed(1)} orders/s`,
      `${f.createdPerSec.toFixed(1)} orders/s`,
      `${f.p50.toFixed(1)} ms`,
      `${f.p95.toFixed(1)} ms`,
    ]);
    const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) => `| ${cells.map((v, c) => v.padEnd(widths[c])).join(" | ")} |`;
    console.log(
      `\nOrderBridge bench: ${N} orders and ${M} shipments per pair, emulators on loopback, rate limits off\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    console.log(`\nrss after run: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB\n`);
  } finally {
    await h.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
