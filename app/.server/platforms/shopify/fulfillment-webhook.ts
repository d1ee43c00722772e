import { z } from "zod";
import type { ShopFulfillmentEvent } from "../types";

/**
 * The `fulfillments/create|update` payload (REST Fulfillment resource), validated at the edge and
 * translated into our ShopFulfillmentEvent. Only the fields we use are required.
 */
const FulfillmentPayload = z.object({
  id: z.union([z.number(), z.string()]),
  admin_graphql_api_id: z.string().optional(),
  order_id: z.union([z.number(), z.string()]),
  status: z.string(),
  tracking_company: z.string().nullable().optional(),
  tracking_number: z.string().nullable().optional(),
  tracking_numbers: z.array(z.string()).nullable().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  line_items: z.array(
    z.object({
      id: z.union([z.number(), z.string()]),
      sku: z.string().nullable().optional(),
      quantity: z.number().int().positive(),
    }),
  ),
});

export type ShopifyFulfillmentPayload = z.infer<typeof FulfillmentPayload>;

function statusOf(s: string): ShopFulfillmentEvent["status"] {
  switch (s) {
    case "success":
      return "success";
    case "cancelled":
      return "cancelled";
    case "pending":
    case "open":
      return "pending";
    default:
      return "other";
  }
}

function blankToNull(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

export function parseFulfillmentWebhook(payload: unknown): { ok: true; event: ShopFulfillmentEvent } | { ok: false; error: string } {
  const parsed = FulfillmentPayload.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") };
  }
  const p = parsed.data;
  const shippedAt = new Date(p.created_at ?? p.updated_at ?? Date.now());
  return {
    ok: true,
    event: {
      shopOrderId: `gid://shopify/Order/${p.order_id}`,
      fulfillmentId: p.admin_graphql_api_id ?? `gid://shopify/Fulfillment/${p.id}`,
      status: statusOf(p.status),
      carrierName: blankToNull(p.tracking_company),
      trackingNumber: blankToNull(p.tracking_number ?? p.tracking_numbers?.[0]),
      shippedAt: Number.isNaN(shippedAt.getTime()) ? new Date() : shippedAt,
      lines: p.line_items.map((l) => ({ shopLineItemId: `gid://shopify/LineItem/${l.id}`, sku: l.sku ?? null, quantity: l.quantity })),
    },
  };
}
