/**
 * Money as Shopify handles it: decimal strings in, integer minor units inside, decimal strings out.
 * GraphQL `Decimal` amounts come back the way Shopify prints them ("25.0", "19.99"); REST webhook payloads
 * use fixed two-decimal strings ("25.00").
 */

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const EXPONENTS: Record<string, number> = {
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
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function exponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

const DECIMAL = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/;

export function isDecimal(value: unknown): boolean {
  return (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && DECIMAL.test(value));
}

/** "19.99" → 1999 (USD); rounds half away from zero to the currency's minor unit. */
export function toMinor(amount: string | number, currency: string): number {
  const s = typeof amount === "number" ? amount.toFixed(6) : amount;
  const m = DECIMAL.exec(s);
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const exp = exponent(currency);
  const frac = (m[3] ?? "").padEnd(exp + 1, "0");
  let minor = Number(m[2]) * 10 ** exp + Number(frac.slice(0, exp) || "0");
  if (Number(frac[exp]) >= 5) minor += 1;
  return m[1] ? -minor : minor;
}

/** 1999 → "19.99", 2500 → "25.00" (JPY 2500 → "2500"). */
export function fixed(minor: number, currency: string): string {
  const exp = exponent(currency);
  const neg = minor < 0;
  const abs = Math.abs(Math.round(minor));
  if (exp === 0) return `${neg ? "-" : ""}${abs}`;
  const s = String(abs).padStart(exp + 1, "0");
  return `${neg ? "-" : ""}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** As Shopify's GraphQL `Decimal` prints: trailing zeros dropped, at least one decimal ("25.0", "19.9"). */
export function gqlDecimal(minor: number, currency: string): string {
  const f = fixed(minor, currency);
  if (!f.includes(".")) return `${f}.0`;
  return f.replace(/0+$/, "").replace(/\.$/, ".0");
}
