import { z } from "zod";
import { StepError, TransientError } from "#app/.server/errors.ts";
import { bigCommerceErrorMessage } from "./api-error-message";
import type { BigCommerceAppCredentials } from "./app-credentials";

/**
 * The single-click install's code exchange (docs/platform-facts.md#bc-app-install): BigCommerce calls our /auth with
 * `code`, `scope` and `context=stores/{hash}`; we POST them with the app's keys to
 * `{loginBaseUrl}/oauth2/token` and get the store's access token (it does not expire). `redirect_uri` must be
 * the /auth URL the code was sent to.
 */

export interface AuthCallback {
  code: string;
  scope: string;
  context: string;
}

export interface InstallGrant {
  accessToken: string;
  storeHash: string;
  scope: string;
  user: { id: number; email: string; username: string | null };
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  scope: z.string().default(""),
  context: z.string(),
  user: z.object({ id: z.number().int(), email: z.string().default(""), username: z.string().nullable().optional() }),
});

export function storeHashOfContext(context: string): string | null {
  return /^stores\/([A-Za-z0-9]+)$/.exec(context.trim())?.[1] ?? null;
}

export async function exchangeAuthCode(
  opts: { loginBaseUrl: string; app: BigCommerceAppCredentials; redirectUri: string; timeoutMs?: number },
  callback: AuthCallback,
): Promise<InstallGrant> {
  if (!storeHashOfContext(callback.context))
    throw new StepError("bigcommerce_auth", `context "${callback.context}" is not stores/{hash}`);
  let res: Response;
  try {
    res = await fetch(`${opts.loginBaseUrl.replace(/\/+$/, "")}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: opts.app.clientId,
        client_secret: opts.app.clientSecret,
        code: callback.code,
        context: callback.context,
        scope: callback.scope,
        grant_type: "authorization_code",
        redirect_uri: opts.redirectUri,
      }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new TransientError(`BigCommerce's login service did not answer: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (res.status === 429 || res.status >= 500)
    throw new TransientError(`BigCommerce's login service answered ${res.status}: ${bigCommerceErrorMessage(text)}`);
  if (res.status >= 400)
    throw new StepError(
      "bigcommerce_auth",
      `BigCommerce refused the install code (${res.status}): ${bigCommerceErrorMessage(text)}`,
    );
  let parsed: z.infer<typeof TokenAnswer>;
  try {
    parsed = TokenAnswer.parse(JSON.parse(text));
  } catch {
    throw new TransientError(`BigCommerce's login service answered an unexpected body (${res.status})`);
  }
  const storeHash = storeHashOfContext(parsed.context);
  if (!storeHash)
    throw new StepError("bigcommerce_auth", `BigCommerce answered context "${parsed.context}", not stores/{hash}`);
  return {
    accessToken: parsed.access_token,
    storeHash,
    scope: parsed.scope,
    user: { id: parsed.user.id, email: parsed.user.email, username: parsed.user.username ?? null },
  };
}
