import { existsSync, rmSync } from "node:fs";
import type { Env } from "#app/.server/env.ts";
import type { StartHooks } from "#app/.server/start-orderbridge.ts";
import { shopifyControl } from "../emulators/control-clients";
import { DEFAULT_SPECS_DIR, specsDir } from "../emulators/kit/emulator-server";
import { startEmulators } from "../emulators/launch";
import { sandboxEnv, SANDBOX_SHOPIFY_APP } from "./sandbox-apps";
import { sandboxKey } from "./sandbox-key";
import { seedSandbox, startSandboxTrickle } from "./seed-sandbox";

/** A start-up problem the user fixes by hand: the process entry prints its message alone, without a stack. */
export class SandboxSetupError extends Error {
  override readonly name = "SandboxSetupError";
}

export interface Sandbox {
  /** Env to lay over process.env: the emulators' URLs, the sandbox apps' keys, the sandbox database file. */
  env: Record<string, string>;
  /** The sandbox's part of the start-up and shutdown of the app. */
  hooks: StartHooks;
}

/**
 * Sandbox mode (`npm start` without platform credentials) wraps the app: it starts every emulator, points the
 * app at them, and once the app runs seeds the demo shops, sellers and orders and keeps new orders and
 * shipments trickling in. Imported only by the process entry (index.ts), and only in sandbox mode.
 */
export async function startSandbox(env: Env): Promise<Sandbox> {
  const specs = specsDir();
  if (!existsSync(specs)) {
    const where = process.env.SPECS_DIR ? `${specs} (SPECS_DIR)` : specs;
    throw new SandboxSetupError(
      `Sandbox mode needs the API specs folder, not found at ${where}: set SPECS_DIR to the specs folder, or put it at ${DEFAULT_SPECS_DIR} beside the repo.`,
    );
  }
  const emulators = await startEmulators({ timeScale: env.SANDBOX_TIME_SCALE });
  let stopTrickle = () => {};
  return {
    env: { DATABASE_FILE: process.env.DATABASE_FILE ?? "data/sandbox.sqlite", ...sandboxEnv(emulators.urls) },
    hooks: {
      beforeStart(env, logger) {
        // The emulators keep their state in memory, so the sandbox database starts fresh with them.
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${env.DATABASE_FILE}${suffix}`, { force: true });
        const encryptionKey = env.ENCRYPTION_KEY ?? sandboxKey(env);
        logger.info("sandbox mode: emulators started", emulators.urls);
        return { encryptionKey, shopifyApiSecret: SANDBOX_SHOPIFY_APP.clientSecret };
      },
      async afterHttp(ctx, url) {
        ctx.env.APP_URL = url;
        await shopifyControl(emulators.urls.shopify).setAppUrl(url);
        // The first request builds the Remix routes (Vite, in development): on a busy machine that can outlast the
        // BigCommerce emulator's 10 s wait for our install callback. One request first, answered with a redirect.
        await fetch(`${url}/`, { redirect: "manual" });
      },
      // The worker runs while seeding: BigCommerce's install calls back into the app.
      async afterWorker(ctx, url) {
        const { pairs } = await seedSandbox(ctx, emulators.urls, { appUrl: url });
        stopTrickle = startSandboxTrickle(ctx, pairs);
      },
      afterStart() {
        console.log(`Emulators: ${JSON.stringify(emulators.urls)}\n`);
      },
      stopping() {
        stopTrickle();
      },
      async close() {
        await emulators.close();
      },
    },
  };
}
