import { toMinorUnits } from "#connectors/money.ts";

/**
 * Checks for control-API seed input (`POST /__sandbox/...`), shared by the emulators: a bad seed answers
 * 400/404/409 with a message naming the field.
 */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export function requireString(v: unknown, field: string): string {
  if (typeof v !== "string" || v.trim() === "") throw new ControlError(400, `${field} is required (non-empty string)`);
  return v;
}

/** A decimal string ("19.99") in integer minor units of `currency`; absent means 0. */
export function parseMoney(v: unknown, currency: string, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== "string") throw new ControlError(400, `${field} must be a decimal string like "19.99"`);
  let minor: number;
  try {
    minor = toMinorUnits(v, currency);
  } catch {
    throw new ControlError(400, `${field} must be a decimal string like "19.99", got ${JSON.stringify(v)}`);
  }
  if (minor < 0) throw new ControlError(400, `${field} must not be negative`);
  return minor;
}

/** An ISO 8601 date-time in epoch ms; absent means undefined. */
export function parseDate(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new ControlError(400, `${field} must be an ISO 8601 date-time`);
  return ms;
}
