/**
 * The emulator's own answers must conform to Etsy's OpenAPI document: each response below is checked
 * against the spec's schema for its operation and status. The spec is read from the shared specs
 * folder at run time, as the request validation does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEtsySpec } from "./spec";
import {
  api,
  type ApiResult,
  receipt,
  receiptsPath,
  refresh,
  type Running,
  shopsOfUserPath,
  start,
  trackingPath,
} from "./test-support";

describe("responses conform to the spec's response schemas", () => {
  let r: Running;
  let token: string;
  const ids: number[] = [];

  beforeAll(async () => {
    r = await start({ limitsEnabled: false, timeScale: 1 });
    ids.push(r.etsy.seedReceipt(receipt()).receipt_id);
    ids.push(r.etsy.seedReceipt(receipt({ paid: false, buyer_email: null, first_line: undefined })).receipt_id);
    const shipped = r.etsy.seedReceipt(
      receipt({ second_line: "Apt 2", is_gift: true, message_from_buyer: "Gift wrap please" }),
    );
    r.etsy.shipOnEtsy(shipped.receipt_id, { tracking_code: "1Z999AA10123456784", carrier_name: "ups" });
    ids.push(shipped.receipt_id);
    const canceled = r.etsy.seedReceipt(receipt({ country_iso: "GB", currency: "GBP" }));
    r.etsy.cancelOnEtsy(canceled.receipt_id);
    ids.push(canceled.receipt_id);
    token = (await refresh(r.baseUrl)).accessToken;
  });
  afterAll(() => r.etsy.close());

  const check = (operationId: string, res: ApiResult) => {
    const errors = loadEtsySpec().operation(operationId).validateResponse(res.status, res.body);
    expect(errors, `${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
  };

  it("the checker itself catches answers that do not conform", () => {
    const op = loadEtsySpec().operation("getShopReceipts");
    expect(op.validateResponse(200, { count: "1", results: [] })).not.toEqual([]);
    expect(op.validateResponse(200, { count: 1, results: [{ receipt_id: 0 }] })).not.toEqual([]);
    expect(op.validateResponse(200, { count: 1, results: [{ status: "lost" }] })).not.toEqual([]);
    expect(op.validateResponse(400, {})).not.toEqual([]);
    expect(op.validateResponse(418, { error: "teapot" })).not.toEqual([]);
  });

  it("getShopReceipts", async () => {
    const list = await api(r.baseUrl, "GET", `${receiptsPath()}?limit=100`, { token });
    expect(list.body.results).toHaveLength(4);
    check("getShopReceipts", list);
    check("getShopReceipts", await api(r.baseUrl, "GET", `${receiptsPath()}?limit=0`, { token })); // 400
    check("getShopReceipts", await api(r.baseUrl, "GET", receiptsPath(), { token: "1.nope" })); // 401
    check("getShopReceipts", await api(r.baseUrl, "GET", receiptsPath(), { token, apiKey: "x:y" })); // 403
    check("getShopReceipts", await api(r.baseUrl, "GET", receiptsPath(1), { token })); // 404
  });

  it("getShopReceipt and createReceiptShipment", async () => {
    for (const id of ids) check("getShopReceipt", await api(r.baseUrl, "GET", `${receiptsPath()}/${id}`, { token }));
    check("getShopReceipt", await api(r.baseUrl, "GET", `${receiptsPath()}/5`, { token })); // 404
    check(
      "createReceiptShipment",
      await api(r.baseUrl, "POST", trackingPath(ids[0]!), {
        token,
        form: { tracking_code: "9400111202555842332669", carrier_name: "usps" },
      }),
    );
    check(
      "createReceiptShipment",
      await api(r.baseUrl, "POST", trackingPath(ids[3]!), {
        token,
        form: { tracking_code: "RB123456785GB", carrier_name: "royal-mail" },
      }),
    ); // 409
    check(
      "createReceiptShipment",
      await api(r.baseUrl, "POST", trackingPath(ids[0]!), { token, form: { tracking_code: "x" } }),
    ); // 400
  });

  it("getShopByOwnerUserId", async () => {
    const found = await api(r.baseUrl, "GET", shopsOfUserPath());
    expect(found.status).toBe(200);
    check("getShopByOwnerUserId", found);
    const named = r.etsy.seedShop({
      shopId: 5_001_003,
      userId: 70_001_003,
      keystring: "sandboxkeystring0001",
      refreshToken: "70001003.r",
      shopName: "Mugs & More",
    });
    check("getShopByOwnerUserId", await api(r.baseUrl, "GET", shopsOfUserPath(named.userId)));
    check("getShopByOwnerUserId", await api(r.baseUrl, "GET", shopsOfUserPath(1))); // 404
    check("getShopByOwnerUserId", await api(r.baseUrl, "GET", shopsOfUserPath(0))); // 400
    check("getShopByOwnerUserId", await api(r.baseUrl, "GET", shopsOfUserPath(), { apiKey: "x:y" })); // 403
  });

  it("the checker catches a Shop that does not conform", () => {
    const op = loadEtsySpec().operation("getShopByOwnerUserId");
    expect(op.validateResponse(200, { shop_id: 0 })).not.toEqual([]);
    expect(op.validateResponse(200, { shop_id: 1, shop_name: null })).not.toEqual([]);
    expect(op.validateResponse(404, { message: "no" })).not.toEqual([]);
  });
});
