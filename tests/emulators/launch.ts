import { fileURLToPath } from "node:url";
import { createAmazonEmulator } from "./amazon";
import { createShopifyEmulator } from "./shopify";

/** Test/sandbox credentials of the emulated Shopify app. */
export const SANDBOX_SHOPIFY_APP = { clientId: "orderbridge-sandbox-client", clientSecret: "orderbridge-sandbox-secret" };

export interface EmulatorOptions {
  timeScale?: number;
  limitsEnabled?: boolean;
  ports?: { amazon?: number; shopify?: number };
  shopify?: { clientId: string; clientSecret: string };
  appUrl?: string;
}

export type RunningEmulators = Awaited<ReturnType<typeof startEmulators>>;

/** Starts every emulator on loopback (free ports unless given) — used by tests, `npm start` and `npm run emulators`. */
export async function startEmulators(opts: EmulatorOptions = {}) {
  const common = { timeScale: opts.timeScale ?? 1, limitsEnabled: opts.limitsEnabled ?? true };
  const amazon = createAmazonEmulator(common);
  const shopify = createShopifyEmulator({ ...(opts.shopify ?? SANDBOX_SHOPIFY_APP), ...common, appUrl: opts.appUrl });
  const urls = {
    amazon: await amazon.listen(opts.ports?.amazon ?? 0),
    shopify: await shopify.listen(opts.ports?.shopify ?? 0),
  };
  return {
    amazon,
    shopify,
    urls,
    async close() {
      await Promise.all([amazon.close(), shopify.close()]);
    },
  };
}

// `npm run emulators`: start them all and print one JSON line mapping each name to its base URL.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const running = await startEmulators({
    timeScale: Number(process.env.EMULATOR_TIME_SCALE ?? 1),
    ports: { amazon: port("AMAZON_EMULATOR_PORT"), shopify: port("SHOPIFY_EMULATOR_PORT") },
    appUrl: process.env.APP_URL,
  });
  console.log(JSON.stringify(running.urls));
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
