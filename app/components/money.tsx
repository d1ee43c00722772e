import { fromMinorUnits } from "#connectors/money.ts";

const LOCALE = "en-US";

/**
 * Integer minor units + ISO currency → "$1,234.50", "¥1,500", "KWD 1.234". Converts through the exact decimal
 * string (never amount / 100) and shows the currency's own number of digits. A fixed locale keeps the server
 * render and the browser's hydration identical.
 */
export function formatMoney(minor: number, currency: string): string {
  const decimal = fromMinorUnits(minor, currency);
  const digits = decimal.includes(".") ? decimal.length - decimal.indexOf(".") - 1 : 0;
  try {
    return new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      // Intl formats decimal strings exactly (ES2023); typed as number in older libs.
    }).format(decimal as unknown as number);
  } catch {
    // Unknown currency code: still show the amount.
    return `${decimal} ${currency}`;
  }
}

export function Money({ amount, currency }: { amount: number; currency: string }) {
  return <>{formatMoney(amount, currency)}</>;
}
