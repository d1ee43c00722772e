import { describe, expect, it } from "vitest";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import type { Order } from "#db/queries/orders.ts";
import type { Platform } from "#db/schema/index.ts";
import { enqueueDuePolls } from "#app/.server/jobs/scheduler.ts";
import { sourceIdentifier } from "#app/.server/platforms/types.ts";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN } from "../sandbox/demo-data";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { adminDataUrl, postAdminForm } from "../setup/admin-data-url";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";

/**
 * An account's settings page in both admin UIs through the real routes over HTTP, and what each setting changes in
 * the shop order the emulators receive (eBay → Shopify, eBay → BigCommerce): every setting is set to a value other
 * than its default, and the next order shows the difference. A wrong value is a 422 with the field named and
 * nothing saved.
 */
describe("account settings: the import rules, saved per account and applied to the next order", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const settingsUrl = (platform: Platform, accountId: number | string) =>
    adminDataUrl(h.http.url, platform, `/accounts/${accountId}/settings`, "accounts.$accountId_.settings");
  const save = (platform: Platform, accountId: number, fields: Record<string, string>) =>
    postAdminForm<{ tone: string; message: string; field?: string }>(settingsUrl(platform, accountId), fields);
  const rulesOf = (p: SeededPair) => getAccount(h.db, p.shop.id, p.account.id)!.importRules;

  /** The shop order the platform holds for our order (its raw platform fields). */
  async function shopOrderOf(p: SeededPair, marketplaceOrderId: string): Promise<Record<string, any>> {
    const [o] = await p.shopDriver.ordersBySource(sourceIdentifier("ebay", marketplaceOrderId));
    expect(o, `the ${p.platform} order of ${marketplaceOrderId}`).toBeDefined();
    return o.raw;
  }
  const failedOrder = (p: SeededPair, id: string): Promise<Order> =>
    waitFor(
      () => {
        const o = h.orderOf(p, id);
        return o?.fulfillmentStatus === "failed" ? o : undefined;
      },
      { what: `${id} failed` },
    );

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: the page shows the defaults; a wrong value is a 422 naming the field, nothing saved`, async () => {
      const p = h.pair("ebay", platform);
      const page = await (await fetch(settingsUrl(platform, p.account.id))).json();
      expect(page.settings).toMatchObject({
        syncEnabled: true,
        rules: {
          unmatchedProducts: "hold",
          stock: "oversell",
          contact: "buyer",
          email: "keep",
          tags: ["OrderBridge", "{marketplace}"],
        },
      });
      expect(page.platform).toBe(platform);
      // The page itself renders on the server, with the platform's own rules only.
      const html = await (await fetch(settingsUrl(platform, p.account.id).replace(/&_data=[^&]*/, ""))).text();
      expect(html).toContain("When a product is not in the shop");
      expect(/>Order name prefix</.test(html)).toBe(platform === "shopify");
      expect(JSON.stringify(page)).not.toMatch(/credential|refresh/i);
      const other = h.pair("ebay", platform === "shopify" ? "bigcommerce" : "shopify");
      expect((await fetch(settingsUrl(platform, other.account.id))).status).toBe(404);

      const before = JSON.stringify(getAccount(h.db, p.shop.id, p.account.id));
      const refused: [Record<string, string>, string][] = [
        [{ syncMinutes: "0" }, "syncMinutes"],
        [{ syncMinutes: "1441" }, "syncMinutes"],
        [{ syncMinutes: "5.5" }, "syncMinutes"],
        [{ syncEnabled: "yes" }, "syncEnabled"],
        [{ unmatchedProducts: "ignore" }, "unmatchedProducts"],
        [{ stock: "" }, "stock"],
        [{ contact: "merchant", merchantName: "Ada's Outfitters", merchantEmail: "" }, "merchantEmail"],
        [{ contact: "merchant", merchantName: "", merchantEmail: "ada@example.com" }, "merchantName"],
        [{ email: "fixed", fixedEmail: "not an address" }, "fixedEmail"],
        [{ email: "alias", aliasDomain: "" }, "aliasDomain"],
        [{ email: "alias", aliasDomain: "orders..example" }, "aliasDomain"],
        [{ tags: `ok, ${"t".repeat(41)}` }, "tags"],
        [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") }, "tags"],
        [{ orderNamePrefix: "AMZ 1" }, "orderNamePrefix"],
        [{ sendShopConfirmation: "1" }, "sendShopConfirmation"],
        [{ sourceLabel: "x".repeat(1_000_000) }, "sourceLabel"],
        // A good value with a bad one: nothing of the post is saved.
        [{ stock: "refuse", syncMinutes: "-3" }, "syncMinutes"],
      ];
      for (const [fields, field] of refused) {
        const answer = await save(platform, p.account.id, fields);
        expect(answer, JSON.stringify(fields).slice(0, 80)).toMatchObject({
          status: 422,
          body: { field, tone: "critical" },
        });
        expect(answer.body.message.length).toBeLessThan(300);
      }
      expect(JSON.stringify(getAccount(h.db, p.shop.id, p.account.id))).toBe(before);
    });
  }

  it("the sync switch and frequency decide when the account is polled; switching on polls at once", async () => {
    const p = h.pair("ebay", "shopify");
    const now = new Date();
    const polledAt = new Date(now.getTime() - 2 * 60_000);
    /** Whether the scheduler's tick queues this account's poll now (the queued polls are then dropped). */
    const due = (): boolean => {
      enqueueDuePolls(h.app.ctx, now);
      const sql = h.db.$client;
      const queued = sql
        .prepare("select count(*) as n from jobs where type = 'poll-account' and status = 'queued' and payload like ?")
        .get(`%"accountId":${p.account.id}}%`) as { n: number };
      sql.prepare("delete from jobs where type = 'poll-account' and status = 'queued'").run();
      return queued.n > 0;
    };
    const makePolledAt = () =>
      h.db.$client
        .prepare("update marketplace_accounts set last_polled_at = ? where id = ?")
        .run(polledAt.getTime(), p.account.id);
    await h.queueIdle();

    expect(await save("shopify", p.account.id, { syncMinutes: "5" })).toMatchObject({ status: 200 });
    expect(getAccount(h.db, p.shop.id, p.account.id)?.pollIntervalSeconds).toBe(300);
    makePolledAt();
    expect(due()).toBe(false); // polled 2 minutes ago, every 5 minutes
    expect((await save("shopify", p.account.id, { syncMinutes: "1" })).status).toBe(200);
    makePolledAt();
    expect(due()).toBe(true); // every minute: due

    expect((await save("shopify", p.account.id, { syncEnabled: "false" })).status).toBe(200);
    makePolledAt();
    expect(due()).toBe(false);
    const meanwhile = await p.placeOrder(91);
    await h.queueIdle();
    expect(h.orderOf(p, meanwhile)).toBeUndefined();
    expect((await save("shopify", p.account.id, { syncEnabled: "true", syncMinutes: "60" })).status).toBe(200);
    await h.linkedOrder(p, meanwhile); // imported at once, not in an hour
  });

  it("shopify: custom lines, the merchant's contact, tags, name, source label, order id placement, confirmation", async () => {
    const p = h.pair("ebay", "shopify");
    // Default: an unknown SKU holds the order, named.
    const held = await p.placeOrder(93, { unknownSku: "NOT-IN-SHOP-1" });
    await h.pollNow([p.account.id]);
    expect((await failedOrder(p, held)).failureReason).toMatch(/NOT-IN-SHOP-1 is not in the Shopify shop/);

    expect(
      await save("shopify", p.account.id, {
        unmatchedProducts: "custom_line",
        contact: "merchant",
        merchantName: "Ada Outfitters",
        merchantEmail: "orders@ada.example",
        merchantPhone: "+1 555 0100",
        sendShopConfirmation: "true",
        tags: "marketplace, {marketplace}, {account}",
        orderNamePrefix: "EB-",
        sourceLabel: "Ada's eBay",
        orderIdInNote: "false",
        orderIdAsAttribute: "false",
      }),
    ).toMatchObject({ status: 200, body: { tone: "success" } });
    expect(rulesOf(p)).toMatchObject({
      unmatchedProducts: "custom_line",
      tags: ["marketplace", "{marketplace}", "{account}"],
    });

    const id = await p.placeOrder(95, { unknownSku: "NOT-IN-SHOP-2" });
    await h.pollNow([p.account.id]);
    const order = await h.linkedOrder(p, id);
    const shop = await shopOrderOf(p, id);
    const custom = shop.lineItems.find((l: any) => l.sku === "NOT-IN-SHOP-2");
    expect(custom).toMatchObject({ variantId: null, title: "Summer Hat XL" });
    expect(shop.lineItems.filter((l: any) => l.variantId !== null).length).toBe(shop.lineItems.length - 1);
    expect(shop).toMatchObject({
      name: `EB-${id}`,
      sourceName: "Ada's eBay",
      email: "orders@ada.example",
      tags: ["marketplace", "eBay", p.account.name],
      note: null,
      customAttributes: [],
      receiptSentTo: "orders@ada.example",
    });
    expect(shop.billingAddress).toMatchObject({ firstName: "Ada", lastName: "Outfitters", phone: "+1 555 0100" });
    expect(shop.shippingAddress.firstName + " " + shop.shippingAddress.lastName).not.toMatch(/Ada Outfitters/);
    const applied = listTimeline(h.db, p.shop.id, order.id).find((e) => e.kind === "shop_order.rules_applied");
    expect(applied?.message).toMatch(
      /SKU NOT-IN-SHOP-2 is not sold in the Shopify shop, so its line was created as a custom line/,
    );
    expect(applied?.message).toMatch(/your name, email and phone replaced the buyer's/);
    expect(applied?.message).toMatch(/Shopify emailed its own order confirmation/);

    // The order held under the old rule goes with the new one when retried.
    const retried = await postAdminForm(
      adminDataUrl(h.http.url, "shopify", `/orders/${(await failedOrder(p, held)).id}`, "orders.$orderId"),
      { intent: "retry" },
    );
    expect(retried.status).toBe(200);
    await h.linkedOrder(p, held);
    expect(
      (await shopOrderOf(p, held)).lineItems.some((l: any) => l.sku === "NOT-IN-SHOP-1" && l.variantId === null),
    ).toBe(true);

    // Email rules on the buyer's contact: an alias at the merchant's domain, then none.
    expect(
      (await save("shopify", p.account.id, { contact: "buyer", email: "alias", aliasDomain: "Orders.Ada.Example" }))
        .status,
    ).toBe(200);
    const aliased = await p.placeOrder(97);
    await h.pollNow([p.account.id]);
    await h.linkedOrder(p, aliased);
    expect((await shopOrderOf(p, aliased)).email).toBe(`${aliased.toLowerCase()}@orders.ada.example`);
    expect((await save("shopify", p.account.id, { email: "remove", sendShopConfirmation: "false" })).status).toBe(200);
    const removed = await p.placeOrder(99);
    await h.pollNow([p.account.id]);
    await h.linkedOrder(p, removed);
    expect(await shopOrderOf(p, removed)).toMatchObject({ email: null, receiptSentTo: null });
  });

  it("bigcommerce: custom lines, a fixed email, the merchant's contact, source label, no staff note", async () => {
    const p = h.pair("ebay", "bigcommerce");
    expect(
      await save("bigcommerce", p.account.id, {
        unmatchedProducts: "custom_line",
        email: "fixed",
        fixedEmail: "marketplace-orders@ada.example",
        sourceLabel: "Ada (eBay)",
        orderIdInNote: "false",
      }),
    ).toMatchObject({ status: 200 });
    const id = await p.placeOrder(101, { unknownSku: "NOT-IN-STORE-1" });
    await h.pollNow([p.account.id]);
    await h.linkedOrder(p, id);
    const shop = await shopOrderOf(p, id);
    expect(shop.products.find((l: any) => l.sku === "NOT-IN-STORE-1")).toMatchObject({ product_id: 0 });
    expect(shop.external_source).toBe("Ada (eBay)");
    expect(shop.staff_notes ?? "").toBe("");
    expect(shop.billing_address.email).toBe("marketplace-orders@ada.example");

    expect(
      await save("bigcommerce", p.account.id, {
        contact: "merchant",
        merchantName: "Ada Outfitters",
        merchantEmail: "orders@ada.example",
        orderIdInNote: "true",
      }),
    ).toMatchObject({ status: 200 });
    const second = await p.placeOrder(103);
    await h.pollNow([p.account.id]);
    await h.linkedOrder(p, second);
    const shop2 = await shopOrderOf(p, second);
    expect(shop2.billing_address).toMatchObject({
      first_name: "Ada",
      last_name: "Outfitters",
      email: "orders@ada.example",
    });
    expect(shop2.staff_notes).toContain(second);
  });

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: refusing to oversell holds the order out of stock; the shop's stock webhook resumes it`, async () => {
      const p = h.pair("ebay", platform);
      const sku = `LOW-STOCK-${platform}`;
      if (platform === "shopify")
        await h.shopify.addProduct(DEMO_SHOP_DOMAIN, {
          title: "Low stock",
          variants: [{ sku, price: "10.00", inventoryQuantity: 0 }],
        });
      else
        await h.bigcommerce.addProduct(DEMO_BC_STORE.storeHash, {
          name: "Low stock",
          sku,
          price: "10.00",
          inventory_level: 0,
        });
      // Oversell (the default): created although the shop has none.
      const oversold = await p.placeOrder(105, { unknownSku: sku });
      await h.pollNow([p.account.id]);
      await h.linkedOrder(p, oversold);

      expect((await save(platform, p.account.id, { stock: "refuse" })).status).toBe(200);
      const refused = await p.placeOrder(107, { unknownSku: sku });
      await h.pollNow([p.account.id]);
      const failed = await failedOrder(p, refused);
      expect(failed.failureReason).toMatch(new RegExp(`Out of stock in the .* shop: SKU ${sku} wanted 1, available 0`));
      expect(failed.shopOrderId).toBeNull();
      expect(await p.shopDriver.ordersBySource(sourceIdentifier("ebay", refused))).toHaveLength(0);
      expect(failed.failureCode).toBe("out_of_stock");

      // Another order waits for a SKU whose stock does not come back: it is left alone when the first one's does.
      const otherSku = `NO-STOCK-${platform}`;
      if (platform === "shopify")
        await h.shopify.addProduct(DEMO_SHOP_DOMAIN, {
          title: "No stock",
          variants: [{ sku: otherSku, price: "5.00", inventoryQuantity: 0 }],
        });
      else
        await h.bigcommerce.addProduct(DEMO_BC_STORE.storeHash, {
          name: "No stock",
          sku: otherSku,
          price: "5.00",
          inventory_level: 0,
        });
      const stillShort = await p.placeOrder(109, { unknownSku: otherSku });
      await h.pollNow([p.account.id]);
      await failedOrder(p, stillShort);

      // The merchant restocks in the shop: its stock webhook resumes the held order by itself, no Retry.
      if (platform === "shopify") await h.shopify.setInventory(DEMO_SHOP_DOMAIN, { sku, quantity: 4 });
      else await h.bigcommerce.setInventory(DEMO_BC_STORE.storeHash, { sku, inventory_level: 4 });
      const resumed = await h.linkedOrder(p, refused, { what: "the held order created once stock is back" });
      const kinds = listTimeline(h.db, p.shop.id, resumed.id).map((e) => e.kind);
      expect(kinds).toContain("shop_order.stock_back");
      expect(kinds).not.toContain("order.retry_requested");
      expect(await p.shopDriver.ordersBySource(sourceIdentifier("ebay", refused))).toHaveLength(1);
      await h.queueIdle();
      const other = h.orderOf(p, stillShort)!;
      expect(other).toMatchObject({ fulfillmentStatus: "failed", failureCode: "out_of_stock", shopOrderId: null });
      expect(listTimeline(h.db, p.shop.id, other.id).map((e) => e.kind)).not.toContain("shop_order.stock_back");
      expect((await save(platform, p.account.id, { stock: "oversell" })).status).toBe(200);
    });
  }
});
