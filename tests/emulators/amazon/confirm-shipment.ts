/**
 * confirmShipment's business rules, applied after the body has passed the model's ConfirmShipmentRequest
 * schema (docs/platform-facts.md#amazon-confirm-shipment for the observed messages):
 *
 * - packageReferenceId must be a positive numeric string
 *   ("PackageReferenceId: is invalid, must be a positive numeric value."; an integer JSON value never gets
 *   here, the schema refuses it with "...fields with invalid type [packageDetail.packageReferenceId].");
 * - carrierName is required when carrierCode is "Other";
 * - marketplaceId must be the order's marketplace;
 * - every orderItemId must belong to the order ("OrderItemId is invalid, please obtain the value through
 *   the getOrderItems API or Manage Orders page"), with a positive quantity;
 * - nothing more than what is still unshipped, and nothing on an order that is cancelled, fully shipped or
 *   not yet payable (Pending): "Failed to create package due to not finding a matching package or order
 *   already fulfilled.".
 *
 * Idempotency (an assumption; Amazon does not document it): packageReferenceId identifies a package
 * within its order. Repeating a confirmation with the same packageReferenceId and identical content
 * answers 204 and changes nothing, so a client may retry after a timeout without shipping twice. The same
 * packageReferenceId with the same items but another carrier, tracking number, method or ship date updates
 * that package's tracking (Amazon's own errors speak of "a matching package" to update); with different
 * items it is refused with the "Failed to create package…" error.
 */
import type { EmulatorResponse } from "../kit/emulator-server";
import { spError } from "./amazon-emulator-server";
import { invalidInput } from "./sp-api";
import { type Order, type PackageItem, recordPackage, type ShippedPackage, touch } from "./state";

export interface ConfirmShipmentBody {
  marketplaceId: string;
  codCollectionMethod?: string;
  packageDetail: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    shippingMethod?: string;
    trackingNumber: string;
    shipDate: string;
    shipFromSupplySourceId?: string;
    orderItems: { orderItemId: string; quantity: number; transparencyCodes?: string[] }[];
  };
}

export const MSG_PACKAGE_REFERENCE = "PackageReferenceId: is invalid, must be a positive numeric value.";
export const MSG_ORDER_ITEM =
  "OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page";
export const MSG_NO_MATCHING_PACKAGE =
  "Failed to create package due to not finding a matching package or order already fulfilled.";

const bad = (message: string, details = ""): EmulatorResponse => spError(400, "InvalidInput", message, details);

function sameItems(a: PackageItem[], b: PackageItem[]): boolean {
  const key = (items: PackageItem[]) =>
    items
      .map((i) => `${i.orderItemId}:${i.quantity}:${(i.transparencyCodes ?? []).join(",")}`)
      .sort()
      .join("|");
  return key(a) === key(b);
}

/** Applies a confirmation to the order; returns the error to answer, or null for 204. */
export function confirmShipment(order: Order, body: ConfirmShipmentBody, now: number): EmulatorResponse | null {
  const d = body.packageDetail;
  if (!/^\d+$/.test(d.packageReferenceId) || /^0+$/.test(d.packageReferenceId)) return bad(MSG_PACKAGE_REFERENCE);
  if (body.marketplaceId !== order.marketplaceId) {
    return invalidInput(`marketplaceId ${body.marketplaceId} is not the marketplace of order ${order.amazonOrderId}`);
  }
  if (d.carrierCode.trim() === "")
    return bad("Missing or invalid request parameters: [packageDetail.carrierCode].", "carrierCode must not be empty");
  if (d.carrierCode === "Other" && !d.carrierName?.trim()) {
    return bad(
      "CarrierName: is required when CarrierCode is Other.",
      'carrierName is required when carrierCode is "Other"',
    );
  }
  if (d.trackingNumber.trim() === "") {
    return bad(
      "Missing or invalid request parameters: [packageDetail.trackingNumber].",
      "trackingNumber must not be empty",
    );
  }
  if (d.orderItems.length === 0) {
    return bad(
      "Missing or invalid request parameters: [packageDetail.orderItems].",
      "orderItems must list at least one item",
    );
  }

  // Merge repeated lines of one item.
  const wanted = new Map<string, PackageItem>();
  for (const line of d.orderItems) {
    if (!order.items.some((i) => i.orderItemId === line.orderItemId)) return bad(MSG_ORDER_ITEM);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      return bad(
        "Quantity: is invalid, must be a positive numeric value.",
        `orderItems quantity for ${line.orderItemId} must be at least 1`,
      );
    }
    const prev = wanted.get(line.orderItemId);
    const codes = [...(prev?.transparencyCodes ?? []), ...(line.transparencyCodes ?? [])];
    wanted.set(line.orderItemId, {
      orderItemId: line.orderItemId,
      quantity: (prev?.quantity ?? 0) + line.quantity,
      ...(codes.length ? { transparencyCodes: codes } : {}),
    });
  }
  const items = [...wanted.values()];

  const existing = order.packages.find((p) => p.packageReferenceId === d.packageReferenceId);
  if (existing) {
    if (!sameItems(existing.items, items)) return bad(MSG_NO_MATCHING_PACKAGE);
    const tracking = {
      carrierCode: d.carrierCode,
      carrierName: d.carrierName,
      shippingMethod: d.shippingMethod,
      trackingNumber: d.trackingNumber,
      shipDate: d.shipDate,
    };
    const unchanged = (Object.keys(tracking) as (keyof typeof tracking)[]).every(
      (k) => (existing[k] ?? undefined) === tracking[k],
    );
    if (unchanged) return null;
    for (const k of Object.keys(tracking) as (keyof typeof tracking)[]) {
      if (tracking[k] === undefined) delete existing[k];
      else existing[k] = tracking[k] as string;
    }
    existing.updatedAt = now;
    touch(order, now);
    return null;
  }

  if (order.status === "Canceled" || order.status === "Pending" || order.status === "PendingAvailability") {
    return bad(MSG_NO_MATCHING_PACKAGE);
  }
  for (const line of items) {
    const item = order.items.find((i) => i.orderItemId === line.orderItemId)!;
    if (line.quantity > item.quantityOrdered - item.quantityShipped) return bad(MSG_NO_MATCHING_PACKAGE);
  }

  const pkg: ShippedPackage = {
    packageReferenceId: d.packageReferenceId,
    carrierCode: d.carrierCode,
    ...(d.carrierName ? { carrierName: d.carrierName } : {}),
    ...(d.shippingMethod ? { shippingMethod: d.shippingMethod } : {}),
    trackingNumber: d.trackingNumber,
    shipDate: d.shipDate,
    ...(d.shipFromSupplySourceId ? { shipFromSupplySourceId: d.shipFromSupplySourceId } : {}),
    items,
    source: "confirmShipment",
    createdAt: now,
    updatedAt: now,
  };
  recordPackage(order, pkg, now);
  return null;
}
