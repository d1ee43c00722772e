/** Faults injected on request through `POST /__sandbox/faults`. Each fault fires `times` times, then is gone. */
export const FAULT_KINDS = ["http_500", "http_503", "http_429", "timeout", "malformed_body", "expired_token"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Only requests whose "METHOD /path" contains this string (e.g. "POST /orders/v0"). Empty: any API request. */
  match?: string;
  times: number;
  /** For timeout: how long to hang before closing (ms). */
  delayMs?: number;
}

export class FaultQueue {
  private faults: Fault[] = [];

  add(f: Fault): void {
    if (!FAULT_KINDS.includes(f.kind)) throw new Error(`unknown fault kind ${String(f.kind)}`);
    const times = Number.isFinite(Number(f.times)) ? Math.max(1, Math.floor(Number(f.times))) : 1;
    this.faults.push({ ...f, times });
  }

  /** The next fault for this request, consuming one use of it. */
  take(method: string, path: string): Fault | null {
    const key = `${method} ${path}`;
    const i = this.faults.findIndex((f) => !f.match || key.includes(f.match));
    if (i < 0) return null;
    const f = this.faults[i];
    f.times -= 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }
}
