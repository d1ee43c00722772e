import { isConnectorError } from "../../connectors/types";

/**
 * Errors of our own. A StepError stops a step for a reason the merchant can act on (unknown SKU,
 * missing tracking...): the order goes `failed` with that reason and the job is not retried blindly.
 * Anything else thrown inside a job is treated as transient and retried with backoff.
 */
export class StepError extends Error {
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
  override readonly name = "TransientError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Classifies anything thrown inside a job. */
export function classifyError(e: unknown): { retryable: boolean; message: string; retryAfterMs?: number; code?: string } {
  if (e instanceof StepError) return { retryable: false, message: e.message, code: e.code };
  if (e instanceof TransientError) return { retryable: true, message: e.message, retryAfterMs: e.retryAfterMs };
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
