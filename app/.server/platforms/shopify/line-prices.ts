import type { NewShopOrderLine } from "../types";

/** The discount code under which Shopify orders carry the cents that whole-cent unit prices add (see below). */
export const ROUNDING_DISCOUNT_CODE = "MARKETPLACE-PRICE-ROUNDING";

/** The discount code of an order with marketplace promotions (the rounding cents, if any, go in the same amount). */
export function promotionDiscountCode(marketplaceName: string): string {
  return `${marketplaceName.toUpperCase()}-PROMOTIONS`;
}

export interface ShopifyLinePrices {
  /** Unit price per line, in minor units: exact when the line total divides by the quantity, else rounded up. */
  units: number[];
  /** What the rounded-up units add over the marketplace's line totals; deducted as one fixed discount. */
  roundingDiscount: number;
  /** The marketplace's line totals added up: the subtotal the buyer paid. */
  subtotal: number;
}

/**
 * Shopify prices a line item by its unit price, in whole minor units, so a marketplace line total that does not
 * divide by its quantity (Amazon ItemPrice 10.00 for 3) has no exact unit price: 3 × 3.33 loses a cent, 3 × 3.34
 * adds one. We round up, and the order carries the cents added as one fixed discount, so the order's total is
 * the marketplace's, cent for cent (a discount, because orderCreate has no other way to lower a line's total).
 */
export function shopifyLinePrices(lines: Pick<NewShopOrderLine, "quantity" | "lineTotal">[]): ShopifyLinePrices {
  let roundingDiscount = 0;
  let subtotal = 0;
  const units = lines.map((l) => {
    const total = l.lineTotal.amount;
    subtotal += total;
    if (l.quantity <= 0) return 0;
    const unit = Math.ceil(total / l.quantity);
    roundingDiscount += unit * l.quantity - total;
    return unit;
  });
  return { units, roundingDiscount, subtotal };
}
