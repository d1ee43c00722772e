import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "./index";
import { loadAppConfig } from "./app-config";
import { CLIENT, startEmulator, type Started } from "./test-helpers";

let t: Started;
const scope = loadAppConfig().scopes.join(",");

beforeAll(async () => {
  t = await startEmulator();
});
afterAll(() => t.emu.close());

async function tokenRequest(body: Record<string, string>, form = false) {
  const res = await fetch(`${t.base}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const exchange = (subjectToken: string, extra: Record<string, string> = {}) =>
  tokenRequest({
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: subjectToken,
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    ...extra,
  });

describe("token exchange", () => {
  it("trades a valid session token for the shop's offline token", async () => {
    const r = await exchange(signSessionToken({ shop: t.domain, ...CLIENT }));
    expect(r).toEqual({ status: 200, body: { access_token: t.token, scope } });
  });

  it("installs the app on a shop the emulator did not know, and the token works", async () => {
    const r = await exchange(signSessionToken({ shop: "fresh-shop.myshopify.com", ...CLIENT }), {
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    });
    expect(r.status).toBe(200);
    const q = await t.gql("{ shop { myshopifyDomain } }", {}, r.body.access_token);
    expect(q.body.data.shop.myshopifyDomain).toBe("fresh-shop.myshopify.com");
  });

  it("issues online tokens with their user", async () => {
    const r = await exchange(signSessionToken({ shop: t.domain, userId: 42, ...CLIENT }), {
      requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token",
    });
    expect(r.body).toMatchObject({ scope, expires_in: 86399, associated_user: { id: 42 } });
    expect(r.body.access_token).not.toBe(t.token);
    expect((await t.gql("{ shop { id } }", {}, r.body.access_token)).status).toBe(200);
  });

  it("answers 400 for a bad signature, another app's token, an expired token or a wrong client secret", async () => {
    const cases = [
      signSessionToken({ shop: t.domain, clientId: CLIENT.clientId, clientSecret: "someone-else" }),
      signSessionToken({ shop: t.domain, clientId: "other-app", clientSecret: CLIENT.clientSecret }),
      signSessionToken({ shop: t.domain, ...CLIENT, now: Date.now() - 5 * 60_000 }),
      "not-a-jwt",
    ];
    for (const token of cases) {
      const r = await exchange(token);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("invalid_subject_token");
    }
    const wrongSecret = await exchange(signSessionToken({ shop: t.domain, ...CLIENT }), { client_secret: "nope" });
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: "invalid_client" } });
  });

  it("reinstalls after an uninstall with a new token", async () => {
    const shop = t.emu.createShop({ domain: "comeback-shop" });
    t.emu.uninstall(shop.domain);
    const r = await exchange(signSessionToken({ shop: shop.domain, ...CLIENT }));
    expect(r.status).toBe(200);
    expect(r.body.access_token).not.toBe(shop.accessToken);
    expect((await t.gql("{ shop { id } }", {}, shop.accessToken)).status).toBe(401);
    expect((await t.gql("{ shop { id } }", {}, r.body.access_token)).status).toBe(200);
  });
});

describe("authorization code grant", () => {
  it("authorize redirects back with a signed code that is exchanged once", async () => {
    const res = await fetch(
      `${t.base}/admin/oauth/authorize?client_id=${CLIENT.clientId}&scope=read_orders&redirect_uri=${encodeURIComponent("https://app.example/auth/callback")}&state=nonce-1&shop=${t.domain}`,
      { redirect: "manual" },
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example/auth/callback");
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({ shop: t.domain, state: "nonce-1" });
    const { hmac, ...rest } = params;
    const message = Object.keys(rest)
      .sort()
      .map((k) => `${k}=${rest[k]}`)
      .join("&");
    expect(hmac).toBe(createHmac("sha256", CLIENT.clientSecret).update(message).digest("hex"));

    const first = await tokenRequest(
      { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: params.code },
      true,
    );
    expect(first).toEqual({ status: 200, body: { access_token: t.token, scope } });
    const again = await tokenRequest(
      { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: params.code },
      true,
    );
    expect(again.status).toBe(400);
  });

  it("issues codes through the control API too", async () => {
    const { body } = await t.control("POST", `/__sandbox/shops/${t.domain}/oauth-code`);
    const r = await tokenRequest({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: body.code });
    expect(r.body.access_token).toBe(t.token);
  });
});
