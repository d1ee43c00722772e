/**
 * BigCommerce answers errors in two envelopes (docs/platform-facts.md#bc-orders; tests/emulators/bigcommerce/README.md):
 *   v2 (Orders): a JSON array `[{status, message, details?: {invalid_reason}}]`
 *   v3 (catalog, hooks): `{status, title, type, errors?: {field: reason}}`
 * and the login service answers OAuth's `{error, error_description}`. This turns any of them, or a
 * body that is none of them, into one readable sentence for logs, job errors and the timeline.
 */
export function bigCommerceErrorMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 300) || "no body";
  }
  if (Array.isArray(body)) {
    const parts = body
      .filter((e): e is { message?: unknown; details?: { invalid_reason?: unknown } } => !!e && typeof e === "object")
      .map((e) => {
        const message = typeof e.message === "string" ? e.message : "";
        const reason = typeof e.details?.invalid_reason === "string" ? e.details.invalid_reason : "";
        return reason ? `${message} (${reason})` : message;
      })
      .filter(Boolean);
    if (parts.length) return parts.join("; ");
  } else if (body && typeof body === "object") {
    const b = body as { title?: unknown; errors?: unknown; error?: unknown; error_description?: unknown };
    if (typeof b.title === "string") {
      const details =
        b.errors && typeof b.errors === "object" && !Array.isArray(b.errors)
          ? Object.entries(b.errors as Record<string, unknown>).map(([field, reason]) => `${field}: ${String(reason)}`)
          : [];
      return details.length ? `${b.title} (${details.join("; ")})` : b.title;
    }
    if (typeof b.error === "string")
      return typeof b.error_description === "string" ? `${b.error}: ${b.error_description}` : b.error;
  }
  return text.trim().slice(0, 300);
}
