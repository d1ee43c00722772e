/** The website authorization workflow over HTTP: consent page, LWA authorization_code grant, then the Sellers API. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, OTHER_SELLER, type Running, SELLER, start, US } from "./test-support";
import { loadSpec, SELLERS_SPEC } from "./spec-validator";

const APP = {
  applicationId: "amzn1.sp.solution.0b1d2e3f-test",
  clientId: "amzn1.application-oa2-client.connect",
  clientSecret: "amzn1.oa2-cs.v1.connect-secret",
  redirectUris: ["https://app.example/connect/amazon/callback", "https://app.example/other"],
};
const UK = "A1F83G8C2ARO7P";
const DE = "A1PA6795UKMFR9";

let r: Running;
beforeAll(async () => {
  r = await start({ limitsEnabled: true, timeScale: 1 });
});
afterAll(() => r.amazon.close());
beforeEach(async () => {
  await r.amazon.reset();
  r.amazon.seedSeller({ ...SELLER, storeName: "Mugs Inc", marketplaceIds: [US, UK], lapsedMarketplaceIds: [DE] });
  r.amazon.seedApplication(APP);
});

const consent = (params: Record<string, string>) =>
  fetch(`${r.baseUrl}/apps/authorize/consent?${new URLSearchParams(params)}`, { redirect: "manual" });

const exchange = (fields: Record<string, string>) =>
  fetch(`${r.baseUrl}/auth/o2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      ...fields,
    }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, string> }));

describe("consent page", () => {
  it("redirects to the app with spapi_oauth_code, selling_partner_id and state", async () => {
    const res = await consent({ application_id: APP.applicationId, state: "s-1", version: "beta" });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe(APP.redirectUris[0]);
    expect(to.searchParams.get("state")).toBe("s-1");
    expect(to.searchParams.get("selling_partner_id")).toBe(SELLER.sellerId);
    expect(to.searchParams.get("spapi_oauth_code")).toMatch(/^ANsp/);
  });

  it("takes a registered redirect_uri, refuses others, an unknown app and a missing state", async () => {
    const other = await consent({ application_id: APP.applicationId, state: "s", redirect_uri: APP.redirectUris[1]! });
    expect(new URL(other.headers.get("location")!).pathname).toBe("/other");
    expect(
      (await consent({ application_id: APP.applicationId, state: "s", redirect_uri: "https://evil.example/cb" }))
        .status,
    ).toBe(400);
    expect((await consent({ application_id: "amzn1.sp.solution.unknown", state: "s" })).status).toBe(400);
    expect((await consent({ application_id: APP.applicationId })).status).toBe(400);
  });

  it("picks the seller: sandbox_seller_id, else the control API's, else the only one", async () => {
    r.amazon.seedSeller(OTHER_SELLER);
    expect((await consent({ application_id: APP.applicationId, state: "s" })).status).toBe(400);
    const named = await consent({
      application_id: APP.applicationId,
      state: "s",
      sandbox_seller_id: OTHER_SELLER.sellerId,
    });
    expect(new URL(named.headers.get("location")!).searchParams.get("selling_partner_id")).toBe(OTHER_SELLER.sellerId);
    await fetch(`${r.baseUrl}/__sandbox/consent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ decision: "approve", sellerId: SELLER.sellerId }),
    });
    const chosen = await consent({ application_id: APP.applicationId, state: "s" });
    expect(new URL(chosen.headers.get("location")!).searchParams.get("selling_partner_id")).toBe(SELLER.sellerId);
  });

  it("a denied consent goes back with the state and no code", async () => {
    r.amazon.setConsent({ decision: "deny" });
    const to = new URL((await consent({ application_id: APP.applicationId, state: "s-2" })).headers.get("location")!);
    expect(Object.fromEntries(to.searchParams)).toEqual({ state: "s-2", error: "access_denied" });
  });
});

describe("LWA authorization_code grant", () => {
  it("gives a refresh token once, for the redirect_uri of the consent; the refresh token then works", async () => {
    const { code } = r.amazon.authorizationCode({ sellerId: SELLER.sellerId, applicationId: APP.applicationId });
    expect((await exchange({ code, redirect_uri: APP.redirectUris[1]! })).body.error).toBe("invalid_grant");
    const ok = await exchange({ code, redirect_uri: APP.redirectUris[0]! });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(ok.body.refresh_token).toMatch(/^Atzr\|/);
    expect(ok.body.access_token).toMatch(/^Atza\|/);
    // Single use: even with the right redirect_uri.
    expect(await exchange({ code, redirect_uri: APP.redirectUris[0]! })).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });

    const refreshed = await fetch(`${r.baseUrl}/auth/o2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: ok.body.refresh_token!,
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
      }),
    });
    expect(refreshed.status).toBe(200);
    const token = ((await refreshed.json()) as { access_token: string }).access_token;
    expect((await api(r.baseUrl, token, "GET", "/sellers/v1/marketplaceParticipations")).status).toBe(200);
  });

  it("refuses a wrong client secret (401), an unknown and an expired code (invalid_grant)", async () => {
    const { code } = r.amazon.authorizationCode({ sellerId: SELLER.sellerId, applicationId: APP.applicationId });
    expect((await exchange({ code, redirect_uri: APP.redirectUris[0]!, client_secret: "wrong" })).status).toBe(401);
    expect((await exchange({ code: "ANspnope", redirect_uri: APP.redirectUris[0]! })).body.error).toBe("invalid_grant");
    r.amazon.advanceClock(301);
    expect((await exchange({ code, redirect_uri: APP.redirectUris[0]! })).body.error).toBe("invalid_grant");
  });
});

describe("Sellers API getMarketplaceParticipations", () => {
  it("lists the seller's marketplaces, lapsed ones as not participating, as the model describes", async () => {
    const { code } = r.amazon.authorizationCode({ sellerId: SELLER.sellerId, applicationId: APP.applicationId });
    const token = (await exchange({ code, redirect_uri: APP.redirectUris[0]! })).body.access_token!;
    const res = await api(r.baseUrl, token, "GET", "/sellers/v1/marketplaceParticipations");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amzn-ratelimit-limit")).toBe("0.016");
    expect(loadSpec(SELLERS_SPEC).operation("getMarketplaceParticipations").validateResponse(200, res.body)).toEqual(
      [],
    );
    expect(res.body.payload.map((p: any) => [p.marketplace.id, p.participation.isParticipating, p.storeName])).toEqual([
      [US, true, "Mugs Inc"],
      [UK, true, "Mugs Inc"],
      [DE, false, "Mugs Inc"],
    ]);
    expect(res.body.payload[1].marketplace).toEqual({
      id: UK,
      name: "Amazon.co.uk",
      countryCode: "GB",
      defaultCurrencyCode: "GBP",
      defaultLanguageCode: "en_GB",
      domainName: "www.amazon.co.uk",
    });
    expect((await api(r.baseUrl, "Atza|nope", "GET", "/sellers/v1/marketplaceParticipations")).status).toBe(403);
  });
});
