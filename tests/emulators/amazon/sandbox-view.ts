/**
 * One order's full state as the control API and the in-process helpers show it: the v0 `Order` with
 * everything unrestricted (PII, OrderTotal in every status), plus `SellerId`, its `OrderItems` (v0
 * `OrderItem`, pricing always shown), the `Packages` shipped (in confirmShipment's `packageDetail` shape,
 * with who confirmed each and when) and `CancelledAt` when cancelled.
 */
import { isoSeconds } from "./clock";
import { orderItemV0, orderV0 } from "./order-views-v0";
import { money, type Order, orderTotal } from "./state";

const EVERYTHING = { mayRead: () => true };

export function sandboxView(order: Order) {
  const c = order.currency;
  // Render items as for a payable order, so a Pending order's prices are visible here too.
  const priced: Order = {
    ...order,
    status: order.status === "Pending" || order.status === "PendingAvailability" ? "Unshipped" : order.status,
  };
  return {
    ...orderV0(order, EVERYTHING),
    OrderTotal: { CurrencyCode: c, Amount: money(orderTotal(order), c) },
    SellerId: order.sellerId,
    OrderItems: order.items.map((i) => orderItemV0(priced, i)),
    Packages: order.packages.map((p) => ({
      packageReferenceId: p.packageReferenceId,
      carrierCode: p.carrierCode,
      ...(p.carrierName ? { carrierName: p.carrierName } : {}),
      ...(p.shippingMethod ? { shippingMethod: p.shippingMethod } : {}),
      trackingNumber: p.trackingNumber,
      shipDate: p.shipDate,
      ...(p.shipFromSupplySourceId ? { shipFromSupplySourceId: p.shipFromSupplySourceId } : {}),
      orderItems: p.items.map((i) => ({ ...i })),
      source: p.source,
      createdAt: isoSeconds(p.createdAt),
      updatedAt: isoSeconds(p.updatedAt),
    })),
    ...(order.cancelledAt !== undefined ? { CancelledAt: isoSeconds(order.cancelledAt) } : {}),
  } as SandboxOrder;
}

/** Typed for the fields tests and seeding read; the rest is the v0 Order as served. */
export interface SandboxOrder extends Record<string, unknown> {
  AmazonOrderId: string;
  SellerId: string;
  MarketplaceId: string;
  OrderStatus: string;
  PurchaseDate: string;
  LastUpdateDate: string;
  OrderTotal: { CurrencyCode: string; Amount: string };
  NumberOfItemsShipped: number;
  NumberOfItemsUnshipped: number;
  ShippingAddress: Record<string, string>;
  BuyerInfo: { BuyerEmail: string; BuyerName: string };
  OrderItems: {
    OrderItemId: string;
    ASIN: string;
    SellerSKU: string;
    Title: string;
    QuantityOrdered: number;
    QuantityShipped: number;
    ItemPrice: { CurrencyCode: string; Amount: string };
    ItemTax: { CurrencyCode: string; Amount: string };
    ShippingPrice: { CurrencyCode: string; Amount: string };
    [k: string]: unknown;
  }[];
  Packages: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    shippingMethod?: string;
    trackingNumber: string;
    shipDate: string;
    shipFromSupplySourceId?: string;
    orderItems: { orderItemId: string; quantity: number; transparencyCodes?: string[] }[];
    source: "confirmShipment" | "sellerCentral";
    createdAt: string;
    updatedAt: string;
  }[];
  CancelledAt?: string;
}
