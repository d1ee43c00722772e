/**
 * The public keys that verify `X-EBAY-SIGNATURE` on marketplace-account-deletion notifications
 * (account-deletion.ts verifies; this fetches). eBay's Notification API serves them by key id:
 * `GET {apiBaseUrl}/commerce/notification/v1/public_key/{public_key_id}` → `{algorithm, digest, key}`, called with
 * an application access token (client_credentials grant, scope `https://api.ebay.com/oauth/api_scope`).
 *
 * eBay signs with few keys and asks integrations to cache them, so both the keys and the application token are
 * kept at module level (per API host and key id, per auth host and client id), and concurrent callers share one
 * fetch. A key is kept for `keyTtlMs` (default one hour); an unknown key id (404) is not cached.
 */
import { connectorErrorFromResponse, malformedBody, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import { AccessTokenCache } from "../access-token-cache";
import { EBAY_SCOPES, requestAccessToken, type EbayAppCredentials } from "./oauth";

export const PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key";
const DEFAULT_KEY_TTL_MS = 60 * 60_000;

export interface EbayNotificationKeySource {
  apiBaseUrl: string;
  authBaseUrl: string;
  app: EbayAppCredentials;
  keyTtlMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface Cached<T> {
  value: T;
  /** Epoch ms after which it is fetched again. */
  until: number;
}

const keys = new Map<string, Cached<string>>();
const appTokens = new AccessTokenCache();
const inFlight = new Map<string, Promise<string | null>>();

const trim = (url: string) => url.replace(/\/+$/, "");

/** The PEM public key for `kid`, or null when eBay does not know that key id. Throws ConnectorError otherwise. */
export function getNotificationPublicKey(source: EbayNotificationKeySource, kid: string): Promise<string | null> {
  const now = (source.now ?? Date.now)();
  const cacheKey = `${trim(source.apiBaseUrl)}\n${kid}`;
  const cached = keys.get(cacheKey);
  if (cached && cached.until > now) return Promise.resolve(cached.value);
  let pending = inFlight.get(cacheKey);
  if (!pending) {
    pending = fetchPublicKey(source, kid)
      .then((key) => {
        if (key !== null)
          keys.set(cacheKey, {
            value: key,
            until: (source.now ?? Date.now)() + (source.keyTtlMs ?? DEFAULT_KEY_TTL_MS),
          });
        return key;
      })
      .finally(() => inFlight.delete(cacheKey));
    inFlight.set(cacheKey, pending);
  }
  return pending;
}

async function fetchPublicKey(source: EbayNotificationKeySource, kid: string): Promise<string | null> {
  const site: HttpCallSite = { marketplace: "ebay", operation: "getPublicKey" };
  const url = `${trim(source.apiBaseUrl)}${PUBLIC_KEY_PATH}/${encodeURIComponent(kid)}`;
  const send = async () =>
    sendRequest(
      {
        method: "GET",
        url,
        headers: { authorization: `Bearer ${await applicationToken(source)}` },
        timeoutMs: source.timeoutMs,
      },
      site,
    );
  let res = await send();
  if (res.status === 401) {
    // The cached application token expired early or was revoked: one new token, one resend.
    appTokens.invalidate(appTokenKey(source));
    res = await send();
  }
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw connectorErrorFromResponse(res, site);
  const body = parseJsonBody(res, site) as { key?: unknown } | null;
  if (!body || typeof body.key !== "string" || body.key === "")
    throw malformedBody(res, site, new Error("no key in the answer"));
  return body.key;
}

const appTokenKey = (source: EbayNotificationKeySource) => `${trim(source.authBaseUrl)}\n${source.app.clientId}`;

/** An application access token (client_credentials), cached until five minutes before it expires. */
async function applicationToken(source: EbayNotificationKeySource): Promise<string> {
  const now = source.now ?? Date.now;
  return appTokens.get(appTokenKey(source), now(), () =>
    requestAccessToken({
      authBaseUrl: source.authBaseUrl,
      app: source.app,
      form: { grant_type: "client_credentials", scope: EBAY_SCOPES.public },
      site: { marketplace: "ebay", operation: "applicationToken" },
      timeoutMs: source.timeoutMs,
      now,
      errorOf: (res, site) => connectorErrorFromResponse(res, site),
    }),
  );
}

/** Test helper: forget cached keys and application tokens. */
export function clearNotificationKeyCache(): void {
  keys.clear();
  appTokens.clear();
  inFlight.clear();
}
