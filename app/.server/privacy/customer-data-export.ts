import type { PostalAddress } from "#connectors/types.ts";

/**
 * Pure: what a customer's data request gives the merchant, who passes it on to the customer (Shopify's
 * `customers/data_request`). Everything OrderBridge holds about that customer's orders: the buyer's own data as the
 * marketplace sent it, what they bought, the packages sent to them and what happened to each order. Amounts are in
 * minor units of the order's currency, times ISO 8601.
 */

export interface ExportOrderSource {
  marketplace: string;
  marketplaceOrderId: string;
  shopOrderName: string | null;
  purchasedAt: Date;
  buyerName: string | null;
  buyerEmail: string | null;
  buyerPhone: string | null;
  buyerMarketplaceUserId: string | null;
  buyerErasedAt: Date | null;
  shippingAddress: PostalAddress | null;
  currency: string;
  totalAmount: number;
  lines: { sku: string | null; title: string; quantity: number; unitPriceAmount: number }[];
  shipments: { carrierName: string | null; trackingNumber: string | null; shippedAt: Date }[];
  timeline: { createdAt: Date; message: string }[];
}

export interface CustomerDataExport {
  /** Format of this export, for whoever reads it later. */
  format: "orderbridge.customer-data.v1";
  generatedAt: string;
  /** What the request named (the platform's customer id, email, phone), as the platform sent it. */
  customer: { id: string | null; email: string | null; phone: string | null };
  orders: ExportedOrder[];
}

export interface ExportedOrder {
  marketplace: string;
  marketplaceOrderId: string;
  shopOrder: string | null;
  purchasedAt: string;
  buyer: {
    name: string | null;
    email: string | null;
    phone: string | null;
    marketplaceUserId: string | null;
    /** Set when the buyer's data was already erased (then the fields above hold no personal data). */
    erasedAt: string | null;
  };
  shippingAddress: PostalAddress | null;
  currency: string;
  total: number;
  lines: { sku: string | null; title: string; quantity: number; unitPrice: number }[];
  packages: { carrier: string | null; trackingNumber: string | null; shippedAt: string }[];
  history: { at: string; event: string }[];
}

export function buildCustomerDataExport(
  customer: CustomerDataExport["customer"],
  orders: readonly ExportOrderSource[],
  now = new Date(),
): CustomerDataExport {
  return {
    format: "orderbridge.customer-data.v1",
    generatedAt: now.toISOString(),
    customer,
    orders: orders.map((o) => ({
      marketplace: o.marketplace,
      marketplaceOrderId: o.marketplaceOrderId,
      shopOrder: o.shopOrderName,
      purchasedAt: o.purchasedAt.toISOString(),
      buyer: {
        name: o.buyerName,
        email: o.buyerEmail,
        phone: o.buyerPhone,
        marketplaceUserId: o.buyerMarketplaceUserId,
        erasedAt: o.buyerErasedAt?.toISOString() ?? null,
      },
      shippingAddress: o.shippingAddress,
      currency: o.currency,
      total: o.totalAmount,
      lines: o.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPriceAmount })),
      packages: o.shipments.map((s) => ({
        carrier: s.carrierName,
        trackingNumber: s.trackingNumber,
        shippedAt: s.shippedAt.toISOString(),
      })),
      history: o.timeline.map((e) => ({ at: e.createdAt.toISOString(), event: e.message })),
    })),
  };
}
