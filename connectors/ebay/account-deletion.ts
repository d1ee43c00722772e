/**
 * eBay's mandatory marketplace account deletion notifications (docs/platform-facts.md#ebay-account-deletion), as pure helpers; the
 * app wires the HTTP route (GET answers the challenge, POST receives notifications).
 *
 *  - `challengeResponse(code, verificationToken, endpoint)`: hex(SHA-256(code + token + endpoint)), the
 *    `{"challengeResponse": …}` to answer `GET <endpoint>?challenge_code=…` with. `endpoint` must be the
 *    exact URL registered with eBay (no query string).
 *  - `parseAccountDeletionNotification(body)`: validates the POSTed JSON, returns the user to erase.
 *  - `decodeSignatureHeader` / `verifyNotificationSignature`: `X-EBAY-SIGNATURE` is base64 of
 *    `{"alg":"ECDSA","kid":…,"signature":…,"digest":"SHA1"}`; the signature is ECDSA (DER, base64) over the
 *    raw body, checked with the public key the Notification API serves for `kid`
 *    (`GET /commerce/notification/v1/public_key/{kid}`, application token). Fetching and caching that
 *    key is the app's business; this module only verifies.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { z } from "zod";

export const ACCOUNT_DELETION_TOPIC = "MARKETPLACE_ACCOUNT_DELETION";
/** Status codes eBay takes as an acknowledgement. */
export const ACKNOWLEDGEMENT_STATUSES = [200, 201, 202, 204] as const;
/** 32–80 characters of letters, digits, `_` and `-` (the range is unconfirmed, docs/platform-facts.md#ebay-account-deletion). */
const VERIFICATION_TOKEN_RE = /^[A-Za-z0-9_-]{32,80}$/;

export function isValidVerificationToken(token: string): boolean {
  return VERIFICATION_TOKEN_RE.test(token);
}

/** hex(SHA-256(challengeCode + verificationToken + endpoint)). */
export function challengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string {
  return createHash("sha256").update(challengeCode).update(verificationToken).update(endpoint).digest("hex");
}

const NotificationSchema = z.object({
  metadata: z.object({
    topic: z.literal(ACCOUNT_DELETION_TOPIC),
    schemaVersion: z.string().min(1),
    deprecated: z.boolean().optional(),
  }),
  notification: z.object({
    notificationId: z.string().min(1),
    eventDate: z.string().datetime({ offset: true }),
    publishDate: z.string().datetime({ offset: true }),
    publishAttemptCount: z.number().int().min(1),
    data: z.object({
      username: z.string().min(1),
      userId: z.string().min(1),
      eiasToken: z.string().min(1),
    }),
  }),
});

export interface AccountDeletionNotification {
  notificationId: string;
  schemaVersion: string;
  eventDate: Date;
  publishDate: Date;
  publishAttemptCount: number;
  /** Whom to erase: eBay's username, user id and eIAS token. */
  username: string;
  userId: string;
  eiasToken: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The POSTed body (parsed JSON or its text) as a notification, or why it is not one. */
export function parseAccountDeletionNotification(body: unknown): ParseResult<AccountDeletionNotification> {
  let json = body;
  if (typeof body === "string") {
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, error: "the body is not JSON" };
    }
  }
  const parsed = NotificationSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    };
  }
  const { metadata, notification } = parsed.data;
  return {
    ok: true,
    value: {
      notificationId: notification.notificationId,
      schemaVersion: metadata.schemaVersion,
      eventDate: new Date(notification.eventDate),
      publishDate: new Date(notification.publishDate),
      publishAttemptCount: notification.publishAttemptCount,
      username: notification.data.username,
      userId: notification.data.userId,
      eiasToken: notification.data.eiasToken,
    },
  };
}

export interface EbaySignatureHeader {
  alg: string;
  kid: string;
  signature: string;
  digest: string;
}

/** The decoded `X-EBAY-SIGNATURE` header, or null when it is not one. */
export function decodeSignatureHeader(header: string | null | undefined): EbaySignatureHeader | null {
  if (!header) return null;
  try {
    const value = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as Record<string, unknown>;
    const { alg, kid, signature, digest } = value;
    if (
      typeof alg !== "string" ||
      typeof kid !== "string" ||
      typeof signature !== "string" ||
      typeof digest !== "string"
    )
      return null;
    return { alg, kid, signature, digest };
  } catch {
    return null;
  }
}

/** eBay's key may come as one line between the PEM markers; rebuild the 64-column body. */
export function normalisePublicKeyPem(key: string): string {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(key);
  const base64 = (m ? m[1]! : key).replace(/\s+/g, "");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Does the signature header match the raw body under this public key? False for a malformed header, an
 * algorithm other than ECDSA, or a digest we do not know.
 */
export function verifyNotificationSignature(input: {
  rawBody: string | Buffer;
  signatureHeader: string | null | undefined;
  publicKey: string;
}): boolean {
  const header = decodeSignatureHeader(input.signatureHeader);
  if (!header || header.alg.toUpperCase() !== "ECDSA") return false;
  const digest = header.digest.toUpperCase().replace("-", "");
  if (!["SHA1", "SHA256", "SHA384", "SHA512"].includes(digest)) return false;
  try {
    const key = createPublicKey(normalisePublicKeyPem(input.publicKey));
    const body = typeof input.rawBody === "string" ? Buffer.from(input.rawBody, "utf8") : input.rawBody;
    return verify(digest.toLowerCase(), body, key, Buffer.from(header.signature, "base64"));
  } catch {
    return false;
  }
}
