/**
 * A typed client for the BigCommerce emulator's control API over HTTP, in the style of
 * `tests/emulators/control-clients.ts` (sandbox seeding, integration tests and the bench drive the
 * emulator as an outside user would).
 */

import { controlCall as call } from "../kit/control-call";

export interface BigCommerceSeedProduct {
  name: string;
  sku?: string;
  price: number | string;
  inventory_level?: number;
  variants?: { sku: string; price?: number | string; inventory_level?: number }[];
}

export interface BigCommerceShipInput {
  items?: { sku?: string; order_product_id?: number; quantity?: number }[];
  order_address_id?: number;
  tracking_number?: string;
  tracking_carrier?: string;
  shipping_provider?: string;
  tracking_link?: string;
}

export function bigcommerceControl(baseUrl: string) {
  const S = (hash: string) => `/__sandbox/stores/${encodeURIComponent(hash)}`;
  return {
    createStore: (s: {
      storeHash: string;
      name?: string;
      accessToken?: string;
      plan?: "standard" | "plus" | "pro" | "enterprise";
      quota?: number;
      scopes?: string[];
    }) =>
      call<{ storeHash: string; storeId: number; accessToken: string } & Record<string, unknown>>(
        baseUrl,
        "POST",
        "/__sandbox/stores",
        s,
      ),
    addProduct: (hash: string, p: BigCommerceSeedProduct) =>
      call<Record<string, any>>(baseUrl, "POST", `${S(hash)}/products`, p),
    setInventory: (hash: string, s: { sku: string; inventory_level: number }) =>
      call<Record<string, any>>(baseUrl, "POST", `${S(hash)}/inventory`, s),
    addChannel: (hash: string, c: { name: string; type?: string; platform?: string; status?: string }) =>
      call<{ id: number } & Record<string, unknown>>(baseUrl, "POST", `${S(hash)}/channels`, c),
    createOrder: (hash: string, body: Record<string, unknown>) =>
      call<Record<string, any>>(baseUrl, "POST", `${S(hash)}/orders`, body),
    orders: (hash: string) => call<Record<string, any>[]>(baseUrl, "GET", `${S(hash)}/orders`),
    order: (hash: string, orderId: number) => call<Record<string, any>>(baseUrl, "GET", `${S(hash)}/orders/${orderId}`),
    ship: (hash: string, orderId: number, s: BigCommerceShipInput) =>
      call<Record<string, any>>(baseUrl, "POST", `${S(hash)}/orders/${orderId}/ship`, s),
    setStatus: (hash: string, orderId: number, statusId: number) =>
      call<Record<string, any>>(baseUrl, "POST", `${S(hash)}/orders/${orderId}/status`, { status_id: statusId }),
    hooks: (hash: string) => call<Record<string, any>[]>(baseUrl, "GET", `${S(hash)}/hooks`),
    install: (hash: string) =>
      call<{ code: string; scope: string; context: string; callback: Record<string, unknown> }>(
        baseUrl,
        "POST",
        `${S(hash)}/install`,
      ),
    load: (hash: string, o: { userId?: number; url?: string; channelId?: number } = {}) =>
      call<{ signed_payload_jwt: string }>(baseUrl, "POST", `${S(hash)}/load`, o),
    uninstall: (hash: string) => call<{ signed_payload_jwt: string }>(baseUrl, "POST", `${S(hash)}/uninstall`),
    /** The store's tokens answer 401 until restoreTokens (no uninstall, no callback). */
    revokeTokens: (hash: string) => call<unknown>(baseUrl, "POST", `${S(hash)}/revoke-tokens`),
    restoreTokens: (hash: string) => call<unknown>(baseUrl, "POST", `${S(hash)}/restore-tokens`),
    signedPayload: (hash: string, o: { userId?: number; url?: string; channelId?: number } = {}) =>
      call<{ signed_payload_jwt: string }>(baseUrl, "POST", `${S(hash)}/signed-payload`, o),
    setAppUrl: (appUrl: string | null) =>
      call<{ appUrl: string | null }>(baseUrl, "POST", "/__sandbox/app", { appUrl }),
    webhooks: (filter: { scope?: string; store?: string } = {}) =>
      call<Record<string, any>[]>(
        baseUrl,
        "GET",
        `/__sandbox/webhooks?${new URLSearchParams(filter as Record<string, string>)}`,
      ),
    waitForWebhooks: (timeoutMs = 10_000) =>
      call<Record<string, any>[]>(baseUrl, "POST", "/__sandbox/webhooks/wait", { timeoutMs }),
    redeliver: (deliveryId: string, o: { newWebhookId?: boolean } = {}) =>
      call<Record<string, any>>(baseUrl, "POST", `/__sandbox/webhooks/${encodeURIComponent(deliveryId)}/redeliver`, o),
    requests: () => call<any[]>(baseUrl, "GET", "/__sandbox/requests"),
    addFault: (f: { kind: string; match?: string; times?: number; delayMs?: number }) =>
      call<unknown>(baseUrl, "POST", "/__sandbox/faults", { times: 1, ...f }),
    setLimits: (l: { enabled?: boolean; timeScale?: number }) => call<unknown>(baseUrl, "POST", "/__sandbox/limits", l),
  };
}
