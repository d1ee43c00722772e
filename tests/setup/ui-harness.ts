import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ConsoleMessage, Page } from "playwright-core";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { createApp, type App } from "#app/.server/bootstrap.ts";
import { readEnv } from "#app/.server/env.ts";
import { startHttpServer, type HttpServer } from "#app/.server/http-server.ts";

export interface UiHarness {
  app: App;
  db: DB;
  http: HttpServer;
  close(): Promise<void>;
}

/**
 * The app's HTTP server (Express + Remix through Vite, as `npm start` serves it) on a fresh SQLite file, with
 * no emulators: admin UI tests seed the database directly through db/queries. The worker does not run, so a
 * job the UI enqueues (Retry) stays queued for the test to see. `sandbox: false` gives the server platform
 * credentials, so the admin UIs require their real sessions. `env` adds variables (e.g. a marketplace's app keys
 * and an emulator's URLs).
 */
export async function startUiHarness(
  opts: { sandbox?: boolean; env?: Record<string, string> } = {},
): Promise<UiHarness> {
  const sandbox = opts.sandbox ?? true;
  const dir = join(process.cwd(), "tests/.tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `ui-${randomUUID()}.sqlite`);
  const env = readEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_FILE: file,
    SHOPIFY_API_KEY: sandbox ? "" : "test-api-key",
    SHOPIFY_API_SECRET: sandbox ? "" : "test-api-secret",
    ...opts.env,
  });
  const db = openDatabase(file);
  migrateDatabase(db);
  const app = createApp({ env, db, encryptionKey: "b".repeat(64), shopifyApiSecret: "test-api-secret" });
  const http = await startHttpServer(app.ctx, { port: 0, host: "127.0.0.1" });
  return {
    app,
    db,
    http,
    async close() {
      await http.close();
      db.$client.close();
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    },
  };
}

/**
 * Opens `url` until a load hydrates without React errors (at most `attempts` loads). When Vite's dependency
 * cache is cold or stale (a fresh install, a changed lockfile) the dev server re-bundles dependencies during
 * the first page load, and without its HMR socket that page keeps two copies of React. Later loads are fine.
 */
export async function openHydrated(page: Page, url: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reactErrors: string[] = [];
    const listen = (m: ConsoleMessage) => {
      if (m.type() === "error" && /Invalid hook call|hydrat/i.test(m.text())) reactErrors.push(m.text());
    };
    page.on("console", listen);
    try {
      await page.goto(url, { waitUntil: "networkidle" });
      await page.waitForTimeout(300);
    } finally {
      page.off("console", listen);
    }
    if (reactErrors.length === 0) return;
    if (attempt >= attempts) throw new Error(`${url} does not hydrate: ${reactErrors[0]}`);
  }
}
