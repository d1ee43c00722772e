import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  challengeResponse,
  decodeSignatureHeader,
  isValidVerificationToken,
  normalisePublicKeyPem,
  parseAccountDeletionNotification,
  verifyNotificationSignature,
} from "./account-deletion";

const payload = {
  metadata: { topic: "MARKETPLACE_ACCOUNT_DELETION", schemaVersion: "1.0", deprecated: false },
  notification: {
    notificationId: "49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d",
    eventDate: "2026-03-04T10:00:00.000Z",
    publishDate: "2026-03-04T10:00:01.000Z",
    publishAttemptCount: 1,
    data: {
      username: "mugs_and_more",
      userId: "ma8vp1jySJC",
      eiasToken: "nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ==",
    },
  },
};

describe("challenge", () => {
  it("answers hex(SHA-256(challengeCode + verificationToken + endpoint))", () => {
    const code = "a8628072-3d33-45ee-9004-bee86830a22d";
    const token = "orderbridge_verification-token_0123456789abcdef";
    const endpoint = "https://app.example.com/webhooks/ebay/account-deletion";
    const expected = createHash("sha256")
      .update(code + token + endpoint)
      .digest("hex");
    expect(challengeResponse(code, token, endpoint)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("checks verification tokens: 32-80 of [A-Za-z0-9_-]", () => {
    expect(isValidVerificationToken("a".repeat(32))).toBe(true);
    expect(isValidVerificationToken("a".repeat(80))).toBe(true);
    expect(isValidVerificationToken("a".repeat(31))).toBe(false);
    expect(isValidVerificationToken("a".repeat(81))).toBe(false);
    expect(isValidVerificationToken(`${"a".repeat(32)}!`)).toBe(false);
  });
});

describe("parseAccountDeletionNotification", () => {
  it("reads the user to erase from an object or its JSON text", () => {
    for (const body of [payload, JSON.stringify(payload)]) {
      const r = parseAccountDeletionNotification(body);
      expect(r).toEqual({
        ok: true,
        value: {
          notificationId: payload.notification.notificationId,
          schemaVersion: "1.0",
          eventDate: new Date("2026-03-04T10:00:00.000Z"),
          publishDate: new Date("2026-03-04T10:00:01.000Z"),
          publishAttemptCount: 1,
          username: "mugs_and_more",
          userId: "ma8vp1jySJC",
          eiasToken: payload.notification.data.eiasToken,
        },
      });
    }
  });

  it("says what is wrong with anything else", () => {
    expect(parseAccountDeletionNotification("{nope")).toEqual({ ok: false, error: "the body is not JSON" });
    const otherTopic = parseAccountDeletionNotification({
      ...payload,
      metadata: { ...payload.metadata, topic: "ITEM_SOLD" },
    });
    expect(otherTopic.ok).toBe(false);
    const noUser = parseAccountDeletionNotification({
      ...payload,
      notification: { ...payload.notification, data: { username: "x" } },
    });
    expect(!noUser.ok && noUser.error).toMatch(/notification\.data\.userId/);
  });
});

describe("signatures", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const body = JSON.stringify(payload);
  const header = (signature: string, extra: Record<string, string> = {}) =>
    Buffer.from(JSON.stringify({ alg: "ECDSA", kid: "kid-1", signature, digest: "SHA1", ...extra })).toString("base64");
  const signature = sign("sha1", Buffer.from(body), privateKey).toString("base64");

  it("decodes the X-EBAY-SIGNATURE header", () => {
    expect(decodeSignatureHeader(header(signature))).toEqual({ alg: "ECDSA", kid: "kid-1", signature, digest: "SHA1" });
    expect(decodeSignatureHeader("not base64 json")).toBeNull();
    expect(decodeSignatureHeader(undefined)).toBeNull();
  });

  it("verifies the raw body against the public key, also when eBay sends the key on one line", () => {
    expect(verifyNotificationSignature({ rawBody: body, signatureHeader: header(signature), publicKey: pem })).toBe(
      true,
    );
    const oneLine = pem.replace(/\n/g, "");
    expect(normalisePublicKeyPem(oneLine)).toBe(pem);
    expect(
      verifyNotificationSignature({
        rawBody: Buffer.from(body),
        signatureHeader: header(signature),
        publicKey: oneLine,
      }),
    ).toBe(true);
  });

  it("rejects a changed body, another key, another algorithm and garbage", () => {
    const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    expect(
      verifyNotificationSignature({ rawBody: `${body} `, signatureHeader: header(signature), publicKey: pem }),
    ).toBe(false);
    expect(verifyNotificationSignature({ rawBody: body, signatureHeader: header(signature), publicKey: other })).toBe(
      false,
    );
    expect(
      verifyNotificationSignature({
        rawBody: body,
        signatureHeader: header(signature, { alg: "HMAC" }),
        publicKey: pem,
      }),
    ).toBe(false);
    expect(
      verifyNotificationSignature({ rawBody: body, signatureHeader: header(signature), publicKey: "garbage" }),
    ).toBe(false);
    expect(verifyNotificationSignature({ rawBody: body, signatureHeader: null, publicKey: pem })).toBe(false);
  });
});
