import { MARKETPLACE_DISPLAY_NAMES, type Marketplace } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";

/** Display names, exhaustive over the unions. */
export function marketplaceName(m: Marketplace): string {
  return MARKETPLACE_DISPLAY_NAMES[m];
}

export function platformName(p: Platform): string {
  const names: Record<Platform, string> = { shopify: "Shopify", bigcommerce: "BigCommerce" };
  return names[p];
}
