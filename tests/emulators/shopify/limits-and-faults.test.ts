import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "./schema";
import { CLIENT, startEmulator, type Started } from "./test-helpers";

let t: Started;

beforeAll(async () => {
  t = await startEmulator({ limitsEnabled: true, timeScale: 1 });
  // 250 variants, so a full page really returns 250 nodes and the actual cost equals the requested cost.
  t.emu.addProduct(t.domain, {
    title: "Sticker",
    variants: Array.from({ length: 250 }, (_, i) => ({ sku: `STK-${i}`, price: "1.00", inventoryQuantity: 1 })),
  });
});
afterAll(() => t.emu.close());

// 2 + 249 × (variant 1 + product 1 + inventoryItem 1) = 749
const PAGE = `{ productVariants(first: 249) { nodes { id sku product { id } inventoryItem { id } } } }`;

describe("calculated query cost", () => {
  it("reports requested and actual cost and the bucket on every answer", async () => {
    const r = await t.gql(
      `{ shop { id } productVariants(first: 10, query: "sku:STK-249") { nodes { id product { id } } } }`,
    );
    // shop 1 + connection 2 + 10 × 2 requested; one node returned: 1 + 2 + 1 × 2.
    expect(r.body.extensions.cost).toEqual({
      requestedQueryCost: 23,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    expect(r.body.extensions.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(1990);
    const m = await t.gql(`mutation { orderCreate(order: { lineItems: [] }) { userErrors { message } } }`);
    expect(m.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it("rejects a query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const r = await t.gql(
      `{ productVariants(first: 250) { nodes { id product { id } inventoryItem { id } } } orders(first: 250) { nodes { id } } }`,
    );
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 1004, maxCost: 1000 });
    expect(r.body.errors[0].message).toMatch(
      /^Query cost is 1004, which exceeds the single query max cost limit \(1000\)/,
    );
  });

  it("throttles when the bucket cannot cover the requested cost, and restores at 100 points per emulated second", async () => {
    await t.control("POST", "/__sandbox/limits", { timeScale: 1 });
    const a = await t.gql(PAGE);
    const b = await t.gql(PAGE);
    expect(a.body.extensions.cost).toMatchObject({ requestedQueryCost: 749, actualQueryCost: 749 });
    expect(b.body.data.productVariants.nodes).toHaveLength(249);
    const c = await t.gql(PAGE);
    expect(c.status).toBe(200);
    expect(c.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 749,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
        },
      },
    });
    expect(c.body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(749);

    // At 1000 emulated seconds per real second the bucket refills in a few milliseconds.
    await t.control("POST", "/__sandbox/limits", { timeScale: 1000 });
    await new Promise((r) => setTimeout(r, 30));
    const d = await t.gql(PAGE);
    expect(d.body.errors).toBeUndefined();
    expect(d.body.data.productVariants.nodes).toHaveLength(249);
    await t.control("POST", "/__sandbox/limits", { timeScale: 1 });
  });

  it("does not throttle when limits are disabled", async () => {
    await t.control("POST", "/__sandbox/limits", { enabled: false });
    try {
      for (let i = 0; i < 4; i++) expect((await t.gql(PAGE)).body.errors).toBeUndefined();
    } finally {
      await t.control("POST", "/__sandbox/limits", { enabled: true });
    }
  });
});

describe("faults", () => {
  const url = () => `${t.base}/admin/api/${API_VERSION}/graphql.json`;
  const post = (signal?: AbortSignal) =>
    fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": t.token },
      body: JSON.stringify({ query: "{ shop { id } }" }),
      signal,
    });

  it("expired_token answers Shopify's 401", async () => {
    await t.control("POST", "/__sandbox/faults", { kind: "expired_token", match: "graphql.json", times: 1 });
    const res = await post();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    expect((await post()).status).toBe(200);
  });

  it("http_500, http_503 and http_429 answer in Shopify's shapes", async () => {
    await t.control("POST", "/__sandbox/faults", [
      { kind: "http_500", times: 1 },
      { kind: "http_503", times: 1 },
      { kind: "http_429", times: 1 },
    ]);
    const r500 = await post();
    expect(r500.status).toBe(500);
    expect((await r500.json()).errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
    const r503 = await post();
    expect(r503.status).toBe(503);
    await r503.text();
    const r429 = await post();
    expect(r429.status).toBe(429);
    expect(r429.headers.get("retry-after")).toBe("2.0");
    await r429.text();
    expect((await post()).status).toBe(200);
  });

  it("timeout hangs the request; malformed_body sends broken JSON", async () => {
    await t.control("POST", "/__sandbox/faults", { kind: "timeout", times: 1, delayMs: 200 });
    await expect(post(AbortSignal.timeout(100))).rejects.toThrow();
    await t.control("POST", "/__sandbox/faults", { kind: "malformed_body", times: 1 });
    const res = await post();
    await expect(res.json()).rejects.toThrow();
  });
});

describe("request log", () => {
  it("records API calls with secrets redacted and tracking numbers kept", async () => {
    await t.control("DELETE", "/__sandbox/requests");
    const sessionToken = t.emu.sessionToken(t.domain);
    await fetch(`${t.base}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: sessionToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      }),
    });
    await t.gql(
      `mutation u($t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: "gid://shopify/Fulfillment/1", trackingInfoInput: $t) { userErrors { message } } }`,
      {
        t: { company: "UPS", number: "1Z999AA10123456784" },
      },
    );
    await t.control("POST", `/__sandbox/shops/${t.domain}/products`, {
      title: "Not logged",
      variants: [{ sku: "X", price: "1.00" }],
    });

    const log = (await t.control("GET", "/__sandbox/requests")).body as {
      method: string;
      path: string;
      body: any;
      status: number;
    }[];
    expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "POST /admin/oauth/access_token 200",
      `POST /admin/api/${API_VERSION}/graphql.json 200`,
    ]);
    expect(log[0].body).toMatchObject({
      client_id: CLIENT.clientId,
      client_secret: "[redacted]",
      subject_token: "[redacted]",
    });
    expect(log[1].body.variables.t.number).toBe("1Z999AA10123456784");
    const text = JSON.stringify(log);
    expect(text).not.toContain(CLIENT.clientSecret);
    expect(text).not.toContain(sessionToken);
    expect(text).not.toContain(t.token);
  });
});
