/**
 * Receipts as the API shows them: the spec's `ShopReceipt`, with `ShopReceiptTransaction` and
 * `ShopReceiptShipment` entries and `Money` fields `{amount, divisor, currency_code}`. The control API
 * uses the same shape, so tests compare like with like. spec-conformance.test.ts checks the shape
 * against the spec.
 */
import { divisorOf, grandTotal, type Receipt, totalPrice } from "./state";

export interface EtsyMoney {
  amount: number;
  divisor: number;
  currency_code: string;
}

const COUNTRY_NAMES: Record<string, string> = {
  US: "United States",
  CA: "Canada",
  GB: "United Kingdom",
  DE: "Germany",
  FR: "France",
  IN: "India",
  AU: "Australia",
  JP: "Japan",
};

function money(amount: number, currency: string): EtsyMoney {
  return { amount, divisor: divisorOf(currency), currency_code: currency };
}

function formattedAddress(r: Receipt): string | null {
  if (r.firstLine === null && r.city === null) return null;
  const cityLine = [r.city, [r.state, r.zip].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const country = r.countryIso ? (COUNTRY_NAMES[r.countryIso] ?? r.countryIso) : null;
  return [r.name, r.firstLine, r.secondLine, cityLine, country].filter((l): l is string => !!l).join("\n");
}

export function shopReceiptView(r: Receipt) {
  const m = (amount: number) => money(amount, r.currency);
  const total = totalPrice(r);
  return {
    receipt_id: r.receiptId,
    receipt_type: 0,
    seller_user_id: r.sellerUserId,
    seller_email: null,
    buyer_user_id: r.buyerUserId,
    buyer_email: r.buyerEmail,
    name: r.name,
    first_line: r.firstLine,
    second_line: r.secondLine,
    city: r.city,
    state: r.state,
    zip: r.zip,
    status: r.status,
    formatted_address: formattedAddress(r),
    country_iso: r.countryIso,
    payment_method: "cc",
    payment_email: null,
    message_from_seller: null,
    message_from_buyer: r.messageFromBuyer,
    message_from_payment: null,
    is_paid: r.isPaid,
    is_shipped: r.isShipped,
    create_timestamp: r.createdAt,
    created_timestamp: r.createdAt,
    update_timestamp: r.updatedAt,
    updated_timestamp: r.updatedAt,
    is_gift: r.isGift,
    gift_message: "",
    gift_sender: "",
    grandtotal: m(grandTotal(r)),
    subtotal: m(total),
    total_price: m(total),
    total_shipping_cost: m(r.shipping),
    total_tax_cost: m(r.tax),
    total_vat_cost: m(0),
    discount_amt: m(0),
    gift_wrap_price: m(0),
    shipments: r.shipments.map((s) => ({
      receipt_shipping_id: s.receiptShippingId,
      shipment_notification_timestamp: s.notifiedAt,
      carrier_name: s.carrierName,
      tracking_code: s.trackingCode,
    })),
    transactions: r.transactions.map((t) => ({
      transaction_id: t.transactionId,
      title: t.title,
      seller_user_id: r.sellerUserId,
      buyer_user_id: r.buyerUserId,
      create_timestamp: t.createdAt,
      created_timestamp: t.createdAt,
      paid_timestamp: t.paidAt,
      shipped_timestamp: t.shippedAt,
      quantity: t.quantity,
      listing_image_id: null,
      receipt_id: r.receiptId,
      is_digital: false,
      file_data: "",
      listing_id: t.listingId,
      transaction_type: "listing",
      product_id: t.productId,
      sku: t.sku,
      price: m(t.unitPrice),
      shipping_cost: m(t.shippingCost),
      variations: [],
      product_data: [],
      shipping_profile_id: null,
      min_processing_days: 1,
      max_processing_days: 3,
      shipping_method: null,
      shipping_upgrade: null,
      expected_ship_date: t.createdAt + 3 * 86_400,
      buyer_coupon: 0,
      shop_coupon: 0,
    })),
    refunds: [],
  };
}

export type ShopReceiptView = ReturnType<typeof shopReceiptView>;
