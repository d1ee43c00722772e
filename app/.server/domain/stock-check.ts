/**
 * Whether the shop has the units an order takes (the account refuses to oversell). Pure. A variant whose stock the
 * shop does not track (`inventoryQuantity` null) has no limit; lines of the same variant add up.
 */

export interface StockedVariant {
  variantId: string;
  sku: string;
  inventoryQuantity: number | null;
}

export interface StockShortage {
  sku: string;
  wanted: number;
  available: number;
}

export function stockShortages(lines: { quantity: number; variant: StockedVariant | null }[]): StockShortage[] {
  const wanted = new Map<string, { variant: StockedVariant; quantity: number }>();
  for (const { quantity, variant } of lines) {
    if (!variant || variant.inventoryQuantity === null || quantity <= 0) continue;
    const entry = wanted.get(variant.variantId) ?? { variant, quantity: 0 };
    entry.quantity += quantity;
    wanted.set(variant.variantId, entry);
  }
  return [...wanted.values()]
    .filter((w) => w.quantity > (w.variant.inventoryQuantity ?? Infinity))
    .map((w) => ({ sku: w.variant.sku, wanted: w.quantity, available: Math.max(0, w.variant.inventoryQuantity ?? 0) }));
}
