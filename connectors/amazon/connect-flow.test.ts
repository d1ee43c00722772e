import { afterEach, describe, expect, it, vi } from "vitest";
import { json, stubFetch } from "./__tests__/fetch-stub";
import { amazonConnectFlow, buildAmazonConsentUrl, type AmazonConnectApp } from "./connect-flow";
import { AMAZON_CONSENT_URLS, regionOfMarketplace } from "./marketplace-regions";

const APP: AmazonConnectApp = {
  applicationId: "amzn1.sp.solution.abc",
  clientId: "amzn1.application-oa2-client.abc",
  clientSecret: "secret",
  redirectUri: "https://app.example/connect/amazon/callback",
  draft: true,
};

afterEach(() => vi.restoreAllMocks());

describe("Amazon connect flow", () => {
  it("builds the region's Seller Central consent URL, version=beta only for a draft app", () => {
    const url = new URL(buildAmazonConsentUrl({ app: APP, state: "eu.xyz", authorizeUrl: AMAZON_CONSENT_URLS.eu }));
    expect(`${url.origin}${url.pathname}`).toBe("https://sellercentral-europe.amazon.com/apps/authorize/consent");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      application_id: APP.applicationId,
      state: "eu.xyz",
      redirect_uri: APP.redirectUri,
      version: "beta",
    });
    const published = new URL(
      amazonConnectFlow.consentUrl({
        app: { ...APP, draft: false },
        state: "s",
        codeVerifier: null,
        authorizeUrl: AMAZON_CONSENT_URLS.na,
      }),
    );
    expect(published.searchParams.has("version")).toBe(false);
    expect(() => amazonConnectFlow.consentUrl({ app: APP, state: "s", codeVerifier: null })).toThrow(/region/);
  });

  it("exchanges the code at LWA (authorization_code grant with the redirect_uri) for the refresh token", async () => {
    const fetch = stubFetch({
      "POST /auth/o2/token": () =>
        json(200, { access_token: "Atza|a", refresh_token: "Atzr|r", token_type: "bearer", expires_in: 3600 }),
    });
    const tokens = await amazonConnectFlow.exchangeCode({
      authBaseUrl: "https://api.amazon.com/",
      app: APP,
      code: "ANspcode",
      codeVerifier: null,
    });
    expect(tokens).toEqual({ accessToken: "Atza|a", refreshToken: "Atzr|r" });
    expect(Object.fromEntries(new URLSearchParams(fetch.requests[0]!.body))).toEqual({
      grant_type: "authorization_code",
      code: "ANspcode",
      redirect_uri: APP.redirectUri,
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
    });
  });

  it("a refused code is auth_expired; an answer without a refresh token is malformed", async () => {
    stubFetch({
      "POST /auth/o2/token": [
        () =>
          json(400, { error: "invalid_grant", error_description: "The request has an invalid grant parameter : code" }),
        () => json(200, { access_token: "Atza|a" }),
      ],
    });
    const exchange = () =>
      amazonConnectFlow.exchangeCode({
        authBaseUrl: "https://api.amazon.com",
        app: APP,
        code: "c",
        codeVerifier: null,
      });
    await expect(exchange()).rejects.toMatchObject({ kind: "auth_expired" });
    await expect(exchange()).rejects.toMatchObject({ kind: "retryable" });
  });

  it("reads the seller's marketplace participations with the fresh access token", async () => {
    const fetch = stubFetch({
      "GET /sellers/v1/marketplaceParticipations": () =>
        json(200, {
          payload: [
            {
              marketplace: {
                id: "ATVPDKIKX0DER",
                name: "Amazon.com",
                countryCode: "US",
                defaultCurrencyCode: "USD",
                defaultLanguageCode: "en_US",
                domainName: "www.amazon.com",
              },
              storeName: "Mugs Inc",
              participation: { isParticipating: true, hasSuspendedListings: false },
            },
          ],
        }),
    });
    const participations = await amazonConnectFlow.identifySeller({
      apiBaseUrl: "https://sellingpartnerapi-na.amazon.com",
      app: APP,
      tokens: { accessToken: "Atza|a", refreshToken: "Atzr|r" },
    });
    expect(participations).toEqual([
      {
        marketplaceId: "ATVPDKIKX0DER",
        name: "Amazon.com",
        countryCode: "US",
        currency: "USD",
        storeName: "Mugs Inc",
        isParticipating: true,
      },
    ]);
    expect(fetch.requests[0]!.headers.get("x-amz-access-token")).toBe("Atza|a");
  });

  it("a Sellers API refusal carries Amazon's code; a body without payload is malformed", async () => {
    stubFetch({
      "GET /sellers/v1/marketplaceParticipations": [
        () => json(403, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] }),
        () => json(200, {}),
      ],
    });
    const identify = () =>
      amazonConnectFlow.identifySeller({
        apiBaseUrl: "https://sellingpartnerapi-na.amazon.com",
        app: APP,
        tokens: { accessToken: "Atza|a", refreshToken: "Atzr|r" },
      });
    await expect(identify()).rejects.toMatchObject({ kind: "permanent", details: { code: "Unauthorized" } });
    await expect(identify()).rejects.toMatchObject({ kind: "retryable" });
  });

  it("knows each marketplace's region", () => {
    expect(["ATVPDKIKX0DER", "A1F83G8C2ARO7P", "A1VC38T7YXB528", "XUNKNOWN"].map(regionOfMarketplace)).toEqual([
      "na",
      "eu",
      "fe",
      null,
    ]);
  });
});
