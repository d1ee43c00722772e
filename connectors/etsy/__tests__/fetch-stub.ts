/** A programmable stand-in for globalThis.fetch that records requests (STYLE 3 (b): client tests spy on fetch). */
import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type StubHandler = (req: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

let counter = 0;

/** A token answer with fresh tokens for user 70001001. */
export function tokens(expiresIn = 3600): Response {
  counter += 1;
  return json(200, { access_token: `70001001.access-${counter}`, token_type: "Bearer", expires_in: expiresIn, refresh_token: `70001001.refresh-${counter}` });
}

/** Installs a fetch spy routing each request to the handlers of its `METHOD path`, in order (the last one repeats). */
export function stubFetch(routes: Record<string, StubHandler | StubHandler[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, StubHandler[]>(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const req: RecordedRequest = { method: init?.method ?? "GET", url, headers: new Headers(init?.headers), body: typeof init?.body === "string" ? init.body : "" };
    requests.push(req);
    const key = `${req.method} ${url.pathname}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`No stub for ${key}`);
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    return handler(req);
  });
  return { spy, requests, to: (path: string) => requests.filter((r) => r.url.pathname === path) };
}
