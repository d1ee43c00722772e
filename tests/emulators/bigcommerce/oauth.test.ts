import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP_SCOPES, verifySignedPayloadJwt } from "./index";
import { CLIENT, Receiver, start, type Started } from "./test-support";

let t: Started;
const app = new Receiver();

/** What the app does with a signed_payload_jwt: HS256 with the client secret, aud = client id. */
function decode(jwt: string): Record<string, any> {
  const [h, p, s] = jwt.split(".");
  const expected = createHmac("sha256", CLIENT.clientSecret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, "base64url");
  expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
  expect(JSON.parse(Buffer.from(h, "base64url").toString())).toMatchObject({ alg: "HS256", typ: "JWT" });
  return JSON.parse(Buffer.from(p, "base64url").toString());
}

async function token(body: Record<string, unknown>) {
  return fetch(`${t.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const exchange = (code: string, over: Record<string, unknown> = {}) => ({
  client_id: CLIENT.clientId,
  client_secret: CLIENT.clientSecret,
  code,
  context: `stores/${t.store}`,
  scope: DEFAULT_APP_SCOPES.join(" "),
  grant_type: "authorization_code",
  redirect_uri: `${app.url}/bc/auth`,
  ...over,
});

beforeAll(async () => {
  t = await start();
  await app.start();
  t.emu.setAppUrl(`${app.url}/bc`);
});
afterAll(async () => {
  await t.emu.close();
  await app.close();
});
beforeEach(() => app.clear());

describe("POST /oauth2/token", () => {
  it("exchanges a code for a token that works on the store's API, once", async () => {
    const { code, scope, context } = t.emu.oauthCode(t.store);
    expect(context).toBe(`stores/${t.store}`);
    const res = await token(exchange(code, { scope }));
    expect(res.status).toBe(200);
    const body = await res.json();
    const owner = t.emu.getStore(t.store).owner;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{31}$/),
      scope: DEFAULT_APP_SCOPES.join(" "),
      user: { id: owner.id, username: owner.email, email: owner.email },
      owner: { id: owner.id, username: owner.email, email: owner.email },
      context: `stores/${t.store}`,
      account_uuid: t.emu.getStore(t.store).accountUuid,
    });
    expect((await t.api("GET", "/v2/order_statuses", undefined, { token: body.access_token })).status).toBe(200);
    const again = await token(exchange(code));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses wrong client credentials, context, scope, grant type and missing fields", async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ client_secret: "wrong" }, 401, "invalid_client"],
      [{ client_id: "someone-else" }, 401, "invalid_client"],
      [{ context: "stores/otherstore" }, 400, "invalid_grant"],
      [{ scope: "store_v2_orders" }, 400, "invalid_scope"],
      [{ grant_type: "client_credentials" }, 400, "unsupported_grant_type"],
      [{ redirect_uri: undefined }, 400, "invalid_request"],
    ];
    for (const [over, status, error] of cases) {
      const res = await token(exchange(t.emu.oauthCode(t.store).code, over));
      expect(res.status, error).toBe(status);
      expect(await res.json()).toMatchObject({ error });
    }
  });

  it("takes form-encoded bodies too, and keeps the secret and the code out of the request log", async () => {
    const { code } = t.emu.oauthCode(t.store);
    const res = await fetch(`${t.base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(exchange(code) as Record<string, string>),
    });
    expect(res.status).toBe(200);
    const entry = t.emu
      .requests()
      .filter((r) => r.path === "/oauth2/token")
      .at(-1)!;
    expect(entry.body).toMatchObject({ client_id: CLIENT.clientId, client_secret: "[redacted]", code: "[redacted]" });
    expect(JSON.stringify(t.emu.requests())).not.toContain(CLIENT.clientSecret);
  });
});

describe("single-click app callbacks", () => {
  it("install: calls {appUrl}/auth with code, scope, context and account_uuid; the app's exchange gets a token", async () => {
    let exchanged: any = null;
    app.respond = async (r) => {
      const url = new URL(r.path, app.url);
      const res = await token({
        ...exchange(url.searchParams.get("code")!),
        scope: url.searchParams.get("scope"),
        context: url.searchParams.get("context"),
        redirect_uri: `${app.url}/bc/auth`,
      });
      exchanged = { status: res.status, body: await res.json() };
      return { status: 200, body: "<html>installed</html>", contentType: "text/html" };
    };
    const r = await t.control("POST", `/__sandbox/stores/${t.store}/install`);
    expect(r.status).toBe(200);
    expect(r.body.callback).toMatchObject({ status: 200, body: "<html>installed</html>", error: null });
    const called = new URL(app.received[0].path, app.url);
    expect(called.pathname).toBe("/bc/auth");
    expect(Object.fromEntries(called.searchParams)).toEqual({
      code: r.body.code,
      scope: DEFAULT_APP_SCOPES.join(" "),
      context: `stores/${t.store}`,
      account_uuid: t.emu.getStore(t.store).accountUuid,
    });
    expect(exchanged.status).toBe(200);
    expect((await t.api("GET", "/v3/hooks", undefined, { token: exchanged.body.access_token })).status).toBe(200);
  });

  it("load: a signed_payload_jwt verifiable with the client secret, with BigCommerce's claims", async () => {
    app.respond = () => ({ status: 200, body: "<html>app</html>", contentType: "text/html" });
    const r = await t.control("POST", `/__sandbox/stores/${t.store}/load`, { url: "/orders/12", channelId: 1 });
    expect(r.status).toBe(200);
    const called = new URL(app.received[0].path, app.url);
    expect(called.pathname).toBe("/bc/load");
    const jwt = called.searchParams.get("signed_payload_jwt")!;
    expect(jwt).toBe(r.body.signed_payload_jwt);
    const claims = decode(jwt);
    const store = t.emu.getStore(t.store);
    expect(claims).toEqual({
      aud: CLIENT.clientId,
      iss: "bc",
      iat: expect.any(Number),
      nbf: claims.iat,
      exp: claims.iat + 86_400,
      jti: expect.any(String),
      sub: `stores/${t.store}`,
      user: { id: store.owner.id, email: store.owner.email, locale: "en-US" },
      owner: { id: store.owner.id, email: store.owner.email },
      url: "/orders/12",
      channel_id: 1,
    });
    expect(verifySignedPayloadJwt(jwt, CLIENT.clientId, CLIENT.clientSecret)).toMatchObject({ ok: true });
    expect(verifySignedPayloadJwt(jwt, "another-app", CLIENT.clientSecret)).toMatchObject({ ok: false });
    expect(verifySignedPayloadJwt(jwt, CLIENT.clientId, "wrong")).toMatchObject({ ok: false });
    expect(
      verifySignedPayloadJwt(jwt, CLIENT.clientId, CLIENT.clientSecret, Date.now() + 25 * 3_600_000),
    ).toMatchObject({ ok: false, reason: "token expired" });
    // From the Apps menu: no channel.
    expect(decode(t.emu.signedPayload(t.store)).channel_id).toBeNull();
  });

  it("remove_user and uninstall: callbacks with a JWT for the user; uninstall revokes the tokens and deletes the hooks", async () => {
    const other = await t.control("POST", "/__sandbox/stores", { storeHash: "leaving1" });
    const leavingToken = other.body.accessToken;
    const hook = await fetch(`${t.base}/stores/leaving1/v3/hooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-auth-token": leavingToken },
      body: JSON.stringify({ scope: "store/order/*", destination: `${app.url}/webhooks` }),
    });
    expect(hook.status).toBe(200);

    const removed = await t.control("POST", "/__sandbox/stores/leaving1/remove-user");
    expect(removed.status).toBe(200);
    expect(new URL(app.received[0].path, app.url).pathname).toBe("/bc/remove_user");
    expect(decode(removed.body.signed_payload_jwt).user.id).toBe(removed.body.user.id);

    const r = await t.control("POST", "/__sandbox/stores/leaving1/uninstall");
    expect(r.status).toBe(200);
    const called = new URL(app.received[1].path, app.url);
    expect(called.pathname).toBe("/bc/uninstall");
    expect(decode(called.searchParams.get("signed_payload_jwt")!).sub).toBe("stores/leaving1");
    const after = await fetch(`${t.base}/stores/leaving1/v2/orders`, { headers: { "x-auth-token": leavingToken } });
    expect(after.status).toBe(401);
    expect(t.emu.hooks("leaving1")).toEqual([]);
    expect(t.emu.getStore("leaving1")).toMatchObject({ installed: false, accessTokens: [] });
  });

  it("revoke-tokens makes the store's tokens answer 401 until restore-tokens, with no callback", async () => {
    const other = await t.control("POST", "/__sandbox/stores", { storeHash: "refused1" });
    const get = () =>
      fetch(`${t.base}/stores/refused1/v2/orders`, { headers: { "x-auth-token": other.body.accessToken } });
    expect((await t.control("POST", "/__sandbox/stores/refused1/revoke-tokens")).status).toBe(200);
    expect((await get()).status).toBe(401);
    expect(app.received).toEqual([]);
    expect((await t.control("POST", "/__sandbox/stores/refused1/restore-tokens")).status).toBe(200);
    expect((await get()).status).toBe(204); // v2 answers an empty list with 204
  });

  it("answers 409 when no app URL is set", async () => {
    t.emu.setAppUrl(null);
    try {
      const r = await t.control("POST", `/__sandbox/stores/${t.store}/install`);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatch(/no app URL/);
    } finally {
      t.emu.setAppUrl(`${app.url}/bc`);
    }
  });
});
