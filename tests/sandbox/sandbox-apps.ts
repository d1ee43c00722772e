import { DEMO_AMAZON_CONNECT_SELLER, DEMO_EBAY_SELLER, DEMO_ETSY_SHOP } from "./demo-data";

/**
 * The sandbox's developer apps: the keys the emulated Shopify, BigCommerce, eBay and Etsy apps are registered
 * with, and the env that points OrderBridge at running emulators with those keys (sandbox mode and tests).
 */

/** Test/sandbox credentials of the emulated Shopify app. */
export const SANDBOX_SHOPIFY_APP = {
  clientId: "orderbridge-sandbox-client",
  clientSecret: "orderbridge-sandbox-secret",
};
/** Test/sandbox credentials of the emulated BigCommerce single-click app. */
export const SANDBOX_BIGCOMMERCE_APP = {
  clientId: "orderbridge-bc-sandbox-client",
  clientSecret: "orderbridge-bc-sandbox-secret",
};
/** The emulated SP-API app (a draft: its consent URLs carry version=beta) and its LWA client. */
export const SANDBOX_AMAZON_APP = {
  applicationId: "amzn1.sp.solution.orderbridge-sandbox",
  clientId: "amzn1.application-oa2-client.orderbridgesandbox",
  clientSecret: "amzn1.oa2-cs.v1.orderbridge-sandbox-secret",
};
/** Test/sandbox keys of the emulated eBay and Etsy developer apps. */
export const SANDBOX_EBAY_APP = {
  clientId: "OrderBri-Sandbox-PRD-0b1d2e3f4",
  clientSecret: "PRD-sandbox-secret-0b1d2e3f4",
  ruName: "OrderBridge-Sandbox-RuName",
  verificationToken: "orderbridge-sandbox-verification-token-0123456789",
};
/** The demo sellers the sandbox's "Connect eBay/Etsy" buttons sign in as (the Shopify shop's). */
const SANDBOX_CONNECT_SELLERS = { ebayUsername: DEMO_EBAY_SELLER.username, etsyUserId: DEMO_ETSY_SHOP.userId };
export const SANDBOX_ETSY_APP = {
  keystring: "orderbridgesandboxkey",
  sharedSecret: "orderbridge-sandbox-shared-secret",
};

/** The emulators' base URLs. */
export interface SandboxUrls {
  amazon: string;
  shopify: string;
  ebay: string;
  etsy: string;
  bigcommerce: string;
}

/** The env that points the app at running emulators, with the sandbox apps' keys (sandbox mode and tests). */
export function sandboxEnv(urls: SandboxUrls): Record<string, string> {
  return {
    // Sandbox stays on although the emulated apps' keys below are set.
    SANDBOX: "true",
    SHOPIFY_ADMIN_BASE_URL: urls.shopify,
    AMAZON_SP_API_BASE_URL: urls.amazon,
    AMAZON_LWA_BASE_URL: urls.amazon,
    AMAZON_APPLICATION_ID: SANDBOX_AMAZON_APP.applicationId,
    AMAZON_LWA_CLIENT_ID: SANDBOX_AMAZON_APP.clientId,
    AMAZON_LWA_CLIENT_SECRET: SANDBOX_AMAZON_APP.clientSecret,
    AMAZON_APP_DRAFT: "true",
    AMAZON_CONSENT_URL: `${urls.amazon}/apps/authorize/consent?sandbox_seller_id=${DEMO_AMAZON_CONNECT_SELLER.sellerId}`,
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
