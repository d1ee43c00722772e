import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createBigCommerceEmulator } from "#tests/emulators/bigcommerce/index.ts";
import { verifySignedPayloadJwt } from "./signed-payload-jwt";

const APP = { clientId: "bc-client-id", clientSecret: "bc-client-secret" };
const NOW = 1_760_000_000_000;
const iat = Math.floor(NOW / 1000);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function jwt(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { typ: "JWT", alg: "HS256" },
  secret = APP.clientSecret,
): string {
  const body = {
    aud: APP.clientId,
    iss: "bc",
    iat,
    nbf: iat,
    exp: iat + 86_400,
    jti: "5f0c",
    sub: "stores/abc123",
    user: { id: 9876, email: "staff@example.com", locale: "en" },
    owner: { id: 1234, email: "owner@example.com" },
    url: "/orders",
    channel_id: null,
    ...claims,
  };
  const head = `${b64(header)}.${b64(body)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

describe("signed_payload_jwt verification", () => {
  it("accepts a good token and returns the store, user, owner, deep link and channel", () => {
    expect(verifySignedPayloadJwt(jwt({ channel_id: 3 }), APP, { now: NOW })).toEqual({
      ok: true,
      payload: {
        storeHash: "abc123",
        user: { id: 9876, email: "staff@example.com" },
        owner: { id: 1234, email: "owner@example.com" },
        url: "/orders",
        channelId: 3,
        issuedAt: iat * 1000,
      },
    });
  });

  it("accepts what the BigCommerce emulator signs for /load", () => {
    const bc = createBigCommerceEmulator(APP);
    bc.createStore({ storeHash: "store77" });
    const r = verifySignedPayloadJwt(bc.signedPayload("store77"), APP);
    expect(r.ok && r.payload.storeHash).toBe("store77");
  });

  it("refuses a tampered payload", () => {
    const [h, , s] = jwt().split(".");
    const forged = `${h}.${b64({ aud: APP.clientId, iss: "bc", exp: iat + 999, sub: "stores/victim", user: { id: 1 }, owner: { id: 1 } })}.${s}`;
    expect(verifySignedPayloadJwt(forged, APP, { now: NOW })).toEqual({
      ok: false,
      reason: "signature does not match",
    });
  });

  it("refuses a token signed with another secret", () => {
    expect(verifySignedPayloadJwt(jwt({}, undefined, "not-our-secret"), APP, { now: NOW }).ok).toBe(false);
  });

  it("refuses alg none and any algorithm other than HS256", () => {
    const none = `${b64({ alg: "none", typ: "JWT" })}.${jwt().split(".")[1]}.`;
    expect(verifySignedPayloadJwt(none, APP, { now: NOW })).toEqual({
      ok: false,
      reason: "algorithm none is not accepted",
    });
    expect(verifySignedPayloadJwt(jwt({}, { alg: "HS512" }), APP, { now: NOW }).ok).toBe(false);
    expect(verifySignedPayloadJwt(jwt({}, { typ: "JWT" }), APP, { now: NOW }).ok).toBe(false);
  });

  it("refuses another app's audience and another issuer", () => {
    expect(verifySignedPayloadJwt(jwt({ aud: "another-app" }), APP, { now: NOW })).toEqual({
      ok: false,
      reason: "audience is not this app",
    });
    expect(verifySignedPayloadJwt(jwt({ iss: "not-bc" }), APP, { now: NOW }).ok).toBe(false);
  });

  it("refuses an expired token and one not valid yet, with a small leeway", () => {
    const expired = jwt({ exp: iat - 60 });
    expect(verifySignedPayloadJwt(expired, APP, { now: NOW })).toEqual({ ok: false, reason: "token expired" });
    expect(verifySignedPayloadJwt(jwt({ exp: iat - 10 }), APP, { now: NOW }).ok).toBe(true);
    expect(verifySignedPayloadJwt(jwt({ nbf: iat + 120 }), APP, { now: NOW })).toEqual({
      ok: false,
      reason: "token not yet valid",
    });
  });

  it("refuses a subject that is not stores/{hash}, garbage and missing tokens", () => {
    expect(verifySignedPayloadJwt(jwt({ sub: "users/1" }), APP, { now: NOW }).ok).toBe(false);
    expect(verifySignedPayloadJwt("not.a.jwt!", APP, { now: NOW }).ok).toBe(false);
    expect(verifySignedPayloadJwt(null, APP, { now: NOW }).ok).toBe(false);
    expect(verifySignedPayloadJwt(jwt(), { clientId: APP.clientId, clientSecret: "" }, { now: NOW }).ok).toBe(false);
  });
});
