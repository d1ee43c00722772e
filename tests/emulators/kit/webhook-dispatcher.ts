/**
 * The delivery loop the platform emulators (Shopify, BigCommerce) share for webhooks: a queue of deliveries,
 * each a real HTTP POST of its raw body, a time limit to answer, retries on the platform's schedule (emulated
 * time: the delay is divided by the time scale), a log of every attempt, redelivery, and whenIdle() for tests.
 *
 * What a platform does its own way stays in its subclass: which events go where, the payload, the headers of an
 * attempt (signing included), the retry schedule, whether a retry still goes out (BigCommerce drops it when the
 * hook was deleted or deactivated) and what happens after the last retry fails.
 *
 * Any 2xx is a success; anything else, a network error or no answer within the time limit is a failure.
 * Redirects are not followed.
 */

export const DEFAULT_DELIVERY_TIMEOUT_MS = 5_000;

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** The states the loop sets; a platform may add its own (e.g. "skipped", "cancelled"). */
export type LoopState = "pending" | "retrying" | "delivered" | "failed";

export interface QueuedDelivery {
  /** The emulator's id for this delivery (for redeliver and the control API). */
  id: string;
  /** Where it is posted; null when there is nowhere to send it (it is logged, never sent). */
  url: string | null;
  body: string;
  state: string;
  attempts: DeliveryAttempt[];
  /** Set on a duplicate made by a redelivery. */
  redeliveryOf?: string;
  nextAttemptAt?: string;
}

export interface DeliveryLoopOptions {
  /** Emulated seconds per real second: retry delays are divided by it. */
  timeScale: () => number;
  /** How long the app has to answer one attempt. */
  timeoutMs?: number;
}

export abstract class WebhookDeliveryLoop<D extends QueuedDelivery> {
  protected readonly deliveries: D[] = [];
  private seq = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly loop: DeliveryLoopOptions) {}

  /** The headers of one attempt that starts at `startedMs` (epoch ms), signature included. */
  protected abstract attemptHeaders(d: D, startedMs: number): Record<string, string>;

  /** The delay in emulated ms before the retry that follows `failedAttempts` failures, or null: no more retries. */
  protected abstract retryDelayMs(failedAttempts: number): number | null;

  /** Before a retry: false drops it (the subclass sets the delivery's state). */
  protected retryStillWanted(_d: D): boolean {
    return true;
  }

  /** After the last retry failed (the delivery is "failed" by then). */
  protected onGiveUp(_d: D): void {}

  /** A new delivery id ("1", "2", ...; restarts at reset). */
  protected nextId(): string {
    return String(++this.seq);
  }

  /** Logs a delivery and sends it at once when it has a URL and is pending. */
  protected enqueue(d: D): D {
    this.deliveries.push(d);
    if (d.url && d.state === "pending") this.schedule(d, 0);
    return d;
  }

  get(id: string): D | null {
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

  /** Forgets every delivery and cancels the scheduled retries. */
  reset(): void {
    this.clearTimers();
    this.deliveries.length = 0;
    this.seq = 0;
    this.checkIdle();
  }

  /** Sends nothing more (the emulator is closing). */
  close(): void {
    this.closed = true;
    this.clearTimers();
    this.checkIdle();
  }

  private clearTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private schedule(d: D, delayMs: number): void {
    if (this.closed) return;
    d.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    const t = setTimeout(() => {
      this.timers.delete(d.id);
      void this.attempt(d);
    }, delayMs);
    t.unref();
    this.timers.set(d.id, t);
  }

  private async attempt(d: D): Promise<void> {
    if (this.closed || !d.url) return;
    d.nextAttemptAt = undefined;
    if (d.attempts.length > 0 && !this.retryStillWanted(d)) {
      this.checkIdle();
      return;
    }
    this.inFlight++;
    const started = Date.now();
    const attempt: DeliveryAttempt = { at: new Date(started).toISOString(), status: null, error: null, durationMs: 0 };
    const headers = this.attemptHeaders(d, started);
    const timeoutMs = this.loop.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers,
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) attempt.error = `HTTP ${res.status}`;
    } catch (e) {
      const err = e as Error;
      attempt.error = err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : err.message;
    }
    attempt.durationMs = Date.now() - started;
    d.attempts.push(attempt);
    this.inFlight--;
    const retryIn = attempt.error ? this.retryDelayMs(d.attempts.length) : null;
    if (!attempt.error) d.state = "delivered" satisfies LoopState;
    else if (retryIn !== null) {
      d.state = "retrying" satisfies LoopState;
      this.schedule(d, retryIn / Math.max(1e-9, this.loop.timeScale()));
    } else {
      d.state = "failed" satisfies LoopState;
      this.onGiveUp(d);
    }
    this.checkIdle();
  }
}

/** The last attempt's status and error, and the body parsed as JSON (the raw body when it is not JSON). */
export function deliveryOutcome(d: QueuedDelivery): {
  lastStatus: number | null;
  lastError: string | null;
  payload: unknown;
} {
  const last = d.attempts[d.attempts.length - 1];
  let payload: unknown = d.body;
  try {
    payload = JSON.parse(d.body);
  } catch {
    // keep the raw body
  }
  return { lastStatus: last?.status ?? null, lastError: last?.error ?? null, payload };
}
