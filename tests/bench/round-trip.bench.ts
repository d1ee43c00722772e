/**
 * `npm run bench`: figures for N orders against the emulators on loopback.
 *  - import throughput (orders/s), limits off: Amazon listing → our DB, and on to created Shopify orders;
 *  - shop-event → Amazon-accepted latency (p50, p95): merchant fulfils in the Shopify emulator → signed webhook →
 *    our route → worker → confirmShipment answered 204.
 * Prints figures; asserts nothing about speed.
 */
import { performance } from "node:perf_hooks";
import { eq, isNotNull, sql } from "drizzle-orm";
import { orders, shipments } from "../../db/schema";
import { demoAmazonOrder } from "../../app/.server/sandbox/seed-sandbox";
import { DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../../app/.server/sandbox/demo-data";
import { listingLagMs, startHarness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

process.env.LOG_LEVEL ??= "silent";
process.env.ORDERBRIDGE_APP_SERVER = "1";

const N = Number(process.env.BENCH_ORDERS ?? 200);
const M = Number(process.env.BENCH_SHIPMENTS ?? 50);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const timeScale = 6000;
  const h = await startHarness({ timeScale, limitsEnabled: false, workerConcurrency: 8 });
  try {
    for (let i = 0; i < N; i++) await h.amazon.seedOrder(demoAmazonOrder(i));
    await new Promise((r) => setTimeout(r, listingLagMs(timeScale)));
    const count = (where?: ReturnType<typeof isNotNull>) => h.db.select({ n: sql<number>`count(*)` }).from(orders).where(where).get()!.n;

    const t0 = performance.now();
    await h.pollNow();
    await waitFor(() => count() >= N, { timeoutMs: 600_000, intervalMs: 5, what: "orders imported" });
    const tImported = performance.now();
    await waitFor(() => count(isNotNull(orders.shopOrderId)) >= N, { timeoutMs: 600_000, intervalMs: 10, what: "shop orders created" });
    const tCreated = performance.now();

    const linked = h.db.select().from(orders).where(isNotNull(orders.shopOrderId)).limit(M).all();
    const latencies: number[] = [];
    for (const [i, o] of linked.entries()) {
      const start = performance.now();
      await h.shopify.fulfill(DEMO_SHOP_DOMAIN, o.shopOrderId!.split("/").pop()!, { trackingCompany: "UPS", trackingNumber: upsTrackingNumber(90_000 + i) });
      await waitFor(() => h.db.select().from(shipments).where(eq(shipments.orderId, o.id)).all().some((s) => s.exportStatus === "exported"), {
        timeoutMs: 60_000,
        intervalMs: 1,
        what: "shipment exported",
      });
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    const secs = (ms: number) => ms / 1000;
    const rows = [
      ["orders", String(N)],
      ["import: Amazon → our database", `${(N / secs(tImported - t0)).toFixed(1)} orders/s (${secs(tImported - t0).toFixed(2)} s)`],
      ["import: Amazon → Shopify order created", `${(N / secs(tCreated - t0)).toFixed(1)} orders/s (${secs(tCreated - t0).toFixed(2)} s)`],
      ["shipments measured", String(latencies.length)],
      ["shop event → Amazon accepted p50", `${percentile(latencies, 50).toFixed(1)} ms`],
      ["shop event → Amazon accepted p95", `${percentile(latencies, 95).toFixed(1)} ms`],
      ["rss after run", `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`],
    ];
    console.log("\nOrderBridge bench (Amazon → Shopify, emulators on loopback, rate limits off)\n");
    for (const [k, v] of rows) console.log(`${k.padEnd(42)} ${v}`);
    console.log("");
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
