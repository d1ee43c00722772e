import { z } from "zod";
import { TransientError } from "#app/.server/errors.ts";

/**
 * The parts of BigCommerce's answers we read (orders.v2.oas2.yml, product-variants_catalog.v3.yml,
 * webhooks.v3.yml), checked at the edge. Only the fields we use are required; the rest pass through.
 */

const id = z.number().int();

export const Variant = z.object({
  id,
  product_id: id,
  sku: z.string(),
  inventory_level: z.number().nullable().optional(),
  option_values: z
    .array(z.object({ label: z.string().optional(), option_display_name: z.string().optional() }).passthrough())
    .optional(),
});
export type Variant = z.infer<typeof Variant>;

export const VariantPage = z.object({
  data: z.array(Variant),
  meta: z
    .object({ pagination: z.object({ total_pages: z.number().int() }).partial().optional() })
    .passthrough()
    .optional(),
});

export const Order = z.object({
  id,
  status_id: z.number().int(),
  external_order_id: z.string().nullable().optional(),
  is_deleted: z.boolean().optional(),
});
export type Order = z.infer<typeof Order>;

export const OrderProduct = z.object({
  id,
  order_id: id,
  product_id: id,
  variant_id: z.number().int().nullable().optional(),
  sku: z.string().nullable().optional(),
  quantity: z.number().int(),
});
export type OrderProduct = z.infer<typeof OrderProduct>;

export const Shipment = z.object({
  id,
  order_id: id,
  date_created: z.string(),
  tracking_number: z.string().nullable().optional(),
  shipping_provider: z.string().nullable().optional(),
  tracking_carrier: z.string().nullable().optional(),
  shipping_provider_display_name: z.string().nullable().optional(),
  items: z.array(z.object({ order_product_id: id, quantity: z.number().int() }).passthrough()),
});
export type Shipment = z.infer<typeof Shipment>;

export const Hook = z.object({ id, scope: z.string(), destination: z.string(), is_active: z.boolean() });
export type Hook = z.infer<typeof Hook>;

export const HookPage = z.object({
  data: z.array(Hook),
  meta: z
    .object({ pagination: z.object({ total_pages: z.number().int() }).partial().optional() })
    .passthrough()
    .optional(),
});

/** Parses an answer; a shape we cannot read is treated as a transient fault of the API (like a malformed body). */
export function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TransientError(
    `BigCommerce answered ${what} in an unexpected shape (${issue?.path.join(".") || "body"}: ${issue?.message})`,
  );
}
