import { afterEach, describe, expect, it, vi } from "vitest";
import { createBigCommercePlatform } from "./bigcommerce-platform";

/**
 * The idempotency lookup before creating an order (`GET /v2/orders?external_order_id=…`), with fetch stubbed to a
 * store whose filter is looser than an exact match (BigCommerce does not say it is exact): a full page without
 * our exact id is not proof that the order does not exist, so the lookup reads on.
 */
const BASE = "https://api.example.test";

function orders(count: number, firstId: number, externalId: (id: number) => string) {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    status_id: 11,
    external_order_id: externalId(firstId + i),
    is_deleted: false,
  }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("findOrderBySource", () => {
  it("reads past a full page of near matches to the exact external_order_id", async () => {
    // 300 orders whose ids only start with ours (amazon:1-…), then ours, in id order.
    const all = [
      ...orders(300, 1, (id) => `amazon:1-${id}`),
      { id: 301, status_id: 11, external_order_id: "amazon:1", is_deleted: false },
    ];
    const seen: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = new URL(String(input));
      seen.push(`${url.pathname}?${url.searchParams}`);
      if (url.pathname.endsWith("/v2/orders")) {
        const limit = Number(url.searchParams.get("limit") ?? 50);
        const page = Number(url.searchParams.get("page") ?? 1);
        const slice = all
          .filter((o) => o.external_order_id.startsWith(url.searchParams.get("external_order_id")!))
          .slice((page - 1) * limit, page * limit);
        return slice.length ? Response.json(slice) : new Response(null, { status: 204 });
      }
      if (url.pathname.endsWith("/v2/orders/301/products")) {
        return Response.json([{ id: 9, order_id: 301, product_id: 5, variant_id: 6, sku: "MUG-1", quantity: 1 }]);
      }
      return new Response("[]", { status: 404 });
    });

    const platform = createBigCommercePlatform({ apiBaseUrl: BASE, storeHash: "abc123", accessToken: "t" });
    const found = await platform.findOrderBySource({ marketplace: "amazon", marketplaceOrderId: "1" });
    expect(found).toEqual({ id: "301", name: "#301", lines: [{ id: "9", sku: "MUG-1", variantId: "6", quantity: 1 }] });
    expect(seen.filter((s) => s.startsWith("/stores/abc123/v2/orders?")).length).toBeGreaterThan(1);
  });

  it("answers null after a short page without our id, in one call when the filter is exact", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 204 }));
    const platform = createBigCommercePlatform({ apiBaseUrl: BASE, storeHash: "abc123", accessToken: "t" });
    expect(await platform.findOrderBySource({ marketplace: "ebay", marketplaceOrderId: "12-34" })).toBeNull();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});
