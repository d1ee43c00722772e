import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrder, getOrderWithLines } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * A listing whose SKU the shop does not have (the merchant named the product differently there): the order fails
 * with the reason, the merchant maps the marketplace SKU to a shop SKU on the Order page (the real route, over
 * HTTP), and the order is created with the shop's product; later orders of that SKU go straight through, and
 * the shipment of the mapped line reaches the marketplace. For both admin UIs (Polaris /app, BigDesign /bc).
 */
describe("SKU mapping from the Order page (eBay → Shopify, eBay → BigCommerce)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "ebay", platform: "shopify" },
        { marketplace: "ebay", platform: "bigcommerce" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const ui = {
    shopify: {
      path: "/app/orders",
      routeId: "routes/app.orders.$orderId",
      param: ["shop", DEMO_SHOP_DOMAIN],
      name: "Shopify",
    },
    bigcommerce: {
      path: "/bc/orders",
      routeId: "routes/bc.orders.$orderId",
      param: ["store", DEMO_BC_STORE.storeHash],
      name: "BigCommerce",
    },
  } as const;

  function detailUrl(platform: keyof typeof ui, orderId: number): string {
    const u = ui[platform];
    const url = new URL(`${u.path}/${orderId}`, h.http.url);
    url.searchParams.set(u.param[0], u.param[1]);
    url.searchParams.set("_data", u.routeId);
    return url.toString();
  }

  async function mapSku(platform: keyof typeof ui, orderId: number, marketplaceSku: string, shopSku: string) {
    const res = await fetch(detailUrl(platform, orderId), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "map-sku", marketplaceSku, shopSku }),
    });
    return { status: res.status, body: (await res.json()) as { tone: string; message: string } };
  }

  async function failedOrder(p: SeededPair, n: number, sku: string) {
    const marketplaceOrderId = await p.placeOrder(n, { unknownSku: sku });
    await h.pollNow([p.account.id]);
    const failed = await waitFor(
      () => {
        const o = h.orderOf(p, marketplaceOrderId);
        return o?.fulfillmentStatus === "failed" ? o : null;
      },
      { what: "order failed on the unknown SKU" },
    );
    return { marketplaceOrderId, failed };
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: map the SKU, the order is created with the shop's product, later orders follow, the shipment goes back`, async () => {
      const p = h.pair("ebay", platform);
      const listingSku = `SHOE-TRAIL-EU42-${platform}`;
      const { marketplaceOrderId, failed } = await failedOrder(p, 40, listingSku);
      const sibling = await failedOrder(p, 44, listingSku); // another order of the same listing, failed too
      expect(failed.failureReason).toContain(`SKU ${listingSku} is not in the ${ui[platform].name} shop`);
      const page = await (await fetch(detailUrl(platform, failed.id))).json();
      expect(page.order.canMapSku).toBe(true);

      // Bad input: a SKU the order does not have, a shop SKU the shop does not have. Nothing is saved.
      expect(await mapSku(platform, failed.id, "NOT-ON-ORDER", "SHOE-TRAIL-42")).toMatchObject({
        status: 422,
        body: { tone: "critical" },
      });
      const unknown = await mapSku(platform, failed.id, listingSku, "NO-SUCH-SKU");
      expect(unknown).toMatchObject({
        status: 422,
        body: {
          message: `SKU NO-SUCH-SKU is not in the ${ui[platform].name} shop either; check the SKU on the product in ${ui[platform].name}`,
        },
      });
      expect(getOrder(h.db, p.shop.id, failed.id)!.fulfillmentStatus).toBe("failed");

      const ok = await mapSku(platform, failed.id, listingSku, "SHOE-TRAIL-42");
      expect(ok).toEqual({
        status: 200,
        body: {
          tone: "success",
          message: `eBay SKU ${listingSku} is now sold as SHOE-TRAIL-42. 2 failed orders are being created again.`,
        },
      });
      const linked = await h.linkedOrder(p, marketplaceOrderId);
      // The other failed order of that listing is created too, without the merchant opening it.
      const siblingLinked = await h.linkedOrder(p, sibling.marketplaceOrderId);
      expect((await p.shopDriver.ordersBySource(`ebay:${sibling.marketplaceOrderId}`))[0].skus).toContain(
        "SHOE-TRAIL-42",
      );
      expect(listTimeline(h.db, p.shop.id, siblingLinked.id).filter((e) => e.kind === "sku.mapped")).toHaveLength(1);
      const shopOrders = await p.shopDriver.ordersBySource(`ebay:${marketplaceOrderId}`);
      expect(shopOrders).toHaveLength(1);
      expect(shopOrders[0].skus).toContain("SHOE-TRAIL-42");
      expect(shopOrders[0].skus).not.toContain(listingSku);
      const kinds = listTimeline(h.db, p.shop.id, linked.id).map((e) => e.kind);
      expect(kinds.indexOf("sku.mapped")).toBeGreaterThan(-1);
      expect(kinds.indexOf("sku.mapped")).toBeLessThan(kinds.lastIndexOf("shop_order.created"));
      const detail = await (await fetch(detailUrl(platform, linked.id))).json();
      expect(detail.order.canMapSku).toBe(false);
      expect(detail.lines.find((l: { sku: string }) => l.sku === listingSku).shopSku).toBe("SHOE-TRAIL-42");

      // The merchant ships: the mapped line's package reaches eBay.
      await h.queueIdle();
      const tracking = upsTrackingNumber(platform === "shopify" ? 9601 : 9602);
      await p.shopDriver.ship(linked.shopOrderId!, { carrier: "UPS", trackingNumber: tracking });
      await waitFor(() => getOrderWithLines(h.db, p.shop.id, linked.id)!.fulfillmentStatus === "shipped", {
        what: "mapped order shipped",
      });
      expect(listShipmentsForOrder(h.db, p.shop.id, linked.id).map((s) => s.exportStatus)).toEqual(["exported"]);
      expect((await p.seller.packages(marketplaceOrderId)).map((k) => k.trackingNumber)).toEqual([tracking]);

      // A later order of the same listing is created straight away with the mapping.
      const later = await p.placeOrder(42, { unknownSku: listingSku });
      await h.pollNow([p.account.id]);
      const laterOrder = await h.linkedOrder(p, later);
      expect(laterOrder.fulfillmentStatus).not.toBe("failed");
      expect((await p.shopDriver.ordersBySource(`ebay:${later}`))[0].skus).toContain("SHOE-TRAIL-42");
    });
  }
  const page = {
    shopify: { path: "/app/sku-mappings", routeId: "routes/app.sku-mappings" },
    bigcommerce: { path: "/bc/sku-mappings", routeId: "routes/bc.sku-mappings" },
  } as const;

  function pageUrl(platform: keyof typeof ui, data = true): string {
    const url = new URL(page[platform].path, h.http.url);
    url.searchParams.set(ui[platform].param[0], ui[platform].param[1]);
    if (data) url.searchParams.set("_data", page[platform].routeId);
    return url.toString();
  }

  async function post(platform: keyof typeof ui, form: Record<string, string>) {
    const res = await fetch(pageUrl(platform), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as { tone: string; message: string } };
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: the SKU mappings page adds a mapping ahead of any order, lists it, and deletes it`, async () => {
      const p = h.pair("ebay", platform);
      const listingSku = `SOCKS-3PK-${platform}`;
      const name = ui[platform].name;
      const html = await fetch(pageUrl(platform, false));
      expect(html.status).toBe(200);
      expect(await html.text()).toContain("Add a mapping");

      expect(
        await post(platform, { intent: "add", marketplace: "ebay", marketplaceSku: listingSku, shopSku: "NOPE-1" }),
      ).toEqual({
        status: 422,
        body: {
          tone: "critical",
          field: "shopSku",
          message: `SKU NOPE-1 is not in the ${name} shop either; check the SKU on the product in ${name}`,
        },
      });
      expect(
        (
          await post(platform, {
            intent: "add",
            marketplace: "walmart",
            marketplaceSku: listingSku,
            shopSku: "SOCK-MERINO-3",
          })
        ).status,
      ).toBe(422);
      expect(
        await post(platform, {
          intent: "add",
          marketplace: "ebay",
          marketplaceSku: ` ${listingSku} `,
          shopSku: "SOCK-MERINO-3",
        }),
      ).toEqual({
        status: 200,
        body: {
          tone: "success",
          message: `eBay SKU ${listingSku} is now sold as SOCK-MERINO-3. No failed order was waiting for it.`,
        },
      });
      const listed = (await (await fetch(pageUrl(platform))).json()) as {
        mappings: { id: number; marketplace: string; marketplaceSku: string; shopSku: string }[];
      };
      const mapping = listed.mappings.find((m) => m.marketplaceSku === listingSku)!;
      expect(mapping).toMatchObject({ marketplace: "ebay", shopSku: "SOCK-MERINO-3" });

      // An order of that listing goes straight through.
      const marketplaceOrderId = await p.placeOrder(50, { unknownSku: listingSku });
      await h.pollNow([p.account.id]);
      await h.linkedOrder(p, marketplaceOrderId);
      expect((await p.shopDriver.ordersBySource(`ebay:${marketplaceOrderId}`))[0].skus).toContain("SOCK-MERINO-3");

      // Deleted: listed no more; an id the shop does not have is a 404.
      expect((await post(platform, { intent: "delete", id: String(mapping.id) })).status).toBe(200);
      expect((await post(platform, { intent: "delete", id: String(mapping.id) })).status).toBe(404);
      const after = (await (await fetch(pageUrl(platform))).json()) as { mappings: { marketplaceSku: string }[] };
      expect(after.mappings.map((m) => m.marketplaceSku)).not.toContain(listingSku);
    });
  }
});
