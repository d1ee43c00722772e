import { fileURLToPath } from "node:url";
import { createAmazonEmulator } from "./amazon";
import { createShopifyEmulator } from "./shopify";
import { createEbayEmulator } from "./ebay";
import { createEtsyEmulator } from "./etsy";
import { createBigCommerceEmulator } from "./bigcommerce";
import { DEMO_EBAY_SELLER, DEMO_ETSY_SHOP } from "../../app/.server/sandbox/demo-data";

/** Test/sandbox credentials of the emulated Shopify app. */
export const SANDBOX_SHOPIFY_APP = { clientId: "orderbridge-sandbox-client", clientSecret: "orderbridge-sandbox-secret" };
/** Test/sandbox credentials of the emulated BigCommerce single-click app. */
export const SANDBOX_BIGCOMMERCE_APP = { clientId: "orderbridge-bc-sandbox-client", clientSecret: "orderbridge-bc-sandbox-secret" };
/** Test/sandbox keys of the emulated eBay and Etsy developer apps. */
export const SANDBOX_EBAY_APP = {
  clientId: "OrderBri-Sandbox-PRD-0b1d2e3f4",
  clientSecret: "PRD-sandbox-secret-0b1d2e3f4",
  ruName: "OrderBridge-Sandbox-RuName",
  verificationToken: "orderbridge-sandbox-verification-token-0123456789",
};
/** The demo sellers the sandbox's "Connect eBay/Etsy" buttons sign in as (the Shopify shop's). */
const SANDBOX_CONNECT_SELLERS = { ebayUsername: DEMO_EBAY_SELLER.username, etsyUserId: DEMO_ETSY_SHOP.userId };
export const SANDBOX_ETSY_APP = { keystring: "orderbridgesandboxkey", sharedSecret: "orderbridge-sandbox-shared-secret" };

export interface EmulatorOptions {
  timeScale?: number;
  limitsEnabled?: boolean;
  ports?: { amazon?: number; shopify?: number; ebay?: number; etsy?: number; bigcommerce?: number };
  shopify?: { clientId: string; clientSecret: string };
  bigcommerce?: { clientId: string; clientSecret: string };
  /** Where the Shopify emulator sends webhooks (the app's base URL). */
  appUrl?: string;
}

/** The env that points the app at running emulators, with the sandbox apps' keys (sandbox mode and tests). */
export function sandboxEnv(urls: RunningEmulators["urls"]): Record<string, string> {
  return {
    // Sandbox stays on although the emulated apps' keys below are set.
    SANDBOX: "true",
    SHOPIFY_ADMIN_BASE_URL: urls.shopify,
    AMAZON_SP_API_BASE_URL: urls.amazon,
    AMAZON_LWA_BASE_URL: urls.amazon,
    EBAY_API_BASE_URL: urls.ebay,
    EBAY_AUTH_BASE_URL: urls.ebay,
    EBAY_CLIENT_ID: SANDBOX_EBAY_APP.clientId,
    EBAY_CLIENT_SECRET: SANDBOX_EBAY_APP.clientSecret,
    EBAY_RU_NAME: SANDBOX_EBAY_APP.ruName,
    EBAY_VERIFICATION_TOKEN: SANDBOX_EBAY_APP.verificationToken,
    // The emulated consent pages approve at once; with two demo sellers per app they need to be told which one.
    EBAY_CONSENT_URL: `${urls.ebay}/oauth2/authorize?username=${SANDBOX_CONNECT_SELLERS.ebayUsername}`,
    ETSY_API_BASE_URL: urls.etsy,
    ETSY_AUTH_BASE_URL: urls.etsy,
    ETSY_KEYSTRING: SANDBOX_ETSY_APP.keystring,
    ETSY_SHARED_SECRET: SANDBOX_ETSY_APP.sharedSecret,
    ETSY_CONNECT_URL: `${urls.etsy}/oauth/connect?sandbox_user_id=${SANDBOX_CONNECT_SELLERS.etsyUserId}`,
    BIGCOMMERCE_API_BASE_URL: urls.bigcommerce,
    BIGCOMMERCE_LOGIN_BASE_URL: urls.bigcommerce,
    BIGCOMMERCE_CLIENT_ID: SANDBOX_BIGCOMMERCE_APP.clientId,
    BIGCOMMERCE_CLIENT_SECRET: SANDBOX_BIGCOMMERCE_APP.clientSecret,
  };
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
