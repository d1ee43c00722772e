/**
 * Webhook delivery as BigCommerce does it (docs/platform-facts.md#bc-webhooks and bc-webhook-signature):
 *
 *  - An event goes to every active `/v3/hooks` subscription of the store whose scope is the event's scope or
 *    a wildcard over it (`store/order/*` covers `store/order/statusUpdated`).
 *  - The body is the light payload of the docs' examples, keys in their order:
 *    `{scope, store_id, data: {type, id, ...}, hash, created_at, producer: "stores/{hash}"}`. `hash` is the
 *    SHA-1 of the JSON of `data` (webhooks.v3.yml: "the payload data encoded in JSON format and then passed
 *    through SH1"), so a duplicate firing keeps the same hash, and so do two events with the same data:
 *    deduplicate on `webhook-id`, not on `hash`.
 *  - Signed per Standard Webhooks: `webhook-id` (constant across retries and redeliveries),
 *    `webhook-timestamp` (seconds, per attempt) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 *    "{id}.{timestamp}.{rawBody}">` keyed with the raw client-secret bytes (what the `standardwebhooks`
 *    library uses when given base64(client_secret)), plus the hook's custom `headers`.
 *  - Any 2xx is a success. Otherwise retries come after 60, 180, 300, 600, 900, 1800, 3600, 7200, 21600,
 *    50400 and 86400 s (divided by the time scale); when the last one fails (about 48 h after the first
 *    attempt) the hook is deactivated. Retries stop if the hook is deleted or deactivated meanwhile.
 *  - Not emulated: the 1-minute activation delay of new hooks, per-domain blocklisting, 90-day inactivity.
 *    The time the app has to answer is not documented; 5 s here (option `webhookTimeoutMs`).
 *
 * The queue, timing, retries and delivery log are the kit's (../kit/webhook-dispatcher.ts); the hooks,
 * payloads, signature, schedule and deactivation are BigCommerce's, here.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import {
  DEFAULT_DELIVERY_TIMEOUT_MS,
  type DeliveryAttempt,
  deliveryOutcome,
  WebhookDeliveryLoop,
} from "../kit/webhook-dispatcher";
import type { BigCommerceState, HookRecord, StoreRecord } from "./state";

export type { DeliveryAttempt } from "../kit/webhook-dispatcher";

export const RETRY_SCHEDULE_S = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400];
export const DELIVERY_TIMEOUT_MS = DEFAULT_DELIVERY_TIMEOUT_MS;

export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  return hookScope.endsWith("/*") && eventScope.startsWith(hookScope.slice(0, -1));
}

export function eventHash(data: unknown): string {
  return createHash("sha1").update(JSON.stringify(data)).digest("hex");
}

/** `v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}`, keyed with the raw client-secret bytes. */
export function standardWebhookSignature(
  clientSecret: string,
  webhookId: string,
  timestamp: number | string,
  body: string,
): string {
  return `v1,${createHmac("sha256", Buffer.from(clientSecret, "utf8")).update(`${webhookId}.${timestamp}.${body}`).digest("base64")}`;
}

/** Verifies a delivery as the `standardwebhooks` library does (any `v1,` signature in the header; ±tolerance). */
export function verifyStandardWebhook(
  clientSecret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  opts: { toleranceS?: number; now?: number } = {},
): boolean {
  const one = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one("webhook-id");
  const ts = one("webhook-timestamp");
  const sig = one("webhook-signature");
  if (!id || !ts || !sig || !/^\d+$/.test(ts)) return false;
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - Number(ts)) > (opts.toleranceS ?? 300)) return false;
  const expected = Buffer.from(standardWebhookSignature(clientSecret, id, ts, rawBody).slice(3), "base64");
  return sig.split(" ").some((part) => {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export type DeliveryState = "pending" | "retrying" | "delivered" | "failed" | "cancelled";

export interface Delivery {
  id: string;
  webhookId: string;
  hookId: number;
  storeHash: string;
  scope: string;
  url: string;
  customHeaders: Record<string, string>;
  body: string;
  createdAt: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  redeliveryOf?: string;
  nextAttemptAt?: string;
  hookDeactivated?: boolean;
}

export interface DeliverySummary {
  id: string;
  webhookId: string;
  hookId: number;
  store: string;
  scope: string;
  url: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  redeliveryOf: string | null;
  hookDeactivated: boolean;
  /** Names only: the values are the app's credentials. */
  customHeaderNames: string[];
  payload: unknown;
}

export interface WebhookOptions {
  clientSecret: string;
  state: BigCommerceState;
  timeScale: () => number;
  timeoutMs?: number;
}

export class WebhookDispatcher extends WebhookDeliveryLoop<Delivery> {
  constructor(private readonly opts: WebhookOptions) {
    super({ timeScale: opts.timeScale, timeoutMs: opts.timeoutMs });
  }

  /** Fires an event: one delivery per matching active hook of the store. */
  emit(store: StoreRecord, scope: string, data: Record<string, unknown>, now = Date.now()): Delivery[] {
    const payload = {
      scope,
      store_id: String(store.id),
      data,
      hash: eventHash(data),
      created_at: Math.floor(now / 1000),
      producer: `stores/${store.hash}`,
    };
    const body = JSON.stringify(payload);
    const hooks = this.opts.state.hooksOf(store.hash).filter((h) => h.isActive && scopeMatches(h.scope, scope));
    return hooks.map((hook) => this.deliverTo(hook, scope, body, randomUUID()));
  }

  private deliverTo(hook: HookRecord, scope: string, body: string, webhookId: string, redeliveryOf?: string): Delivery {
    const d: Delivery = {
      id: this.nextId(),
      webhookId,
      hookId: hook.id,
      storeHash: hook.storeHash,
      scope,
      url: hook.destination,
      customHeaders: { ...(hook.headers ?? {}) },
      body,
      createdAt: new Date().toISOString(),
      state: "pending",
      attempts: [],
      redeliveryOf,
    };
    return this.enqueue(d);
  }

  /**
   * Sends a delivery again to its hook: same body and, by default, the same webhook-id (a redelivery the
   * app must recognise). With `newWebhookId`, a duplicate firing: new webhook-id, same body and hash.
   */
  redeliver(id: string, opts: { newWebhookId?: boolean } = {}): Delivery | null {
    const orig = this.get(id);
    if (!orig) return null;
    const hook = this.opts.state.hooks.find((h) => h.id === orig.hookId);
    const target: HookRecord = hook ?? {
      id: orig.hookId,
      storeHash: orig.storeHash,
      clientId: "",
      scope: orig.scope,
      destination: orig.url,
      headers: orig.customHeaders,
      isActive: true,
      createdAt: 0,
      updatedAt: 0,
    };
    return this.deliverTo(target, orig.scope, orig.body, opts.newWebhookId ? randomUUID() : orig.webhookId, orig.id);
  }

  list(filter: { scope?: string; store?: string } = {}): DeliverySummary[] {
    return this.deliveries
      .filter((d) => (!filter.scope || d.scope === filter.scope) && (!filter.store || d.storeHash === filter.store))
      .map(summary);
  }

  protected attemptHeaders(d: Delivery, startedMs: number): Record<string, string> {
    const timestamp = Math.floor(startedMs / 1000);
    return {
      ...d.customHeaders,
      "content-type": "application/json",
      "webhook-id": d.webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": standardWebhookSignature(this.opts.clientSecret, d.webhookId, timestamp, d.body),
    };
  }

  protected retryDelayMs(failedAttempts: number): number | null {
    return failedAttempts <= RETRY_SCHEDULE_S.length ? RETRY_SCHEDULE_S[failedAttempts - 1]! * 1000 : null;
  }

  /** A retry goes out only while its hook exists and is active. */
  protected override retryStillWanted(d: Delivery): boolean {
    const hook = this.opts.state.hooks.find((h) => h.id === d.hookId);
    if (hook && hook.isActive) return true;
    d.state = "cancelled";
    return false;
  }

  /** The last retry failed: the hook is deactivated. */
  protected override onGiveUp(d: Delivery): void {
    const hook = this.opts.state.hooks.find((h) => h.id === d.hookId);
    if (hook && hook.isActive) {
      hook.isActive = false;
      hook.updatedAt = Math.floor(Date.now() / 1000);
      d.hookDeactivated = true;
    }
  }
}

function summary(d: Delivery): DeliverySummary {
  const { lastStatus, lastError, payload } = deliveryOutcome(d);
  return {
    id: d.id,
    webhookId: d.webhookId,
    hookId: d.hookId,
    store: d.storeHash,
    scope: d.scope,
    url: d.url,
    state: d.state,
    attempts: d.attempts.length,
    lastStatus,
    lastError,
    createdAt: d.createdAt,
    nextAttemptAt: d.nextAttemptAt ?? null,
    redeliveryOf: d.redeliveryOf ?? null,
    hookDeactivated: d.hookDeactivated ?? false,
    customHeaderNames: Object.keys(d.customHeaders),
    payload,
  };
}
