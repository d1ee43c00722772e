/**
 * BigCommerce calling the app's single-click callbacks on the app URL (docs/platform-facts.md#bc-app-install, bc-app-callbacks), as the control
 * API's install / load / uninstall / remove-user do for the merchant:
 *   GET {appUrl}/auth?code=&scope=&context=stores/{hash}&account_uuid=   (the app then calls POST /oauth2/token)
 *   GET {appUrl}/load?signed_payload_jwt=…          (must answer HTML for the iframe)
 *   GET {appUrl}/uninstall?signed_payload_jwt=…     (no answer needed)
 *   GET {appUrl}/remove_user?signed_payload_jwt=…   (no answer needed)
 * The app URL may carry a path prefix (`http://127.0.0.1:3000/bc` → `/bc/auth`). Redirects are not
 * followed; the status and the start of the body are reported back.
 */

/**
 * How long the merchant's browser waits for the app's answer. Generous: in tests the app's first request to a route
 * compiles it (Vite), which on a loaded two-core machine has taken more than 10 s.
 */
export const CALLBACK_TIMEOUT_MS = 30_000;

export interface CallbackResult {
  url: string;
  status: number | null;
  contentType: string | null;
  /** The first 2000 characters of the answer. */
  body: string;
  error: string | null;
}

export function callbackUrl(
  appUrl: string,
  path: "auth" | "load" | "uninstall" | "remove_user",
  params: Record<string, string>,
): string {
  const url = new URL(`${appUrl.replace(/\/+$/, "")}/${path}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export async function callApp(url: string, timeoutMs = CALLBACK_TIMEOUT_MS): Promise<CallbackResult> {
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => "");
    return {
      url,
      status: res.status,
      contentType: res.headers.get("content-type"),
      body: text.slice(0, 2000),
      error: null,
    };
  } catch (e) {
    const err = e as Error;
    return {
      url,
      status: null,
      contentType: null,
      body: "",
      error: err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : err.message,
    };
  }
}
