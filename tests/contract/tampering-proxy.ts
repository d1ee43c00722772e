/**
 * A pass-through HTTP proxy in front of an emulator, for answers no emulator gives on purpose: a 2xx whose
 * JSON breaks the API's documented shape (an unknown status, a field of the wrong type). The contract
 * fixtures point a connector's `apiBaseUrl` here; every request goes to the emulator unchanged, and while a
 * rule is armed, matching 2xx JSON answers are rewritten by it. Control calls go to the emulator directly.
 * `answerInstead` goes further: matching requests never reach the emulator and get a canned answer (a success that
 * was never applied).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TamperRule {
  /** Applies to requests whose "METHOD /path" contains this string (the kit's fault `match`). */
  match: string;
  /** Gets the parsed JSON answer and returns the body to send instead (may change it in place). */
  transform(body: unknown): unknown;
}

/** Headers that describe one hop or the old body, not the message. */
const HOP_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "host",
  "upgrade",
]);

export class TamperingProxy {
  private rule: TamperRule | null = null;
  private canned: { match: string; status: number; times: number } | null = null;
  private baseUrlValue = "";

  private constructor(
    private readonly targetBaseUrl: string,
    private readonly server: Server,
  ) {}

  /** Starts on a free port of 127.0.0.1, forwarding to `targetBaseUrl`. */
  static async start(targetBaseUrl: string): Promise<TamperingProxy> {
    let proxy: TamperingProxy | null = null;
    const server = createServer((req, res) => void proxy!.forward(req, res));
    proxy = new TamperingProxy(targetBaseUrl.replace(/\/+$/, ""), server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    proxy.baseUrlValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  get baseUrl(): string {
    return this.baseUrlValue;
  }

  /** Rewrites every matching 2xx JSON answer until `clear()`. */
  tamper(rule: TamperRule): void {
    this.rule = rule;
  }

  /** Answers the next `times` matching requests itself, with `status` and no body, without forwarding them. */
  answerInstead(rule: { match: string; status: number; times: number }): void {
    this.canned = { ...rule };
  }

  clear(): void {
    this.rule = null;
    this.canned = null;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const method = (req.method ?? "GET").toUpperCase();
      const canned = this.canned;
      if (
        canned &&
        canned.times > 0 &&
        `${method} ${new URL(req.url ?? "/", "http://proxy").pathname}`.includes(canned.match)
      ) {
        canned.times--;
        res.writeHead(canned.status);
        res.end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      }
      const upstream = await fetch(`${this.targetBaseUrl}${req.url ?? "/"}`, {
        method,
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
        redirect: "manual",
      });
      let text = await upstream.text();
      const path = new URL(req.url ?? "/", "http://proxy").pathname;
      const rule = this.rule;
      if (rule && `${method} ${path}`.includes(rule.match) && upstream.ok && text.trim() !== "") {
        try {
          text = JSON.stringify(rule.transform(JSON.parse(text)));
        } catch {
          // not JSON (an injected truncated body): pass it on as it is
        }
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!HOP_HEADERS.has(key)) out[key] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(text);
    } catch {
      // The emulator hung up (an injected timeout) or the caller went away: drop the connection too.
      res.destroy();
    }
  }
}
