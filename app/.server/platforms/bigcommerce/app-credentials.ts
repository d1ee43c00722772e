import type { Env } from "#app/.server/env.ts";

/** The single-click app's keys (BigCommerce Developer Portal); the secret signs webhooks and signed_payload_jwt. */
export interface BigCommerceAppCredentials {
  clientId: string;
  clientSecret: string;
}

/** The app's keys from the environment, or null when BigCommerce is not configured. */
export function bigCommerceAppCredentials(env: Env): BigCommerceAppCredentials | null {
  const clientId = env.BIGCOMMERCE_CLIENT_ID?.trim();
  const clientSecret = env.BIGCOMMERCE_CLIENT_SECRET?.trim();
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

/** The app's public base URL (callbacks, webhook destination). */
export function appBaseUrl(env: Env): string | null {
  const url = env.APP_URL ?? env.SHOPIFY_APP_URL;
  return url ? url.replace(/\/+$/, "") : null;
}

/** Where BigCommerce sends the single-click callbacks (`{appUrl}/bigcommerce/auth|load|uninstall|remove_user`). */
export function bigCommerceCallbackUrl(
  env: Env,
  callback: "auth" | "load" | "uninstall" | "remove_user",
): string | null {
  const base = appBaseUrl(env);
  return base ? `${base}/bigcommerce/${callback}` : null;
}

export function bigCommerceWebhookDestination(env: Env): string | null {
  const base = appBaseUrl(env);
  return base ? `${base}/webhooks/bigcommerce` : null;
}
