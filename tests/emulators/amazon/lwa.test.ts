import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, LONG_AGO, lwaToken, OTHER_SELLER, order, type Running, SELLER, settle, start, US } from "./test-support";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields),
});

describe("Login with Amazon and access tokens", () => {
  let r: Running;
  beforeEach(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.amazon.seedSeller(SELLER);
    r.amazon.seedSeller(OTHER_SELLER);
  });
  afterEach(() => r.amazon.close());

  it("trades a refresh token for a bearer access token valid for an hour", async () => {
    const res = await fetch(
      `${r.baseUrl}/auth/o2/token`,
      form({
        grant_type: "refresh_token",
        refresh_token: SELLER.refreshToken,
        client_id: SELLER.clientId,
        client_secret: SELLER.clientSecret,
      }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^Atza\|/),
      refresh_token: SELLER.refreshToken,
      token_type: "bearer",
      expires_in: 3600,
    });
    const list = await api(
      r.baseUrl,
      body.access_token,
      "GET",
      `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`,
    );
    expect(list.status).toBe(200);
  });

  it("also takes a JSON body and client credentials in HTTP Basic", async () => {
    const res = await fetch(`${r.baseUrl}/auth/o2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${SELLER.clientId}:${SELLER.clientSecret}`).toString("base64")}`,
      },
      body: JSON.stringify({ grant_type: "refresh_token", refresh_token: SELLER.refreshToken }),
    });
    expect(res.status).toBe(200);
  });

  it("answers bad credentials the way LWA does", async () => {
    const ask = async (fields: Record<string, string>) => {
      const res = await fetch(`${r.baseUrl}/auth/o2/token`, form(fields));
      return { status: res.status, body: await res.json() };
    };
    const base = {
      grant_type: "refresh_token",
      refresh_token: SELLER.refreshToken,
      client_id: SELLER.clientId,
      client_secret: SELLER.clientSecret,
    };
    expect(await ask({ ...base, refresh_token: "Atzr|nope" })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "The request has an invalid grant parameter : refresh_token" },
    });
    expect(await ask({ ...base, client_secret: "wrong" })).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "Client authentication failed" },
    });
    expect(await ask({ ...base, client_id: "amzn1.application-oa2-client.unknown" })).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await ask({ ...base, grant_type: "client_credentials" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await ask({ ...base, grant_type: "authorization_code" })).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: "The request is missing a required parameter : code" },
    });
    const { refresh_token: _omit, ...noRefresh } = base;
    expect(await ask(noRefresh)).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("refuses API calls without a token, or with an unknown one", async () => {
    const path = `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`;
    const denied = {
      errors: [{ code: "Unauthorized", message: "Access to requested resource is denied.", details: "" }],
    };
    for (const token of [undefined, "Atza|forged"]) {
      const res = await api(r.baseUrl, token, "GET", path);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(denied);
      expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
    }
  });

  it("expires access tokens after 3600 emulated seconds, faster at a higher time scale", async () => {
    const token = await lwaToken(r.baseUrl);
    const path = `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`;
    r.amazon.advanceClock(3599);
    expect((await api(r.baseUrl, token, "GET", path)).status).toBe(200);
    r.amazon.advanceClock(2);
    const expired = await api(r.baseUrl, token, "GET", path);
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual({
      errors: [
        {
          code: "Unauthorized",
          message: "Access to requested resource is denied.",
          details: "The access token you provided has expired.",
        },
      ],
    });

    // At timeScale 36 000 an hour lasts 100 real ms.
    await fetch(`${r.baseUrl}/__sandbox/limits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeScale: 36_000 }),
    });
    const fresh = await lwaToken(r.baseUrl);
    expect((await api(r.baseUrl, fresh, "GET", path)).status).toBe(200);
    await new Promise((res) => setTimeout(res, 150));
    expect((await api(r.baseUrl, fresh, "GET", path)).body.errors[0].details).toBe(
      "The access token you provided has expired.",
    );
  });

  it("expires tokens on demand through the control API", async () => {
    const token = await lwaToken(r.baseUrl);
    const res = await fetch(`${r.baseUrl}/__sandbox/sellers/${SELLER.sellerId}/expire-tokens`, { method: "POST" });
    expect(await res.json()).toEqual({ expired: 1 });
    const call = await api(r.baseUrl, token, "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`);
    expect(call.body.errors[0].details).toBe("The access token you provided has expired.");
  });

  it("the token identifies the seller: each seller sees only its own orders", async () => {
    const mine = r.amazon.seedOrder(order());
    const theirs = r.amazon.seedOrder(order({ sellerId: OTHER_SELLER.sellerId }));
    settle(r.amazon);
    const token = await lwaToken(r.baseUrl, SELLER);
    const list = await api(r.baseUrl, token, "GET", `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${LONG_AGO}`);
    expect(list.body.payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toEqual([
      mine.AmazonOrderId,
    ]);
    expect((await api(r.baseUrl, token, "GET", `/orders/v0/orders/${theirs.AmazonOrderId}`)).status).toBe(404);
    expect((await api(r.baseUrl, token, "GET", `/orders/2026-01-01/orders/${theirs.AmazonOrderId}`)).status).toBe(404);
    const confirm = await api(
      r.baseUrl,
      token,
      "POST",
      `/orders/v0/orders/${theirs.AmazonOrderId}/shipmentConfirmation`,
      {
        marketplaceId: US,
        packageDetail: {
          packageReferenceId: "1",
          carrierCode: "UPS",
          trackingNumber: "1Z999AA10123456784",
          shipDate: "2026-01-27T04:55:15Z",
          orderItems: [{ orderItemId: theirs.OrderItems[0].OrderItemId, quantity: 1 }],
        },
      },
    );
    expect(confirm.status).toBe(404);
    expect(r.amazon.getOrder(theirs.AmazonOrderId)!.OrderStatus).toBe("Unshipped");
  });

  it("issues restricted data tokens good only for the resources they name", async () => {
    const seeded = r.amazon.seedOrder(order());
    const token = await lwaToken(r.baseUrl);
    const rdtRes = await api(r.baseUrl, token, "POST", "/tokens/2021-03-01/restrictedDataToken", {
      restrictedResources: [{ method: "GET", path: "/orders/v0/orders/{orderId}/address" }],
    });
    expect(rdtRes.status).toBe(200);
    expect(rdtRes.body).toEqual({ restrictedDataToken: expect.stringMatching(/^Atz\.sprdt\|/), expiresIn: 3600 });
    const rdt = rdtRes.body.restrictedDataToken;
    const address = await api(r.baseUrl, rdt, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}/address`);
    expect(address.status).toBe(200);
    expect(address.body.payload.ShippingAddress.Name).toBe("Jane Doe");
    expect((await api(r.baseUrl, rdt, "GET", `/orders/v0/orders/${seeded.AmazonOrderId}`)).status).toBe(403);
    const bad = await api(r.baseUrl, token, "POST", "/tokens/2021-03-01/restrictedDataToken", {
      restrictedResources: [{ method: "FETCH", path: "/x" }],
    });
    expect(bad.status).toBe(400);
  });
});
