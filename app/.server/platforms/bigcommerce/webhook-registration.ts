import { HookPage, parseAnswer, type Hook } from "./payloads";
import type { BigCommerceRestClient } from "./rest-client";

/**
 * The webhooks the app needs on every store (docs/platform-facts.md#bc-webhooks), all to one destination. Registered after the
 * install: missing ones are created, deactivated ones (BigCommerce deactivates a hook after ~48 h of failed
 * deliveries) are switched back on, and ones already there are left alone, so a reinstall is harmless.
 */
export const WEBHOOK_SCOPES = [
  "store/shipment/created",
  "store/shipment/updated",
  "store/shipment/deleted",
  "store/order/statusUpdated",
  // Stock rose: orders held out of stock are checked again (products without variants; variants tracked by variant).
  "store/product/inventory/updated",
  "store/sku/inventory/updated",
] as const;

export interface HookRegistration {
  scope: string;
  id: number;
  outcome: "created" | "reactivated" | "existing";
}

async function listHooks(client: BigCommerceRestClient, destination: string): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (let page = 1; ; page++) {
    const body = await client.get<unknown>("/v3/hooks", { query: { destination, page, limit: 250 } });
    const parsed = parseAnswer(HookPage, body ?? { data: [] }, "GET /v3/hooks");
    hooks.push(...parsed.data);
    const totalPages = parsed.meta?.pagination?.total_pages ?? 1;
    if (page >= totalPages || parsed.data.length === 0) return hooks;
  }
}

export async function registerWebhooks(
  client: BigCommerceRestClient,
  destination: string,
): Promise<HookRegistration[]> {
  const existing = (await listHooks(client, destination)).filter((h) => h.destination === destination);
  const out: HookRegistration[] = [];
  for (const scope of WEBHOOK_SCOPES) {
    const same = existing.filter((h) => h.scope === scope);
    const active = same.find((h) => h.is_active);
    if (active) {
      out.push({ scope, id: active.id, outcome: "existing" });
    } else if (same[0]) {
      await client.put(`/v3/hooks/${same[0].id}`, { is_active: true });
      out.push({ scope, id: same[0].id, outcome: "reactivated" });
    } else {
      const created = await client.post<{ data?: { id?: number } }>("/v3/hooks", {
        scope,
        destination,
        is_active: true,
      });
      out.push({ scope, id: Number(created.data?.id), outcome: "created" });
    }
  }
  return out;
}
