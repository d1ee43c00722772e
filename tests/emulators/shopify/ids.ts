/**
 * Shopify global IDs (`gid://shopify/Order/123`) and the numeric legacy resource IDs behind them.
 * One counter per emulator hands out every numeric id, so an id of one resource type can never be
 * mistaken for another's (passing a LineItem id where a FulfillmentOrderLineItem id belongs fails loudly).
 */

export type ResourceType =
  | "Shop"
  | "Location"
  | "Product"
  | "ProductVariant"
  | "InventoryItem"
  | "Order"
  | "LineItem"
  | "ShippingLine"
  | "FulfillmentOrder"
  | "FulfillmentOrderLineItem"
  | "Fulfillment"
  | "FulfillmentLineItem"
  | "MailingAddress"
  | "Customer"
  | "Job";

export function gid(type: ResourceType, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/** `{type, id}` of a GID, or null when the string is not one. Query strings (`?...`) are ignored. */
export function parseGid(value: string): { type: string; id: number } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  return m ? { type: m[1], id: Number(m[2]) } : null;
}

/** Accepts a GID of the given type or a bare numeric id (control API convenience). */
export function idOf(value: string | number, type: ResourceType): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (/^\d+$/.test(value)) return Number(value);
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

export class IdSequence {
  private next = 1_000_000_000_001;

  take(): number {
    return this.next++;
  }

  reset(): void {
    this.next = 1_000_000_000_001;
  }
}
