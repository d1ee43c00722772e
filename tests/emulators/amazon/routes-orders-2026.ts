/**
 * Orders API 2026-01-01 (models/orders-api-model/orders_2026-01-01.json): searchOrders and getOrder, from
 * the same state as v0, in that model's shapes. Requests are validated against the model (its enums for
 * fulfillmentStatuses, fulfilledBy and includedData; date-time formats); maxResultsPerPage 1–100 comes
 * from its description. Same date rules and 2-minute lag as v0, with camelCase names; the
 * paginationToken expires after 24 emulated hours.
 */
import type { EmulatorRequest } from "../kit/emulator-server";
import { type EmulatedClock, isoSeconds } from "./clock";
import { FULFILLED_BY, FULFILLMENT_STATUS, order2026 } from "./order-views-2026";
import {
  decodePageToken,
  encodePageToken,
  listOrders,
  type OrderFilter,
  PAGINATION_TOKEN_TTL_MS,
  parseIsoDate,
  isSettled,
  settledBound,
} from "./order-query";
import { apiRoute, type AmazonContext, invalidInput, notFound, specIssuesResponse } from "./sp-api";
import { loadSpec, ORDERS_2026_SPEC, type SpecOperation } from "./spec-validator";
import { ORDER_STATUSES, type OrderStatus } from "./state";

const DATE_PARAMS = ["createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore"] as const;
const API = "2026.searchOrders";

function validate(op: SpecOperation, req: EmulatorRequest) {
  return op.validateRequest({ query: req.query, params: req.params, body: req.body, rawBody: req.rawBody });
}

function filterFromRequest(
  values: Record<string, unknown>,
  sellerId: string,
  clock: EmulatedClock,
  frozenBefore: number | undefined,
) {
  const dates: Partial<Record<(typeof DATE_PARAMS)[number], number>> = {};
  for (const name of DATE_PARAMS) {
    if (values[name] === undefined) continue;
    const ms = parseIsoDate(String(values[name]));
    if (ms === null)
      return { error: invalidInput(`Invalid date-time field(s) [${name}].`, "This is an invalid input") };
    dates[name] = ms;
  }
  const created = dates.createdAfter !== undefined || dates.createdBefore !== undefined;
  const updated = dates.lastUpdatedAfter !== undefined || dates.lastUpdatedBefore !== undefined;
  if (created && updated) {
    return {
      error: invalidInput("createdAfter/createdBefore cannot be combined with lastUpdatedAfter/lastUpdatedBefore."),
    };
  }
  const after = created ? dates.createdAfter : dates.lastUpdatedAfter;
  if (after === undefined)
    return { error: invalidInput("You must provide exactly one of createdAfter and lastUpdatedAfter.") };
  const beforeName = created ? "createdBefore" : "lastUpdatedBefore";
  const afterName = created ? "createdAfter" : "lastUpdatedAfter";
  const explicitBefore = created ? dates.createdBefore : dates.lastUpdatedBefore;
  if (explicitBefore !== undefined && !isSettled(explicitBefore, clock)) {
    return { error: invalidInput(`${beforeName} must be at least two minutes before the time of the request.`) };
  }
  const before = explicitBefore ?? frozenBefore ?? settledBound(clock);
  if (after > before) {
    return {
      error: invalidInput(
        explicitBefore === undefined
          ? `${afterName} must be at least two minutes before the time of the request.`
          : `${beforeName} must be equal to or after ${afterName}.`,
      ),
    };
  }
  const statuses = values.fulfillmentStatuses as string[] | undefined;
  const fulfilledBy = values.fulfilledBy as string[] | undefined;
  const filter: OrderFilter = {
    sellerId,
    dateField: created ? "created" : "updated",
    after,
    before,
    marketplaceIds: values.marketplaceIds as string[] | undefined,
    statuses: statuses
      ? (ORDER_STATUSES.filter((s) => statuses.includes(FULFILLMENT_STATUS[s])) as OrderStatus[])
      : undefined,
    fulfillmentChannels: fulfilledBy
      ? (Object.keys(FULFILLED_BY) as (keyof typeof FULFILLED_BY)[]).filter((ch) =>
          fulfilledBy.includes(FULFILLED_BY[ch]),
        )
      : undefined,
  };
  return { filter };
}

export function registerOrders2026(ctx: AmazonContext): void {
  const spec = loadSpec(ORDERS_2026_SPEC);
  const searchOrders = spec.operation("searchOrders", { maxResultsPerPage: { minimum: 1, maximum: 100 } });
  const getOrder = spec.operation("getOrder");

  apiRoute(ctx, "GET", "/orders/2026-01-01/orders", "searchOrders", (req, caller) => {
    const v = validate(searchOrders, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const emulatedNow = ctx.clock.emulatedMs();
    const sellerId = caller.seller.sellerId;
    let cursor;
    let frozen: OrderFilter | undefined;
    let tokenPageSize: number | undefined;
    if (v.values.paginationToken !== undefined) {
      const t = decodePageToken(String(v.values.paginationToken), API, sellerId, emulatedNow);
      if (!t.ok) return invalidInput(`Invalid paginationToken: ${t.reason}.`, "Invalid Input");
      cursor = t.cursor;
      frozen = t.filter;
      tokenPageSize = t.pageSize;
    }
    let filter: OrderFilter;
    if (frozen && !DATE_PARAMS.some((k) => v.values[k] !== undefined)) {
      filter = frozen;
    } else {
      const built = filterFromRequest(v.values, sellerId, ctx.clock, frozen?.before);
      if ("error" in built) return built.error!;
      filter = built.filter!;
    }
    const included = new Set((v.values.includedData as string[] | undefined) ?? []);
    const pageSize = (v.values.maxResultsPerPage as number | undefined) ?? tokenPageSize ?? 100;
    const page = listOrders(ctx.state.orders.values(), filter, pageSize, cursor);
    const body: Record<string, unknown> = { orders: page.orders.map((o) => order2026(o, included)) };
    if (page.next)
      body.pagination = {
        nextToken: encodePageToken(API, filter, page.next, pageSize, emulatedNow + PAGINATION_TOKEN_TTL_MS),
      };
    body[filter.dateField === "created" ? "createdBefore" : "lastUpdatedBefore"] = isoSeconds(filter.before);
    return { status: 200, body };
  });

  apiRoute(ctx, "GET", "/orders/2026-01-01/orders/:orderId", "getOrder2026", (req, caller) => {
    const v = validate(getOrder, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ctx.state.order(req.params.orderId);
    if (!order || order.sellerId !== caller.seller.sellerId) return notFound("The requested order was not found.");
    const included = new Set((v.values.includedData as string[] | undefined) ?? []);
    return { status: 200, body: { order: order2026(order, included) } };
  });
}
