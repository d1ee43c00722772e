/**
 * BigCommerce's two error envelopes, and the errors the emulator's own code throws.
 *
 *  - V2 (Orders v2): a JSON array, `[{status, message, details?}]`. Wording seen in the wild:
 *    "The field 'custom_status' is not supported by this resource." (bigcommerce-api-python#82). The other
 *    wordings used here ("The required field '…' was not supplied.", "The field '…' is invalid." with
 *    `details.invalid_reason`, "The field '…' cannot be written to…", "The requested resource was not
 *    found.") follow the same pattern and are the emulator's assumption.
 *  - V3 (catalog, hooks): `{status, title, type, errors?}`, as in the `error_Full` / `errorDetailed_Full`
 *    schemas and examples of webhooks.v3.yml (e.g. 422 "JSON data is missing or invalid" with
 *    `errors: {destination: "error.path.missing."}`).
 */
import type { EmulatorResponse } from "../kit/emulator-server";

export type ApiVersion = "v2" | "v3";

export const STATUS_CODES_URL = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

export interface V2ErrorItem {
  status: number;
  message: string;
  details?: Record<string, unknown>;
}

export function v2Error(status: number, items: V2ErrorItem[] | string): EmulatorResponse {
  return { status, body: typeof items === "string" ? [{ status, message: items }] : items };
}

export function v3Error(status: number, title: string, errors?: Record<string, unknown>): EmulatorResponse {
  const body: Record<string, unknown> = { status, title, type: STATUS_CODES_URL };
  if (errors !== undefined) body.errors = errors;
  return { status, body };
}

/** One error in the version's own shape. */
export function apiError(version: ApiVersion, status: number, message: string): EmulatorResponse {
  return version === "v2" ? v2Error(status, message) : v3Error(status, message);
}

export const NOT_FOUND_MESSAGE = "The requested resource was not found.";

/**
 * Thrown by the business rules (orders.ts, shipments.ts, hooks) and turned into the version's envelope by
 * the API route wrapper. `field` and `reason` become v2 `details.invalid_reason` and v3 `errors[field]`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
  }

  toResponse(version: ApiVersion): EmulatorResponse {
    if (version === "v2") {
      const item: V2ErrorItem = { status: this.status, message: this.message };
      if (this.reason) item.details = { invalid_reason: this.reason };
      return v2Error(this.status, [item]);
    }
    return v3Error(this.status, this.message, this.field ? { [this.field]: this.reason ?? this.message } : undefined);
  }
}

export const requiredField = (field: string) =>
  new ApiError(400, `The required field '${field}' was not supplied.`, field);
export const invalidField = (field: string, reason: string) =>
  new ApiError(400, `The field '${field}' is invalid.`, field, reason);
export const notFound = () => new ApiError(404, NOT_FOUND_MESSAGE);

/** Thrown by the control API and the in-process helpers: `{error}` with the status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
