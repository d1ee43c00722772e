/**
 * One OrderBridge process of the soak (tests/soak/soak.ts spawns it, and SIGKILLs it): SOAK_ROLE=app is what
 * `npm start` runs outside the sandbox wrapper (the database migrated, the Remix server, a worker, the scheduler),
 * SOAK_ROLE=worker what `npm run worker` runs (a worker alone on the same database). The same production pieces
 * (createApp, startHttpServer, Worker, startScheduler); only the clocks are short, so a soak drains in seconds:
 * retry backoff, worker leases and idle polling (SOAK_BACKOFF_BASE_MS, SOAK_BACKOFF_CAP_MS, SOAK_LEASE_MS).
 * The env is the app's (readEnv), pointed at the emulators by the soak. Prints `ready <url|worker id>` once up.
 */
import { openDatabase } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createApp } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer } from "#app/.server/http-server.ts";
import { enqueueDuePolls, startScheduler } from "#app/.server/jobs/scheduler.ts";

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

async function main(): Promise<void> {
  const role = process.env.SOAK_ROLE ?? "app";
  const env = readEnv();
  if (!env.ENCRYPTION_KEY) throw new Error("ENCRYPTION_KEY is required");
  const db = openDatabase(env.DATABASE_FILE);
  if (role === "app") migrateDatabase(db);
  const { ctx, worker } = createApp({
    env,
    db,
    encryptionKey: env.ENCRYPTION_KEY,
    shopifyApiSecret: env.SHOPIFY_API_SECRET ?? "",
    connectorRateLimit: { enabled: true, timeScale: env.SANDBOX_TIME_SCALE },
    backoff: { baseMs: num("SOAK_BACKOFF_BASE_MS", 200), capMs: num("SOAK_BACKOFF_CAP_MS", 2_000) },
    worker: { idlePollMs: 50, leaseMs: num("SOAK_LEASE_MS", 3_000) },
    importSettings: { overlapMs: 60_000, initialLookbackMs: 60 * 60_000 },
  });
  if (role === "worker") {
    worker.start();
    console.log(`ready ${worker.id}`);
    return;
  }
  const http = await startHttpServer(ctx, { port: env.PORT, host: env.HOST });
  ctx.env.APP_URL = http.url;
  // Vite builds the Remix routes on the first request: do it before the platforms' webhooks come in.
  await fetch(`${http.url}/`, { redirect: "manual" });
  worker.start();
  startScheduler(ctx, "*/1 * * * * *");
  enqueueDuePolls(ctx);
  console.log(`ready ${http.url}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
