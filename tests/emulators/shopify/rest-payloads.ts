/**
 * Webhook bodies in the REST resource shapes Shopify serializes them in (snake_case, numeric ids,
 * `admin_graphql_api_id`, two-decimal price strings): Fulfillment for fulfillments/create|update, Shop for
 * app/uninstalled, and the compliance payloads.
 */
import { gid } from "./ids";
import { fixed } from "./money";
import {
  fulfilledQuantity,
  type AddressRecord,
  type FulfillmentRecord,
  type LineItemRecord,
  type OrderRecord,
  type ShopRecord,
  type VariantRecord,
} from "./state";

type Json = Record<string, unknown>;

/** REST timestamps carry the shop's offset (the emulator's shops are on UTC). */
export function restTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$|Z$/, "+00:00");
}

function moneySet(minor: number, currency: string): Json {
  const m = { amount: fixed(minor, currency), currency_code: currency };
  return { shop_money: m, presentment_money: m };
}

export function restAddress(a: AddressRecord | null): Json | null {
  if (!a) return null;
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    name: [a.firstName, a.lastName].filter(Boolean).join(" ") || null,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    province_code: a.provinceCode,
    country: a.country,
    country_code: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    latitude: null,
    longitude: null,
  };
}

/** An order line item; `quantity` is overridden with the fulfilled quantity inside a fulfillment. */
export function restLineItem(order: OrderRecord, l: LineItemRecord, quantity = l.quantity): Json {
  const done = fulfilledQuantity(order, l.id);
  const c = order.currency;
  return {
    id: l.id,
    admin_graphql_api_id: gid("LineItem", l.id),
    attributed_staffs: [],
    current_quantity: l.quantity,
    fulfillable_quantity: Math.max(0, l.quantity - done),
    fulfillment_service: "manual",
    fulfillment_status: done >= l.quantity ? "fulfilled" : done > 0 ? "partial" : null,
    gift_card: l.giftCard,
    grams: l.grams,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    price: fixed(l.price, c),
    price_set: moneySet(l.price, c),
    product_exists: l.productId !== null,
    product_id: l.productId,
    properties: l.properties,
    quantity,
    requires_shipping: l.requiresShipping,
    sku: l.sku,
    taxable: l.taxable,
    title: l.title,
    total_discount: fixed(l.discount, c),
    total_discount_set: moneySet(l.discount, c),
    variant_id: l.variantId,
    variant_inventory_management: l.variantId ? "shopify" : null,
    variant_title: l.variantTitle,
    vendor: l.vendor,
    tax_lines: l.taxLines.map((t) => ({
      title: t.title,
      rate: t.rate,
      price: fixed(t.price, c),
      price_set: moneySet(t.price, c),
      channel_liable: t.channelLiable,
    })),
    duties: [],
    discount_allocations: [],
  };
}

export function restFulfillment(order: OrderRecord, f: FulfillmentRecord): Json {
  const numbers = f.tracking.map((t) => t.number).filter((n): n is string => !!n);
  const urls = f.tracking.map((t) => t.url).filter((u): u is string => !!u);
  return {
    id: f.id,
    admin_graphql_api_id: gid("Fulfillment", f.id),
    created_at: restTime(f.createdAt),
    location_id: f.locationId,
    name: f.name,
    order_id: order.id,
    origin_address: null,
    receipt: {},
    service: "manual",
    shipment_status: f.shipmentStatus,
    status: f.status === "SUCCESS" ? "success" : "cancelled",
    tracking_company: f.tracking[0]?.company ?? null,
    tracking_number: numbers[0] ?? null,
    tracking_numbers: numbers,
    tracking_url: urls[0] ?? null,
    tracking_urls: urls,
    updated_at: restTime(f.updatedAt),
    email: order.email,
    destination: restAddress(order.shippingAddress),
    line_items: f.lineItems.map((fl) =>
      restLineItem(
        order,
        order.lineItems.find((l) => l.id === fl.lineItemId)!,
        fl.quantity,
      ),
    ),
  };
}

export function restShop(shop: ShopRecord): Json {
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    shop_owner: shop.name,
    currency: shop.currencyCode,
    enabled_presentment_currencies: [shop.currencyCode],
    iana_timezone: "Etc/UTC",
    timezone: "(GMT+00:00) Etc/UTC",
    plan_name: "partner_test",
    plan_display_name: "Development",
    created_at: restTime(shop.createdAt),
    updated_at: restTime(shop.createdAt),
    country_code: "CA",
    country_name: "Canada",
    primary_location_id: shop.locations[0]?.id ?? null,
  };
}

/** Default bodies for the mandatory compliance topics (GDPR). */
export function compliancePayload(shop: ShopRecord, topic: string, extra: Json = {}): Json {
  const base = { shop_id: shop.id, shop_domain: shop.domain };
  switch (topic) {
    case "customers/data_request":
      return {
        ...base,
        orders_requested: [],
        customer: { id: null, email: null, phone: null },
        data_request: { id: Date.now() },
        ...extra,
      };
    case "customers/redact":
      return { ...base, customer: { id: null, email: null, phone: null }, orders_to_redact: [], ...extra };
    case "shop/redact":
      return { ...base, ...extra };
    default:
      return { ...base, ...extra };
  }
}

/**
 * The REST InventoryLevel of an `inventory_levels/update` delivery: the variant's inventory item at the shop's first
 * location (the emulator keeps one level per variant). https://shopify.dev/docs/api/admin-rest/latest/resources/inventorylevel
 */
export function restInventoryLevel(shop: ShopRecord, variant: VariantRecord): Json {
  const locationId = shop.locations[0].id;
  return {
    inventory_item_id: variant.inventoryItemId,
    location_id: locationId,
    available: variant.inventoryQuantity,
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${variant.inventoryItemId}`,
  };
}
