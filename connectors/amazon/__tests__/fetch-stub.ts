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

export function lwaToken(accessToken: string, expiresIn = 3600): Response {
  return json(200, { access_token: accessToken, token_type: "bearer", expires_in: expiresIn });
}

export const EXPIRED_TOKEN_BODY = {
  errors: [
    {
      code: "Unauthorized",
      message: "Access to requested resource is denied.",
      details: "The access token you provided has expired.",
    },
  ],
};

/** Installs a fetch spy routing each request to the first handler whose key (`METHOD path`) matches. */
export function stubFetch(routes: Record<string, StubHandler | StubHandler[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, StubHandler[]>(
    Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]),
  );
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const req: RecordedRequest = {
      method: init?.method ?? "GET",
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : "",
    };
    requests.push(req);
    const key = `${req.method} ${url.pathname}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`No stub for ${key}`);
    // The last handler of a list answers every further request.
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    return handler(req);
  });
  return { spy, requests, to: (path: string) => requests.filter((r) => r.url.pathname === path) };
}
