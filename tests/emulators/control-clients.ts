/**
 * Typed clients for the emulators' control APIs (`/__sandbox/...`) over HTTP. Used by sandbox seeding,
 * integration tests and the bench, so all of them drive the emulators exactly as an outside user would.
 */
import type { SeedOrderInput as AmazonSeedOrder } from "./amazon/state";
import type { SeedOrderInput as EbaySeedOrder } from "./ebay/state";
import type { SeedReceiptInput as EtsySeedReceipt } from "./etsy/state";
import { controlCall } from "./kit/control-call";

export { controlCall } from "./kit/control-call";

/** What each emulator's control API seeds: its own input types, so a field added there is usable here. */
export type { SeedItemInput as AmazonSeedItem, SeedOrderInput as AmazonSeedOrder } from "./amazon/state";

export function amazonControl(baseUrl: string) {
  return {
    seedSeller: (s: {
      sellerId: string;
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      marketplaceIds?: string[];
      storeName?: string;
    }) => controlCall<unknown>(baseUrl, "POST", "/__sandbox/sellers", s),
    seedApplication: (a: { applicationId: string; clientId: string; clientSecret: string; redirectUris: string[] }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/applications", a),
    seedOrder: (o: AmazonSeedOrder) =>
      controlCall<{ AmazonOrderId: string } & Record<string, unknown>>(baseUrl, "POST", "/__sandbox/orders", o),
    getOrder: (id: string) =>
      controlCall<Record<string, any>>(baseUrl, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`),
    requests: () =>
      controlCall<
        { method: string; path: string; query: Record<string, unknown>; body: any; status: number; time: string }[]
      >(baseUrl, "GET", "/__sandbox/requests"),
    addFault: (f: { kind: string; match?: string; times?: number; delayMs?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/faults", { times: 1, ...f }),
    setLimits: (l: { enabled?: boolean; timeScale?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/limits", l),
  };
}

export function shopifyControl(baseUrl: string) {
  return {
    createShop: (s: { domain: string; name?: string; currencyCode?: string }) =>
      controlCall<{ domain: string; accessToken: string }>(baseUrl, "POST", "/__sandbox/shops", s),
    addProduct: (
      domain: string,
      p: { title: string; variants: { sku: string; price: string; inventoryQuantity?: number }[] },
    ) => controlCall<unknown>(baseUrl, "POST", `/__sandbox/shops/${domain}/products`, p),
    setInventory: (domain: string, s: { sku: string; quantity: number }) =>
      controlCall<unknown>(baseUrl, "POST", `/__sandbox/shops/${domain}/inventory`, s),
    /** An order the merchant (or another app) creates; lines may be `{sku, quantity}`. */
    createOrder: (domain: string, order: Record<string, unknown>) =>
      controlCall<Record<string, any>>(baseUrl, "POST", `/__sandbox/shops/${domain}/orders`, { order }),
    orders: (domain: string) => controlCall<any[]>(baseUrl, "GET", `/__sandbox/shops/${domain}/orders`),
    fulfill: (
      domain: string,
      orderId: string,
      f: {
        lineItems?: { sku?: string; lineItemId?: string; quantity: number }[];
        trackingCompany?: string;
        trackingNumber?: string;
      },
    ) =>
      controlCall<Record<string, any>>(
        baseUrl,
        "POST",
        `/__sandbox/shops/${domain}/orders/${encodeURIComponent(orderId)}/fulfill`,
        f,
      ),
    updateTracking: (domain: string, fulfillmentId: string, t: { trackingCompany: string; trackingNumber: string }) =>
      controlCall<unknown>(
        baseUrl,
        "POST",
        `/__sandbox/shops/${domain}/fulfillments/${encodeURIComponent(fulfillmentId)}/tracking`,
        t,
      ),
    setAppUrl: (appUrl: string) => controlCall<unknown>(baseUrl, "POST", "/__sandbox/app", { appUrl }),
    /** The shop's tokens answer 401 until restoreTokens (no uninstall, no webhook). */
    revokeTokens: (domain: string) => controlCall<unknown>(baseUrl, "POST", `/__sandbox/shops/${domain}/revoke-tokens`),
    restoreTokens: (domain: string) =>
      controlCall<unknown>(baseUrl, "POST", `/__sandbox/shops/${domain}/restore-tokens`),
    webhooks: () => controlCall<any[]>(baseUrl, "GET", "/__sandbox/webhooks"),
    redeliver: (deliveryId: string) =>
      controlCall<unknown>(baseUrl, "POST", `/__sandbox/webhooks/${encodeURIComponent(deliveryId)}/redeliver`),
    requests: () => controlCall<any[]>(baseUrl, "GET", "/__sandbox/requests"),
    addFault: (f: { kind: string; match?: string; times?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/faults", { times: 1, ...f }),
  };
}

export type { SeedItemInput as EbaySeedItem, SeedOrderInput as EbaySeedOrder } from "./ebay/state";

export function ebayControl(baseUrl: string) {
  return {
    seedUser: (u: {
      username: string;
      userId?: string;
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      ruName?: string;
      acceptUrl?: string;
    }) => controlCall<Record<string, unknown>>(baseUrl, "POST", "/__sandbox/users", u),
    seedOrder: (o: EbaySeedOrder) =>
      controlCall<{ orderId: string } & Record<string, any>>(baseUrl, "POST", "/__sandbox/orders", o),
    getOrder: (id: string) =>
      controlCall<Record<string, any>>(baseUrl, "GET", `/__sandbox/orders/${encodeURIComponent(id)}`),
    requests: () =>
      controlCall<{ method: string; path: string; query: Record<string, unknown>; body: any; status: number }[]>(
        baseUrl,
        "GET",
        "/__sandbox/requests",
      ),
    addFault: (f: { kind: string; match?: string; times?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/faults", { times: 1, ...f }),
  };
}

export type { SeedReceiptInput as EtsySeedReceipt } from "./etsy/state";

export function etsyControl(baseUrl: string) {
  return {
    seedApp: (a: { keystring: string; sharedSecret: string; qps?: number; qpd?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/apps", a),
    seedShop: (s: { shopId: number; userId: number; keystring: string; refreshToken: string; shopName?: string }) =>
      controlCall<Record<string, unknown>>(baseUrl, "POST", "/__sandbox/shops", s),
    seedReceipt: (r: EtsySeedReceipt) =>
      controlCall<{ receipt_id: number } & Record<string, any>>(baseUrl, "POST", "/__sandbox/receipts", r),
    getReceipt: (id: number) => controlCall<Record<string, any>>(baseUrl, "GET", `/__sandbox/receipts/${id}`),
    requests: () =>
      controlCall<{ method: string; path: string; query: Record<string, unknown>; body: any; status: number }[]>(
        baseUrl,
        "GET",
        "/__sandbox/requests",
      ),
    addFault: (f: { kind: string; match?: string; times?: number }) =>
      controlCall<unknown>(baseUrl, "POST", "/__sandbox/faults", { times: 1, ...f }),
  };
}

export { bigcommerceControl } from "./bigcommerce/control-client";
