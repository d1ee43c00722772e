import { z } from "zod";
import type { PrivacyRequestSubject } from "#db/schema/index.ts";

/**
 * Shopify's mandatory compliance topics, translated at the edge (docs/platform-facts.md#shopify-compliance-webhooks):
 *  - `customers/data_request`: `{shop_id, shop_domain, orders_requested: [id], customer: {id, email, phone},
 *    data_request: {id}}`;
 *  - `customers/redact`: `{shop_id, shop_domain, customer: {id, email, phone}, orders_to_redact: [id]}`;
 *  - `shop/redact`: `{shop_id, shop_domain}`, 48 hours after the app was uninstalled.
 * Order ids are the REST ids of the shop's orders; ours are GIDs (`gid://shopify/Order/<id>`).
 */

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

const Id = z.union([z.number(), z.string()]).transform(String);
const Customer = z
  .object({
    id: Id.nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .nullish();

const CustomerRequest = z.object({
  customer: Customer,
  orders_requested: z.array(Id).nullish(),
  orders_to_redact: z.array(Id).nullish(),
});

export type ComplianceRequest =
  { topic: "customers/data_request" | "customers/redact"; subject: PrivacyRequestSubject } | { topic: "shop/redact" };

export function isComplianceTopic(topic: string): topic is ComplianceTopic {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

/** The order's GID from a compliance payload's order id. */
export function shopifyOrderGid(id: string): string {
  return id.startsWith("gid://") ? id : `gid://shopify/Order/${id}`;
}

export function parseComplianceRequest(
  topic: ComplianceTopic,
  payload: unknown,
): { ok: true; request: ComplianceRequest } | { ok: false; error: string } {
  if (topic === "shop/redact") return { ok: true, request: { topic } };
  const parsed = CustomerRequest.safeParse(payload);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.path.join(".")).join(", ") };
  const { customer, orders_requested, orders_to_redact } = parsed.data;
  const ids = (topic === "customers/data_request" ? orders_requested : orders_to_redact) ?? [];
  const subject: PrivacyRequestSubject = {
    customerId: customer?.id ?? null,
    email: customer?.email?.trim() || null,
    phone: customer?.phone?.trim() || null,
    shopOrderIds: [...new Set(ids.map(shopifyOrderGid))],
  };
  return { ok: true, request: { topic, subject } };
}
