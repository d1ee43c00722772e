import { fileURLToPath } from "node:url";
import { createAmazonEmulator } from "./amazon";
import { createShopifyEmulator } from "./shopify";
import { createEbayEmulator } from "./ebay";
import { createEtsyEmulator } from "./etsy";
import { createBigCommerceEmulator } from "./bigcommerce";
import { SANDBOX_BIGCOMMERCE_APP, SANDBOX_SHOPIFY_APP } from "../sandbox/sandbox-apps";

export interface EmulatorOptions {
  timeScale?: number;
  limitsEnabled?: boolean;
  ports?: { amazon?: number; shopify?: number; ebay?: number; etsy?: number; bigcommerce?: number };
  /** The emulated Shopify and BigCommerce apps' keys (default: the sandbox apps', tests/sandbox/sandbox-apps.ts). */
  shopify?: { clientId: string; clientSecret: string };
  bigcommerce?: { clientId: string; clientSecret: string };
  /** Where the Shopify emulator sends webhooks (the app's base URL). */
  appUrl?: string;
}

export type RunningEmulators = Awaited<ReturnType<typeof startEmulators>>;

/** Starts every emulator on loopback (free ports unless given) — used by tests, `npm start` and `npm run emulators`. */
export async function startEmulators(opts: EmulatorOptions = {}) {
  const common = { timeScale: opts.timeScale ?? 1, limitsEnabled: opts.limitsEnabled ?? true };
  // As Amazon does: the buyer's name and street only with a Restricted Data Token.
  const amazon = createAmazonEmulator({ ...common, requireRdtForPii: true });
  const shopify = createShopifyEmulator({ ...(opts.shopify ?? SANDBOX_SHOPIFY_APP), ...common, appUrl: opts.appUrl });
  const ebay = createEbayEmulator(common);
  const etsy = createEtsyEmulator(common);
  const bigcommerce = createBigCommerceEmulator({
    ...(opts.bigcommerce ?? SANDBOX_BIGCOMMERCE_APP),
    ...common,
    appUrl: opts.appUrl ? `${opts.appUrl.replace(/\/+$/, "")}/bigcommerce` : undefined,
  });
  const urls = {
    amazon: await amazon.listen(opts.ports?.amazon ?? 0),
    shopify: await shopify.listen(opts.ports?.shopify ?? 0),
    ebay: await ebay.listen(opts.ports?.ebay ?? 0),
    etsy: await etsy.listen(opts.ports?.etsy ?? 0),
    bigcommerce: await bigcommerce.listen(opts.ports?.bigcommerce ?? 0),
  };
  return {
    amazon,
    shopify,
    ebay,
    etsy,
    bigcommerce,
    urls,
    async close() {
      await Promise.all([amazon.close(), shopify.close(), ebay.close(), etsy.close(), bigcommerce.close()]);
    },
  };
}

// `npm run emulators`: start them all and print one JSON line mapping each name to its base URL.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const running = await startEmulators({
    timeScale: Number(process.env.EMULATOR_TIME_SCALE ?? 1),
    ports: {
      amazon: port("AMAZON_EMULATOR_PORT"),
      shopify: port("SHOPIFY_EMULATOR_PORT"),
      ebay: port("EBAY_EMULATOR_PORT"),
      etsy: port("ETSY_EMULATOR_PORT"),
      bigcommerce: port("BIGCOMMERCE_EMULATOR_PORT"),
    },
    appUrl: process.env.APP_URL,
  });
  console.log(JSON.stringify(running.urls));
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
