import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isConnectorError } from "../types";
import { json, stubFetch, tokenResponse } from "./__tests__/fetch-stub";
import { clearNotificationKeyCache, getNotificationPublicKey, PUBLIC_KEY_PATH } from "./notification-public-key";

const APP = { clientId: "OrderBri-Sandbox-PRD-a1b2", clientSecret: "PRD-secret" };
const TOKEN = "/identity/v1/oauth2/token";
const PEM = "-----BEGIN PUBLIC KEY-----MFkw-----END PUBLIC KEY-----";

beforeEach(() => clearNotificationKeyCache());
afterEach(() => vi.restoreAllMocks());

let t = 1_000_000;
const source = { apiBaseUrl: "https://api.test", authBaseUrl: "https://auth.test", app: APP, now: () => t };
const keyPath = (kid: string) => `${PUBLIC_KEY_PATH}/${kid}`;
const keyRoute = (kid: string) => `GET ${keyPath(kid)}`;
const found = () => json(200, { algorithm: "ECDSA", digest: "SHA1", key: PEM });
const notFound = () => json(404, { errors: [{ errorId: 195000, message: "Public key not found." }] });

describe("getNotificationPublicKey", () => {
  it("fetches a key with an application token and remembers it for an hour", async () => {
    const f = stubFetch({ [`POST ${TOKEN}`]: () => tokenResponse("app-token"), [keyRoute("kid-1")]: found });
    expect(await getNotificationPublicKey(source, "kid-1")).toBe(PEM);
    expect(f.to(keyPath("kid-1"))[0]!.headers.get("authorization")).toBe("Bearer app-token");
    t += 59 * 60_000;
    expect(await getNotificationPublicKey(source, "kid-1")).toBe(PEM);
    expect(f.to(keyPath("kid-1"))).toHaveLength(1);
    t += 2 * 60_000;
    expect(await getNotificationPublicKey(source, "kid-1")).toBe(PEM);
    expect(f.to(keyPath("kid-1"))).toHaveLength(2);
  });

  it("remembers a key id eBay does not know (404) or refuses (400) as unknown, for ten minutes", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("app-token"),
      [keyRoute("forged-1")]: notFound,
      [keyRoute("forged-2")]: () => json(400, { errors: [{ errorId: 195001, message: "Invalid key id." }] }),
    });
    for (let i = 0; i < 3; i++) {
      expect(await getNotificationPublicKey(source, "forged-1")).toBeNull();
      expect(await getNotificationPublicKey(source, "forged-2")).toBeNull();
    }
    expect(f.to(keyPath("forged-1"))).toHaveLength(1);
    expect(f.to(keyPath("forged-2"))).toHaveLength(1);
    t += 10 * 60_000;
    expect(await getNotificationPublicKey(source, "forged-1")).toBeNull();
    expect(f.to(keyPath("forged-1"))).toHaveLength(2);
  });

  it("does not remember a failure of eBay's: it throws, and the next notice looks the key up again", async () => {
    const f = stubFetch({
      [`POST ${TOKEN}`]: () => tokenResponse("app-token"),
      [keyRoute("kid-1")]: [() => json(503, { errors: [] }), found],
    });
    await expect(getNotificationPublicKey(source, "kid-1")).rejects.toMatchObject({ kind: "retryable" });
    expect(await getNotificationPublicKey(source, "kid-1")).toBe(PEM);
    expect(f.to(keyPath("kid-1"))).toHaveLength(2);
  });

  it("bounds the lookups to ten a minute: past that it throws rate_limited without calling eBay", async () => {
    const routes: Record<string, () => Response> = { [`POST ${TOKEN}`]: () => tokenResponse("app-token") };
    const kids = Array.from({ length: 20 }, (_, i) => `forged-${i}`);
    for (const kid of kids) routes[keyRoute(kid)] = notFound;
    routes[keyRoute("kid-1")] = found;
    const f = stubFetch(routes);
    const outcomes = await Promise.allSettled(kids.map((kid) => getNotificationPublicKey(source, kid)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(10);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(isConnectorError(r.reason)).toBe(true);
      expect(r.reason).toMatchObject({
        kind: "rate_limited",
        details: { marketplace: "ebay", operation: "getPublicKey", retryAfterMs: expect.any(Number) },
      });
    }
    expect(f.requests.filter((r) => r.url.pathname.startsWith(PUBLIC_KEY_PATH))).toHaveLength(10);
    // A remembered key id costs no lookup, so it is answered even now.
    expect(await getNotificationPublicKey(source, "forged-0")).toBeNull();
    // After six seconds, one more lookup.
    t += 6_000;
    expect(await getNotificationPublicKey(source, "kid-1")).toBe(PEM);
    await expect(getNotificationPublicKey(source, "forged-19")).rejects.toMatchObject({ kind: "rate_limited" });
  });

  it("shares one lookup between concurrent callers of a key id, and counts it once", async () => {
    const f = stubFetch({ [`POST ${TOKEN}`]: () => tokenResponse("app-token"), [keyRoute("kid-1")]: found });
    const keys = await Promise.all(Array.from({ length: 15 }, () => getNotificationPublicKey(source, "kid-1")));
    expect(keys.every((k) => k === PEM)).toBe(true);
    expect(f.to(keyPath("kid-1"))).toHaveLength(1);
  });
});
