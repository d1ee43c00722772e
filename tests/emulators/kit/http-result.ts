/**
 * For the emulators' own tests: an HTTP answer read in full (status, headers, raw text, and the body parsed
 * as JSON when it parses, else the raw text; undefined when empty), so a test can assert on any of them.
 */

export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Reads `res` to the end into an ApiResult. */
export async function readResult<T = any>(res: Response): Promise<ApiResult<T>> {
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** A JSON body for fetch: strings are sent as they are, anything else JSON-encoded; undefined stays undefined. */
export function jsonBody(body: unknown): string | undefined {
  return body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
}
