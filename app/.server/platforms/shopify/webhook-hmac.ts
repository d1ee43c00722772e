import { createHmac, timingSafeEqual } from "node:crypto";

/** Shopify signs the raw body: base64(HMAC-SHA256(clientSecret, rawBody)). Compared in constant time. */
export function verifyShopifyHmac(rawBody: string | Buffer, headerValue: string | null, secret: string): boolean {
  if (!headerValue || !secret) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(headerValue, "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signShopifyBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}
