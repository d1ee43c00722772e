import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp, type ApiVersion } from "@shopify/shopify-app-remix/server";
import { DrizzleSessionStorageSQLite } from "@shopify/shopify-app-session-storage-drizzle";
import { shopifySessions } from "#db/schema/index.ts";
import type { AppContext } from "./.server/context";
import { recordShopInstalled } from "./.server/services/shop-installation";
import { SHOPIFY_API_VERSION } from "./.server/platforms/shopify/api-version";

type ShopifyApp = ReturnType<typeof shopifyApp>;
let instance: ShopifyApp | null = null;

/**
 * shopifyApp(...) once, for real (non-sandbox) mode. Built lazily because it needs the database from the
 * composition root and real credentials; sandbox mode never calls it (see docs/decisions/0004).
 */
export function shopify(ctx: AppContext): ShopifyApp {
  if (instance) return instance;
  const { env } = ctx;
  if (!env.SHOPIFY_API_KEY || !env.SHOPIFY_API_SECRET || !env.SHOPIFY_APP_URL) {
    throw new Error("SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL are required outside sandbox mode");
  }
  instance = shopifyApp({
    apiKey: env.SHOPIFY_API_KEY,
    apiSecretKey: env.SHOPIFY_API_SECRET,
    appUrl: env.SHOPIFY_APP_URL,
    scopes: env.SCOPES?.split(","),
    // A value of the ApiVersion enum (ApiVersion.July26): api-version.ts keeps the constant to the enum's values.
    apiVersion: SHOPIFY_API_VERSION as ApiVersion,
    authPathPrefix: "/auth",
    // The adapter's types target its own drizzle build; the table has exactly the columns it needs.
    sessionStorage: new DrizzleSessionStorageSQLite(ctx.db as never, shopifySessions as never),
    distribution: AppDistribution.AppStore,
    hooks: {
      afterAuth: async ({ session }) => {
        if (!session.isOnline && session.accessToken) {
          recordShopInstalled(ctx, { platform: "shopify", domain: session.shop, accessToken: session.accessToken });
        }
      },
    },
  });
  return instance;
}
