import { currencyDigits, fromMinorUnits } from "#connectors/money.ts";
import type { PostalAddress } from "#connectors/types.ts";
import { marketplaceName } from "#app/.server/domain/marketplace-names.ts";
import { sourceIdentifier, type NewShopOrder } from "../types";

/**
 * NewShopOrder → the body of `POST /v2/orders` (docs/platform-facts.md#bc-orders; operation createOrder).
 *
 *  - Catalog lines `{product_id, variant_id, quantity, price_ex_tax, price_inc_tax}` (the catalog form has no
 *    `sku`); a line no product sells goes in the custom form `{name, sku, quantity, price_ex_tax, price_inc_tax}`. The marketplace's tax is spread over the lines in proportion to their amounts (largest remainder,
 *    in minor units), so each unit's price_inc_tax carries its share to 4 decimals as BigCommerce stores it.
 *  - Subtotal and total are sent as overrides, so they are exact whatever that rounding did.
 *  - Status 11 (Awaiting Fulfillment), guest customer, `external_order_id` = our source identifier (what a
 *    retry looks for), `external_source` = "OrderBridge (Amazon)", following the spec's "system (vendor)".
 *  - The billing address is the shipping address with the buyer's e-mail (marketplaces do not share billing
 *    addresses); its `zip` is required, so "N/A" stands in when the marketplace gave none.
 */

export const AWAITING_FULFILLMENT = 11;
export const NO_POSTAL_CODE = "N/A";

export interface CatalogLine {
  productId: number;
  variantId: number;
}

type Address = Record<string, string>;

export function externalSource(input: Pick<NewShopOrder, "marketplace" | "sourceLabel">): string {
  return input.sourceLabel || `OrderBridge (${marketplaceName(input.marketplace)})`;
}

/** RFC-2822 in UTC, as BigCommerce writes dates: "Tue, 20 Nov 2012 00:00:00 +0000". */
export function rfc2822(d: Date): string {
  return d.toUTCString().replace(/GMT$/, "+0000");
}

function splitName(name: string): { first_name: string; last_name: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { first_name: parts[0] ?? "", last_name: "" };
  return { first_name: parts.slice(0, -1).join(" "), last_name: parts[parts.length - 1] ?? "" };
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(iso2: string): string {
  try {
    return regionNames.of(iso2.toUpperCase()) ?? iso2;
  } catch {
    return iso2;
  }
}

/** Drops empty values: BigCommerce keeps "" as a value, and absent fields read better in its control panel. */
function compact(a: Record<string, string | null | undefined>): Address {
  return Object.fromEntries(
    Object.entries(a).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].trim() !== ""),
  );
}

function postalAddress(a: PostalAddress): Address {
  return compact({
    ...splitName(a.name),
    company: a.company,
    street_1: a.line1,
    street_2: [a.line2, a.line3].filter((l) => l && l.trim()).join(", "),
    city: a.city,
    state: a.region,
    zip: a.postalCode,
    country: countryName(a.countryCode),
    country_iso2: a.countryCode.toUpperCase(),
    phone: a.phone,
  });
}

/** Splits `total` minor units over `weights` in proportion, summing exactly (largest remainder). */
export function spread(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || weights.length === 0) return weights.map(() => 0);
  const basis = sum > 0 ? weights : weights.map(() => 1);
  const basisSum = sum > 0 ? sum : weights.length;
  const exact = basis.map((w) => (total * w) / basisSum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i] += 1;
  return out;
}

/** Minor units (possibly a fraction of a unit) as a JSON number with at most 4 decimals. */
function unitAmount(minorTimesQty: number, quantity: number, currency: string): number {
  const digits = Math.min(4, currencyDigits(currency));
  const tenThousandths = Math.round((minorTimesQty * 10 ** (4 - digits)) / quantity);
  return tenThousandths / 10_000;
}

/** `catalog[i]` is null for a custom line (no product sells its SKU): it goes as a custom product, name, SKU and price. */
export function orderCreateBody(input: NewShopOrder, catalog: (CatalogLine | null)[]): Record<string, unknown> {
  const money = (minor: number) => fromMinorUnits(minor, input.currency);
  // BigCommerce takes unit prices to 4 decimals and the subtotal as given, so the marketplace's line totals carry over.
  const lineTotals = input.lines.map((l) => l.lineTotal.amount);
  const lineTax = spread(input.tax.amount, lineTotals);
  const subtotal = lineTotals.reduce((s, v) => s + v, 0);
  const shipping = input.shipping.price.amount;
  const shippingAddress = input.shippingAddress ? postalAddress(input.shippingAddress) : null;
  const buyer = compact({
    ...splitName(input.buyer.name ?? input.shippingAddress?.name ?? ""),
    email: input.buyer.email,
    phone: input.buyer.phone,
  });
  const billing: Address = { ...(shippingAddress ?? {}), ...buyer };
  billing.zip ??= NO_POSTAL_CODE;

  return {
    status_id: AWAITING_FULFILLMENT,
    customer_id: 0,
    date_created: rfc2822(input.processedAt),
    default_currency_code: input.currency,
    billing_address: billing,
    ...(shippingAddress
      ? {
          shipping_addresses: [
            { ...shippingAddress, ...compact({ email: input.buyer.email }), shipping_method: input.shipping.title },
          ],
        }
      : {}),
    products: input.lines.map((l, i) => {
      const prices = {
        quantity: l.quantity,
        price_ex_tax: unitAmount(lineTotals[i], l.quantity, input.currency),
        price_inc_tax: unitAmount(lineTotals[i] + lineTax[i], l.quantity, input.currency),
      };
      const line = catalog[i];
      return line
        ? { product_id: line.productId, variant_id: line.variantId, ...prices }
        : { name: l.title, ...(l.sku ? { sku: l.sku } : {}), ...prices };
    }),
    shipping_cost_ex_tax: money(shipping),
    shipping_cost_inc_tax: money(shipping),
    subtotal_ex_tax: money(subtotal),
    subtotal_inc_tax: money(subtotal + input.tax.amount),
    ...(input.discount.amount > 0 ? { discount_amount: money(input.discount.amount) } : {}),
    total_ex_tax: money(subtotal + shipping - input.discount.amount),
    total_inc_tax: money(subtotal + shipping + input.tax.amount - input.discount.amount),
    payment_method: marketplaceName(input.marketplace),
    external_source: externalSource(input),
    external_order_id: sourceIdentifier(input.marketplace, input.marketplaceOrderId),
    ...(input.note ? { staff_notes: input.note } : {}),
  };
}
