import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * BigCommerce signs webhook deliveries per Standard Webhooks (docs/platform-facts.md#bc-webhook-signature):
 *   webhook-id, webhook-timestamp (Unix seconds), webhook-signature: "v1,<base64 HMAC-SHA256>" of
 *   "{id}.{timestamp}.{rawBody}", keyed with the client secret's bytes (the `standardwebhooks` library is given
 *   base64(client_secret) and decodes it back). The header may hold several space-separated signatures (key
 *   rotation); any valid `v1` one is enough. Deliveries older or newer than the tolerance are refused (replay).
 */

export const WEBHOOK_TOLERANCE_S = 5 * 60;

export type WebhookVerification = { ok: true; webhookId: string; timestamp: number } | { ok: false; reason: string };

export function signStandardWebhook(
  clientSecret: string,
  webhookId: string,
  timestamp: number | string,
  rawBody: string,
): string {
  return `v1,${createHmac("sha256", Buffer.from(clientSecret, "utf8")).update(`${webhookId}.${timestamp}.${rawBody}`).digest("base64")}`;
}

export function verifyStandardWebhook(
  clientSecret: string,
  headers: { get(name: string): string | null },
  rawBody: string,
  opts: { toleranceS?: number; now?: number } = {},
): WebhookVerification {
  if (!clientSecret) return { ok: false, reason: "no client secret configured" };
  const webhookId = headers.get("webhook-id")?.trim();
  const ts = headers.get("webhook-timestamp")?.trim();
  const signatures = headers.get("webhook-signature");
  if (!webhookId || !ts || !signatures)
    return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: "webhook-timestamp is not Unix seconds" };
  const timestamp = Number(ts);
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceS ?? WEBHOOK_TOLERANCE_S))
    return { ok: false, reason: "webhook-timestamp is outside the tolerance" };
  const expected = Buffer.from(signStandardWebhook(clientSecret, webhookId, ts, rawBody).slice("v1,".length), "base64");
  const match = signatures
    .split(" ")
    .filter(Boolean)
    .some((part) => {
      const comma = part.indexOf(",");
      if (comma < 0 || part.slice(0, comma) !== "v1") return false;
      const given = Buffer.from(part.slice(comma + 1), "base64");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return match ? { ok: true, webhookId, timestamp } : { ok: false, reason: "no signature matches" };
}
