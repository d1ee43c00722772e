/**
 * Webhook delivery as Shopify does it: one delivery per subscription of the app's TOML that lists the topic,
 * a real HTTP POST of the raw JSON body to `${appUrl}${uri}` with the X-Shopify-* headers and
 * `X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(clientSecret, rawBody))`, 5 s to answer, and on a non-2xx or
 * timeout up to 8 retries with exponential backoff (1 min doubling, about 4 hours in all; divided by the
 * time scale). Retries and redeliveries carry the same X-Shopify-Webhook-Id and body; a retry goes to the
 * address that was current when the event fired.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { AppConfig, WebhookSubscription } from "./app-config";

export const MAX_RETRIES = 8;
export const FIRST_RETRY_DELAY_MS = 60_000;
export const DELIVERY_TIMEOUT_MS = 5_000;

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

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

export class WebhookDispatcher {
  private readonly deliveries: Delivery[] = [];
  private seq = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly opts: WebhookOptions) {}

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
        id: String(++this.seq),
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
      if (!url) d.attempts.push({ at: triggeredAt, status: null, error: "no app URL configured (POST /__sandbox/app)", durationMs: 0 });
      this.deliveries.push(d);
      out.push(d);
      if (url) this.schedule(d, 0);
    }
    return out;
  }

  /** Sends the same webhook again (same X-Shopify-Webhook-Id, event id and body): a duplicate delivery. */
  redeliver(id: string): Delivery | null {
    const orig = this.deliveries.find((d) => d.id === id);
    if (!orig) return null;
    const url = orig.url ?? this.currentUrl(orig.topic);
    const d: Delivery = {
      ...orig,
      id: String(++this.seq),
      url,
      state: url ? "pending" : "skipped",
      attempts: [],
      redeliveryOf: orig.id,
      nextAttemptAt: undefined,
    };
    if (!url) d.attempts.push({ at: new Date().toISOString(), status: null, error: "no app URL configured (POST /__sandbox/app)", durationMs: 0 });
    this.deliveries.push(d);
    if (url) this.schedule(d, 0);
    return d;
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

  get(id: string): Delivery | null {
    return this.deliveries.find((d) => d.id === id) ?? null;
  }

  /** Resolves when nothing is being sent and no retry is scheduled. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.inFlight === 0 && this.timers.size === 0;
  }

  reset(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.deliveries.length = 0;
    this.seq = 0;
    this.checkIdle();
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private schedule(d: Delivery, delayMs: number): void {
    if (this.closed) return;
    d.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    const t = setTimeout(() => {
      this.timers.delete(d.id);
      void this.attempt(d);
    }, delayMs);
    t.unref();
    this.timers.set(d.id, t);
  }

  private async attempt(d: Delivery): Promise<void> {
    if (this.closed || !d.url) return;
    this.inFlight++;
    d.nextAttemptAt = undefined;
    const started = Date.now();
    const attempt: DeliveryAttempt = { at: new Date(started).toISOString(), status: null, error: null, durationMs: 0 };
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
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers,
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? DELIVERY_TIMEOUT_MS),
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) attempt.error = `HTTP ${res.status}`;
    } catch (e) {
      const err = e as Error;
      attempt.error = err.name === "TimeoutError" ? `no answer within ${this.opts.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms` : err.message;
    }
    attempt.durationMs = Date.now() - started;
    d.attempts.push(attempt);
    this.inFlight--;
    if (!attempt.error) d.state = "delivered";
    else if (d.attempts.length <= MAX_RETRIES) {
      d.state = "retrying";
      const delay = (FIRST_RETRY_DELAY_MS * 2 ** (d.attempts.length - 1)) / Math.max(1e-9, this.opts.timeScale());
      this.schedule(d, delay);
    } else d.state = "failed";
    this.checkIdle();
  }
}

function summary(d: Delivery): DeliverySummary {
  const last = d.attempts[d.attempts.length - 1];
  let payload: unknown = d.body;
  try {
    payload = JSON.parse(d.body);
  } catch {
    // keep the raw body
  }
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    topic: d.topic,
    shop: d.shopDomain,
    url: d.url,
    state: d.state,
    attempts: d.attempts.filter((a) => a.status !== null || d.state !== "skipped").length,
    lastStatus: last?.status ?? null,
    lastError: last?.error ?? null,
    triggeredAt: d.triggeredAt,
    nextAttemptAt: d.nextAttemptAt ?? null,
    redeliveryOf: d.redeliveryOf ?? null,
    payload,
  };
}
