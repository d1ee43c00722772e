/**
 * `POST /oauth2/token` (login.bigcommerce.com in production, the emulator's base URL here): the app trades
 * the `code` it received on its `/auth` callback for the store's access token (docs/platform-facts.md#bc-app-install).
 *
 * Body (JSON or form-encoded): `{client_id, client_secret, code, context: "stores/{hash}", scope,
 * grant_type: "authorization_code", redirect_uri}`; all are required. Answer:
 * `{access_token, scope, user: {id, username, email}, owner: {id, username, email}, context, account_uuid}`.
 * Codes are single use and live 10 minutes; a code sent to the app's `/auth` callback must come back
 * with that callback's URL as `redirect_uri`. The token never expires; uninstalling revokes it.
 * Errors use OAuth's `{error, error_description}` (400; 401 for wrong client credentials) — the wording
 * BigCommerce uses is not documented.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import type { BigCommerceState, StoreRecord } from "./state";

export const CODE_TTL_MS = 10 * 60_000;

interface IssuedCode {
  storeHash: string;
  scopes: string[];
  redirectUri: string | null;
  expiresAt: number;
}

function bad(status: number, error: string, description: string): EmulatorResponse {
  return { status, body: { error, error_description: description } };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthEndpoint {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly state: BigCommerceState,
    private readonly opts: { clientId: string; clientSecret: string; scopes: () => string[]; now: () => number },
  ) {}

  reset(): void {
    this.codes.clear();
  }

  /** A fresh code for the store, as the merchant's approval of the install produces. */
  issueCode(store: StoreRecord, redirectUri: string | null = null): { code: string; scope: string; context: string } {
    const code = randomBytes(16).toString("hex");
    const scopes = this.opts.scopes();
    this.codes.set(code, { storeHash: store.hash, scopes, redirectUri, expiresAt: this.opts.now() + CODE_TTL_MS });
    return { code, scope: scopes.join(" "), context: `stores/${store.hash}` };
  }

  readonly token = (req: EmulatorRequest): EmulatorResponse => {
    const b = req.body;
    if (!b || typeof b !== "object" || Array.isArray(b))
      return bad(400, "invalid_request", "The body must be JSON or form-encoded parameters.");
    const p = b as Record<string, unknown>;
    for (const k of ["client_id", "client_secret", "code", "context", "scope", "grant_type", "redirect_uri"]) {
      if (typeof p[k] !== "string" || p[k] === "") return bad(400, "invalid_request", `${k} is required.`);
    }
    if (
      !safeEqual(p.client_id as string, this.opts.clientId) ||
      !safeEqual(p.client_secret as string, this.opts.clientSecret)
    ) {
      return bad(401, "invalid_client", "The client_id and client_secret do not match an app.");
    }
    if (p.grant_type !== "authorization_code")
      return bad(400, "unsupported_grant_type", "grant_type must be authorization_code.");
    const issued = this.codes.get(p.code as string);
    this.codes.delete(p.code as string);
    if (!issued || issued.expiresAt < this.opts.now())
      return bad(400, "invalid_grant", "The code is unknown, expired or already used.");
    if (p.context !== `stores/${issued.storeHash}`)
      return bad(400, "invalid_grant", "context does not match the store the code was issued for.");
    if (issued.redirectUri !== null && p.redirect_uri !== issued.redirectUri)
      return bad(400, "invalid_grant", "redirect_uri does not match the callback the code was sent to.");
    const asked = new Set((p.scope as string).split(/[\s,]+/).filter(Boolean));
    if (asked.size !== issued.scopes.length || issued.scopes.some((s) => !asked.has(s)))
      return bad(400, "invalid_scope", "scope does not match the scopes the merchant approved.");
    const store = this.state.store(issued.storeHash);
    if (!store) return bad(400, "invalid_grant", "The store no longer exists.");
    store.scopes = [...issued.scopes];
    const accessToken = this.state.issueToken(store);
    const user = (u: { id: number; username: string; email: string }) => ({
      id: u.id,
      username: u.username,
      email: u.email,
    });
    return {
      status: 200,
      body: {
        access_token: accessToken,
        scope: issued.scopes.join(" "),
        user: user(store.owner),
        owner: user(store.owner),
        context: `stores/${store.hash}`,
        account_uuid: store.accountUuid,
      },
    };
  };
}
