import type { Platform } from "#db/schema/shops.ts";
import type { Env } from "../env";
import { createBigCommercePlatform } from "./bigcommerce/bigcommerce-platform";
import { AdminGraphqlClient } from "./shopify/admin-graphql-client";
import { ShopifyPlatform } from "./shopify/shopify-platform";
import type { ShopPlatform } from "./types";

/** Everything a platform adapter needs to talk to one shop. Built by the composition root from the shop row and env. */
export interface PlatformContext {
  env: Env;
  /** The shop's domain (Shopify: `x.myshopify.com`; BigCommerce: the store hash). */
  domain: string;
  /** Decrypted access token of the installed app. */
  accessToken: string;
}

export type PlatformFactory = (ctx: PlatformContext) => ShopPlatform;

/** One line per platform, as connectors/registry.ts has one per marketplace: a new platform is a folder here and a line. */
const factories: Record<Platform, PlatformFactory> = {
  shopify: ({ env, domain, accessToken }) =>
    new ShopifyPlatform(
      new AdminGraphqlClient({ baseUrl: env.SHOPIFY_ADMIN_BASE_URL ?? `https://${domain}`, accessToken }),
    ),
  bigcommerce: ({ env, domain, accessToken }) =>
    createBigCommercePlatform({ apiBaseUrl: env.BIGCOMMERCE_API_BASE_URL, storeHash: domain, accessToken }),
};

export function createPlatform(platform: Platform, ctx: PlatformContext): ShopPlatform {
  return factories[platform](ctx);
}
