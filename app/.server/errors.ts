import { brandErrorClass, errorBrand, hasErrorBrand } from "#connectors/error-brand.ts";
import { isConnectorError } from "#connectors/types.ts";

/**
 * Errors of our own, checked by brand, never by `instanceof` or `name`: the routes load app/.server through Vite
 * and the process entry through tsx, so two copies of this module (and of each class) exist in one process.
 * Each class carries a `Symbol.for("orderbridge.error.<Name>")` brand on its prototype; `Symbol.for` returns the
 * same symbol to every copy, so isStepError and isTransientError recognise an error whichever copy threw it.
 */
const STEP_ERROR_BRAND = errorBrand("StepError");
const TRANSIENT_ERROR_BRAND = errorBrand("TransientError");
const AUTHORIZATION_REFUSED_BRAND = errorBrand("AuthorizationRefusedError");

/**
 * A StepError stops a step for a reason the merchant can act on (unknown SKU, missing tracking...): the order
 * goes `failed` with that reason and the job is not retried blindly.
 * Anything else thrown inside a job is treated as transient and retried with backoff.
 */
export class StepError extends Error {
  static {
    brandErrorClass(this, STEP_ERROR_BRAND);
  }
  override readonly name = "StepError";
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A failure that should be retried later (e.g. a platform rate limit), optionally after a delay. */
export class TransientError extends Error {
  static {
    brandErrorClass(this, TRANSIENT_ERROR_BRAND);
  }
  override readonly name = "TransientError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Whose authorisation was refused: the shop's (its platform refused the app's token) or a marketplace account's. */
export type AuthorizationScope = { kind: "shop" } | { kind: "account"; accountId: number };

/**
 * The shop's platform or the marketplace refused the authorisation, and a check confirmed it (a second refresh, or a
 * cheap authenticated call, was refused too). Not retried and not dead: the job is parked, the shop or account is
 * marked as needing reauthorisation, and the parked work resumes when it is authorised again.
 */
export class AuthorizationRefusedError extends Error {
  static {
    brandErrorClass(this, AUTHORIZATION_REFUSED_BRAND);
  }
  override readonly name = "AuthorizationRefusedError";
  constructor(
    readonly scope: AuthorizationScope,
    message: string,
  ) {
    super(message);
  }
}

/** An AuthorizationRefusedError, from whichever copy of this module built it. */
export function isAuthorizationRefusedError(e: unknown): e is AuthorizationRefusedError {
  return hasErrorBrand(e, AUTHORIZATION_REFUSED_BRAND);
}

/** A StepError, from whichever copy of this module built it. */
export function isStepError(e: unknown): e is StepError {
  return hasErrorBrand(e, STEP_ERROR_BRAND);
}

/** A TransientError, from whichever copy of this module built it. */
export function isTransientError(e: unknown): e is TransientError {
  return hasErrorBrand(e, TRANSIENT_ERROR_BRAND);
}

/**
 * Classifies anything thrown inside a job. The one place where the connectors' vocabulary (ConnectorError kinds)
 * meets the app's (StepError: stop with a reason; TransientError and the rest: retry).
 */
export function classifyError(e: unknown): {
  retryable: boolean;
  message: string;
  retryAfterMs?: number;
  code?: string;
  /** Set when the job must be parked until this authorisation is restored (never retried, never dead). */
  park?: AuthorizationScope;
} {
  if (isAuthorizationRefusedError(e))
    return { retryable: false, message: e.message, park: e.scope, code: "auth_refused" };
  if (isStepError(e)) return { retryable: false, message: e.message, code: e.code };
  if (isTransientError(e)) return { retryable: true, message: e.message, retryAfterMs: e.retryAfterMs };
  if (isConnectorError(e)) {
    return {
      retryable: e.retryable,
      message: e.message,
      retryAfterMs: e.details.retryAfterMs,
      code: e.details.code ?? e.kind,
    };
  }
  return { retryable: true, message: e instanceof Error ? e.message : String(e) };
}
