import { z } from "zod";
import type { ShopFulfillmentEvent } from "../types";
import { shopifyFulfillmentEvent } from "./fulfillment-event";

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

export function parseFulfillmentWebhook(
  payload: unknown,
): { ok: true; event: ShopFulfillmentEvent } | { ok: false; error: string } {
  const parsed = FulfillmentPayload.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    };
  }
  const p = parsed.data;
  return {
    ok: true,
    event: shopifyFulfillmentEvent({
      orderGid: `gid://shopify/Order/${p.order_id}`,
      fulfillmentGid: p.admin_graphql_api_id ?? `gid://shopify/Fulfillment/${p.id}`,
      status: p.status,
      trackingCompany: p.tracking_company,
      trackingNumber: p.tracking_number ?? p.tracking_numbers?.[0],
      createdAt: p.created_at ?? p.updated_at,
      updatedAt: p.updated_at,
      lines: p.line_items.map((l) => ({
        lineItemGid: `gid://shopify/LineItem/${l.id}`,
        sku: l.sku,
        quantity: l.quantity,
      })),
    }),
  };
}
