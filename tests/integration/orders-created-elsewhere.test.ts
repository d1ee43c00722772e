import { describe, expect, it } from "vitest";
import { listTimeline } from "#db/queries/timeline.ts";
import { DEMO_BC_STORE, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN } from "../sandbox/demo-data";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";

/**
 * Orders another importer created before OrderBridge (issue 9 item 5, the duplicate-order complaint): the shop
 * already has an order carrying the bare marketplace order id where such apps record it (Shopify: a tag, the order's
 * name, its source identifier; BigCommerce: external_order_id). The import links that order instead of creating a
 * second one, and says so on the timeline. Over HTTP against the emulators.
 */
describe("orders another app already created in the shop are linked, not duplicated", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });
  const sku = DEMO_PRODUCTS[0].sku;

  const importOf = async (platform: "shopify" | "bigcommerce", marketplaceOrderId: string) => {
    const p = h.pair("ebay", platform);
    await h.pollNow([p.account.id]);
    const order = await h.linkedOrder(p, marketplaceOrderId);
    await h.queueIdle();
    const created = listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shop_order.created");
    return { order, message: created?.message ?? "" };
  };

  it("shopify: by a tag (Codisto's way), by the order's name, and never one that only looks alike", async () => {
    const p = h.pair("ebay", "shopify");
    const tagged = await p.placeOrder(140);
    const before = (await h.shopify.orders(DEMO_SHOP_DOMAIN)).length;
    const theirs = await h.shopify.createOrder(DEMO_SHOP_DOMAIN, {
      tags: ["eBay", tagged],
      lineItems: [{ sku, quantity: 1 }],
    });
    // Only alike: a tag with the id as a prefix. Not taken.
    const lookalike = await p.placeOrder(141);
    await h.shopify.createOrder(DEMO_SHOP_DOMAIN, { tags: [`${lookalike}-X`], lineItems: [{ sku, quantity: 1 }] });
    const named = await p.placeOrder(142);
    const byName = await h.shopify.createOrder(DEMO_SHOP_DOMAIN, { name: named, lineItems: [{ sku, quantity: 1 }] });

    const first = await importOf("shopify", tagged);
    expect(first.order.shopOrderId).toBe(theirs.id);
    expect(first.message).toMatch(
      /which another app had already created for this eBay order \(it carries the marketplace order id as a tag\)/,
    );
    const second = await importOf("shopify", named);
    expect(second.order.shopOrderId).toBe(byName.id);
    expect(second.message).toMatch(/it is named after the marketplace order id/);
    const third = await importOf("shopify", lookalike);
    expect(third.message).toMatch(/^Created Shopify order/);
    // Three orders seeded by "the other app", one created by us: nothing doubled.
    expect((await h.shopify.orders(DEMO_SHOP_DOMAIN)).length).toBe(before + 4);
  });

  it("bigcommerce: by external_order_id, as BigCommerce's importers record it", async () => {
    const p = h.pair("ebay", "bigcommerce");
    const id = await p.placeOrder(143);
    const before = (await h.bigcommerce.orders(DEMO_BC_STORE.storeHash)).length;
    const theirs = await h.bigcommerce.createOrder(DEMO_BC_STORE.storeHash, {
      external_order_id: id,
      external_source: "M2E Pro",
      billing_address: { first_name: "A", last_name: "B", email: "a@example.com", zip: "10001", country_iso2: "US" },
      products: [{ sku, quantity: 1 }],
    });
    const { order, message } = await importOf("bigcommerce", id);
    expect(order.shopOrderId).toBe(String(theirs.id));
    expect(message).toMatch(/its external order id is the marketplace order id/);
    expect((await h.bigcommerce.orders(DEMO_BC_STORE.storeHash)).length).toBe(before + 1);
  });
});
