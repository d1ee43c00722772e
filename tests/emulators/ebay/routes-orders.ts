/**
 * getOrders and getOrder (`GET /sell/fulfillment/v1/order[/{orderId}]`), validated against the spec first.
 *
 * getOrders: `orderIds` (≤ 50, 30900) overrides everything else; otherwise `filter` (order-filter.ts),
 * `limit` 1..200 (31100, default 50) and `offset` ≥ 0 (31000). Orders come newest first by creation date
 * (eBay does not document an order; this is the emulator's), paged by offset with `href`, `next`, `prev`
 * and `total`. `fieldGroups` accepts TAX_BREAKDOWN only (32800); the emulator has no extra tax fields.
 */
import type { EmulatorRequest } from "../kit/emulator-server";
import { apiRoute, type Caller, type EbayContext } from "./api";
import { badRequest, errorResponse, fulfillmentError } from "./errors";
import { ORDER_ID_RE } from "./ids";
import { parseOrderFilter, type OrderQuery } from "./order-filter";
import { orderView } from "./order-view";
import { FULFILLMENT_BASE_PATH, loadFulfillmentSpec, type SpecIssue } from "./spec";
import { type Order, orderFulfillmentStatus } from "./state";

export const MAX_ORDER_IDS = 50;
const DEFAULT_LIMIT = 50;

/** Spec-validation issues as eBay's generic "Invalid input data" (32600). */
export function specIssuesResponse(issues: SpecIssue[]) {
  return errorResponse(400, [
    {
      ...fulfillmentError(32600),
      longMessage: issues.map((i) => i.message).join("; "),
      parameters: issues.map((i) => ({ name: i.name, value: i.message })),
    },
  ]);
}

/** The caller's own order; another seller's order is as unknown as a missing one. */
export function ownOrder(ctx: EbayContext, caller: Caller, orderId: string): Order | undefined {
  const order = ctx.state.order(orderId);
  return order && order.username === caller.user.username ? order : undefined;
}

function fieldGroupsError(req: EmulatorRequest) {
  const fg = req.query.get("fieldGroups");
  if (fg === null || fg === "") return null;
  const bad = fg
    .split(",")
    .map((s) => s.trim())
    .find((g) => g !== "TAX_BREAKDOWN");
  return bad === undefined ? null : badRequest(32800, { fieldGroup: bad });
}

function matches(order: Order, q: OrderQuery): boolean {
  const at = q.dateField === "creation" ? order.creationDate : order.lastModifiedDate;
  if (at < q.range.start) return false;
  if (q.range.end !== undefined && at > q.range.end) return false;
  if (q.fulfillmentStatuses && !q.fulfillmentStatuses.includes(orderFulfillmentStatus(order))) return false;
  return true;
}

function pageHref(apiBase: string, filter: string | null, limit: number, offset: number): string {
  const p = new URLSearchParams();
  if (filter) p.set("filter", filter);
  p.set("limit", String(limit));
  p.set("offset", String(offset));
  return `${apiBase}${FULFILLMENT_BASE_PATH}/order?${p.toString()}`;
}

export function registerOrders(ctx: EbayContext): void {
  const spec = loadFulfillmentSpec();
  const getOrders = spec.operation("getOrders");
  const getOrder = spec.operation("getOrder");

  apiRoute(ctx, "GET", `${FULFILLMENT_BASE_PATH}/order`, false, (req, caller) => {
    const v = getOrders.validateRequest({
      query: req.query,
      params: req.params,
      headers: req.headers,
      body: req.body,
      rawBody: req.rawBody,
    });
    if (v.issues.length) return specIssuesResponse(v.issues);
    const fgError = fieldGroupsError(req);
    if (fgError) return fgError;

    const orderIdsParam = req.query.get("orderIds");
    if (orderIdsParam !== null && orderIdsParam.trim() !== "") {
      const ids = [
        ...new Set(
          orderIdsParam
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (ids.length > MAX_ORDER_IDS) return badRequest(30900);
      const orders: Order[] = [];
      const warnings = [];
      for (const id of ids) {
        const order = ownOrder(ctx, caller, id);
        if (order) orders.push(order);
        else warnings.push(fulfillmentError(32100, { orderId: id }));
      }
      return {
        status: 200,
        body: {
          href: `${caller.apiBase}${FULFILLMENT_BASE_PATH}/order?orderIds=${encodeURIComponent(ids.join(","))}`,
          total: orders.length,
          orders: orders.map((o) => orderView(o, caller.apiBase)),
          ...(warnings.length > 0 ? { warnings } : {}),
        },
      };
    }

    const limitText = req.query.get("limit");
    let limit = DEFAULT_LIMIT;
    if (limitText !== null) {
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > ctx.settings.maxLimit) {
        return badRequest(31100, { limitvalue: limitText });
      }
      limit = Number(limitText);
    }
    const offsetText = req.query.get("offset");
    let offset = 0;
    if (offsetText !== null) {
      if (!/^\d+$/.test(offsetText)) return badRequest(31000, { offsetvalue: offsetText });
      offset = Number(offsetText);
    }
    const filterText = req.query.get("filter");
    const parsed = parseOrderFilter(filterText, ctx.clock.now(), ctx.settings.searchWindowDays);
    if (!parsed.ok) return errorResponse(400, [parsed.error]);

    const all = ctx.state
      .ordersOf(caller.user.username)
      .filter((o) => matches(o, parsed.query))
      .sort((a, b) => b.creationDate - a.creationDate || (a.orderId < b.orderId ? 1 : a.orderId > b.orderId ? -1 : 0));
    const page = all.slice(offset, offset + limit);
    const body: Record<string, unknown> = {
      href: pageHref(caller.apiBase, filterText, limit, offset),
      total: all.length,
      limit,
      offset,
      orders: page.map((o) => orderView(o, caller.apiBase)),
    };
    if (offset + limit < all.length) body.next = pageHref(caller.apiBase, filterText, limit, offset + limit);
    if (offset > 0) body.prev = pageHref(caller.apiBase, filterText, limit, Math.max(0, offset - limit));
    return { status: 200, body };
  });

  apiRoute(ctx, "GET", `${FULFILLMENT_BASE_PATH}/order/:orderId`, false, (req, caller) => {
    const v = getOrder.validateRequest({
      query: req.query,
      params: req.params,
      headers: req.headers,
      body: req.body,
      rawBody: req.rawBody,
    });
    if (v.issues.length) return specIssuesResponse(v.issues);
    const fgError = fieldGroupsError(req);
    if (fgError) return fgError;
    const { orderId } = req.params;
    if (!ORDER_ID_RE.test(orderId!)) return badRequest(32100, { orderId: orderId! });
    const order = ownOrder(ctx, caller, orderId!);
    if (!order) return errorResponse(404, [fulfillmentError(32100, { orderId: orderId! })]);
    return { status: 200, body: orderView(order, caller.apiBase) };
  });
}
