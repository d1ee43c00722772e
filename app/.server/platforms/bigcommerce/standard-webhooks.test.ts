import { describe, expect, it } from "vitest";
import { standardWebhookSignature } from "#tests/emulators/bigcommerce/index.ts";
import { signStandardWebhook, verifyStandardWebhook } from "./standard-webhooks";

const SECRET = "bc-client-secret";
const BODY =
  '{"scope":"store/shipment/created","store_id":"1","data":{"type":"shipment","id":12,"orderId":251},"hash":"x","created_at":1561482857,"producer":"stores/abc123"}';
const NOW = 1_760_000_000_000;
const TS = Math.floor(NOW / 1000);

function headers(h: Record<string, string>): Headers {
  return new Headers(h);
}

function signed(opts: { id?: string; ts?: number; body?: string; secret?: string } = {}): Headers {
  const id = opts.id ?? "msg_2b3c";
  const ts = opts.ts ?? TS;
  return headers({
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": signStandardWebhook(opts.secret ?? SECRET, id, ts, opts.body ?? BODY),
  });
}

describe("Standard Webhooks verification (BigCommerce deliveries)", () => {
  it("accepts a good signature and returns the webhook id", () => {
    expect(verifyStandardWebhook(SECRET, signed(), BODY, { now: NOW })).toEqual({
      ok: true,
      webhookId: "msg_2b3c",
      timestamp: TS,
    });
  });

  it("signs exactly as the BigCommerce emulator does", () => {
    expect(signStandardWebhook(SECRET, "id-1", TS, BODY)).toBe(standardWebhookSignature(SECRET, "id-1", TS, BODY));
  });

  it("refuses a tampered body", () => {
    const r = verifyStandardWebhook(SECRET, signed(), BODY.replace('"id":12', '"id":13'), { now: NOW });
    expect(r).toEqual({ ok: false, reason: "no signature matches" });
  });

  it("refuses a signature made with another secret", () => {
    expect(verifyStandardWebhook(SECRET, signed({ secret: "someone-else" }), BODY, { now: NOW }).ok).toBe(false);
  });

  it("refuses a changed webhook-id (it is part of the signed content)", () => {
    const h = signed();
    h.set("webhook-id", "msg_other");
    expect(verifyStandardWebhook(SECRET, h, BODY, { now: NOW }).ok).toBe(false);
  });

  it("refuses timestamps more than 5 minutes old or ahead (replay)", () => {
    expect(verifyStandardWebhook(SECRET, signed({ ts: TS - 301 }), BODY, { now: NOW })).toEqual({
      ok: false,
      reason: "webhook-timestamp is outside the tolerance",
    });
    expect(verifyStandardWebhook(SECRET, signed({ ts: TS + 301 }), BODY, { now: NOW }).ok).toBe(false);
    expect(verifyStandardWebhook(SECRET, signed({ ts: TS - 299 }), BODY, { now: NOW }).ok).toBe(true);
  });

  it("accepts any valid v1 signature among several (key rotation) and ignores other versions", () => {
    const good = signStandardWebhook(SECRET, "msg_2b3c", TS, BODY);
    const h = signed();
    h.set("webhook-signature", `v1,AAAAbm90IGl0 v1a,${good.slice(3)} ${good}`);
    expect(verifyStandardWebhook(SECRET, h, BODY, { now: NOW }).ok).toBe(true);
    h.set("webhook-signature", `v1a,${good.slice(3)} v2,${good.slice(3)}`);
    expect(verifyStandardWebhook(SECRET, h, BODY, { now: NOW }).ok).toBe(false);
  });

  it("refuses missing headers, a non-numeric timestamp and an empty secret", () => {
    expect(verifyStandardWebhook(SECRET, headers({}), BODY, { now: NOW }).ok).toBe(false);
    const h = signed();
    h.set("webhook-timestamp", "2026-01-01T00:00:00Z");
    expect(verifyStandardWebhook(SECRET, h, BODY, { now: NOW }).ok).toBe(false);
    expect(verifyStandardWebhook("", signed(), BODY, { now: NOW }).ok).toBe(false);
  });
});
