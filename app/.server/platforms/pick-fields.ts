/**
 * The named fields of a JSON object, copied when present; anything else is left behind. For what a webhook
 * delivery keeps (an allow-list, so a field the platform adds later is not kept by default). Not an object: {}.
 */
export function pickFields(value: unknown, fields: readonly string[]): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in source) out[f] = source[f];
  return out;
}
