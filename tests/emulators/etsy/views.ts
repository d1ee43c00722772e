/**
 * Receipts as the API shows them: the spec's `ShopReceipt`, with `ShopReceiptTransaction` and
 * `ShopReceiptShipment` entries and `Money` fields `{amount, divisor, currency_code}`. The control API
 * uses the same shape, so tests compare like with like. Shops as getShopByOwnerUserId shows them: the
 * spec's `Shop`. spec-conformance.test.ts checks both shapes against the spec.
 */
import { divisorOf, grandTotal, type Receipt, type Shop, totalPrice } from "./state";

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

/**
 * The spec's `Shop`. The emulator holds only the id, owner, name and creation time; the rest are a
 * plain US shop's values (USD, English, no policies, not on vacation, no listings or sales counted).
 */
export function shopView(s: Shop) {
  return {
    shop_id: s.shopId,
    user_id: s.userId,
    shop_name: s.shopName,
    create_date: s.createdAt,
    created_timestamp: s.createdAt,
    title: null,
    announcement: null,
    currency_code: "USD",
    is_vacation: false,
    vacation_message: null,
    sale_message: null,
    digital_sale_message: null,
    update_date: s.createdAt,
    updated_timestamp: s.createdAt,
    listing_active_count: 0,
    digital_listing_count: 0,
    login_name: `user${s.userId}`,
    accepts_custom_requests: false,
    policy_welcome: null,
    policy_payment: null,
    policy_shipping: null,
    policy_refunds: null,
    policy_additional: null,
    policy_seller_info: null,
    policy_update_date: s.createdAt,
    policy_has_private_receipt_info: false,
    has_unstructured_policies: false,
    policy_privacy: null,
    vacation_autoreply: null,
    url: `https://www.etsy.com/shop/${encodeURIComponent(s.shopName)}`,
    image_url_760x100: null,
    num_favorers: 0,
    languages: ["en-US"],
    icon_url_fullxfull: null,
    is_using_structured_policies: false,
    has_onboarded_structured_policies: false,
    include_dispute_form_link: false,
    is_direct_checkout_onboarded: true,
    is_etsy_payments_onboarded: true,
    is_calculated_eligible: true,
    is_opted_in_to_buyer_promise: false,
    is_shop_us_based: true,
    transaction_sold_count: 0,
    shipping_from_country_iso: "US",
    shop_location_country_iso: "US",
    review_count: 0,
    review_average: null,
  };
}

export type ShopView = ReturnType<typeof shopView>;
