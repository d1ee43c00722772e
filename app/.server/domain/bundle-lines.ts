/**
 * Which shop lines a marketplace line becomes, through the merchant's SKU mappings (docs/decisions/032). Pure.
 *
 * A line whose SKU is not mapped, or mapped to one shop SKU × 1, stays one shop line (unit price and line total as
 * the marketplace gave them). A bundle (several shop SKUs, or one SKU × n) becomes one shop line per component, with
 * quantity = component quantity × line quantity; the marketplace line total is split over the components in
 * proportion to their units (the shop's own prices are not read), largest remainder first, so the component lines
 * add up to the line total cent for cent. Each platform then prices a line whose total does not divide by its
 * quantity as it does any such line (decision 013).
 */

export interface MappedComponent {
  sku: string;
  quantity: number;
}

export interface MarketplaceLineInput {
  id: number;
  sku: string;
  title: string;
  quantity: number;
  unitPriceAmount: number;
  lineTotalAmount: number;
}

export interface PlannedShopLine {
  orderLineId: number;
  /** The shop SKU of this line. */
  sku: string;
  title: string;
  quantity: number;
  unitPriceAmount: number;
  lineTotalAmount: number;
  /** Shop units per marketplace unit; 1 for a line that is not a bundle. */
  quantityPerUnit: number;
  /** True when the marketplace line became several shop lines (or one SKU × n): its components are recorded. */
  bundle: boolean;
}

/** The components a mapping names, or the line's own SKU × 1 when it has none. */
export function componentsFor(sku: string, mappings: ReadonlyMap<string, MappedComponent[]>): MappedComponent[] {
  return mappings.get(sku) ?? [{ sku, quantity: 1 }];
}

export function isBundle(components: readonly MappedComponent[]): boolean {
  return components.length > 1 || components[0]?.quantity !== 1;
}

/** Splits `total` minor units in proportion to `weights` (positive integers), the sum exact, by largest remainder. */
export function splitAmount(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) throw new Error("splitAmount needs positive weights");
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

/** The shop lines of the order, in marketplace line order, components in mapping order. */
export function planShopLines(
  lines: readonly MarketplaceLineInput[],
  mappings: ReadonlyMap<string, MappedComponent[]>,
): PlannedShopLine[] {
  return lines.flatMap((l): PlannedShopLine[] => {
    const components = componentsFor(l.sku, mappings);
    if (!isBundle(components)) {
      return [
        {
          orderLineId: l.id,
          sku: components[0].sku,
          title: l.title,
          quantity: l.quantity,
          unitPriceAmount: l.unitPriceAmount,
          lineTotalAmount: l.lineTotalAmount,
          quantityPerUnit: 1,
          bundle: false,
        },
      ];
    }
    const totals = splitAmount(
      l.lineTotalAmount,
      components.map((c) => c.quantity),
    );
    return components.map((c, i) => {
      const quantity = c.quantity * l.quantity;
      return {
        orderLineId: l.id,
        sku: c.sku,
        title: `${l.title} (${c.sku})`,
        quantity,
        unitPriceAmount: quantity > 0 ? Math.round(totals[i] / quantity) : 0,
        lineTotalAmount: totals[i],
        quantityPerUnit: c.quantity,
        bundle: true,
      };
    });
  });
}

/**
 * Marketplace units a package holds of a bundle line: whole units only, the component that is shortest deciding
 * (a unit counts as shipped when all its components are in the package). `shipped` is the package's shop units
 * per component SKU.
 */
export function bundleUnitsShipped(
  components: readonly { sku: string; quantityPerUnit: number }[],
  shipped: ReadonlyMap<string, number>,
): number {
  if (!components.length) return 0;
  return Math.min(...components.map((c) => Math.floor((shipped.get(c.sku) ?? 0) / c.quantityPerUnit)));
}

export interface ShopLineRef {
  id: string;
  sku: string | null;
  variantId: string | null;
}

/**
 * Matches the shop order's lines to the planned ones by SKU, each shop line used once: a plain line gets its shop
 * line item (order_lines.shop_line_item_id), a bundle line one component record per shop line.
 */
export function matchShopLines(
  orderLineIds: readonly number[],
  planned: readonly PlannedShopLine[],
  refLines: readonly ShopLineRef[],
): {
  lines: { orderLineId: number; shopLineItemId: string | null; shopVariantId: string | null }[];
  components: {
    orderLineId: number;
    sku: string;
    quantityPerUnit: number;
    shopLineItemId: string | null;
    shopVariantId: string | null;
  }[];
} {
  const used = new Set<string>();
  const take = (sku: string) => {
    const match = refLines.find((r) => !used.has(r.id) && r.sku === sku) ?? null;
    if (match) used.add(match.id);
    return match;
  };
  const lines: ReturnType<typeof matchShopLines>["lines"] = [];
  const components: ReturnType<typeof matchShopLines>["components"] = [];
  for (const orderLineId of orderLineIds) {
    const mine = planned.filter((p) => p.orderLineId === orderLineId);
    if (mine.length === 1 && !mine[0].bundle) {
      const m = take(mine[0].sku);
      lines.push({ orderLineId, shopLineItemId: m?.id ?? null, shopVariantId: m?.variantId ?? null });
      continue;
    }
    lines.push({ orderLineId, shopLineItemId: null, shopVariantId: null });
    for (const p of mine) {
      const m = take(p.sku);
      components.push({
        orderLineId,
        sku: p.sku,
        quantityPerUnit: p.quantityPerUnit,
        shopLineItemId: m?.id ?? null,
        shopVariantId: m?.variantId ?? null,
      });
    }
  }
  return { lines, components };
}
