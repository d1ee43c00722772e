/**
 * Amounts as Orders v2 writes them: strings with four decimals ("55.9900"). The API takes them as numbers
 * or numeric strings ("Float, Float-As-String, Integer" in the spec's descriptions).
 */

/** Rounds to BigCommerce's four decimals, avoiding binary noise (0.1 + 0.2). */
export function round4(n: number): number {
  return Math.round((n + Number.EPSILON) * 10_000) / 10_000;
}

export function money(n: number): string {
  return round4(n).toFixed(4);
}

/** A number or numeric string → number; null when absent or not numeric. */
export function toAmount(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}
