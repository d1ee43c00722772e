import { describe, expect, it } from "vitest";
import { getOrder } from "#db/queries/orders.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { controlCall } from "../emulators/control-clients";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";
import type { SeededPair } from "../sandbox/seed-sandbox";

/**
 * Changes made on the marketplace after the order reached the shop. The buyer cancels on eBay: the next poll sees it,
 * our order is cancelled and the shop order is cancelled too (stock back), so the merchant does not ship a sale that
 * no longer exists; an order the merchant has already shipped in the shop is left alone, with a warning. The seller
 * ships on eBay itself: the timeline warns that the shop order is still open. Over HTTP, for both platforms.
 */
describe("marketplace-side changes after the order reached the shop (eBay → Shopify, eBay → BigCommerce)", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const cancelOnEbay = (orderId: string) =>
    controlCall(h.emulators.urls.ebay, "POST", `/__sandbox/orders/${orderId}/cancel`);

  /** The shop's view of the order: cancelled or not, and the stock of its first SKU. */
  async function shopState(platform: "shopify" | "bigcommerce", shopOrderId: string): Promise<{ cancelled: boolean }> {
    if (platform === "shopify") {
      const o = await controlCall<Record<string, any>>(
        h.emulators.urls.shopify,
        "GET",
        `/__sandbox/shops/${DEMO_SHOP_DOMAIN}/orders/${shopOrderId.split("/").pop()}`,
      );
      return { cancelled: Boolean(o.cancelledAt) };
    }
    const o = await h.bigcommerce.order(DEMO_BC_STORE.storeHash, Number(shopOrderId));
    return { cancelled: o.status_id === 5 };
  }

  async function linked(p: SeededPair, n: number) {
    const { marketplaceOrderId, order } = await h.placeLinkedOrder(p, n);
    return { marketplaceOrderId, ours: order };
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: the shop order is cancelled, once, and nothing can be sent for it`, async () => {
      const p = h.pair("ebay", platform);
      const { marketplaceOrderId, ours } = await linked(p, 60);
      expect((await shopState(platform, ours.shopOrderId!)).cancelled).toBe(false);

      await cancelOnEbay(marketplaceOrderId);
      await h.pollNow([p.account.id]);
      const done = await waitFor(
        () => listTimeline(h.db, p.shop.id, ours.id).find((e) => e.kind === "shop_order.cancelled") ?? null,
        {
          what: "shop order cancelled",
        },
      );
      await h.queueIdle();
      expect(done.message).toMatch(
        new RegExp(
          `^Cancelled ${platform === "shopify" ? "Shopify" : "BigCommerce"} order .+, as eBay cancelled the order`,
        ),
      );
      expect(getOrder(h.db, p.shop.id, ours.id)!.fulfillmentStatus).toBe("cancelled");
      expect((await shopState(platform, ours.shopOrderId!)).cancelled).toBe(true);
      const kinds = listTimeline(h.db, p.shop.id, ours.id).map((e) => e.kind);
      expect(kinds.filter((k) => k === "order.cancelled")).toHaveLength(1);
      // Our own cancellation echoed back by BigCommerce's statusUpdated is no news.
      expect(kinds).not.toContain("shop_order.status_changed");

      // Another poll re-lists it: nothing happens twice.
      await h.pollNow([p.account.id]);
      await h.queueIdle();
      expect(listTimeline(h.db, p.shop.id, ours.id).filter((e) => e.kind === "shop_order.cancelled")).toHaveLength(1);
    });

    it(`${platform}: an order already shipped in the shop is left alone, with a warning`, async () => {
      const p = h.pair("ebay", platform);
      const { marketplaceOrderId, ours } = await linked(p, 62);
      // Cancelled on eBay, then shipped in the shop before the next poll: eBay refuses the package (409, cancelled).
      await cancelOnEbay(marketplaceOrderId);
      await p.shopDriver.ship(ours.shopOrderId!, {
        carrier: "UPS",
        trackingNumber: upsTrackingNumber(platform === "shopify" ? 9701 : 9702),
      });
      await waitFor(() => listTimeline(h.db, p.shop.id, ours.id).some((e) => e.kind === "shipment.received"), {
        what: "shipment recorded",
      });
      await h.queueIdle();
      await h.pollNow([p.account.id]);
      const warning = await waitFor(
        () => listTimeline(h.db, p.shop.id, ours.id).find((e) => e.kind === "shop_order.not_cancelled") ?? null,
        {
          what: "not-cancelled warning",
        },
      );
      await h.queueIdle();
      expect(warning.message).toContain(
        "already has shipments, so OrderBridge did not cancel it; the eBay order is cancelled",
      );
      expect(listTimeline(h.db, p.shop.id, ours.id).map((e) => e.kind)).not.toContain("shop_order.cancelled");
      expect(await p.seller.packages(marketplaceOrderId)).toEqual([]);
      expect((await shopState(platform, ours.shopOrderId!)).cancelled).toBe(false);
    });
    it(`${platform}: shipped on eBay itself: a warning that the shop order is still open, once`, async () => {
      const p = h.pair("ebay", platform);
      const { marketplaceOrderId, ours } = await linked(p, 64);
      await controlCall(h.emulators.urls.ebay, "POST", `/__sandbox/orders/${marketplaceOrderId}/ship`, {
        trackingNumber: upsTrackingNumber(platform === "shopify" ? 9801 : 9802),
        shippingCarrierCode: "UPS",
      });
      await h.pollNow([p.account.id]);
      const warning = await waitFor(
        () => listTimeline(h.db, p.shop.id, ours.id).find((e) => e.kind === "order.shipped_on_marketplace") ?? null,
        {
          what: "shipped-on-marketplace warning",
        },
      );
      expect(warning.level).toBe("warning");
      expect(warning.message).toContain(
        `eBay says this order is shipped, but not through the shop: shop order ${ours.shopOrderName} is still open there`,
      );
      await h.queueIdle();
      await h.pollNow([p.account.id]);
      await h.queueIdle();
      expect(
        listTimeline(h.db, p.shop.id, ours.id).filter((e) => e.kind === "order.shipped_on_marketplace"),
      ).toHaveLength(1);

      // Shipped through the shop instead: no such warning once eBay reports it shipped.
      const other = await linked(p, 66);
      await p.shopDriver.ship(other.ours.shopOrderId!, {
        carrier: "UPS",
        trackingNumber: upsTrackingNumber(platform === "shopify" ? 9803 : 9804),
      });
      await waitFor(() => getOrder(h.db, p.shop.id, other.ours.id)!.fulfillmentStatus === "shipped", {
        what: "shipped through the shop",
      });
      await h.pollNow([p.account.id]);
      await h.queueIdle();
      expect(listTimeline(h.db, p.shop.id, other.ours.id).map((e) => e.kind)).not.toContain(
        "order.shipped_on_marketplace",
      );
    });
  }
});
