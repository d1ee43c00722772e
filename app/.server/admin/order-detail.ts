import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { getOrder, getOrderWithLines, lineTotalOf } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import type { Shop } from "#db/queries/shops.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { formatMoney } from "#app/components/money.tsx";
import type { AppContext } from "../context";
import { fulfillmentStatusLabel } from "../domain/fulfillment-status";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { isStepError } from "../errors";
import { mapSku, SKU_MAPPING_INPUT_ERRORS } from "../services/map-sku";
import { retryOrder } from "../services/retry-order";
import { formComponents, singleMappingAnswer, type OrderActionResult } from "./sku-mapping-answers";
import { skuMappingsFor } from "#db/queries/sku-mappings.ts";
import { targetText } from "../messages/en/sku-mappings";

/**
 * The Order detail of the admin UI, whatever the platform around it (app.orders.$orderId.tsx for Shopify,
 * bc.orders.$orderId.tsx for BigCommerce): the data the page shows and its actions, Retry and Map SKU. Every read is
 * scoped by the shop the route authenticated, so another shop's order is a 404 like a missing one.
 */

export const ORDER_NOT_FOUND_MESSAGE = "This order does not exist in this shop.";

function notFound(): Response {
  return new Response(ORDER_NOT_FOUND_MESSAGE, { status: 404, statusText: "Not Found" });
}

/** A route's id param (`$orderId`, `$accountId`) as an id, or the page's 404 Response to throw. */
export function parseRouteId(value: string | undefined, notFoundResponse: () => Response): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw notFoundResponse();
  return n;
}

/** The `$orderId` route param as an id, or a 404 Response to throw. */
export function parseOrderId(value: string | undefined): number {
  return parseRouteId(value, notFound);
}

/** The order with its lines, shipments and timeline; throws a 404 Response when the shop has no such order. */
export function loadOrderDetail(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id">, orderIdParam: string | undefined) {
  const { db } = ctx;
  const orderId = parseOrderId(orderIdParam);
  const order = getOrderWithLines(db, shop.id, orderId);
  if (!order) throw notFound();
  const account = getAccount(db, shop.id, order.accountId);
  const money = (minor: number) => formatMoney(minor, order.currency);
  const mappings = skuMappingsFor(db, shop.id, order.marketplace, order.accountId);

  return {
    order: {
      id: order.id,
      marketplaceOrderId: order.marketplaceOrderId,
      marketplaceName: marketplaceName(order.marketplace),
      accountName: account?.name ?? null,
      marketplaceStatus: order.marketplaceStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      fulfillmentStatusLabel: fulfillmentStatusLabel(order.fulfillmentStatus),
      failureReason: order.failureReason,
      failedStep: order.failedStep,
      /** The order failed before it reached the shop: a line's SKU can be mapped to one the shop sells. */
      canMapSku: order.fulfillmentStatus === "failed" && !order.shopOrderId && order.lines.some((l) => l.sku),
      shopOrderId: order.shopOrderId,
      shopOrderName: order.shopOrderName,
      buyerName: order.buyerName,
      buyerEmail: order.buyerEmail,
      buyerPhone: order.buyerPhone,
      shippingAddress: order.shippingAddress,
      shippingServiceLevel: order.shippingServiceLevel,
      purchasedAt: order.purchasedAt,
      totals: {
        subtotal: money(order.subtotalAmount),
        shipping: money(order.shippingAmount),
        tax: money(order.taxAmount),
        /** The marketplace's promotions, shown as a deduction; null when there were none. */
        discount: order.discountAmount > 0 ? `−${money(order.discountAmount)}` : null,
        total: money(order.totalAmount),
      },
    },
    lines: order.lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      quantityShipped: l.quantityShipped,
      unitPrice: money(l.unitPriceAmount),
      total: money(lineTotalOf(l)),
      /** What the merchant mapped this line's SKU to (`MUG-1`, or `MUG-1 × 2 + TEA-1` for a bundle), if anything. */
      shopSku: l.sku && mappings.has(l.sku) ? targetText(mappings.get(l.sku)!) : null,
    })),
    shipments: listShipmentsForOrder(db, shop.id, order.id).map((s) => ({
      id: s.id,
      carrierName: s.carrierName,
      trackingNumber: s.trackingNumber,
      shippedAt: s.shippedAt,
      exportStatus: s.exportStatus,
      exportedCarrierCode: s.exportedCarrierCode,
      marketplaceShipmentId: s.marketplaceShipmentId,
      exportedAt: s.exportedAt,
      lastError: s.lastError,
    })),
    timeline: listTimeline(db, shop.id, order.id).map((e) => ({
      id: e.id,
      kind: e.kind,
      level: e.level,
      message: e.message,
      createdAt: e.createdAt,
    })),
  };
}

export type OrderDetailData = ReturnType<typeof loadOrderDetail>;

export type { OrderActionResult } from "./sku-mapping-answers";
export { retriedText } from "../messages/en/sku-mappings";

/**
 * The detail page's form post. `intent=retry` enqueues the failed step again (retry-order service);
 * `intent=map-sku` (marketplaceSku, shopSku) saves the SKU mapping, then retries the order.
 * Returns the message and HTTP status for the route to answer with; throws a 404 Response for an order the
 * shop does not have.
 */
export async function runOrderAction(
  ctx: AppContext,
  shop: Pick<Shop, "id" | "platform">,
  orderIdParam: string | undefined,
  request: Request,
): Promise<{ result: OrderActionResult; status: number }> {
  const orderId = parseOrderId(orderIdParam);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "retry" && intent !== "map-sku") {
    return { result: { tone: "critical", message: `Unknown action ${JSON.stringify(intent)}` }, status: 400 };
  }
  try {
    if (intent === "map-sku") {
      const outcome = await mapSku(ctx, shop.id, orderId, {
        marketplaceSku: String(form.get("marketplaceSku") ?? ""),
        components: formComponents(form),
        accountOnly: form.get("accountOnly") === "1",
        confirm: form.get("confirm") === "1",
      });
      const account = getAccount(ctx.db, shop.id, getOrder(ctx.db, shop.id, orderId)!.accountId);
      return singleMappingAnswer(outcome, platformName(shop.platform), () => account?.name ?? "this account");
    }
    const { enqueued } = retryOrder(ctx, shop.id, orderId);
    return {
      result: enqueued
        ? { tone: "success", message: `Retry queued: ${enqueued} step${enqueued === 1 ? "" : "s"} will run again.` }
        : { tone: "info", message: "Nothing was waiting to be retried." },
      status: 200,
    };
  } catch (e) {
    if (isStepError(e) && e.code === "order_missing") throw notFound();
    if (isStepError(e) && e.code === "order_not_failed")
      return { result: { tone: "critical", message: e.message }, status: 409 };
    if (isStepError(e) && SKU_MAPPING_INPUT_ERRORS.has(e.code))
      return { result: { tone: "critical", message: e.message }, status: 422 };
    throw e;
  }
}
