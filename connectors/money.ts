/**
 * Money at the connector edge: marketplaces send decimal strings ("19.99"), the app holds integer minor
 * units with the currency's number of digits (JPY 0, BHD/KWD 3, most others 2). All conversions work on the
 * digits of the string, never through floating point, so "0.29" is 29 and never 28.999999.
 */
import type { Money } from "./types";

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const CURRENCY_DIGITS: Readonly<Record<string, number>> = {
  // 0 digits
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 digits
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 digits
  CLF: 4,
  UYW: 4,
};

/** Number of minor-unit digits of an ISO 4217 currency (default 2). */
export function currencyDigits(currency: string): number {
  return CURRENCY_DIGITS[currency.trim().toUpperCase()] ?? 2;
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * "19.99" (USD) → 1999; "1500" (JPY) → 1500; "1.234" (KWD) → 1234.
 * Extra fraction digits are rounded half away from zero ("0.125" USD → 13). Thousands separators,
 * exponents and empty strings are rejected.
 */
export function toMinorUnits(amount: string | number, currency: string): number {
  const text = typeof amount === "number" ? numberToPlainString(amount) : amount.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
    throw new RangeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  }
  const digits = currencyDigits(currency);
  const sign = m[1] === "-" ? -1n : 1n;
  const whole = m[2] === "" ? "0" : m[2];
  const frac = m[3] ?? "";
  const kept = frac.slice(0, digits).padEnd(digits, "0");
  const dropped = frac.slice(digits);
  let minor = BigInt(whole + kept);
  if (dropped !== "" && dropped.charCodeAt(0) >= 53 /* '5' */) minor += 1n;
  const result = sign * minor;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount out of range: ${JSON.stringify(amount)}`);
  }
  return result === 0n ? 0 : Number(result);
}

/** 1999 (USD) → "19.99"; 1500 (JPY) → "1500"; -5 (USD) → "-0.05". */
export function fromMinorUnits(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Minor units must be a safe integer: ${minor}`);
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const abs = String(Math.abs(minor));
  if (digits === 0) return (negative ? "-" : "") + abs;
  const padded = abs.padStart(digits + 1, "0");
  return `${negative ? "-" : ""}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** A decimal string and currency code as the app's Money. */
export function moneyFromDecimal(amount: string | number, currency: string): Money {
  const code = currency.trim().toUpperCase();
  return { amount: toMinorUnits(amount, code), currency: code };
}

export function zeroMoney(currency: string): Money {
  return { amount: 0, currency: currency.trim().toUpperCase() };
}

/** Sums amounts of one currency; throws on a currency mismatch rather than adding yen to dollars. */
export function sumMoney(currency: string, items: readonly (Money | null | undefined)[]): Money {
  let amount = 0;
  for (const m of items) {
    if (!m) continue;
    if (m.currency !== currency) throw new RangeError(`Cannot add ${m.currency} to ${currency}`);
    amount += m.amount;
  }
  return { amount, currency };
}

/**
 * Divides an integer amount of minor units by a positive integer, rounding half away from zero
 * (e.g. a line total of 10.00 for 3 units → 333 per unit). Integer division is exact in binary, so
 * `Math.round` on the quotient of two safe integers does not suffer decimal rounding drift.
 */
export function divideMinorUnits(minor: number, divisor: number): number {
  if (!Number.isSafeInteger(divisor) || divisor <= 0)
    throw new RangeError(`Divisor must be a positive integer: ${divisor}`);
  const q = Math.abs(minor) / divisor;
  const r = Math.round(q);
  return minor < 0 ? -r : r;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite amount: ${n}`);
  // toString gives the shortest round-trip representation ("0.1", not "0.1000000000000000055"),
  // but switches to exponent notation for very small/large numbers, which the regexp then rejects.
  return String(n);
}
