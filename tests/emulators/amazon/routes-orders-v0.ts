/**
 * Orders API v0 (models/orders-api-model/ordersV0.json): getOrders, getOrder, getOrderItems,
 * getOrderAddress, getOrderBuyerInfo, confirmShipment. Each request is validated against its operation in the model first.
 *
 * The v0 model types several list parameters as plain strings and states their values in prose or in
 * the `Order` definition only; we hold requests to those values, taken from the model itself:
 * OrderStatuses ← Order.OrderStatus enum, FulfillmentChannels ← Order.FulfillmentChannel,
 * PaymentMethods ← Order.PaymentMethod, EasyShipShipmentStatuses ← EasyShipShipmentStatus,
 * ElectronicInvoiceStatuses ← ElectronicInvoiceStatus, MaxResultsPerPage 1–100 (its description).
 */
import type { EmulatorRequest } from "../kit/emulator-server";
import { type EmulatedClock, isoSeconds } from "./clock";
import { confirmShipment, type ConfirmShipmentBody } from "./confirm-shipment";
import { orderAddressV0, orderBuyerInfoV0, orderItemV0, orderV0 } from "./order-views-v0";
import {
  decodePageToken,
  encodePageToken,
  listOrders,
  type OrderFilter,
  parseIsoDate,
  isSettled,
  settledBound,
} from "./order-query";
import { apiRoute, type AmazonContext, type Caller, invalidInput, notFound, specIssuesResponse } from "./sp-api";
import { loadSpec, ORDERS_V0_SPEC, type SpecOperation } from "./spec-validator";
import type { Order, OrderStatus } from "./state";

const DATE_PARAMS = ["CreatedAfter", "CreatedBefore", "LastUpdatedAfter", "LastUpdatedBefore"] as const;
const DELIVERY_PARAMS = [
  "EarliestDeliveryDateBefore",
  "EarliestDeliveryDateAfter",
  "LatestDeliveryDateBefore",
  "LatestDeliveryDateAfter",
] as const;

export const ORDER_NOT_FOUND = "The requested order was not found.";

function v0Operations() {
  const spec = loadSpec(ORDERS_V0_SPEC);
  const defs = spec.doc.definitions as Record<
    string,
    { enum?: string[]; properties?: Record<string, { enum?: string[] }> }
  >;
  const orderProps = defs.Order.properties!;
  const getOrders = spec.operation("getOrders", {
    OrderStatuses: { items: { enum: orderProps.OrderStatus.enum! } },
    FulfillmentChannels: { items: { enum: orderProps.FulfillmentChannel.enum! } },
    PaymentMethods: { items: { enum: orderProps.PaymentMethod.enum! } },
    EasyShipShipmentStatuses: { items: { enum: defs.EasyShipShipmentStatus.enum! } },
    ElectronicInvoiceStatuses: { items: { enum: defs.ElectronicInvoiceStatus.enum! } },
    MaxResultsPerPage: { minimum: 1, maximum: 100 },
  });
  return {
    getOrders,
    getOrder: spec.operation("getOrder"),
    getOrderItems: spec.operation("getOrderItems"),
    getOrderAddress: spec.operation("getOrderAddress"),
    getOrderBuyerInfo: spec.operation("getOrderBuyerInfo"),
    confirmShipment: spec.operation("confirmShipment"),
  };
}

function validate(op: SpecOperation, req: EmulatorRequest) {
  return op.validateRequest({ query: req.query, params: req.params, body: req.body, rawBody: req.rawBody });
}

/** The seller's own order, or undefined: another seller's order is as unknown as a missing one. */
function ownOrder(ctx: AmazonContext, caller: Caller, orderId: string): Order | undefined {
  const order = ctx.state.order(orderId);
  return order && order.sellerId === caller.seller.sellerId ? order : undefined;
}

/** Builds the getOrders filter from the request's parameters, enforcing the model's date rules. */
function filterFromRequest(
  values: Record<string, unknown>,
  sellerId: string,
  clock: EmulatedClock,
  frozenBefore: number | undefined,
): { filter: OrderFilter } | { error: ReturnType<typeof invalidInput> } {
  const dates: Partial<Record<(typeof DATE_PARAMS)[number] | (typeof DELIVERY_PARAMS)[number], number>> = {};
  const badDates: string[] = [];
  for (const name of [...DATE_PARAMS, ...DELIVERY_PARAMS]) {
    const v = values[name];
    if (v === undefined) continue;
    const ms = parseIsoDate(String(v));
    if (ms === null) badDates.push(name.charAt(0).toLowerCase() + name.slice(1));
    else dates[name] = ms;
  }
  if (badDates.length > 0) {
    // As observed: {"code":"InvalidInput","message":"This is an invalid input","details":"Invalid date-time field(s) [lastUpdatedAfter]."}
    return { error: invalidInput(`Invalid date-time field(s) [${badDates.join(", ")}].`, "This is an invalid input") };
  }
  const created = dates.CreatedAfter !== undefined || dates.CreatedBefore !== undefined;
  const updated = dates.LastUpdatedAfter !== undefined || dates.LastUpdatedBefore !== undefined;
  if (created && updated) {
    return {
      error: invalidInput("CreatedAfter/CreatedBefore cannot be combined with LastUpdatedAfter/LastUpdatedBefore."),
    };
  }
  const after = created ? dates.CreatedAfter : dates.LastUpdatedAfter;
  if (after === undefined) return { error: invalidInput("Either CreatedAfter or LastUpdatedAfter must be specified.") };
  const explicitBefore = created ? dates.CreatedBefore : dates.LastUpdatedBefore;
  const beforeName = created ? "CreatedBefore" : "LastUpdatedBefore";
  const afterName = created ? "CreatedAfter" : "LastUpdatedAfter";
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
  if (values.SellerOrderId !== undefined) {
    const clash = [
      "FulfillmentChannels",
      "OrderStatuses",
      "PaymentMethods",
      "LastUpdatedAfter",
      "LastUpdatedBefore",
      "BuyerEmail",
    ].filter((k) => values[k] !== undefined);
    if (clash.length > 0) return { error: invalidInput(`SellerOrderId cannot be combined with ${clash.join(", ")}.`) };
  }
  const list = (k: string) => (values[k] === undefined ? undefined : (values[k] as string[]));
  const filter: OrderFilter = {
    sellerId,
    dateField: created ? "created" : "updated",
    after,
    before,
    marketplaceIds: list("MarketplaceIds"),
    statuses: list("OrderStatuses") as OrderStatus[] | undefined,
    fulfillmentChannels: list("FulfillmentChannels"),
    paymentMethods: list("PaymentMethods"),
    electronicInvoiceStatuses: list("ElectronicInvoiceStatuses"),
    buyerEmail: values.BuyerEmail as string | undefined,
    sellerOrderId: values.SellerOrderId as string | undefined,
    amazonOrderIds: list("AmazonOrderIds"),
    // The emulator has no Easy Ship, in-store pickup, store-chain or supply-source orders.
    matchesNothing:
      values.EasyShipShipmentStatuses !== undefined ||
      values.IsISPU === true ||
      values.StoreChainStoreId !== undefined ||
      values.ActualFulfillmentSupplySourceId !== undefined,
    earliestDeliveryAfter: dates.EarliestDeliveryDateAfter,
    earliestDeliveryBefore: dates.EarliestDeliveryDateBefore,
    latestDeliveryAfter: dates.LatestDeliveryDateAfter,
    latestDeliveryBefore: dates.LatestDeliveryDateBefore,
  };
  return { filter };
}

export function registerOrdersV0(ctx: AmazonContext): void {
  const ops = v0Operations();

  apiRoute(ctx, "GET", "/orders/v0/orders", "getOrders", (req, caller) => {
    const v = validate(ops.getOrders, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const emulatedNow = ctx.clock.emulatedMs();
    const sellerId = caller.seller.sellerId;

    // NextToken leaves the filters alone (the model says so): sent again, they apply; left out, the
    // token's own query goes on. Either way the page's upper bound stays the one of the first page.
    let cursor;
    let frozen: OrderFilter | undefined;
    let tokenPageSize: number | undefined;
    if (v.values.NextToken !== undefined) {
      const t = decodePageToken(String(v.values.NextToken), "v0.getOrders", sellerId, emulatedNow);
      if (!t.ok) return invalidInput(`Invalid NextToken: ${t.reason}.`, "Invalid Input");
      cursor = t.cursor;
      frozen = t.filter;
      tokenPageSize = t.pageSize;
    }
    let filter: OrderFilter;
    const hasDates = DATE_PARAMS.some((k) => v.values[k] !== undefined);
    if (frozen && !hasDates) {
      filter = { ...frozen, marketplaceIds: (v.values.MarketplaceIds as string[]) ?? frozen.marketplaceIds };
    } else {
      const built = filterFromRequest(v.values, sellerId, ctx.clock, frozen?.before);
      if ("error" in built) return built.error;
      filter = built.filter;
    }

    const pageSize = (v.values.MaxResultsPerPage as number | undefined) ?? tokenPageSize ?? 100;
    const page = listOrders(ctx.state.orders.values(), filter, pageSize, cursor);
    const payload: Record<string, unknown> = { Orders: page.orders.map((o) => orderV0(o, caller)) };
    if (page.next) payload.NextToken = encodePageToken("v0.getOrders", filter, page.next, pageSize);
    payload[filter.dateField === "created" ? "CreatedBefore" : "LastUpdatedBefore"] = isoSeconds(filter.before);
    return { status: 200, body: { payload } };
  });

  apiRoute(ctx, "GET", "/orders/v0/orders/:orderId", "getOrder", (req, caller) => {
    const v = validate(ops.getOrder, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ownOrder(ctx, caller, req.params.orderId);
    if (!order) return notFound(ORDER_NOT_FOUND);
    return { status: 200, body: { payload: orderV0(order, caller) } };
  });

  apiRoute(ctx, "GET", "/orders/v0/orders/:orderId/orderItems", "getOrderItems", (req, caller) => {
    const v = validate(ops.getOrderItems, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ownOrder(ctx, caller, req.params.orderId);
    if (!order) return notFound(ORDER_NOT_FOUND);
    const size = ctx.settings.orderItemsPageSize;
    let start = 0;
    if (v.values.NextToken !== undefined) {
      const m = /^items:([^:]+):(\d+)$/.exec(Buffer.from(String(v.values.NextToken), "base64url").toString("utf8"));
      if (!m || m[1] !== order.amazonOrderId) return invalidInput("Invalid NextToken.", "Invalid Input");
      start = Number(m[2]);
    }
    const items = order.items.slice(start, start + size);
    const payload: Record<string, unknown> = {
      OrderItems: items.map((i) => orderItemV0(order, i)),
      AmazonOrderId: order.amazonOrderId,
    };
    if (start + size < order.items.length) {
      payload.NextToken = Buffer.from(`items:${order.amazonOrderId}:${start + size}`, "utf8").toString("base64url");
    }
    return { status: 200, body: { payload } };
  });

  apiRoute(ctx, "GET", "/orders/v0/orders/:orderId/address", "getOrderAddress", (req, caller) => {
    const v = validate(ops.getOrderAddress, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ownOrder(ctx, caller, req.params.orderId);
    if (!order) return notFound(ORDER_NOT_FOUND);
    // A restricted operation: with RDTs enforced, a token not issued for it gets 200 without the PII fields
    // (name, street, phone), as Amazon answers, not a 403.
    return { status: 200, body: { payload: orderAddressV0(order, caller.mayRead("*")) } };
  });

  apiRoute(ctx, "GET", "/orders/v0/orders/:orderId/buyerInfo", "getOrderBuyerInfo", (req, caller) => {
    const v = validate(ops.getOrderBuyerInfo, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ownOrder(ctx, caller, req.params.orderId);
    if (!order) return notFound(ORDER_NOT_FOUND);
    // Likewise: without a token covering it, the buyer's name and email are left out.
    return { status: 200, body: { payload: orderBuyerInfoV0(order, caller.mayRead("*")) } };
  });

  apiRoute(ctx, "POST", "/orders/v0/orders/:orderId/shipmentConfirmation", "confirmShipment", (req, caller) => {
    const v = validate(ops.confirmShipment, req);
    if (v.issues.length) return specIssuesResponse(v.issues);
    const order = ownOrder(ctx, caller, req.params.orderId);
    if (!order) return notFound(ORDER_NOT_FOUND);
    const error = confirmShipment(order, v.body as ConfirmShipmentBody, ctx.clock.now());
    return error ?? { status: 204 };
  });
}
