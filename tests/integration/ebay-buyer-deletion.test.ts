import { describe, expect, it } from "vitest";
import { DEMO_PRODUCTS, upsTrackingNumber } from "../sandbox/demo-data";
import { pairName, type SeededPair } from "../sandbox/seed-sandbox";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { eq } from "drizzle-orm";
import { insertJob } from "#db/queries/jobs.ts";
import { getOrderLines, storeUnreadableOrder } from "#db/queries/orders.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { insertTimelineEvent, listTimeline } from "#db/queries/timeline.ts";
import { jobs } from "#db/schema/index.ts";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";

/**
 * eBay's account-deletion notice about a BUYER, over HTTP between the app and the emulators: the same buyer orders
 * from the eBay sellers of two shops (Shopify, BigCommerce), another buyer from one of them; the orders reach the
 * shops and one is shipped back to eBay; then eBay's signed notice names the buyer. Their orders lose the buyer's
 * personal data and get one timeline event; the orders' lines, shipments and shop orders, the other buyer's order
 * and the sellers' accounts stay; a repeated notice and a later import change nothing more. The erasure reaches the
 * buyer's data wherever else it is kept (docs/decisions/023): a timeline error quoting them, a dead job's error, and
 * the raw payload of an order that could not be read, which names them only by username.
 */

const BUYER = "jordan.ellis_42";
const OTHER_BUYER = "ana.lima.uk";
const ERASED_BUYER = {
  buyerName: "Deleted eBay user",
  buyerEmail: null,
  buyerPhone: null,
  shippingAddress: null,
  buyerMarketplaceUserId: null,
};

describe("eBay account deletion of a buyer", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const buyerErasedEvents = (p: SeededPair, orderId: number) =>
    listTimeline(h.db, p.shop.id, orderId).filter((e) => e.kind === "order.buyer_erased");

  function buys(p: SeededPair, buyerUsername: string, fullName: string, email: string): string {
    const product = DEMO_PRODUCTS[0];
    return h.emulators.ebay.seedOrder({
      username: String(p.account.settings.username),
      buyerUsername,
      items: [{ sku: product.sku, title: product.title, quantity: 1, unitPrice: product.price }],
      shipTo: {
        fullName,
        email,
        phoneNumber: "2065550100",
        contactAddress: {
          addressLine1: "2121 7th Ave",
          city: "Seattle",
          stateOrProvince: "WA",
          postalCode: "98121",
          countryCode: "US",
        },
      },
    }).orderId;
  }

  const sendNotice = (username: string) =>
    h.emulators.ebay.sendAccountDeletion({
      endpoint: `${h.http.url}/webhooks/ebay/marketplace-account-deletion`,
      username,
      deleteUser: true,
    });

  it("erases the buyer from their orders in every shop, once, and keeps the merchants' bookkeeping", async () => {
    const shopify = h.pair("ebay", "shopify");
    const bigcommerce = h.pair("ebay", "bigcommerce");
    const placed = [
      { p: shopify, id: buys(shopify, BUYER, "Jordan Ellis", "jordan@example.com") },
      { p: bigcommerce, id: buys(bigcommerce, BUYER, "Jordan Ellis", "jordan@example.com") },
    ];
    const other = { p: shopify, id: buys(shopify, OTHER_BUYER, "Ana Lima", "ana@example.com") };
    await h.pollNow([shopify.account.id, bigcommerce.account.id]);
    for (const { p, id } of [...placed, other]) {
      await h.linkedOrder(p, id, { what: `${pairName(p)} shop order for ${id}` });
    }
    expect(h.orderOf(shopify, placed[0]!.id)).toMatchObject({
      buyerMarketplaceUserId: BUYER,
      buyerName: "Jordan Ellis",
      buyerEmail: "jordan@example.com",
      buyerPhone: "2065550100",
      shippingAddress: { line1: "2121 7th Ave", city: "Seattle" },
    });
    expect(h.orderOf(bigcommerce, placed[1]!.id)!.buyerMarketplaceUserId).toBe(BUYER);
    expect(h.orderOf(shopify, other.id)!.buyerMarketplaceUserId).toBe(OTHER_BUYER);

    // The merchant ships the Shopify order; the package goes back to eBay.
    const shipped = h.orderOf(shopify, placed[0]!.id)!;
    await shopify.shopDriver.ship(shipped.shopOrderId!, { carrier: "UPS", trackingNumber: upsTrackingNumber(7001) });
    await waitFor(
      () => listShipmentsForOrder(h.db, shopify.shop.id, shipped.id).some((s) => s.exportStatus === "exported"),
      {
        what: "package exported to eBay",
      },
    );
    await h.queueIdle();

    const before = placed.map(({ p, id }) => {
      const o = h.orderOf(p, id)!;
      return {
        o,
        lines: getOrderLines(h.db, p.shop.id, o.id),
        shipments: listShipmentsForOrder(h.db, p.shop.id, o.id),
      };
    });
    const otherBefore = h.orderOf(other.p, other.id)!;
    const accountsBefore = [shopify, bigcommerce].map((p) => getAccount(h.db, p.shop.id, p.account.id));

    expect(await sendNotice(BUYER)).toMatchObject({ delivered: true, status: 204 });

    for (const [i, { p, id }] of placed.entries()) {
      const { o: was, lines, shipments } = before[i]!;
      const erased = h.orderOf(p, id)!;
      expect(erased).toEqual({ ...was, ...ERASED_BUYER, buyerErasedAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(JSON.stringify(erased)).not.toMatch(/Jordan|jordan|2121 7th Ave|2065550100/);
      expect(getOrderLines(h.db, p.shop.id, erased.id)).toEqual(lines);
      expect(listShipmentsForOrder(h.db, p.shop.id, erased.id)).toEqual(shipments);
      expect(buyerErasedEvents(p, erased.id)).toEqual([
        expect.objectContaining({ level: "info", message: "Buyer data erased at eBay's request" }),
      ]);
    }
    expect(before[0]!.shipments).toHaveLength(1);
    expect(h.orderOf(other.p, other.id)).toEqual(otherBefore);
    expect(buyerErasedEvents(other.p, otherBefore.id)).toEqual([]);
    expect([shopify, bigcommerce].map((p) => getAccount(h.db, p.shop.id, p.account.id))).toEqual(accountsBefore);

    // eBay delivers again: nothing more changes, no second event.
    const afterFirst = placed.map(({ p, id }) => h.orderOf(p, id));
    expect(await sendNotice(BUYER)).toMatchObject({ delivered: true, status: 204 });
    expect(placed.map(({ p, id }) => h.orderOf(p, id))).toEqual(afterFirst);
    for (const { p, id } of placed) expect(buyerErasedEvents(p, h.orderOf(p, id)!.id)).toHaveLength(1);

    // The BigCommerce seller ships on eBay, which still names the buyer: the next import updates the order and
    // leaves the buyer erased.
    h.emulators.ebay.shipOnMarketplace(placed[1]!.id, {
      shippingCarrierCode: "USPS",
      trackingNumber: "9400111899223197428491",
    });
    await h.pollNow([bigcommerce.account.id]);
    const reimported = await waitFor(
      () => {
        const o = h.orderOf(bigcommerce, placed[1]!.id)!;
        return o.marketplaceStatus === "FULFILLED" ? o : null;
      },
      { what: "the order re-imported as FULFILLED" },
    );
    await h.queueIdle();
    expect(reimported).toMatchObject(ERASED_BUYER);
    expect(buyerErasedEvents(bigcommerce, reimported.id)).toHaveLength(1);
  });

  it("reaches the buyer's data wherever it is kept: timelines, jobs, and an order that could not be read", async () => {
    const shopify = h.pair("ebay", "shopify");
    const sam = { username: "sam.rivera_7", name: "Sam Rivera", email: "sam.rivera@example.com" };
    const placedId = buys(shopify, sam.username, sam.name, sam.email);
    await h.pollNow([shopify.account.id]);
    const order = await h.linkedOrder(shopify, placedId);
    await h.queueIdle();
    insertTimelineEvent(h.db, {
      shopId: shopify.shop.id,
      orderId: order.id,
      kind: "shop_order.failed",
      level: "error",
      data: { reason: `Shopify refused ${sam.email}` },
      message: `Shopify refused ${sam.email} for ${sam.name}`,
    });
    const deadJob = insertJob(h.db, {
      shopId: shopify.shop.id,
      type: "create-shop-order",
      payload: { orderId: order.id },
      runAt: new Date(Date.now() + 3_600_000),
    })!;
    h.db
      .update(jobs)
      .set({ status: "dead", lastError: `Shopify refused ${sam.email}` })
      .where(eq(jobs.id, deadJob))
      .run();
    const unreadable = storeUnreadableOrder(h.db, {
      shopId: shopify.shop.id,
      accountId: shopify.account.id,
      marketplace: "ebay",
      marketplaceOrderId: "77-unreadable",
      reason: "lineItems is missing",
      raw: { orderId: "77-unreadable", buyer: { username: sam.username }, note: `for ${sam.name}` },
    }).order;
    const samRows = () =>
      JSON.stringify([
        h.db.$client.prepare("SELECT * FROM orders WHERE id IN (?, ?)").all(order.id, unreadable.id),
        h.db.$client.prepare("SELECT * FROM timeline_events WHERE order_id IN (?, ?)").all(order.id, unreadable.id),
        h.db.$client.prepare("SELECT * FROM jobs WHERE shop_id = ?").all(shopify.shop.id),
      ]);
    expect(samRows()).toMatch(/sam|rivera/i);

    expect(await sendNotice(sam.username)).toMatchObject({ delivered: true, status: 204 });

    expect(samRows()).not.toMatch(/sam|rivera/i);
    expect(h.orderOf(shopify, "77-unreadable")).toMatchObject({
      buyerName: ERASED_BUYER.buyerName,
      failureReason: "lineItems is missing",
      unreadablePayload: { orderId: "77-unreadable", buyer: "[redacted]", note: "[redacted]" },
    });
    expect(buyerErasedEvents(shopify, unreadable.id)).toHaveLength(1);
    expect(listTimeline(h.db, shopify.shop.id, order.id).find((e) => e.kind === "shop_order.failed")).toMatchObject({
      message: "Shopify refused [redacted] for [redacted]",
      data: { reason: "Shopify refused [redacted]" },
    });
  });
});
