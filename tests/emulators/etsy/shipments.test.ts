import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSG_TRACKING_REQUIRED } from "./index";
import { api, receipt, refresh, type Running, start, trackingPath } from "./test-support";

describe("createReceiptShipment", () => {
  let r: Running;
  let token: string;
  beforeAll(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    token = (await refresh(r.baseUrl)).accessToken;
  });
  afterAll(() => r.etsy.close());

  const ship = (receiptId: number, form: Record<string, string>) =>
    api(r.baseUrl, "POST", trackingPath(receiptId), { token, form });

  it("adds a shipment from a form body, marks the receipt shipped and bumps update_timestamp", async () => {
    const seeded = r.etsy.seedReceipt(receipt());
    const res = await ship(seeded.receipt_id, {
      tracking_code: "1Z999AA10123456784",
      carrier_name: "ups",
      send_bcc: "true",
      note_to_buyer: "Thanks!",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ receipt_id: seeded.receipt_id, is_shipped: true, status: "completed" });
    expect(res.body.update_timestamp).toBeGreaterThan(seeded.update_timestamp);
    expect(res.body.shipments).toEqual([
      {
        receipt_shipping_id: expect.any(Number),
        shipment_notification_timestamp: expect.any(Number),
        carrier_name: "ups",
        tracking_code: "1Z999AA10123456784",
      },
    ]);
    for (const t of res.body.transactions) expect(t.shipped_timestamp).toEqual(expect.any(Number));
    expect(r.etsy.getReceipt(seeded.receipt_id)!.shipments).toHaveLength(1);
  });

  it("takes JSON bodies too, and several packages (one shipment each) on one receipt", async () => {
    const seeded = r.etsy.seedReceipt(receipt());
    const first = await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token,
      body: { tracking_code: "9400111202555842332669", carrier_name: "usps", send_bcc: false },
    });
    expect(first.status).toBe(200);
    const second = await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token,
      body: { tracking_code: "9400111202555842332676", carrier_name: "usps" },
    });
    expect(second.status).toBe(200);
    expect(second.body.shipments.map((s: { tracking_code: string }) => s.tracking_code)).toEqual([
      "9400111202555842332669",
      "9400111202555842332676",
    ]);
    const [a, b] = second.body.shipments.map((s: { receipt_shipping_id: number }) => s.receipt_shipping_id);
    expect(a).not.toBe(b);
    expect(second.body.update_timestamp).toBeGreaterThan(first.body.update_timestamp);
  });

  it("needs tracking code and carrier on US orders over $10 and on orders to India", async () => {
    const usBig = r.etsy.seedReceipt(receipt());
    const res = await ship(usBig.receipt_id, {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: MSG_TRACKING_REQUIRED });
    const india = r.etsy.seedReceipt(
      receipt({
        country_iso: "IN",
        items: [{ sku: "S", title: "Sticker", quantity: 1, unitPrice: "1.00" }],
        shipping: "0",
        tax: "0",
      }),
    );
    expect((await ship(india.receipt_id, {})).status).toBe(400);
    expect(r.etsy.getReceipt(india.receipt_id)!.is_shipped).toBe(false);
    expect((await ship(india.receipt_id, { tracking_code: "RB123456785GB", carrier_name: "other" })).status).toBe(200);
  });

  it("marks small US orders and other countries shipped without tracking, with no shipment record", async () => {
    const ten = r.etsy.seedReceipt(
      receipt({ items: [{ sku: "S", title: "Sticker", quantity: 2, unitPrice: "4.00" }], shipping: "2.00", tax: "0" }),
    );
    expect(ten.grandtotal.amount).toBe(1000); // exactly $10: not over
    const res = await ship(ten.receipt_id, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ is_shipped: true, shipments: [] });
    const uk = r.etsy.seedReceipt(receipt({ country_iso: "GB", currency: "GBP" }));
    expect((await ship(uk.receipt_id, {})).status).toBe(200);
  });

  it("wants tracking code and carrier together", async () => {
    const seeded = r.etsy.seedReceipt(receipt({ country_iso: "GB" }));
    expect((await ship(seeded.receipt_id, { tracking_code: "RB123456785GB" })).body).toEqual({
      error: "tracking_code and carrier_name must be sent together.",
    });
    expect((await ship(seeded.receipt_id, { carrier_name: "royal-mail" })).status).toBe(400);
  });

  it("answers 409 for canceled, unpaid and already shipped receipts and for a tracking code already there", async () => {
    const canceled = r.etsy.seedReceipt(receipt());
    r.etsy.cancelOnEtsy(canceled.receipt_id);
    const c = await ship(canceled.receipt_id, { tracking_code: "1Z1", carrier_name: "ups" });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatch(/canceled/);

    const unpaid = r.etsy.seedReceipt(receipt({ paid: false }));
    expect((await ship(unpaid.receipt_id, { tracking_code: "1Z1", carrier_name: "ups" })).status).toBe(409);

    const shipped = r.etsy.seedReceipt(receipt({ country_iso: "GB" }));
    expect((await ship(shipped.receipt_id, {})).status).toBe(200);
    expect((await ship(shipped.receipt_id, {})).status).toBe(409);
    expect(
      (await ship(shipped.receipt_id, { tracking_code: "RB123456785GB", carrier_name: "royal-mail" })).status,
    ).toBe(200);
    const dup = await ship(shipped.receipt_id, { tracking_code: "rb 123456785 gb", carrier_name: "royal-mail" });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatch(/already been submitted/);
    expect(r.etsy.getReceipt(shipped.receipt_id)!.shipments).toHaveLength(1);
  });

  it("answers 404 for unknown receipts and 400 for bodies the spec refuses", async () => {
    expect((await ship(77, { tracking_code: "1Z1", carrier_name: "ups" })).status).toBe(404);
    const seeded = r.etsy.seedReceipt(receipt());
    const wrongType = await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token,
      body: { tracking_code: 123, carrier_name: "ups" },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toBe("tracking_code must be string");
    expect(
      (await ship(seeded.receipt_id, { tracking_code: "1Z1", carrier_name: "ups", send_bcc: "maybe" })).body.error,
    ).toBe("send_bcc must be boolean");
    const notJson = await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token,
      body: "{not json",
      contentType: "application/json",
    });
    expect(notJson.status).toBe(400);
    const text = await api(r.baseUrl, "POST", trackingPath(seeded.receipt_id), {
      token,
      body: "tracking_code=1",
      contentType: "text/plain",
    });
    expect(text.status).toBe(400);
    expect(text.body.error).toMatch(/Unsupported content type/);
    expect(r.etsy.getReceipt(seeded.receipt_id)!.is_shipped).toBe(false);
  });
});
