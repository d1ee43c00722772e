import type { Marketplace } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";

/**
 * The longest SKU each side accepts, in characters. A mapping holding a longer one could never match an order line
 * or a shop product, so it is refused before anything is stored (docs/decisions/032).
 *
 * - BigCommerce: a variant's `sku` has `maxLength: 255` in the Catalog API's variant schema
 *   (https://developer.bigcommerce.com/docs/rest-catalog/product-variants).
 * - Shopify: 255 is **unconfirmed**: the Admin GraphQL schema (2026-07) gives no maximum for `ProductVariant.sku`;
 *   255, the bound BigCommerce documents, is used until Shopify states one.
 * - eBay: 50 (`SKU` "MaxLength: 50", https://developer.ebay.com/Devzone/XML/Docs/Reference/eBay/types/SKUArrayType.html).
 * - Amazon: 40 for a SellerSKU is **unconfirmed** in Amazon's own API models (reported by SP-API client maintainers,
 *   https://github.com/amz-tools/amazon-sp-api/issues/126).
 * - Etsy: **unconfirmed**: the Open API v3 spec gives no maximum for a listing product's `sku`, so the platform bound
 *   (255) is used rather than refusing SKUs Etsy may accept.
 */
export const SHOP_SKU_MAX_LENGTH: Record<Platform, number> = { shopify: 255, bigcommerce: 255 };

export const MARKETPLACE_SKU_MAX_LENGTH: Record<Marketplace, number> = { amazon: 40, ebay: 50, etsy: 255 };

/** Units of one shop SKU in one marketplace unit of a bundle: a whole number from 1 to this. */
export const MAX_COMPONENT_QUANTITY = 999;

/** Shop SKUs in one bundle. */
export const MAX_BUNDLE_COMPONENTS = 20;
