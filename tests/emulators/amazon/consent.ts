/**
 * The SP-API website authorization workflow (docs/platform-facts.md#amazon-connect), as Seller Central and Login
 * with Amazon run it for an app:
 *
 * - Applications are registered with their application id (`amzn1.sp.solution.…`), LWA client id and secret,
 *   and OAuth redirect URIs (`POST /__sandbox/applications`).
 * - Consent: `GET /apps/authorize/consent?application_id&state[&version=beta][&redirect_uri]`. A seller signs in
 *   and approves at once here: the one named by the sandbox-only `sandbox_seller_id`, else the one the control
 *   API's consent decision names, else the only seller there is. The browser goes to the redirect URI (the one
 *   given, which must be registered, or the app's first) with `spapi_oauth_code`, `selling_partner_id` and
 *   `state`. A denied consent (`POST /__sandbox/consent {decision: "deny"}`) goes back with `state` and
 *   `error=access_denied` and no code (Amazon does not document what a refusal sends: an assumption).
 * - The code lives 300 emulated seconds (Amazon: five minutes) and works once, at LWA's authorization_code grant,
 *   for the app's client and with the same redirect_uri; it gives a new refresh token (`Atzr|…`) for the seller
 *   and that client, which the refresh_token grant then accepts.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import { ControlError, requireString } from "../kit/seed-input";
import type { EmulatedClock } from "./clock";
import type { AmazonState } from "./state";

export const AUTH_CODE_SECONDS = 300;

export interface Application {
  applicationId: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

interface AuthCode {
  code: string;
  sellerId: string;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

export interface ConsentDecision {
  decision: "approve" | "deny";
  /** Who signs in at the next consents (default: the only seller). */
  sellerId?: string;
}

/** A grant obtained by consent: a refresh token of one seller for one app's client. */
export interface ConsentGrant {
  sellerId: string;
  clientId: string;
}

export type CodeExchange = { ok: true; grant: ConsentGrant; refreshToken: string } | { ok: false; reason: string };

export class ConsentStore {
  readonly applications = new Map<string, Application>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants = new Map<string, ConsentGrant>();
  decision: ConsentDecision = { decision: "approve" };

  constructor(
    private readonly state: AmazonState,
    private readonly clock: EmulatedClock,
  ) {}

  reset(): void {
    this.applications.clear();
    this.codes.clear();
    this.grants.clear();
    this.decision = { decision: "approve" };
  }

  addApplication(input: unknown): Application {
    const b = (input ?? {}) as Record<string, unknown>;
    const redirectUris = b.redirectUris;
    if (!Array.isArray(redirectUris) || redirectUris.length === 0 || !redirectUris.every(isAbsoluteUrl)) {
      throw new ControlError(400, "redirectUris must be a non-empty array of absolute URLs");
    }
    const app: Application = {
      applicationId: requireString(b.applicationId, "applicationId"),
      clientId: requireString(b.clientId, "clientId"),
      clientSecret: requireString(b.clientSecret, "clientSecret"),
      redirectUris: [...redirectUris] as string[],
    };
    this.applications.set(app.applicationId, app);
    return app;
  }

  setDecision(input: unknown): ConsentDecision {
    const b = (input ?? {}) as Record<string, unknown>;
    if (b.decision !== "approve" && b.decision !== "deny")
      throw new ControlError(400, "decision must be approve or deny");
    if (b.sellerId !== undefined && !this.state.seller(String(b.sellerId)))
      throw new ControlError(404, `unknown seller ${String(b.sellerId)}`);
    this.decision = { decision: b.decision, ...(b.sellerId !== undefined ? { sellerId: String(b.sellerId) } : {}) };
    return this.decision;
  }

  /** The client secret LWA expects for a client id of a registered app (undefined: not an app's). */
  clientSecretOf(clientId: string): string | undefined {
    return [...this.applications.values()].find((a) => a.clientId === clientId)?.clientSecret;
  }

  /** The grant a refresh token issued by consent stands for. */
  grant(refreshToken: string): ConsentGrant | undefined {
    return this.grants.get(refreshToken);
  }

  /** The consent page: a redirect to the app, or a 400 page when the request cannot be answered. */
  consentPage(req: EmulatorRequest): EmulatorResponse {
    const q = (k: string) => req.query.get(k) ?? "";
    const app = this.applications.get(q("application_id"));
    if (!app) return page(400, `Unknown application_id ${JSON.stringify(q("application_id"))}.`);
    if (!q("state")) return page(400, "state is required.");
    const redirectUri = q("redirect_uri") || app.redirectUris[0]!;
    if (!app.redirectUris.includes(redirectUri))
      return page(400, "redirect_uri is not one of the app's OAuth Redirect URIs.");
    const to = new URL(redirectUri);
    to.searchParams.set("state", q("state"));
    if (this.decision.decision === "deny") {
      to.searchParams.set("error", "access_denied");
      return { status: 302, headers: { location: to.toString() } };
    }
    const sellerId = req.query.get("sandbox_seller_id") ?? this.decision.sellerId ?? this.onlySeller();
    if (!sellerId || !this.state.seller(sellerId))
      return page(
        400,
        sellerId ? `Unknown seller ${sellerId}.` : "Several sellers could sign in: pass sandbox_seller_id.",
      );
    const code = this.issueCode({ sellerId, clientId: app.clientId, redirectUri });
    to.searchParams.set("spapi_oauth_code", code);
    to.searchParams.set("selling_partner_id", sellerId);
    return { status: 302, headers: { location: to.toString() } };
  }

  /** `POST /__sandbox/authorization-codes {sellerId, applicationId, redirectUri?}`: a consent, without the browser. */
  codeFor(input: unknown): { code: string; sellerId: string; redirectUri: string } {
    const b = (input ?? {}) as Record<string, unknown>;
    const sellerId = requireString(b.sellerId, "sellerId");
    if (!this.state.seller(sellerId)) throw new ControlError(404, `unknown seller ${sellerId}`);
    const app = this.applications.get(requireString(b.applicationId, "applicationId"));
    if (!app) throw new ControlError(404, "unknown applicationId");
    const redirectUri = b.redirectUri === undefined ? app.redirectUris[0]! : String(b.redirectUri);
    if (!app.redirectUris.includes(redirectUri)) throw new ControlError(400, "redirectUri is not registered");
    return { code: this.issueCode({ sellerId, clientId: app.clientId, redirectUri }), sellerId, redirectUri };
  }

  /** LWA's authorization_code grant, the client already authenticated. */
  exchange(input: { clientId: string; code: string; redirectUri: string }): CodeExchange {
    const found = this.codes.get(input.code);
    if (!found || found.clientId !== input.clientId) return { ok: false, reason: "unknown authorization code" };
    if (found.used) return { ok: false, reason: "authorization code already used" };
    if (found.expiresAt <= this.clock.emulatedMs()) return { ok: false, reason: "authorization code expired" };
    if (found.redirectUri !== input.redirectUri) return { ok: false, reason: "redirect_uri does not match" };
    found.used = true;
    const refreshToken = `Atzr|${randomBytes(48).toString("base64url")}`;
    const grant = { sellerId: found.sellerId, clientId: found.clientId };
    this.grants.set(refreshToken, grant);
    return { ok: true, grant, refreshToken };
  }

  private issueCode(p: { sellerId: string; clientId: string; redirectUri: string }): string {
    const code = `ANsp${randomBytes(15).toString("base64url")}`;
    this.codes.set(code, { ...p, code, expiresAt: this.clock.emulatedMs() + AUTH_CODE_SECONDS * 1000, used: false });
    return code;
  }

  private onlySeller(): string | undefined {
    const all = [...this.state.sellers.keys()];
    return all.length === 1 ? all[0] : undefined;
  }
}

function isAbsoluteUrl(v: unknown): boolean {
  try {
    return typeof v === "string" && Boolean(new URL(v).protocol);
  } catch {
    return false;
  }
}

function page(status: number, message: string): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><title>Seller Central</title><p>${message.replace(/[<>&]/g, "")}</p>`,
  };
}
