import type { Marketplace } from "../../../connectors/types";
import type { Platform } from "../../../db/schema";

/** Display names, exhaustive over the unions. */
export function marketplaceName(m: Marketplace): string {
  const names: Record<Marketplace, string> = { amazon: "Amazon", ebay: "eBay", etsy: "Etsy" };
  return names[m];
}

export function platformName(p: Platform): string {
  const names: Record<Platform, string> = { shopify: "Shopify", bigcommerce: "BigCommerce" };
  return names[p];
}
