import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildUrl,
  connectorErrorFromResponse,
  kindForStatus,
  oauthTokenError,
  parseJsonBody,
  parseRetryAfter,
  sendRequest,
  type HttpCallSite,
  type HttpResponse,
} from "./http";
import { ConnectorError } from "./types";

const site: HttpCallSite = { marketplace: "amazon", operation: "getOrders" };

let server: Server;
let baseUrl: string;
const seen: { method?: string; url?: string; headers?: IncomingMessage["headers"]; body?: string } = {};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.startsWith("/slow")) {
        setTimeout(() => res.end("{}"), 500);
        return;
      }
      if (req.url?.startsWith("/html")) {
        res.writeHead(200, { "content-type": "text/html" }).end("<html>Bad gateway</html>");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

function response(status: number, text = "", headers: Record<string, string> = {}): HttpResponse {
  return { status, text, headers: new Headers(headers) };
}

describe("sendRequest", () => {
  it("sends JSON bodies and CSV query arrays", async () => {
    const res = await sendRequest(
      { method: "POST", url: `${baseUrl}/x`, query: { ids: ["A", "B"], skip: undefined, n: 3 }, json: { a: 1 } },
      site,
    );
    expect(res.status).toBe(200);
    expect(parseJsonBody(res, site)).toEqual({ ok: true });
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/x?ids=A%2CB&n=3");
    expect(seen.headers?.["content-type"]).toBe("application/json");
    expect(seen.body).toBe('{"a":1}');
  });

  it("sends form bodies url-encoded", async () => {
    await sendRequest({ method: "POST", url: `${baseUrl}/form`, form: { refresh_token: "Atzr|a b" } }, site);
    expect(seen.headers?.["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen.body).toBe("refresh_token=Atzr%7Ca+b");
  });

  it("turns a timeout into a retryable ConnectorError", async () => {
    const err = await sendRequest({ method: "GET", url: `${baseUrl}/slow`, timeoutMs: 50 }, site).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("retryable");
    expect((err as ConnectorError).message).toBe("Amazon getOrders timed out after 50 ms");
  });

  it("turns a refused connection into a retryable ConnectorError", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await sendRequest({ method: "GET", url: `http://127.0.0.1:${port}/` }, site).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("retryable");
    expect((err as ConnectorError).message).toMatch(/^Amazon getOrders failed: .*ECONNREFUSED/);
  });

  it("turns a malformed body into a retryable ConnectorError", async () => {
    const res = await sendRequest({ method: "GET", url: `${baseUrl}/html` }, site);
    const err = (() => {
      try {
        parseJsonBody(res, site);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe("retryable");
    expect((err as ConnectorError).message).toBe("Amazon getOrders answered a malformed body (HTTP 200)");
  });

  it("reads an empty body as null", () => {
    expect(parseJsonBody(response(204), site)).toBeNull();
  });
});

describe("status mapping", () => {
  it.each([
    [400, "", "permanent"],
    [404, "", "permanent"],
    [422, "", "permanent"],
    [401, '{"errors":[{"message":"The access token you provided has expired."}]}', "auth_expired"],
    [403, "Access token expired", "auth_expired"],
    [403, '{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied."}]}', "permanent"],
    [401, "", "permanent"],
    [429, "", "rate_limited"],
    [408, "", "retryable"],
    [500, "", "retryable"],
    [503, "", "retryable"],
  ] as const)("%d %j → %s", (status, body, kind) => {
    expect(kindForStatus(status, body)).toBe(kind);
  });

  it("reads Retry-After seconds and dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("builds an error with status, Retry-After and refinements", () => {
    const err = connectorErrorFromResponse(response(429, "slow down", { "retry-after": "3" }), site);
    expect(err.kind).toBe("rate_limited");
    expect(err.details).toMatchObject({
      marketplace: "amazon",
      operation: "getOrders",
      httpStatus: 429,
      retryAfterMs: 3000,
    });
    expect(err.message).toBe("Amazon getOrders failed with HTTP 429: slow down");

    const refined = connectorErrorFromResponse(response(400, "{}"), site, {
      kind: "retryable",
      code: "X",
      message: "X: y",
    });
    expect(refined.kind).toBe("retryable");
    expect(refined.details.code).toBe("X");
    expect(refined.message).toBe("Amazon getOrders failed with HTTP 400: X: y");
  });

  it("a token endpoint's 401 is a refused credential to check (auth_expired), never permanent at once", () => {
    // Seen in the chaos soak: eBay's "Invalid access token" and Etsy's "invalid_token" 401s from the token endpoint
    // made export-shipment and poll-account jobs dead on their first attempt.
    const reauthorize = new Set(["invalid_grant"]);
    const expired = response(401, '{"error":"invalid_token","error_description":"access token is expired"}');
    expect(oauthTokenError(expired, site, reauthorize, "permanent")).toMatchObject({
      kind: "auth_expired",
      details: { code: "invalid_token", httpStatus: 401 },
    });
    expect(oauthTokenError(response(401, "Invalid access token"), site, reauthorize).kind).toBe("auth_expired");
    expect(oauthTokenError(response(400, '{"error":"invalid_grant"}'), site, reauthorize).kind).toBe("auth_expired");
    expect(oauthTokenError(response(403, '{"error":"Invalid API key"}'), site, reauthorize, "permanent").kind).toBe(
      "permanent",
    );
    expect(oauthTokenError(response(503, ""), site, reauthorize).kind).toBe("retryable");
  });

  it("buildUrl keeps existing query parameters", () => {
    expect(buildUrl("http://h/p?a=1", { b: true })).toBe("http://h/p?a=1&b=true");
  });
});
