/** Marketplace account deletion: challenge validation and signed notifications to a real HTTP endpoint. */
import { createHash, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_SCOPE } from "./index";
import { api, SELLER, start, tokenRequest, userToken, type Running } from "./test-support";

const VERIFICATION_TOKEN = "orderbridge_verification-token_0123456789abcdef";

let run: Running;
let app: Server;
let endpoint: string;
let received: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
/** How the fake app answers: with the right challenge hash or not; which status for notifications. */
let behaviour = { answerChallenge: true, notificationStatus: 204 };

beforeAll(async () => {
  run = await start();
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const url = new URL(req.url!, endpoint);
    if (req.method === "GET") {
      const code = url.searchParams.get("challenge_code") ?? "";
      const hash = createHash("sha256")
        .update(code + (behaviour.answerChallenge ? VERIFICATION_TOKEN : "wrong") + endpoint)
        .digest("hex");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ challengeResponse: hash }));
      return;
    }
    res.writeHead(behaviour.notificationStatus);
    res.end();
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  endpoint = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/ebay/account-deletion`;
});

afterAll(async () => {
  await run.ebay.close();
  app.closeAllConnections();
  await new Promise<void>((r) => app.close(() => r()));
});

beforeEach(async () => {
  await run.ebay.reset();
  run.ebay.seedUser(SELLER);
  received = [];
  behaviour = { answerChallenge: true, notificationStatus: 204 };
});

async function control(path: string, body: unknown) {
  const res = await fetch(`${run.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("endpoint validation (challenge)", () => {
  it("sends GET ?challenge_code= and checks hex(SHA-256(code + verification token + endpoint))", async () => {
    const ok = await control("/__sandbox/account-deletion/challenge", {
      endpoint,
      verificationToken: VERIFICATION_TOKEN,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ matched: true, status: 200 });
    expect(ok.body.received).toBe(ok.body.expected);
    expect(received).toHaveLength(1);
    expect(received[0]!.method).toBe("GET");
    expect(new URL(received[0]!.url, endpoint).searchParams.get("challenge_code")).toBe(ok.body.challengeCode);

    behaviour.answerChallenge = false;
    const wrong = await control("/__sandbox/account-deletion/challenge", {
      endpoint,
      verificationToken: VERIFICATION_TOKEN,
    });
    expect(wrong.body.matched).toBe(false);
  });

  it("refuses a verification token outside 32-80 characters of [A-Za-z0-9_-], and reports an unreachable endpoint", async () => {
    expect(
      (await control("/__sandbox/account-deletion/challenge", { endpoint, verificationToken: "short" })).status,
    ).toBe(400);
    const down = await control("/__sandbox/account-deletion/challenge", {
      endpoint: "http://127.0.0.1:1/x",
      verificationToken: VERIFICATION_TOKEN,
    });
    expect(down.body).toMatchObject({ matched: false, status: 0 });
  });
});

describe("notifications", () => {
  it("POSTs a MARKETPLACE_ACCOUNT_DELETION notification signed with a key the public-key endpoint serves", async () => {
    const res = await control("/__sandbox/account-deletion", { endpoint, username: SELLER.username });
    expect(res.body).toMatchObject({ delivered: true, status: 204 });
    expect(received).toHaveLength(1);
    const hit = received[0]!;
    expect(hit.method).toBe("POST");
    expect(hit.headers["content-type"]).toBe("application/json");
    const payload = JSON.parse(hit.body);
    expect(payload.metadata).toEqual({
      topic: "MARKETPLACE_ACCOUNT_DELETION",
      schemaVersion: "1.0",
      deprecated: false,
    });
    expect(payload.notification).toMatchObject({
      publishAttemptCount: 1,
      data: { username: SELLER.username, userId: SELLER.userId },
    });
    expect(typeof payload.notification.data.eiasToken).toBe("string");

    const header = JSON.parse(Buffer.from(String(hit.headers["x-ebay-signature"]), "base64").toString("utf8"));
    expect(header).toMatchObject({ alg: "ECDSA", digest: "SHA1" });
    const appToken = (await tokenRequest(run.baseUrl, { grant_type: "client_credentials", scope: PUBLIC_SCOPE })).body
      .access_token;
    const key = await api(run.baseUrl, appToken, "GET", `/commerce/notification/v1/public_key/${header.kid}`);
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: "ECDSA", digest: "SHA1" });
    expect(verify("sha1", Buffer.from(hit.body), key.body.key, Buffer.from(header.signature, "base64"))).toBe(true);
    expect(verify("sha1", Buffer.from(hit.body + " "), key.body.key, Buffer.from(header.signature, "base64"))).toBe(
      false,
    );
    expect(
      (await api(run.baseUrl, undefined, "GET", `/commerce/notification/v1/public_key/${header.kid}`)).status,
    ).toBe(401);
    expect((await api(run.baseUrl, appToken, "GET", "/commerce/notification/v1/public_key/unknown")).status).toBe(404);
  });

  it("reports a non-2xx acknowledgement as not delivered, and can close the account", async () => {
    behaviour.notificationStatus = 500;
    expect((await control("/__sandbox/account-deletion", { endpoint, username: SELLER.username })).body).toMatchObject({
      delivered: false,
      status: 500,
    });
    behaviour.notificationStatus = 200;
    const token = await userToken(run.baseUrl);
    await control("/__sandbox/account-deletion", { endpoint, username: SELLER.username, deleteUser: true });
    expect((await api(run.baseUrl, token, "GET", "/sell/fulfillment/v1/order")).status).toBe(401);
    await expect(userToken(run.baseUrl)).rejects.toThrow(/invalid_grant/);
    expect((await control("/__sandbox/account-deletion", { endpoint, username: "ghost" })).status).toBe(404);
  });

  it("notifies about the buyer of a seeded order, with a stable user id; the seller's access is unaffected", async () => {
    run.ebay.seedOrder({
      username: SELLER.username,
      buyerUsername: "jordan.ellis_42",
      items: [{ title: "Mug", quantity: 1, unitPrice: "9.99" }],
    });
    const token = await userToken(run.baseUrl);
    const first = await control("/__sandbox/account-deletion", {
      endpoint,
      username: "jordan.ellis_42",
      deleteUser: true,
    });
    expect(first.body).toMatchObject({ delivered: true, status: 204 });
    const data = JSON.parse(received[0]!.body).notification.data;
    expect(data).toMatchObject({ username: "jordan.ellis_42", userId: expect.stringMatching(/^u\d{10}$/) });
    expect(data.userId).not.toBe(SELLER.userId);
    await control("/__sandbox/account-deletion", { endpoint, username: "jordan.ellis_42" });
    expect(JSON.parse(received[1]!.body).notification.data.userId).toBe(data.userId);
    expect((await api(run.baseUrl, token, "GET", "/sell/fulfillment/v1/order")).status).toBe(200);
  });
});
