/** A programmable stand-in for globalThis.fetch that records requests (STYLE 3 (b): client tests spy on fetch). */
import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  url: URL;
  /** The URL as sent, before URL parsing normalised anything. */
  rawUrl: string;
  headers: Headers;
  body: string;
}

export type StubHandler = (req: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function tokenResponse(accessToken: string, expiresIn = 7200): Response {
  return json(200, { access_token: accessToken, expires_in: expiresIn, token_type: "User Access Token" });
}

export const INVALID_TOKEN_BODY = {
  errors: [{ errorId: 1001, domain: "OAuth", category: "REQUEST", message: "Invalid access token", longMessage: "Invalid access token. Check the value of the Authorization HTTP request header." }],
};

/** Installs a fetch spy routing each request to the handlers of its `METHOD path`; the last handler repeats. */
export function stubFetch(routes: Record<string, StubHandler | StubHandler[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, StubHandler[]>(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const rawUrl = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(rawUrl);
    const req: RecordedRequest = {
      method: init?.method ?? "GET",
      url,
      rawUrl,
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : "",
    };
    requests.push(req);
    const key = `${req.method} ${url.pathname}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`No stub for ${key}`);
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    return handler(req);
  });
  return { spy, requests, to: (path: string) => requests.filter((r) => r.url.pathname === path) };
}
