/**
 * Marketplace account deletion notifications (docs/platform-facts.md#ebay-account-deletion), as eBay sends them to an app's endpoint:
 *
 *  - Validation: `GET <endpoint>?challenge_code=…`; the endpoint must answer 200 with JSON
 *    `{"challengeResponse": hex(SHA-256(challengeCode + verificationToken + endpoint))}`.
 *  - Notification: `POST <endpoint>` with `{metadata:{topic:"MARKETPLACE_ACCOUNT_DELETION", schemaVersion,
 *    deprecated}, notification:{notificationId, eventDate, publishDate, publishAttemptCount,
 *    data:{username, userId, eiasToken}}}` and an `X-EBAY-SIGNATURE` header: base64 of
 *    `{"alg":"ECDSA","kid":…,"signature":<base64 DER ECDSA over the body>,"digest":"SHA1"}`. The public key
 *    is served, as by the Notification API, at `GET /commerce/notification/v1/public_key/{kid}` →
 *    `{algorithm:"ECDSA", digest:"SHA1", key:<PEM>}` (any valid access token). The key pair is made per
 *    emulator. Acknowledgement is any of 200/201/202/204.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { authenticate, type EbayContext } from "./api";
import { isoMillis } from "./ebay-emulator-server";
import { eiasTokenFor } from "./ids";
import { ControlError, type User } from "./state";

export const ACCOUNT_DELETION_TOPIC = "MARKETPLACE_ACCOUNT_DELETION";
export const ACKNOWLEDGED_STATUSES = [200, 201, 202, 204];
/** 32–80 characters of letters, digits, `_` and `-` (the range is unconfirmed, docs/platform-facts.md#ebay-account-deletion). */
export const VERIFICATION_TOKEN_RE = /^[A-Za-z0-9_-]{32,80}$/;
const DELIVERY_TIMEOUT_MS = 10_000;

export interface DeletionDelivery {
  delivered: boolean;
  /** The endpoint's HTTP status; 0 when it could not be reached. */
  status: number;
  error?: string;
  notification: unknown;
  signatureHeader: string;
}

export interface ChallengeResult {
  matched: boolean;
  status: number;
  challengeCode: string;
  expected: string;
  received: string | null;
  error?: string;
}

export function expectedChallengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string {
  return createHash("sha256").update(challengeCode).update(verificationToken).update(endpoint).digest("hex");
}

export class NotificationKeys {
  private current: { kid: string; privateKey: KeyObject; publicKeyPem: string };

  constructor() {
    this.current = NotificationKeys.make();
  }

  private static make() {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    return {
      kid: randomUUID(),
      privateKey,
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
  }

  get kid(): string {
    return this.current.kid;
  }

  publicKey(kid: string): string | undefined {
    return kid === this.current.kid ? this.current.publicKeyPem : undefined;
  }

  /** The `X-EBAY-SIGNATURE` value for a body. */
  signatureHeader(body: string): string {
    const signature = sign("sha1", Buffer.from(body, "utf8"), this.current.privateKey).toString("base64");
    return Buffer.from(
      JSON.stringify({ alg: "ECDSA", kid: this.current.kid, signature, digest: "SHA1" }),
      "utf8",
    ).toString("base64");
  }
}

function requireUrl(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^https?:\/\/[^\s]+$/.test(v))
    throw new ControlError(400, `${field} must be an http(s) URL`);
  return v;
}

export function deletionPayload(user: Pick<User, "username" | "userId">, now: number) {
  return {
    metadata: { topic: ACCOUNT_DELETION_TOPIC, schemaVersion: "1.0", deprecated: false },
    notification: {
      notificationId: `${randomUUID()}_${randomUUID()}`,
      eventDate: isoMillis(now),
      publishDate: isoMillis(now),
      publishAttemptCount: 1,
      data: { username: user.username, userId: user.userId, eiasToken: eiasTokenFor(user.username) },
    },
  };
}

/**
 * Sends one notification for a user to an endpoint: a seeded seller, or a buyer named on some order (user id from
 * `buyerUserIdFor`). `deleteUser`: a seller's account is gone afterwards (tokens revoked); a buyer has no tokens
 * here, and their orders stay as they are (what eBay itself still serves about them is not known).
 */
export async function sendAccountDeletion(
  ctx: EbayContext,
  keys: NotificationKeys,
  input: { endpoint?: unknown; username?: unknown; deleteUser?: unknown },
): Promise<DeletionDelivery> {
  const endpoint = requireUrl(input.endpoint, "endpoint");
  if (typeof input.username !== "string" || input.username === "") throw new ControlError(400, "username is required");
  const user = ctx.state.user(input.username);
  const subject = user ?? ctx.state.buyer(input.username);
  if (!subject) throw new ControlError(404, `unknown user ${input.username}`);
  const notification = deletionPayload(subject, ctx.clock.now());
  const body = JSON.stringify(notification);
  const signatureHeader = keys.signatureHeader(body);
  if (user && input.deleteUser === true) {
    user.deleted = true;
    ctx.oauth.revokeUser(user.username);
  }
  try {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-ebay-signature": signatureHeader },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { delivered: ACKNOWLEDGED_STATUSES.includes(res.status), status: res.status, notification, signatureHeader };
  } catch (e) {
    return { delivered: false, status: 0, error: (e as Error).message, notification, signatureHeader };
  }
}

/** eBay's endpoint validation: a challenge GET, and whether the answer matched. */
export async function runChallenge(input: {
  endpoint?: unknown;
  verificationToken?: unknown;
}): Promise<ChallengeResult> {
  const endpoint = requireUrl(input.endpoint, "endpoint");
  const token = input.verificationToken;
  if (typeof token !== "string" || !VERIFICATION_TOKEN_RE.test(token)) {
    throw new ControlError(400, "verificationToken must be 32-80 characters of letters, digits, _ and -");
  }
  const challengeCode = randomBytes(32).toString("hex");
  const expected = expectedChallengeResponse(challengeCode, token, endpoint);
  const url = new URL(endpoint);
  url.searchParams.set("challenge_code", challengeCode);
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const text = await res.text();
    let received: string | null = null;
    try {
      const body = JSON.parse(text) as { challengeResponse?: unknown };
      if (typeof body.challengeResponse === "string") received = body.challengeResponse;
    } catch {
      // not JSON: no match
    }
    return {
      matched: res.status === 200 && received === expected,
      status: res.status,
      challengeCode,
      expected,
      received,
    };
  } catch (e) {
    return { matched: false, status: 0, challengeCode, expected, received: null, error: (e as Error).message };
  }
}

/** `GET /commerce/notification/v1/public_key/{public_key_id}`. */
export function registerPublicKeyRoute(ctx: EbayContext, keys: NotificationKeys): void {
  ctx.server.route("GET", "/commerce/notification/v1/public_key/:publicKeyId", (req) => {
    const auth = authenticate(ctx, req);
    if ("response" in auth) return auth.response;
    const key = keys.publicKey(req.params.publicKeyId!);
    if (!key) {
      // The Notification API's own error ids were not captured; this one is the emulator's.
      return {
        status: 404,
        body: {
          errors: [
            { errorId: 195000, domain: "API_NOTIFICATION", category: "REQUEST", message: "Public key not found." },
          ],
        },
      };
    }
    return { status: 200, body: { algorithm: "ECDSA", digest: "SHA1", key } };
  });
}
