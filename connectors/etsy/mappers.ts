/**
 * Etsy ShopReceipt → MarketplaceOrder. Pure functions.
 *
 * - Status: canceled → cancelled; shipped (is_shipped, or "completed") → shipped; not paid yet
 *   (is_paid false, "payment processing") → pending; otherwise (paid, open and paid, partially
 *   refunded) → unshipped. "fully refunded" is cancelled unless it had shipped. Etsy ships a receipt
 *   as a whole: it has no per-line shipping, so there is no partially_shipped, and every line counts as
 *   shipped once the receipt is.
 * - Lines are the transactions: marketplaceLineId = transaction_id, unit price = `price` (Etsy's
 *   transaction price is per unit). Etsy states tax per receipt only, so lines carry none.
 * - Money `{amount, divisor, currency_code}` → integer minor units of the currency: amount × 10^digits
 *   / divisor, exact when the divisor is 10^digits (always, in practice).
 * - Totals: total_price (before coupons), total_shipping_cost, total_tax_cost, discount_amt, grandtotal.
 * - Address: name, first_line, second_line, city, state, zip, country_iso. Etsy withholds address fields
 *   in some regions (spec note). Then we keep what there is, and null when there is no country.
 */
import { currencyDigits, divideMinorUnits, sumMoney, zeroMoney } from "../money";
import type {
  MarketplaceOrder,
  MarketplaceOrderLine,
  MarketplaceOrderStatus,
  MarketplaceShipmentInfo,
  Money,
  PostalAddress,
} from "../types";
import type { EtsyMoney, EtsyShopReceipt, EtsyTransaction } from "./client";

export function mapReceiptStatus(
  receipt: Pick<EtsyShopReceipt, "status" | "is_paid" | "is_shipped">,
): MarketplaceOrderStatus {
  const status = receipt.status;
  const shipped = receipt.is_shipped === true;
  if (status === undefined) return shipped ? "shipped" : receipt.is_paid === false ? "pending" : "unshipped";
  switch (status) {
    case "canceled":
      return "cancelled";
    case "fully refunded":
      return shipped ? "shipped" : "cancelled";
    case "completed":
      return "shipped";
    case "payment processing":
      return shipped ? "shipped" : "pending";
    case "paid":
    case "open":
    case "partially refunded":
      if (shipped) return "shipped";
      return receipt.is_paid === false ? "pending" : "unshipped";
    default:
      return assertUnreachable(status);
  }
}

function assertUnreachable(value: never): never {
  // Etsy added a status the spec did not have: fail loudly rather than import it as something else.
  throw new Error(`Unknown Etsy receipt status: ${String(value)}`);
}

/**
 * Etsy Money → our Money (integer minor units). Null when the field or its amount is absent (the spec makes
 * both optional); an amount that is not an integer throws, rather than reading as no money at all.
 */
export function moneyFromEtsy(m: EtsyMoney | undefined | null, fallbackCurrency: string): Money | null {
  if (!m || m.amount == null) return null;
  const currency = (m.currency_code || fallbackCurrency).trim().toUpperCase();
  const divisor = m.divisor ?? 10 ** currencyDigits(currency);
  if (!Number.isSafeInteger(m.amount) || !Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new RangeError(`Etsy money is not an integer amount over a positive divisor: ${JSON.stringify(m)}`);
  }
  const scale = 10 ** currencyDigits(currency);
  const amount = divisor === scale ? m.amount : divideMinorUnits(m.amount * scale, divisor);
  return { amount, currency };
}

export function receiptCurrency(receipt: EtsyShopReceipt): string {
  return (
    receipt.grandtotal?.currency_code ||
    receipt.subtotal?.currency_code ||
    receipt.transactions?.map((t) => t.price?.currency_code).find((c): c is string => !!c) ||
    "USD"
  ).toUpperCase();
}

export function mapTransaction(t: EtsyTransaction, currency: string, receiptShipped: boolean): MarketplaceOrderLine {
  if (typeof t.transaction_id !== "number") throw new Error("Etsy transaction without transaction_id");
  const quantity = t.quantity ?? 0;
  return {
    marketplaceLineId: String(t.transaction_id),
    sku: t.sku || null,
    title: t.title || (t.listing_id ? `Etsy listing ${t.listing_id}` : `Etsy transaction ${t.transaction_id}`),
    quantity,
    quantityShipped: receiptShipped || t.shipped_timestamp ? quantity : 0,
    unitPrice: moneyFromEtsy(t.price, currency) ?? zeroMoney(currency),
    tax: null,
  };
}

export function mapReceiptAddress(r: EtsyShopReceipt): PostalAddress | null {
  if (!r.country_iso) return null;
  return {
    name: r.name ?? "",
    company: null,
    line1: r.first_line ?? "",
    line2: r.second_line || null,
    line3: null,
    city: r.city ?? "",
    region: r.state || null,
    postalCode: r.zip || null,
    countryCode: r.country_iso.toUpperCase(),
    phone: null,
  };
}

function seconds(s: number | undefined | null): Date | null {
  return typeof s === "number" && Number.isFinite(s) ? new Date(s * 1000) : null;
}

export function mapReceipt(receipt: EtsyShopReceipt): MarketplaceOrder {
  if (typeof receipt.receipt_id !== "number") throw new Error("Etsy receipt without receipt_id");
  const currency = receiptCurrency(receipt);
  const status = mapReceiptStatus(receipt);
  const shipped = status === "shipped";
  const lines = (receipt.transactions ?? []).map((t) => mapTransaction(t, currency, shipped));
  const money = (m: EtsyMoney | undefined) => moneyFromEtsy(m, currency);

  // A shop coupon (percent or fixed). Our subtotal is before discounts: Etsy's total_price (its `subtotal` is net).
  const discount = money(receipt.discount_amt);
  const netSubtotal = money(receipt.subtotal);
  const subtotal =
    money(receipt.total_price) ??
    (netSubtotal ? { amount: netSubtotal.amount + (discount?.amount ?? 0), currency: netSubtotal.currency } : null) ??
    sumMoney(
      currency,
      lines.map((l) => ({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })),
    );
  const shipping = money(receipt.total_shipping_cost) ?? zeroMoney(currency);
  const tax = money(receipt.total_tax_cost) ?? zeroMoney(currency);
  const total = money(receipt.grandtotal) ?? {
    amount: subtotal.amount + shipping.amount + tax.amount - (discount?.amount ?? 0),
    currency,
  };

  const created = seconds(receipt.created_timestamp ?? receipt.create_timestamp);
  const updated = seconds(receipt.updated_timestamp ?? receipt.update_timestamp) ?? created;
  if (!created || !updated) throw new Error(`Etsy receipt ${receipt.receipt_id} has no timestamps`);

  const shipments: MarketplaceShipmentInfo[] = (receipt.shipments ?? []).map((s) => ({
    carrier: s.carrier_name || null,
    trackingNumber: s.tracking_code || null,
    shippedAt: seconds(s.shipment_notification_timestamp),
  }));

  return {
    marketplaceOrderId: String(receipt.receipt_id),
    status,
    marketplaceStatus: receipt.status ?? (receipt.is_shipped ? "shipped" : receipt.is_paid ? "paid" : "open"),
    purchasedAt: created,
    updatedAt: updated,
    currency,
    buyer: {
      name: receipt.name || null,
      email: receipt.buyer_email ?? null,
      phone: null,
      marketplaceUserId: receipt.buyer_user_id != null ? String(receipt.buyer_user_id) : null,
    },
    shippingAddress: mapReceiptAddress(receipt),
    lines,
    totals: { subtotal, shipping, tax, total, ...(discount && discount.amount > 0 ? { discount } : {}) },
    shippingServiceLevel: receipt.transactions?.find((t) => t.shipping_method)?.shipping_method ?? null,
    salesChannel: null,
    shipments,
  };
}

/**
 * Etsy's note on createReceiptShipment: shipping within the United States on an order over $10, or
 * shipping to India, needs a tracking code and a carrier name. "Over $10" compares the grandtotal with
 * 10 whole units of the receipt's currency (US receipts are in USD).
 */
export function trackingRequired(countryIso: string | null | undefined, grandtotal: Money | null): boolean {
  const country = countryIso?.trim().toUpperCase();
  if (country === "IN") return true;
  if (country !== "US") return false;
  if (!grandtotal) return true; // unknown total: assume the rule applies
  return grandtotal.amount > 10 * 10 ** currencyDigits(grandtotal.currency);
}
