import type { ApiVersion } from "@shopify/shopify-app-remix/server";

/**
 * The Shopify Admin API version OrderBridge is built against, in one place: the app config (shopify.server.ts),
 * the Admin GraphQL client's URL, the `[webhooks] api_version` in shopify.app.toml (a test checks they are equal),
 * the generated types (.graphqlrc.ts) and the emulator's schema and URL routing.
 *
 * Shopify supports each stable version for at least 12 months and then answers requests for a retired version
 * with the oldest supported one (https://shopify.dev/docs/api/usage/versioning). `satisfies` keeps the string to
 * one of the versions the installed @shopify/shopify-api knows (its `ApiVersion` enum, here `ApiVersion.July26`),
 * without loading that package at run time for the client or the emulator.
 */
export const SHOPIFY_API_VERSION = "2026-07" satisfies `${ApiVersion}`;
export type ShopifyApiVersion = typeof SHOPIFY_API_VERSION;
