import { z } from "zod";
import { pickFields } from "../pick-fields";

/**
 * BigCommerce's light webhook payloads (docs/platform-facts.md#bc-webhooks):
 *   {scope, store_id, data: {type, id, ...}, hash, created_at, producer: "stores/{hash}"}
 * translated into the few events the app acts on. Everything else is `other` (acknowledged, ignored).
 */

export type BigCommerceWebhookEvent =
  | { kind: "shipment"; scope: string; storeHash: string; orderId: number; shipmentId: number; createdAt: Date | null }
  | {
      kind: "order_status";
      scope: string;
      storeHash: string;
      orderId: number;
      previousStatusId: number;
      newStatusId: number;
      createdAt: Date | null;
    }
  /** A product's or variant's stock was set: `value` is the new level (method absolute) or the change (relative). */
  | {
      kind: "inventory";
      scope: string;
      storeHash: string;
      method: string;
      value: number;
      createdAt: Date | null;
    }
  | { kind: "other"; scope: string; storeHash: string; createdAt: Date | null };

const Envelope = z.object({
  scope: z.string().min(1),
  producer: z.string().regex(/^stores\/[A-Za-z0-9]+$/, "is not stores/{hash}"),
  created_at: z.number().int().optional(),
  data: z.record(z.unknown()),
});

const ShipmentData = z.object({ type: z.literal("shipment"), id: z.number().int(), orderId: z.number().int() });
const StatusData = z.object({
  type: z.literal("order"),
  id: z.number().int(),
  status: z.object({ previous_status_id: z.number().int(), new_status_id: z.number().int() }),
});

const InventoryData = z.object({
  type: z.enum(["product", "sku"]),
  id: z.number().int(),
  inventory: z.object({ product_id: z.number().int(), method: z.string(), value: z.number().int() }),
});

function issues(e: z.ZodError, prefix = ""): string {
  return e.issues.map((i) => `${[prefix, ...i.path].filter(Boolean).join(".") || "body"}: ${i.message}`).join("; ");
}

export function parseBigCommerceWebhook(
  payload: unknown,
): { ok: true; event: BigCommerceWebhookEvent } | { ok: false; error: string } {
  const env = Envelope.safeParse(payload);
  if (!env.success) return { ok: false, error: issues(env.error) };
  const { scope, producer, created_at, data } = env.data;
  const base = {
    scope,
    storeHash: producer.slice("stores/".length),
    createdAt: created_at === undefined ? null : new Date(created_at * 1000),
  };
  if (scope === "store/shipment/created" || scope === "store/shipment/updated" || scope === "store/shipment/deleted") {
    const d = ShipmentData.safeParse(data);
    if (!d.success) return { ok: false, error: issues(d.error, "data") };
    return { ok: true, event: { ...base, kind: "shipment", orderId: d.data.orderId, shipmentId: d.data.id } };
  }
  if (scope === "store/order/statusUpdated") {
    const d = StatusData.safeParse(data);
    if (!d.success) return { ok: false, error: issues(d.error, "data") };
    return {
      ok: true,
      event: {
        ...base,
        kind: "order_status",
        orderId: d.data.id,
        previousStatusId: d.data.status.previous_status_id,
        newStatusId: d.data.status.new_status_id,
      },
    };
  }
  if (scope === "store/product/inventory/updated" || scope === "store/sku/inventory/updated") {
    const d = InventoryData.safeParse(data);
    if (!d.success) return { ok: false, error: issues(d.error, "data") };
    return {
      ok: true,
      event: { ...base, kind: "inventory", method: d.data.inventory.method, value: d.data.inventory.value },
    };
  }
  return { ok: true, event: { ...base, kind: "other" } };
}

/**
 * What a BigCommerce webhook delivery keeps in `webhook_deliveries.payload`: the envelope and the ids of `data`
 * (and a status change's two status ids). The payloads are light and carry no personal data today; the allow-list
 * keeps it so if BigCommerce adds fields.
 */
export function bigCommerceDeliveryRecord(payload: unknown): Record<string, unknown> {
  const record = pickFields(payload, ["scope", "store_id", "producer", "hash", "created_at"]);
  const data = pickFields(payload, ["data"]).data;
  if (data !== undefined) {
    record.data = pickFields(data, ["type", "id", "orderId"]);
    const inventory = pickFields(data, ["inventory"]).inventory;
    if (inventory !== undefined)
      (record.data as Record<string, unknown>).inventory = pickFields(inventory, [
        "product_id",
        "variant_id",
        "method",
        "value",
      ]);
    const status = pickFields(data, ["status"]).status;
    if (status !== undefined)
      (record.data as Record<string, unknown>).status = pickFields(status, ["previous_status_id", "new_status_id"]);
  }
  return record;
}
