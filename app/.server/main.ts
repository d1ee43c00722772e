import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createApp } from "./bootstrap";
import { isSandbox, readEnv, type Env } from "./env";
import { startHttpServer } from "./http-server";
import { startScheduler } from "./jobs/scheduler";
import { createLogger } from "./logger";

/**
 * `npm start`: the Remix server, the scheduler and a worker in one process on the embedded SQLite database.
 * Without any platform's app keys (Shopify or BigCommerce) it runs in sandbox mode: emulators on loopback, demo data, UI at a printed URL.
 */
async function main(): Promise<void> {
  let env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const sandbox = isSandbox(env);
  let emulators: Awaited<ReturnType<typeof import("../../tests/emulators/launch").startEmulators>> | null = null;
  let shopifyApiSecret = env.SHOPIFY_API_SECRET ?? "";
  let encryptionKey = env.ENCRYPTION_KEY;

  if (sandbox) {
    const { startEmulators, sandboxEnv, SANDBOX_SHOPIFY_APP } = await import("../../tests/emulators/launch");
    emulators = await startEmulators({ timeScale: env.SANDBOX_TIME_SCALE });
    env = readEnv({ ...process.env, DATABASE_FILE: process.env.DATABASE_FILE ?? "data/sandbox.sqlite", ...sandboxEnv(emulators.urls) });
    shopifyApiSecret = SANDBOX_SHOPIFY_APP.clientSecret;
    // The emulators keep their state in memory, so the sandbox database starts fresh with them.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${env.DATABASE_FILE}${suffix}`, { force: true });
    encryptionKey ??= sandboxKey(env);
    logger.info("sandbox mode: emulators started", emulators.urls);
  }
  if (!encryptionKey) throw new Error("ENCRYPTION_KEY is required outside sandbox mode (32 bytes, base64 or hex)");

  const db = openDatabase(env.DATABASE_FILE);
  migrateDatabase(db);
  const { ctx, worker } = createApp({
    env,
    db,
    encryptionKey,
    shopifyApiSecret,
    logger,
    connectorRateLimit: { enabled: true, timeScale: sandbox ? env.SANDBOX_TIME_SCALE : 1 },
  });
  const http = await startHttpServer(ctx, { port: env.PORT, host: env.HOST });
  let stopTrickle = () => {};
  if (sandbox && emulators) {
    const { seedSandbox, startSandboxTrickle } = await import("./sandbox/seed-sandbox");
    const { shopifyControl } = await import("../../tests/emulators/control-clients");
    ctx.env.APP_URL = http.url;
    await shopifyControl(emulators.urls.shopify).setAppUrl(http.url);
    // The worker runs while seeding: BigCommerce's install calls back into the app.
    worker.start();
    const { pairs } = await seedSandbox(ctx, emulators.urls, { appUrl: http.url });
    stopTrickle = startSandboxTrickle(ctx, pairs);
  }
  if (!sandbox) worker.start();
  const cron = startScheduler(ctx);
  const { enqueueDuePolls } = await import("./jobs/scheduler");
  enqueueDuePolls(ctx);

  console.log(`\nOrderBridge is running${sandbox ? " in sandbox mode" : ""}: ${http.url}/app\n`);
  if (emulators) console.log(`Emulators: ${JSON.stringify(emulators.urls)}\n`);

  const shutdown = async () => {
    stopTrickle();
    await cron.stop();
    await worker.stop();
    await http.close();
    await emulators?.close();
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

/** A random key kept beside the sandbox database, so sandbox secrets are still encrypted at rest. */
function sandboxKey(env: Env): string {
  const file = join(dirname(env.DATABASE_FILE), "sandbox.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64");
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
