import { z } from "zod";

/**
 * The environment, validated once. Sandbox mode is on when no Shopify API credentials are given:
 * the app then starts the emulators and points every external base URL at them.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_FILE: z.string().default("data/orderbridge.sqlite"),
  /** 32-byte key (base64 or 64 hex chars) for AES-256-GCM encryption of marketplace credentials. */
  ENCRYPTION_KEY: z.string().optional(),
  SHOPIFY_API_KEY: z.string().optional(),
  SHOPIFY_API_SECRET: z.string().optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  /** Base URL of the Shopify Admin API; defaults to https://{shop}. */
  SHOPIFY_ADMIN_BASE_URL: z.string().url().optional(),
  AMAZON_SP_API_BASE_URL: z.string().url().optional(),
  AMAZON_LWA_BASE_URL: z.string().url().default("https://api.amazon.com"),
  EBAY_API_BASE_URL: z.string().url().default("https://api.ebay.com"),
  EBAY_AUTH_BASE_URL: z.string().url().default("https://api.ebay.com"),
  ETSY_API_BASE_URL: z.string().url().default("https://openapi.etsy.com"),
  ETSY_AUTH_BASE_URL: z.string().url().default("https://api.etsy.com"),
  /** Public base URL of this app (OAuth redirect URIs, eBay's deletion endpoint); defaults to SHOPIFY_APP_URL. */
  APP_URL: z.string().url().optional(),
  /** eBay app keys (developer.ebay.com): OAuth connect, and the marketplace-account-deletion endpoint's token. */
  EBAY_CLIENT_ID: z.string().optional(),
  EBAY_CLIENT_SECRET: z.string().optional(),
  /** eBay's RuName (redirect URL name) registered for the OAuth callback. */
  EBAY_RU_NAME: z.string().optional(),
  EBAY_VERIFICATION_TOKEN: z.string().optional(),
  /** eBay's consent page (sandbox: https://auth.sandbox.ebay.com/oauth2/authorize; the emulator: <base>/oauth2/authorize). */
  EBAY_CONSENT_URL: z.string().url().default("https://auth.ebay.com/oauth2/authorize"),
  /** Etsy app keystring and shared secret (x-api-key is `keystring:secret`). */
  ETSY_KEYSTRING: z.string().optional(),
  ETSY_SHARED_SECRET: z.string().optional(),
  /** Etsy's consent page (the emulator: <base>/oauth/connect). */
  ETSY_CONNECT_URL: z.string().url().default("https://www.etsy.com/oauth/connect"),
  /** The app's SP-API registration (Seller Central Developer Console): application id and LWA client. */
  AMAZON_APPLICATION_ID: z.string().optional(),
  AMAZON_LWA_CLIENT_ID: z.string().optional(),
  AMAZON_LWA_CLIENT_SECRET: z.string().optional(),
  /**
   * Amazon's consent page for every region (default: the region's Seller Central
   * `/apps/authorize/consent`; the emulator: <base>/apps/authorize/consent).
   */
  AMAZON_CONSENT_URL: z.string().url().optional(),
  /** While the app is a draft (not published in the Appstore), consent URLs carry `version=beta`. */
  AMAZON_APP_DRAFT: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** BigCommerce app (single-click) client id and secret; the secret signs webhooks and signed_payload_jwt. */
  BIGCOMMERCE_CLIENT_ID: z.string().optional(),
  BIGCOMMERCE_CLIENT_SECRET: z.string().optional(),
  /** The app's id in the BigCommerce Developer Portal (its page in the control panel is /manage/app/{id}). */
  BIGCOMMERCE_APP_ID: z.string().optional(),
  /** BigCommerce REST API host (stores/{hash}/v2|v3 below it) and login host (/oauth2/token). */
  BIGCOMMERCE_API_BASE_URL: z.string().url().default("https://api.bigcommerce.com"),
  BIGCOMMERCE_LOGIN_BASE_URL: z.string().url().default("https://login.bigcommerce.com"),
  /** Forces sandbox mode on or off (default: on when no platform's app keys are set). */
  SANDBOX: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
  /** Sandbox: emulated seconds per real second for the emulators' rate limits. */
  SANDBOX_TIME_SCALE: z.coerce.number().positive().default(10),
  /**
   * Every this many seconds each shop's open orders are re-read from the shop (a shipment whose webhook never
   * arrived is found and sent) and BigCommerce's webhook subscriptions are checked; 0 turns it off.
   */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().nonnegative().default(3600),
  /**
   * How often a refused authorisation (a shop's token, an account's grant) is asked again with one cheap call, so
   * that parked work resumes by itself when it is accepted again; 0 turns it off (a reinstall or reconnect still does).
   */
  AUTH_RECHECK_INTERVAL_SECONDS: z.coerce.number().int().nonnegative().default(600),
  /**
   * How long after its export a package is read back from the marketplace by the reconciliation (to know it is
   * really there); packages exported in the last 48 hours are checked once.
   */
  VERIFY_EXPORTS_AFTER_SECONDS: z.coerce.number().int().nonnegative().default(600),
  /** How far back (by purchase date) the reconciliation looks for orders not yet shipped. */
  RECONCILE_WINDOW_DAYS: z.coerce.number().int().positive().default(30),
  /** Worker concurrency inside the app process. */
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/**
 * Sandbox mode: asked for (SANDBOX=true, which `npm start` sets once it has started the emulators), or no
 * platform's app keys at all. A BigCommerce-only deployment (BigCommerce keys, no Shopify keys) is not a sandbox.
 */
export function isSandbox(env: Env): boolean {
  if (env.SANDBOX !== undefined) return env.SANDBOX;
  const shopify = Boolean(env.SHOPIFY_API_KEY && env.SHOPIFY_API_SECRET);
  const bigcommerce = Boolean(env.BIGCOMMERCE_CLIENT_ID && env.BIGCOMMERCE_CLIENT_SECRET);
  return !shopify && !bigcommerce;
}

/** Default SP-API host per region. */
export function amazonApiBaseUrl(env: Env, region: string): string {
  if (env.AMAZON_SP_API_BASE_URL) return env.AMAZON_SP_API_BASE_URL;
  const host =
    { na: "sellingpartnerapi-na", eu: "sellingpartnerapi-eu", fe: "sellingpartnerapi-fe" }[region] ??
    "sellingpartnerapi-na";
  return `https://${host}.amazon.com`;
}
