import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  api,
  APP,
  control,
  receipt,
  receiptsPath,
  refresh,
  type Running,
  SHOP,
  sleep,
  start,
  tokenRequest,
  trackingPath,
} from "./test-support";

describe("rate limits per API key", () => {
  let r: Running;
  afterEach(() => r.etsy.close());

  it("answers 429 past 10 requests a second, counting the token call, and refills at the time scale", async () => {
    // At timeScale 0.01 a real second is 10 emulated ms: the bucket does not refill during the test.
    r = await start({ limitsEnabled: true, timeScale: 0.01 });
    const { accessToken } = await refresh(r.baseUrl);
    const remaining: string[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-remaining-this-second")!);
    }
    expect(remaining).toEqual(["8", "7", "6", "5", "4", "3", "2", "1", "0"]);
    const over = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
    expect(over.status).toBe(429);
    expect(over.body).toEqual({ error: expect.stringMatching(/per second/) });
    expect(over.headers.get("x-limit-per-second")).toBeNull();
    // The token endpoint shares the key's bucket.
    expect(
      (await tokenRequest(r.baseUrl, { grant_type: "refresh_token", client_id: APP.keystring, refresh_token: "x" }))
        .status,
    ).toBe(429);

    // Another key has its own buckets.
    r.etsy.seedApp({ keystring: "secondapp", sharedSecret: "s2" });
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken, apiKey: "secondapp:s2" })).status).toBe(
      401,
    );

    // At timeScale 1000, 50 real ms are 50 emulated seconds: full again.
    await control(r.baseUrl, "POST", "/__sandbox/limits", { timeScale: 1000 });
    await sleep(50);
    const again = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
    expect(again.status).toBe(200);
    // Ten of the day's 10,000 were spent; the day bucket refills about one every 8.6 emulated seconds.
    expect(Number(again.headers.get("x-remaining-today"))).toBeLessThan(10_000);

    await control(r.baseUrl, "POST", "/__sandbox/limits", { enabled: false, timeScale: 0.01 });
    for (let i = 0; i < 15; i++)
      expect((await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken })).status).toBe(200);
  });

  it("answers 429 once the day's quota is spent, until the day has passed", async () => {
    r = await start({ limitsEnabled: true, timeScale: 1 });
    r.etsy.seedApp({ ...APP, qps: 100, qpd: 6 });
    const { accessToken } = await refresh(r.baseUrl);
    const today: string[] = [];
    for (let i = 0; i < 5; i++)
      today.push(
        (await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken })).headers.get("x-remaining-today")!,
      );
    expect(today).toEqual(["4", "3", "2", "1", "0"]);
    const over = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatch(/per day/);
    r.etsy.advanceClock(86_400);
    const res = await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken });
    expect(res.status).toBe(401); // the day passed, and so did the access token's hour
    expect(res.headers.get("x-limit-per-day")).toBe("6");
  });
});

describe("faults", () => {
  let r: Running;
  afterEach(() => r.etsy.close());

  async function setup() {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    r.etsy.seedReceipt(receipt());
    return (await refresh(r.baseUrl)).accessToken;
  }

  it("injects 500, 503 and 429 in Etsy's error shape, once each", async () => {
    const token = await setup();
    for (const [kind, status] of [
      ["http_500", 500],
      ["http_503", 503],
      ["http_429", 429],
    ] as const) {
      expect(
        (await control(r.baseUrl, "POST", "/__sandbox/faults", { kind, match: "GET /v3/application/shops", times: 1 }))
          .status,
      ).toBe(201);
      const res = await api(r.baseUrl, "GET", receiptsPath(), { token });
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: expect.any(String) });
      expect((await api(r.baseUrl, "GET", receiptsPath(), { token })).status).toBe(200);
    }
  });

  it("an expired_token fault looks exactly like a really expired token", async () => {
    const token = await setup();
    await control(r.baseUrl, "POST", "/__sandbox/faults", { kind: "expired_token", times: 1 });
    const injected = await api(r.baseUrl, "GET", receiptsPath(), { token });
    r.etsy.advanceClock(3600);
    const real = await api(r.baseUrl, "GET", receiptsPath(), { token });
    expect(injected.status).toBe(401);
    expect(real.status).toBe(401);
    expect(injected.text).toBe(real.text);
  });

  it("times out and sends malformed bodies on request, honouring match and times", async () => {
    const token = await setup();
    await control(r.baseUrl, "POST", "/__sandbox/faults", {
      kind: "timeout",
      match: "GET /v3/application",
      times: 1,
      delayMs: 100,
    });
    await expect(api(r.baseUrl, "GET", receiptsPath(), { token })).rejects.toThrow();
    await control(r.baseUrl, "POST", "/__sandbox/faults", { kind: "malformed_body", match: "/receipts", times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api(r.baseUrl, "GET", receiptsPath(), { token });
      expect(res.status).toBe(200);
      expect(() => JSON.parse(res.text)).toThrow();
    }
    await control(r.baseUrl, "POST", "/__sandbox/faults", { kind: "http_503", match: "/tracking", times: 1 });
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token })).status).toBe(200);
    expect((await control(r.baseUrl, "GET", "/__sandbox/faults")).body).toEqual([
      expect.objectContaining({ kind: "http_503", match: "/tracking", times: 1 }),
    ]);
  });
});

describe("request log", () => {
  let r: Running;
  afterEach(() => r.etsy.close());

  it("records API traffic with tokens, codes and secrets redacted, tracking codes kept; reset clears it", async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    const seeded = r.etsy.seedReceipt(receipt());
    const verifier = randomBytes(32).toString("base64url");
    const { code } = r.etsy.authorize({
      clientId: APP.keystring,
      redirectUri: "https://orderbridge.example/cb",
      scope: "transactions_r transactions_w",
      codeChallenge: createHash("sha256").update(verifier).digest("base64url"),
      codeChallengeMethod: "S256",
      userId: SHOP.userId,
    });
    const exchanged = await tokenRequest(r.baseUrl, {
      grant_type: "authorization_code",
      client_id: APP.keystring,
      redirect_uri: "https://orderbridge.example/cb",
      code,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const { accessToken, refreshToken } = await refresh(r.baseUrl, exchanged.body.refresh_token);
    await api(r.baseUrl, "GET", `${receiptsPath()}?limit=5`, { token: accessToken });
    await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token: accessToken,
      form: { tracking_code: "1Z999AA10123456784", carrier_name: "ups" },
    });

    const log = (await control(r.baseUrl, "GET", "/__sandbox/requests")).body;
    expect(
      log.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual([
      "POST /v3/public/oauth/token 200",
      "POST /v3/public/oauth/token 200",
      `GET ${receiptsPath()} 200`,
      `POST ${trackingPath(seeded.receipt_id)} 200`,
    ]);
    const text = JSON.stringify(log);
    for (const secret of [
      APP.sharedSecret,
      SHOP.refreshToken,
      code,
      verifier,
      exchanged.body.refresh_token,
      exchanged.body.access_token,
      accessToken,
      refreshToken,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(log[0].body).toMatchObject({
      grant_type: "authorization_code",
      client_id: APP.keystring,
      code: "[redacted]",
      code_verifier: "[redacted]",
    });
    expect(log[1].body).toMatchObject({ grant_type: "refresh_token", refresh_token: "[redacted]" });
    expect(log[2].query).toEqual({ limit: "5" });
    expect(log[3].body).toEqual({ tracking_code: "1Z999AA10123456784", carrier_name: "ups" });

    expect((await control(r.baseUrl, "POST", "/__sandbox/reset")).status).toBe(204);
    expect((await control(r.baseUrl, "GET", "/__sandbox/requests")).body).toEqual([]);
    expect((await api(r.baseUrl, "GET", receiptsPath(), { token: accessToken })).status).toBe(403); // the app is gone too
  });
});
