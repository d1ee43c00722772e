/**
 * The public keys that verify `X-EBAY-SIGNATURE` on marketplace-account-deletion notifications
 * (account-deletion.ts verifies; this fetches). eBay's Notification API serves them by key id:
 * `GET {apiBaseUrl}/commerce/notification/v1/public_key/{public_key_id}` → `{algorithm, digest, key}`, called with
 * an application access token (client_credentials grant, scope `https://api.ebay.com/oauth/api_scope`).
 *
 * The key id comes from the notice, so anyone can name one, and each new one would be a call to a rate-limited
 * API. What is remembered, and how many lookups are allowed, is notification-key-cache.ts: keys for an hour, key
 * ids eBay answers 400 or 404 for as unknown for ten minutes, at most ten lookups a minute (per API host). Past
 * that bound this throws a `rate_limited` ConnectorError without calling eBay, and the endpoint answers so that
 * eBay delivers again later. Concurrent callers of one key id share one lookup. The application token is cached
 * too (per auth host and client id).
 */
import { connectorErrorFromResponse, malformedBody, parseJsonBody, sendRequest, type HttpCallSite } from "../http";
import { AccessTokenCache } from "../access-token-cache";
import { ConnectorError } from "../types";
import {
  DEFAULT_NOTIFICATION_KEY_CACHE_POLICY,
  NotificationKeyCache,
  type NotificationKeyCachePolicy,
} from "./notification-key-cache";
import { EBAY_SCOPES, requestAccessToken, type EbayAppCredentials } from "./oauth";

export const PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key";

export interface EbayNotificationKeySource {
  apiBaseUrl: string;
  authBaseUrl: string;
  app: EbayAppCredentials;
  /** Overrides of the cache's policy; they apply when the API host's cache is first made. */
  cachePolicy?: Partial<NotificationKeyCachePolicy>;
  timeoutMs?: number;
  now?: () => number;
}

/** Statuses with which eBay refuses a key id itself (not us): the id is remembered as unknown. */
const UNKNOWN_KEY_STATUSES = new Set([400, 404]);

const caches = new Map<string, NotificationKeyCache>();
const appTokens = new AccessTokenCache();
const inFlight = new Map<string, Promise<string | null>>();

const trim = (url: string) => url.replace(/\/+$/, "");

function cacheFor(source: EbayNotificationKeySource): NotificationKeyCache {
  const host = trim(source.apiBaseUrl);
  let cache = caches.get(host);
  if (!cache) {
    cache = new NotificationKeyCache(
      { ...DEFAULT_NOTIFICATION_KEY_CACHE_POLICY, ...source.cachePolicy },
      source.now ?? Date.now,
    );
    caches.set(host, cache);
  }
  return cache;
}

/**
 * The PEM public key for `kid`, or null when eBay refused that key id or does not know it (remembered for a
 * while). Throws ConnectorError otherwise: `rate_limited`, without calling eBay, once the lookups of the last
 * minute have reached the bound.
 */
export function getNotificationPublicKey(source: EbayNotificationKeySource, kid: string): Promise<string | null> {
  const cache = cacheFor(source);
  const remembered = cache.recall(kid);
  if (remembered) return Promise.resolve(remembered.key);
  const flightKey = `${trim(source.apiBaseUrl)}\n${kid}`;
  let pending = inFlight.get(flightKey);
  if (!pending) {
    const waitMs = cache.takeLookup();
    if (waitMs > 0) {
      return Promise.reject(
        new ConnectorError(
          "rate_limited",
          `eBay public key lookups are over ${cache.policy.lookupsPerMinute} a minute`,
          {
            marketplace: "ebay",
            operation: "getPublicKey",
            retryAfterMs: waitMs,
          },
        ),
      );
    }
    pending = fetchPublicKey(source, kid)
      .then((key) => {
        cache.remember(kid, key);
        return key;
      })
      .finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
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
  if (UNKNOWN_KEY_STATUSES.has(res.status)) return null;
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

/** Test helper: forget cached keys, unknown key ids, lookup bounds and application tokens. */
export function clearNotificationKeyCache(): void {
  caches.clear();
  appTokens.clear();
  inFlight.clear();
}
