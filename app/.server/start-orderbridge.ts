import { openDatabase } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createApp } from "./bootstrap";
import type { AppContext } from "./context";
import { isSandbox, type Env } from "./env";
import { startHttpServer } from "./http-server";
import { enqueueDuePolls, startScheduler } from "./jobs/scheduler";
import { createLogger, type Logger } from "./logger";

/** The secrets a wrapper may supply instead of the env's (the sandbox's own key and emulated Shopify app). */
export interface StartSecrets {
  encryptionKey?: string;
  shopifyApiSecret?: string;
}

/**
 * What a wrapper around the app (the sandbox, which lives with the emulators) does at the right moments of the
 * start-up and shutdown. The app knows nothing of what runs in them.
 */
export interface StartHooks {
  /** First, before the database opens: may supply secrets (and, e.g., start its database file fresh). */
  beforeStart?(env: Env, logger: Logger): StartSecrets | void | Promise<StartSecrets | void>;
  /** Once HTTP listens, before the worker starts. */
  afterHttp?(ctx: AppContext, url: string): void | Promise<void>;
  /** Once the worker runs, before the scheduler starts (e.g. seeding, whose installs call back into the app). */
  afterWorker?(ctx: AppContext, url: string): void | Promise<void>;
  /** After the "running" line is printed: more lines to print. */
  afterStart?(url: string): void;
  /** First thing on shutdown, while the app still runs. */
  stopping?(): void | Promise<void>;
  /** Last thing on shutdown, once the app has stopped (before the database closes). */
  close?(): void | Promise<void>;
}

export interface OrderBridge {
  /** The app's base URL (the admin UI is at `${url}/app`). */
  url: string;
  ctx: AppContext;
  /** Stops the scheduler, the worker and HTTP, runs the hooks' shutdown, closes the database. */
  close(): Promise<void>;
}

/**
 * OrderBridge in one process on the embedded SQLite database: the database opened and migrated, the Remix
 * server, a worker, the scheduler and a first round of due polls; SIGINT/SIGTERM shut it down.
 */
export async function startOrderBridge(env: Env, hooks: StartHooks = {}): Promise<OrderBridge> {
  const logger = createLogger(env.LOG_LEVEL);
  const sandbox = isSandbox(env);
  const secrets = (await hooks.beforeStart?.(env, logger)) ?? {};
  const encryptionKey = secrets.encryptionKey ?? env.ENCRYPTION_KEY;
  const shopifyApiSecret = secrets.shopifyApiSecret ?? env.SHOPIFY_API_SECRET ?? "";
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
  await hooks.afterHttp?.(ctx, http.url);
  worker.start();
  await hooks.afterWorker?.(ctx, http.url);
  const cron = startScheduler(ctx);
  enqueueDuePolls(ctx);

  console.log(`\nOrderBridge is running${sandbox ? " in sandbox mode" : ""}: ${http.url}/app\n`);
  hooks.afterStart?.(http.url);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await hooks.stopping?.();
      await cron.stop();
      await worker.stop();
      await http.close();
      await hooks.close?.();
      db.$client.close();
    })());
  const shutdown = () => void close().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return { url: http.url, ctx, close };
}
