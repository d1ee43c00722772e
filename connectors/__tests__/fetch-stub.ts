/**
 * A programmable stand-in for globalThis.fetch that records requests (STYLE 3 (b): client tests spy on fetch),
 * shared by the connectors' client tests. Each connector's `__tests__/fetch-stub.ts` re-exports it and adds
 * its marketplace's canned answers (token responses, error bodies).
 */
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

/** A JSON answer (a 204 has no body). */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Installs a fetch spy routing each request to the handlers of its `METHOD path`, in order; the last handler repeats. */
export function stubFetch(routes: Record<string, StubHandler | StubHandler[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, StubHandler[]>(
    Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]),
  );
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
