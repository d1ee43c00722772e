/**
 * Fulfillment semantics: `fulfillmentCreate` against fulfillment orders (omitted lines = everything that
 * remains), `fulfillmentTrackingInfoUpdate`, and the merchant's "fulfill in the admin" action used by the
 * control API (lines by SKU or line item id). Each success emits the event behind fulfillments/create|update.
 */
import { gid, parseGid } from "./ids";
import {
  nowIso,
  StateError,
  type FulfillmentLineRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type OrderRecord,
  type ShopifyState,
  type ShopRecord,
  type TrackingRecord,
} from "./state";

export interface UserError {
  field: string[] | null;
  message: string;
}

export interface FulfillmentTrackingInput {
  company?: string | null;
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
}

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  trackingInfo?: FulfillmentTrackingInput | null;
  notifyCustomer?: boolean | null;
  originAddress?: unknown;
}

/**
 * Tracking URLs Shopify builds for a few supported companies when none is given. The patterns are the
 * carriers' public tracking pages, not copied from Shopify (which does not publish its templates).
 */
const TRACKING_URLS: Record<string, (n: string) => string> = {
  UPS: (n) => `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  FedEx: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  "DHL Express": (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}&brand=DHL`,
  "DHL eCommerce": (n) => `https://webtrack.dhlglobalmail.com/?trackingnumber=${n}`,
  "Canada Post": (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
  "Royal Mail": (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  "Australia Post": (n) => `https://auspost.com.au/mypost/track/#/details/${n}`,
  "Deutsche Post": (n) => `https://www.deutschepost.de/sendung/simpleQuery.html?form.sendungsnummer=${n}`,
  DPD: (n) => `https://tracking.dpd.de/status/en_US/parcel/${n}`,
};

export function trackingUrlFor(company: string | null, number: string | null): string | null {
  if (!company || !number) return null;
  const f = TRACKING_URLS[company];
  return f ? f(encodeURIComponent(number)) : null;
}

/** FulfillmentTrackingInput → tracking records, or a user error message. */
export function trackingRecords(
  t: FulfillmentTrackingInput | null | undefined,
): { records: TrackingRecord[] } | { error: UserError } {
  if (!t) return { records: [] };
  if (t.number != null && t.numbers != null)
    return { error: { field: ["trackingInfo"], message: "Provide either number or numbers, not both" } };
  if (t.url != null && t.urls != null)
    return { error: { field: ["trackingInfo"], message: "Provide either url or urls, not both" } };
  const numbers = t.numbers ?? (t.number != null && t.number !== "" ? [t.number] : []);
  const urls = t.urls ?? (t.url != null ? [t.url] : []);
  if (urls.length && !numbers.length)
    return { error: { field: ["trackingInfo", "url"], message: "A tracking URL needs a tracking number" } };
  const company = t.company ?? null;
  if (!numbers.length) return { records: company ? [{ company, number: null, url: null }] : [] };
  return { records: numbers.map((n, i) => ({ company, number: n, url: urls[i] ?? trackingUrlFor(company, n) })) };
}

function refreshFulfillmentOrder(fo: FulfillmentOrderRecord, now: string): void {
  const remaining = fo.lineItems.reduce((s, l) => s + l.remainingQuantity, 0);
  const total = fo.lineItems.reduce((s, l) => s + l.totalQuantity, 0);
  fo.status = remaining === 0 ? "CLOSED" : remaining < total ? "IN_PROGRESS" : "OPEN";
  fo.updatedAt = now;
}

export function createFulfillment(
  state: ShopifyState,
  shop: ShopRecord,
  input: FulfillmentInput,
): { fulfillment: FulfillmentRecord | null; order: OrderRecord | null; userErrors: UserError[] } {
  const errors: UserError[] = [];
  const fail = (field: (string | number)[] | null, message: string) => {
    errors.push({ field: field ? ["fulfillment", ...field.map(String)] : null, message });
    return { fulfillment: null, order: null, userErrors: errors };
  };
  const groups = input.lineItemsByFulfillmentOrder ?? [];
  if (!groups.length) return fail(["lineItemsByFulfillmentOrder"], "Line items by fulfillment order can't be blank");

  let order: OrderRecord | null = null;
  const planned: { fo: FulfillmentOrderRecord; lineId: number; quantity: number }[] = [];
  for (const [gi, g] of groups.entries()) {
    const p = parseGid(g.fulfillmentOrderId);
    const hit = p?.type === "FulfillmentOrder" ? state.fulfillmentOrder(shop, p.id) : null;
    if (!hit)
      return fail(
        ["lineItemsByFulfillmentOrder", gi, "fulfillmentOrderId"],
        `Fulfillment order ${g.fulfillmentOrderId} does not exist.`,
      );
    if (order && hit.order !== order)
      return fail(["lineItemsByFulfillmentOrder"], "All fulfillment orders must belong to the same order.");
    order = hit.order;
    const fo = hit.fo;
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") {
      return fail(
        null,
        `Fulfillment order ${gid("FulfillmentOrder", fo.id)} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
      );
    }
    if (g.fulfillmentOrderLineItems == null) {
      for (const l of fo.lineItems)
        if (l.remainingQuantity > 0) planned.push({ fo, lineId: l.id, quantity: l.remainingQuantity });
      continue;
    }
    for (const [li, l] of g.fulfillmentOrderLineItems.entries()) {
      const lp = parseGid(l.id);
      const line = lp?.type === "FulfillmentOrderLineItem" ? fo.lineItems.find((x) => x.id === lp.id) : undefined;
      const field = ["lineItemsByFulfillmentOrder", gi, "fulfillmentOrderLineItems", li];
      if (!line)
        return fail(
          [...field, "id"],
          `Fulfillment order line item ${l.id} does not belong to fulfillment order ${g.fulfillmentOrderId}.`,
        );
      const already = planned.filter((x) => x.lineId === line.id).reduce((s, x) => s + x.quantity, 0);
      if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity + already > line.remainingQuantity) {
        return fail([...field, "quantity"], "Invalid fulfillment order line item quantity requested.");
      }
      planned.push({ fo, lineId: line.id, quantity: l.quantity });
    }
  }
  if (!order || !planned.length)
    return fail(["lineItemsByFulfillmentOrder"], "There are no line items left to fulfill.");

  const tracking = trackingRecords(input.trackingInfo);
  if ("error" in tracking) {
    errors.push({ ...tracking.error, field: ["fulfillment", ...(tracking.error.field ?? [])] });
    return { fulfillment: null, order: null, userErrors: errors };
  }

  const now = nowIso();
  const lines: FulfillmentLineRecord[] = [];
  for (const p of planned) {
    const foLine = p.fo.lineItems.find((l) => l.id === p.lineId)!;
    foLine.remainingQuantity -= p.quantity;
    const existing = lines.find((l) => l.fulfillmentOrderLineItemId === foLine.id);
    if (existing) existing.quantity += p.quantity;
    else
      lines.push({
        id: state.ids.take(),
        lineItemId: foLine.lineItemId,
        fulfillmentOrderId: p.fo.id,
        fulfillmentOrderLineItemId: foLine.id,
        quantity: p.quantity,
      });
  }
  for (const fo of new Set(planned.map((p) => p.fo))) refreshFulfillmentOrder(fo, now);
  const fulfillment: FulfillmentRecord = {
    id: state.ids.take(),
    orderId: order.id,
    name: `${order.name}.${order.fulfillments.length + 1}`,
    status: "SUCCESS",
    locationId: planned[0].fo.locationId,
    tracking: tracking.records,
    lineItems: lines,
    notifyCustomer: input.notifyCustomer ?? false,
    shipmentStatus: null,
    createdAt: now,
    updatedAt: now,
  };
  order.fulfillments.push(fulfillment);
  order.updatedAt = now;
  state.emit({ type: "fulfillment_created", shop, order, fulfillment });
  return { fulfillment, order, userErrors: [] };
}

export function updateTracking(
  state: ShopifyState,
  shop: ShopRecord,
  fulfillmentId: string,
  input: FulfillmentTrackingInput,
  notifyCustomer: boolean | null | undefined,
): { fulfillment: FulfillmentRecord | null; order: OrderRecord | null; userErrors: UserError[] } {
  const p = parseGid(fulfillmentId);
  const hit = p?.type === "Fulfillment" ? state.fulfillment(shop, p.id) : null;
  if (!hit)
    return {
      fulfillment: null,
      order: null,
      userErrors: [{ field: ["fulfillmentId"], message: "Fulfillment does not exist." }],
    };
  if (hit.fulfillment.status === "CANCELLED") {
    return {
      fulfillment: null,
      order: null,
      userErrors: [{ field: ["fulfillmentId"], message: "Cannot update the tracking of a cancelled fulfillment." }],
    };
  }
  const tracking = trackingRecords(input);
  if ("error" in tracking)
    return {
      fulfillment: null,
      order: null,
      userErrors: [{ ...tracking.error, field: ["trackingInfoInput", ...(tracking.error.field ?? []).slice(1)] }],
    };
  const now = nowIso();
  hit.fulfillment.tracking = tracking.records;
  hit.fulfillment.notifyCustomer = notifyCustomer ?? hit.fulfillment.notifyCustomer;
  hit.fulfillment.updatedAt = now;
  hit.order.updatedAt = now;
  state.emit({ type: "fulfillment_updated", shop, order: hit.order, fulfillment: hit.fulfillment });
  return { fulfillment: hit.fulfillment, order: hit.order, userErrors: [] };
}

export interface MerchantFulfillInput {
  lineItems?: { sku?: string; lineItemId?: string | number; quantity: number }[];
  trackingCompany?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  notifyCustomer?: boolean;
}

/**
 * The merchant fulfills in the Shopify admin: lines by SKU or line item id (all that remains when omitted).
 * Goes through createFulfillment, so validation and the webhook are the same as for the mutation.
 */
export function merchantFulfill(
  state: ShopifyState,
  shop: ShopRecord,
  order: OrderRecord,
  input: MerchantFulfillInput,
): FulfillmentRecord {
  const open = order.fulfillmentOrders.filter((fo) => fo.status === "OPEN" || fo.status === "IN_PROGRESS");
  if (!open.length) throw new StateError(`order ${order.name} has nothing left to fulfill`, 422);
  const byFo = new Map<number, { id: string; quantity: number }[]>();
  if (input.lineItems?.length) {
    const taken = new Map<number, number>();
    for (const [i, req] of input.lineItems.entries()) {
      if (!Number.isInteger(req?.quantity) || req.quantity < 1)
        throw new StateError(`lineItems[${i}].quantity must be a positive integer`, 400);
      let lineIds: number[];
      if (req.lineItemId !== undefined) {
        const raw = String(req.lineItemId);
        const id = /^\d+$/.test(raw) ? Number(raw) : parseGid(raw)?.type === "LineItem" ? parseGid(raw)!.id : NaN;
        if (!order.lineItems.some((l) => l.id === id))
          throw new StateError(`lineItems[${i}]: order ${order.name} has no line item ${raw}`, 422);
        lineIds = [id];
      } else if (req.sku !== undefined) {
        lineIds = order.lineItems.filter((l) => l.sku === req.sku).map((l) => l.id);
        if (!lineIds.length)
          throw new StateError(`lineItems[${i}]: order ${order.name} has no line with SKU ${req.sku}`, 422);
      } else throw new StateError(`lineItems[${i}] needs sku or lineItemId`, 400);
      let want = req.quantity;
      for (const fo of open) {
        for (const l of fo.lineItems) {
          if (!lineIds.includes(l.lineItemId) || want === 0) continue;
          const free = l.remainingQuantity - (taken.get(l.id) ?? 0);
          const q = Math.min(free, want);
          if (q <= 0) continue;
          taken.set(l.id, (taken.get(l.id) ?? 0) + q);
          want -= q;
          const list = byFo.get(fo.id) ?? [];
          list.push({ id: gid("FulfillmentOrderLineItem", l.id), quantity: q });
          byFo.set(fo.id, list);
        }
      }
      if (want > 0) throw new StateError(`lineItems[${i}]: only ${req.quantity - want} left to fulfill`, 422);
    }
  }
  const groups = input.lineItems?.length
    ? [...byFo].map(([foId, items]) => ({
        fulfillmentOrderId: gid("FulfillmentOrder", foId),
        fulfillmentOrderLineItems: items,
      }))
    : open.map((fo) => ({ fulfillmentOrderId: gid("FulfillmentOrder", fo.id) }));
  const res = createFulfillment(state, shop, {
    lineItemsByFulfillmentOrder: groups,
    trackingInfo:
      input.trackingCompany || input.trackingNumber
        ? {
            company: input.trackingCompany ?? null,
            number: input.trackingNumber ?? null,
            url: input.trackingUrl ?? null,
          }
        : null,
    notifyCustomer: input.notifyCustomer ?? false,
  });
  if (!res.fulfillment) throw new StateError(res.userErrors.map((e) => e.message).join("; "), 422);
  return res.fulfillment;
}
