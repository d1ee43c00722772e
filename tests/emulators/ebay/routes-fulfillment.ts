/**
 * Shipping fulfillments (`/sell/fulfillment/v1/order/{orderId}/shipping_fulfillment[/{fulfillmentId}]`).
 *
 * createShippingFulfillment (docs/platform-facts.md#ebay-shipping-fulfillment and the spec), checked in this order:
 *   spec (Content-Type header, JSON body, types)            400 32600 "Invalid input data"
 *   order id unknown, malformed or another seller's        400 32100
 *   order cancelled or not paid                            409 (the spec lists 409 Conflict; assumed cause)
 *   lineItems empty, quantity not a whole number > 0       400 32600
 *   a lineItemId not in the order                          400 32200;  the same line twice: 32210
 *   tracking number without carrier or the reverse, or a
 *   tracking number with other than letters and digits    400 32300
 *   shippedDate not ISO 8601, in the future (60 s of clock
 *   skew allowed) or before the order was created          400 32500
 *   a fulfillment with this tracking number exists         400 34500 "Please use PUT ..." (assumed cause)
 *   more units than the line has left to ship              400 32600 (assumed; eBay does not document it)
 * then 201, `{}` and `Location: …/order/{orderId}/shipping_fulfillment/{fulfillmentId}`, where the id is
 * the tracking number (the spec says so) or, without tracking, an arbitrary number. Line and order
 * fulfillment statuses and lastModifiedDate move at once.
 */
import { apiRoute, type EbayContext } from "./api";
import { badRequest, errorResponse, fulfillmentError } from "./errors";
import { ORDER_ID_RE } from "./ids";
import { fulfillmentHref, fulfillmentView } from "./order-view";
import { ownOrder, specIssuesResponse } from "./routes-orders";
import { FULFILLMENT_BASE_PATH, loadFulfillmentSpec } from "./spec";
import { type Fulfillment, lineItemShipped, type Order } from "./state";

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const TRACKING_RE = /^[A-Za-z0-9]+$/;
const CLOCK_SKEW_MS = 60_000;

interface CreateBody {
  lineItems?: { lineItemId?: string; quantity?: number }[];
  shippedDate?: string;
  shippingCarrierCode?: string;
  trackingNumber?: string;
}

/** A fresh arbitrary fulfillment id, unique within the order. */
export function newFulfillmentId(ctx: EbayContext, order: Order, trackingNumber?: string): string {
  if (trackingNumber) return trackingNumber;
  let id: string;
  do id = ctx.state.ids.fulfillmentId();
  while (order.fulfillments.some((f) => f.fulfillmentId === id));
  return id;
}

export function registerFulfillments(ctx: EbayContext): void {
  const spec = loadFulfillmentSpec();
  const create = spec.operation("createShippingFulfillment");
  const list = spec.operation("getShippingFulfillments");
  const getOne = spec.operation("getShippingFulfillment");
  const base = `${FULFILLMENT_BASE_PATH}/order/:orderId/shipping_fulfillment`;

  apiRoute(ctx, "POST", base, true, (req, caller) => {
    const v = create.validateRequest({
      query: req.query,
      params: req.params,
      headers: req.headers,
      body: req.body,
      rawBody: req.rawBody,
    });
    const contentType = String(req.headers["content-type"] ?? "");
    if (contentType !== "" && !/application\/json/i.test(contentType)) {
      v.issues.push({
        location: "header",
        name: "Content-Type",
        kind: "constraint",
        message: "Content-Type must be application/json",
      });
    }
    if (v.issues.length) return specIssuesResponse(v.issues);
    const orderId = req.params.orderId!;
    const order = ORDER_ID_RE.test(orderId) ? ownOrder(ctx, caller, orderId) : undefined;
    if (!order) return badRequest(32100, { orderId });
    if (order.cancelState === "CANCELED") {
      return errorResponse(409, [{ ...fulfillmentError(32600), longMessage: `Order ${orderId} is cancelled.` }]);
    }
    if (order.paymentStatus !== "PAID") {
      return errorResponse(409, [{ ...fulfillmentError(32600), longMessage: `Order ${orderId} is not paid.` }]);
    }

    const body = v.body as CreateBody;
    const invalid = (longMessage: string) => badRequest(32600, {}, longMessage);
    if (!Array.isArray(body.lineItems) || body.lineItems.length === 0)
      return invalid("lineItems must list at least one line item.");
    const lines: { lineItemId: string; quantity: number }[] = [];
    for (const l of body.lineItems) {
      const quantity = l.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1)
        return invalid("quantity must be a whole number greater than zero.");
      const item = order.lineItems.find((i) => i.lineItemId === l.lineItemId);
      if (!item) return badRequest(32200, { lineItemId: String(l.lineItemId ?? "") });
      if (lines.some((x) => x.lineItemId === item.lineItemId)) return badRequest(32210);
      lines.push({ lineItemId: item.lineItemId, quantity });
    }

    const tracking = body.trackingNumber;
    const carrier = body.shippingCarrierCode;
    const hasTracking = tracking !== undefined && tracking !== "";
    const hasCarrier = carrier !== undefined && carrier.trim() !== "";
    if (hasTracking !== hasCarrier || (hasTracking && !TRACKING_RE.test(tracking!))) return badRequest(32300);

    const now = ctx.clock.now();
    let shippedDate = new Date(now).toISOString();
    if (body.shippedDate !== undefined) {
      const ms = ISO_RE.test(body.shippedDate) ? Date.parse(body.shippedDate) : NaN;
      if (!Number.isFinite(ms) || ms > now + CLOCK_SKEW_MS || ms < order.creationDate - CLOCK_SKEW_MS)
        return badRequest(32500);
      shippedDate = body.shippedDate;
    }

    if (hasTracking && order.fulfillments.some((f) => f.trackingNumber === tracking)) return badRequest(34500);
    for (const l of lines) {
      const item = order.lineItems.find((i) => i.lineItemId === l.lineItemId)!;
      const left = item.quantity - lineItemShipped(order, item.lineItemId);
      if (l.quantity > left) {
        return invalid(`quantity ${l.quantity} exceeds the ${left} unshipped unit(s) of line item ${item.lineItemId}.`);
      }
    }

    const fulfillment: Fulfillment = {
      fulfillmentId: newFulfillmentId(ctx, order, hasTracking ? tracking : undefined),
      lineItems: lines,
      ...(hasCarrier ? { shippingCarrierCode: carrier } : {}),
      ...(hasTracking ? { trackingNumber: tracking } : {}),
      shippedDate,
      source: "api",
      createdAt: now,
    };
    order.fulfillments.push(fulfillment);
    order.lastModifiedDate = Math.max(now, order.lastModifiedDate);
    return {
      status: 201,
      headers: { location: fulfillmentHref(caller.apiBase, order.orderId, fulfillment.fulfillmentId) },
      body: {},
    };
  });

  apiRoute(ctx, "GET", base, false, (req, caller) => {
    const v = list.validateRequest({
      query: req.query,
      params: req.params,
      headers: req.headers,
      body: req.body,
      rawBody: req.rawBody,
    });
    if (v.issues.length) return specIssuesResponse(v.issues);
    const orderId = req.params.orderId!;
    const order = ORDER_ID_RE.test(orderId) ? ownOrder(ctx, caller, orderId) : undefined;
    if (!order) return badRequest(32100, { orderId });
    return {
      status: 200,
      body: { fulfillments: order.fulfillments.map(fulfillmentView), total: order.fulfillments.length },
    };
  });

  apiRoute(ctx, "GET", `${base}/:fulfillmentId`, false, (req, caller) => {
    const v = getOne.validateRequest({
      query: req.query,
      params: req.params,
      headers: req.headers,
      body: req.body,
      rawBody: req.rawBody,
    });
    if (v.issues.length) return specIssuesResponse(v.issues);
    const orderId = req.params.orderId!;
    const order = ORDER_ID_RE.test(orderId) ? ownOrder(ctx, caller, orderId) : undefined;
    if (!order) return badRequest(32100, { orderId });
    const f = order.fulfillments.find((x) => x.fulfillmentId === req.params.fulfillmentId);
    if (!f) return errorResponse(404, [fulfillmentError(32110, { fulfillmentId: req.params.fulfillmentId! })]);
    return { status: 200, body: fulfillmentView(f) };
  });
}
