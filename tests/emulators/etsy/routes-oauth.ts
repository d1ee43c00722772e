/**
 * OAuth routes (see oauth.ts for the rules):
 *   POST /v3/public/oauth/token   no x-api-key (the body's client_id names the app), the app's rate limits, then the grant
 *   GET  /oauth/connect           the consent page of www.etsy.com, approved at once: 302 to redirect_uri
 */
import type { EmulatorResponse } from "../kit/emulator-server";
import { admitByClientId, type EtsyContext } from "./api";
import { etsyError } from "./etsy-emulator-server";
import { AuthorizeError } from "./oauth";

export function registerOAuth(ctx: EtsyContext): void {
  ctx.server.route("POST", "/v3/public/oauth/token", (req) => {
    const admitted = admitByClientId(ctx, req);
    if ("error" in admitted) return admitted.error;
    const res = ctx.oauth.tokenEndpoint(req, admitted.app);
    return { ...res, headers: { ...(res.headers ?? {}), ...admitted.headers } };
  });

  ctx.server.route("GET", "/oauth/connect", (req): EmulatorResponse => {
    const q = (k: string) => req.query.get(k) ?? "";
    if (q("response_type") !== "code") return etsyError(400, "invalid_request", "response_type must be code");
    if (!q("state")) return etsyError(400, "invalid_request", "state is required");
    const userParam = req.query.get("sandbox_user_id");
    const userId = userParam === null ? undefined : Number(userParam);
    if (userId !== undefined && (!Number.isSafeInteger(userId) || userId < 1))
      return etsyError(400, "invalid_request", "sandbox_user_id must be a positive integer");
    try {
      const { code } = ctx.oauth.authorize({
        clientId: q("client_id"),
        redirectUri: q("redirect_uri"),
        scope: q("scope"),
        state: q("state"),
        codeChallenge: q("code_challenge"),
        codeChallengeMethod: q("code_challenge_method"),
        userId,
      });
      const to = new URL(q("redirect_uri"));
      to.searchParams.set("code", code);
      to.searchParams.set("state", q("state"));
      return { status: 302, headers: { location: to.toString() } };
    } catch (e) {
      if (e instanceof AuthorizeError) return etsyError(400, e.error, e.message);
      throw e;
    }
  });
}
