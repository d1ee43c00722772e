/**
 * Faults injected on request through `POST /__sandbox/faults` (each fires `times` times, then is gone), and chaos
 * through `POST /__sandbox/chaos {rate, kinds?, seed?, timeoutMs?}`: each API request not met by a queued fault
 * takes a fault with probability `rate`, of a kind drawn from `kinds` (default: all), from a seeded generator.
 * `lost_answer` processes the request as usual, then drops the connection without an answer (the call succeeded,
 * the caller never heard). Every fault handed out is counted by kind (`GET /__sandbox/chaos`).
 */
export const FAULT_KINDS = [
  "http_500",
  "http_503",
  "http_429",
  "timeout",
  "malformed_body",
  "expired_token",
  "lost_answer",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The kinds answered with an HTTP error (the others hang, garble or drop the answer). */
export type AnsweredFaultKind = Exclude<FaultKind, "timeout" | "malformed_body" | "lost_answer">;

export interface Fault {
  kind: FaultKind;
  /** Only requests whose "METHOD /path" contains this string (e.g. "POST /orders/v0"). Empty: any API request. */
  match?: string;
  times: number;
  /** For timeout: how long to hang before closing (ms). */
  delayMs?: number;
}

export interface ChaosSettings {
  /** Probability in [0, 1] that an API request takes a fault; 0 turns chaos off. */
  rate: number;
  kinds: FaultKind[];
  seed: number;
  /** How long a chaos timeout hangs before the connection is closed (ms). */
  timeoutMs: number;
}

export interface ChaosState extends ChaosSettings {
  /** Faults handed out since the last reset (queued and chaos alike), by kind. */
  injected: Partial<Record<FaultKind, number>>;
  /** API requests seen by the fault queue since the last reset. */
  requests: number;
}

const CHAOS_OFF: ChaosSettings = { rate: 0, kinds: [...FAULT_KINDS], seed: 1, timeoutMs: 1_500 };

/** mulberry32: a small seeded generator, so a chaos run can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultQueue {
  private faults: Fault[] = [];
  private chaosSettings: ChaosSettings = { ...CHAOS_OFF };
  private random = seededRandom(CHAOS_OFF.seed);
  private injected: Partial<Record<FaultKind, number>> = {};
  private requests = 0;

  add(f: Fault): void {
    if (!FAULT_KINDS.includes(f.kind)) throw new Error(`unknown fault kind ${String(f.kind)}`);
    const times = Number.isFinite(Number(f.times)) ? Math.max(1, Math.floor(Number(f.times))) : 1;
    this.faults.push({ ...f, times });
  }

  /** The next fault for this request, consuming one use of a queued fault, else drawn by chaos; counted. */
  take(method: string, path: string): Fault | null {
    this.requests += 1;
    const f = this.takeQueued(method, path) ?? this.draw();
    if (f) this.injected[f.kind] = (this.injected[f.kind] ?? 0) + 1;
    return f;
  }

  /** Sets chaos (validated; throws on a bad rate or kind). Counts are kept. */
  setChaos(s: { rate?: unknown; kinds?: unknown; seed?: unknown; timeoutMs?: unknown }): ChaosState {
    const rate = Number(s.rate ?? 0);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error("rate must be a number in [0, 1]");
    const kinds = s.kinds === undefined ? [...FAULT_KINDS] : s.kinds;
    if (!Array.isArray(kinds) || !kinds.length) throw new Error("kinds must be a non-empty list of fault kinds");
    for (const k of kinds)
      if (!FAULT_KINDS.includes(k as FaultKind)) throw new Error(`unknown fault kind ${String(k)}`);
    const seed = s.seed === undefined ? Date.now() : Number(s.seed);
    if (!Number.isFinite(seed)) throw new Error("seed must be a number");
    const timeoutMs = s.timeoutMs === undefined ? CHAOS_OFF.timeoutMs : Number(s.timeoutMs);
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new Error("timeoutMs must be a number >= 0");
    this.chaosSettings = { rate, kinds: kinds as FaultKind[], seed, timeoutMs };
    this.random = seededRandom(seed);
    return this.chaos();
  }

  chaos(): ChaosState {
    return { ...this.chaosSettings, injected: { ...this.injected }, requests: this.requests };
  }

  list(): Fault[] {
    return [...this.faults];
  }

  /** Drops the queued faults (chaos stays as set). */
  clear(): void {
    this.faults = [];
  }

  /** Drops the queued faults, turns chaos off and zeroes the counts. */
  reset(): void {
    this.clear();
    this.chaosSettings = { ...CHAOS_OFF };
    this.random = seededRandom(CHAOS_OFF.seed);
    this.injected = {};
    this.requests = 0;
  }

  private takeQueued(method: string, path: string): Fault | null {
    const key = `${method} ${path}`;
    const i = this.faults.findIndex((f) => !f.match || key.includes(f.match));
    if (i < 0) return null;
    const f = this.faults[i];
    f.times -= 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private draw(): Fault | null {
    const { rate, kinds, timeoutMs } = this.chaosSettings;
    if (rate <= 0 || this.random() >= rate) return null;
    const kind = kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))];
    return { kind, times: 1, delayMs: timeoutMs };
  }
}
