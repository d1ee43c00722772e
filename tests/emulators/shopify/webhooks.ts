/**
 * Webhook delivery as Shopify does it: one delivery per subscription of the app's TOML that lists the topic,
 * a real HTTP POST of the raw JSON body to `${appUrl}${uri}` with the X-Shopify-* headers and
 * `X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(clientSecret, rawBody))`, 5 s to answer, and on a non-2xx or
 * timeout up to 8 retries with exponential backoff (1 min doubling, about 4 hours in all; divided by the
 * time scale). Retries and redeliveries carry the same X-Shopify-Webhook-Id and body; a retry goes to the
 * address that was current when the event fired. The queue, timing, retries and delivery log are the kit's
 * (../kit/webhook-dispatcher.ts); the subscriptions, payloads, headers and schedule are Shopify's, here.
 */
import { createHmac, randomUUID } from "node:crypto";
import {
  DEFAULT_DELIVERY_TIMEOUT_MS,
  type DeliveryAttempt,
  deliveryOutcome,
  WebhookDeliveryLoop,
} from "../kit/webhook-dispatcher";
import type { AppConfig, WebhookSubscription } from "./app-config";

export type { DeliveryAttempt } from "../kit/webhook-dispatcher";

export const MAX_RETRIES = 8;
export const FIRST_RETRY_DELAY_MS = 60_000;
export const DELIVERY_TIMEOUT_MS = DEFAULT_DELIVERY_TIMEOUT_MS;

export type DeliveryState = "pending" | "retrying" | "delivered" | "failed" | "skipped";

export interface Delivery {
  /** The emulator's id for this delivery (for redeliver). */
  id: string;
  webhookId: string;
  eventId: string;
  topic: string;
  shopDomain: string;
  url: string | null;
  subscriptionName?: string;
  triggeredAt: string;
  body: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** Set on a duplicate made by redeliver(). */
  redeliveryOf?: string;
  nextAttemptAt?: string;
}

export interface DeliverySummary {
  id: string;
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string | null;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  triggeredAt: string;
  nextAttemptAt: string | null;
  redeliveryOf: string | null;
  payload: unknown;
}

export interface WebhookOptions {
  clientSecret: string;
  config: () => AppConfig;
  appUrl: () => string | null;
  timeScale: () => number;
  timeoutMs?: number;
}

export function hmacOf(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

function resolveUrl(appUrl: string | null, uri: string): string | null {
  if (/^https?:\/\//i.test(uri)) return uri;
  if (!appUrl) return null;
  return `${appUrl.replace(/\/+$/, "")}/${uri.replace(/^\/+/, "")}`;
}

export class WebhookDispatcher extends WebhookDeliveryLoop<Delivery> {
  constructor(private readonly opts: WebhookOptions) {
    super({ timeScale: opts.timeScale, timeoutMs: opts.timeoutMs });
  }

  private subscriptions(topic: string): WebhookSubscription[] {
    return this.opts.config().subscriptions.filter((s) => s.topics.includes(topic));
  }

  /** Fires an event: one delivery per subscription listing the topic (none when the app did not subscribe). */
  emit(shopDomain: string, topic: string, payload: unknown): Delivery[] {
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    const body = JSON.stringify(payload);
    const out: Delivery[] = [];
    for (const sub of this.subscriptions(topic)) {
      const url = resolveUrl(this.opts.appUrl(), sub.uri);
      const d: Delivery = {
        id: this.nextId(),
        webhookId: randomUUID(),
        eventId,
        topic,
        shopDomain,
        url,
        subscriptionName: sub.name,
        triggeredAt,
        body,
        state: url ? "pending" : "skipped",
        attempts: [],
      };
      if (!url)
        d.attempts.push({
          at: triggeredAt,
          status: null,
          error: "no app URL configured (POST /__sandbox/app)",
          durationMs: 0,
        });
      out.push(this.enqueue(d));
    }
    return out;
  }

  /** Sends the same webhook again (same X-Shopify-Webhook-Id, event id and body): a duplicate delivery. */
  redeliver(id: string): Delivery | null {
    const orig = this.get(id);
    if (!orig) return null;
    const url = orig.url ?? this.currentUrl(orig.topic);
    const d: Delivery = {
      ...orig,
      id: this.nextId(),
      url,
      state: url ? "pending" : "skipped",
      attempts: [],
      redeliveryOf: orig.id,
      nextAttemptAt: undefined,
    };
    if (!url)
      d.attempts.push({
        at: new Date().toISOString(),
        status: null,
        error: "no app URL configured (POST /__sandbox/app)",
        durationMs: 0,
      });
    return this.enqueue(d);
  }

  private currentUrl(topic: string): string | null {
    const sub = this.subscriptions(topic)[0];
    return sub ? resolveUrl(this.opts.appUrl(), sub.uri) : null;
  }

  list(filter: { topic?: string; shop?: string } = {}): DeliverySummary[] {
    return this.deliveries
      .filter((d) => (!filter.topic || d.topic === filter.topic) && (!filter.shop || d.shopDomain === filter.shop))
      .map((d) => summary(d));
  }

  protected attemptHeaders(d: Delivery): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": d.topic,
      "x-shopify-hmac-sha256": hmacOf(this.opts.clientSecret, d.body),
      "x-shopify-shop-domain": d.shopDomain,
      "x-shopify-api-version": this.opts.config().apiVersion,
      "x-shopify-webhook-id": d.webhookId,
      "x-shopify-event-id": d.eventId,
      "x-shopify-triggered-at": d.triggeredAt,
    };
    if (d.subscriptionName) headers["x-shopify-name"] = d.subscriptionName;
    return headers;
  }

  /** Exponential backoff: 1 min, 2 min, 4 min... for up to MAX_RETRIES retries. */
  protected retryDelayMs(failedAttempts: number): number | null {
    return failedAttempts <= MAX_RETRIES ? FIRST_RETRY_DELAY_MS * 2 ** (failedAttempts - 1) : null;
  }
}

function summary(d: Delivery): DeliverySummary {
  const { lastStatus, lastError, payload } = deliveryOutcome(d);
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    topic: d.topic,
    shop: d.shopDomain,
    url: d.url,
    state: d.state,
    attempts: d.attempts.filter((a) => a.status !== null || d.state !== "skipped").length,
    lastStatus,
    lastError,
    triggeredAt: d.triggeredAt,
    nextAttemptAt: d.nextAttemptAt ?? null,
    redeliveryOf: d.redeliveryOf ?? null,
    payload,
  };
}
