/**
 * Shop Receipt operations of the spec:
 *   GET  /v3/application/shops/{shop_id}/receipts                        getShopReceipts (transactions_r)
 *   GET  /v3/application/shops/{shop_id}/receipts/{receipt_id}           getShopReceipt (transactions_r)
 *   POST /v3/application/shops/{shop_id}/receipts/{receipt_id}/tracking  createReceiptShipment (transactions_w)
 *
 * The access token's user must own the shop: an unknown shop is 404 and another seller's shop is 403.
 * A receipt of another shop is as unknown as a missing one (404).
 *
 * getShopReceipts: all date bounds are inclusive unix seconds. `sort_on` is created (default), updated
 * or receipt_id, and ties break on receipt_id in the same direction. `sort_order` asc|ascending|up or
 * desc|descending|down (default desc). `limit` is 1–100 (default 25) and `offset` starts at 0.
 * `was_paid`/`was_shipped`/`was_canceled` filter on is_paid, is_shipped and status "canceled". The
 * emulator has no delivery tracking, so `was_delivered=true` matches nothing. A min bound above its max
 * bound is a 400. `count` is the number of receipts matching, before limit/offset.
 */
import type { EmulatorResponse } from "../kit/emulator-server";
import { apiRoute, type Caller, type EtsyContext } from "./api";
import { etsyError } from "./etsy-emulator-server";
import { type Receipt, ShipmentRuleError } from "./state";
import { shopReceiptView } from "./views";

const BASE = "/v3/application/shops/:shop_id/receipts";

type Lookup<T> = { ok: T } | { error: EmulatorResponse };

function ownShop(ctx: EtsyContext, caller: Caller, shopId: number): Lookup<number> {
  const shop = ctx.state.shops.get(shopId);
  if (!shop) return { error: etsyError(404, `Could not find a shop with shop_id ${shopId}.`) };
  if (shop.userId !== caller.token.userId)
    return { error: etsyError(403, `The authenticated user does not have access to shop ${shopId}.`) };
  return { ok: shopId };
}

function ownReceipt(ctx: EtsyContext, caller: Caller, shopId: number, receiptId: number): Lookup<Receipt> {
  const shop = ownShop(ctx, caller, shopId);
  if ("error" in shop) return shop;
  const receipt = ctx.state.receipt(receiptId);
  if (!receipt || receipt.shopId !== shopId)
    return { error: etsyError(404, `Could not find a receipt with receipt_id ${receiptId} in shop ${shopId}.`) };
  return { ok: receipt };
}

const ASC = new Set(["asc", "ascending", "up"]);

export function registerReceipts(ctx: EtsyContext): void {
  apiRoute(ctx, "GET", BASE, "getShopReceipts", "transactions_r", (_req, caller, { values }) => {
    const shop = ownShop(ctx, caller, values.shop_id as number);
    if ("error" in shop) return shop.error;
    const v = values as Record<string, number | string | boolean | undefined>;
    for (const [min, max] of [
      ["min_created", "max_created"],
      ["min_last_modified", "max_last_modified"],
    ] as const) {
      if (v[min] !== undefined && v[max] !== undefined && (v[min] as number) > (v[max] as number)) {
        return etsyError(400, `${min} must be less than or equal to ${max}.`);
      }
    }
    const inRange = (x: number, min: unknown, max: unknown) =>
      (min === undefined || x >= (min as number)) && (max === undefined || x <= (max as number));
    let receipts = ctx.state
      .receiptsOf(shop.ok)
      .filter((r) => inRange(r.createdAt, v.min_created, v.max_created))
      .filter((r) => inRange(r.updatedAt, v.min_last_modified, v.max_last_modified))
      .filter((r) => v.was_paid === undefined || r.isPaid === v.was_paid)
      .filter((r) => v.was_shipped === undefined || r.isShipped === v.was_shipped)
      .filter((r) => v.was_canceled === undefined || (r.status === "canceled") === v.was_canceled)
      .filter((r) => v.was_delivered === undefined || v.was_delivered === false);

    const sortOn = (v.sort_on as string | undefined) ?? "created";
    const dir = ASC.has((v.sort_order as string | undefined) ?? "desc") ? 1 : -1;
    const keyOf = (r: Receipt) =>
      sortOn === "updated" ? r.updatedAt : sortOn === "receipt_id" ? r.receiptId : r.createdAt;
    receipts = receipts.sort((a, b) => dir * (keyOf(a) - keyOf(b) || a.receiptId - b.receiptId));

    const limit = (v.limit as number | undefined) ?? 25;
    const offset = (v.offset as number | undefined) ?? 0;
    return {
      status: 200,
      body: { count: receipts.length, results: receipts.slice(offset, offset + limit).map(shopReceiptView) },
    };
  });

  apiRoute(ctx, "GET", `${BASE}/:receipt_id`, "getShopReceipt", "transactions_r", (_req, caller, { values }) => {
    const found = ownReceipt(ctx, caller, values.shop_id as number, values.receipt_id as number);
    if ("error" in found) return found.error;
    return { status: 200, body: shopReceiptView(found.ok) };
  });

  apiRoute(
    ctx,
    "POST",
    `${BASE}/:receipt_id/tracking`,
    "createReceiptShipment",
    "transactions_w",
    (_req, caller, { values, body }) => {
      const found = ownReceipt(ctx, caller, values.shop_id as number, values.receipt_id as number);
      if ("error" in found) return found.error;
      const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
      try {
        ctx.state.shipReceipt(
          found.ok,
          {
            trackingCode: str("tracking_code"),
            carrierName: str("carrier_name"),
            noteToBuyer: str("note_to_buyer"),
            sendBcc: body.send_bcc === true,
            source: "api",
          },
          ctx.clock.nowSeconds(),
        );
      } catch (e) {
        if (e instanceof ShipmentRuleError) return etsyError(e.status, e.message);
        throw e;
      }
      return { status: 200, body: shopReceiptView(found.ok) };
    },
  );
}
