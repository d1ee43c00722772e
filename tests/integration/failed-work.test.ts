import { describe, expect, it } from "vitest";
import { getJob, listJobs } from "#db/queries/jobs.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import type { Platform } from "#db/schema/index.ts";
import { adminDataUrl, postAdminForm } from "../setup/admin-data-url";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";

/**
 * The Failed work page of both admin UIs (Polaris /app, BigDesign /bc) through the real routes over HTTP: a step
 * that failed for good is listed with its order and reason; once the merchant fixed the cause (here: the product
 * is now in the shop), Retry queues it again and it succeeds. Retry from the order page supersedes the old failure;
 * bad choices are a 422 with nothing queued; another shop's work is never reached.
 */
describe("Failed work: dead steps listed and retried in bulk (eBay → Shopify, eBay → BigCommerce)", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const pageUrl = (platform: Platform) => adminDataUrl(h.http.url, platform, "/failed-work", "failed-work");

  interface FailedItem {
    id: number;
    step: string;
    order: { id: number; marketplaceOrderId: string } | null;
    account: string | null;
    reason: string;
    attempts: number;
  }
  const load = async (platform: Platform) =>
    (await (await fetch(pageUrl(platform))).json()) as { total: number; items: FailedItem[] };

  const post = (platform: Platform, fields: [string, string][]) => postAdminForm(pageUrl(platform), fields);

  /** An order of a listing whose SKU the shop does not sell: its create-shop-order dies on the SKU. */
  async function failedOrder(p: SeededPair, n: number, sku: string) {
    const marketplaceOrderId = await p.placeOrder(n, { unknownSku: sku });
    await h.pollNow([p.account.id]);
    await waitFor(() => h.orderOf(p, marketplaceOrderId)?.fulfillmentStatus === "failed", {
      what: "order failed on the unknown SKU",
    });
    await h.queueIdle();
    return h.orderOf(p, marketplaceOrderId)!;
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: lists the dead step with its order and reason; Retry after the fix creates the order`, async () => {
      const p = h.pair("ebay", platform);
      const name = platform === "shopify" ? "Shopify" : "BigCommerce";
      const skuA = `FW-A-${platform}`;
      const skuB = `FW-B-${platform}`;
      const a = await failedOrder(p, 70, skuA);
      const b = await failedOrder(p, 71, skuB);

      const page = await load(platform);
      expect(page.total).toBe(2);
      expect(page.items.map((i) => i.order?.id)).toEqual([b.id, a.id]);
      const itemA = page.items.find((i) => i.order?.id === a.id)!;
      expect(itemA).toMatchObject({
        step: `Create the order in ${name}`,
        order: { marketplaceOrderId: a.marketplaceOrderId },
        account: expect.stringMatching(/^eBay · /),
        reason: expect.stringContaining(`SKU ${skuA} is not in the ${name} shop`),
      });
      expect(JSON.stringify(page)).not.toMatch(/create-shop-order|payload|lockedBy/);

      // Bad choices: nothing chosen, an id that is not a number, too many. Nothing is queued.
      expect(await post(platform, [["intent", "retry"]])).toMatchObject({ status: 422, body: { tone: "critical" } });
      expect(
        await post(platform, [
          ["intent", "retry"],
          ["id", "1; DROP TABLE jobs"],
        ]),
      ).toMatchObject({ status: 422 });
      const tooMany = Array.from({ length: 501 }, (_, i): [string, string] => ["id", String(i + 1)]);
      expect(await post(platform, [["intent", "retry"], ...tooMany])).toMatchObject({
        status: 422,
        body: { message: "Choose at most 500 steps at a time, or use Retry all." },
      });
      expect((await load(platform)).total).toBe(2);

      // The merchant adds the product A was missing, and retries A (and an id of the other platform's shop).
      await p.shopDriver.addProduct({ sku: skuA, title: "Failed-work shoe", price: "10.00" });
      const other = h.pair("ebay", platform === "shopify" ? "bigcommerce" : "shopify");
      const otherDead = listJobs(h.db, { shopId: other.shop.id, status: "dead" })[0];
      const ids: [string, string][] = [
        ["intent", "retry"],
        ["id", String(itemA.id)],
      ];
      if (otherDead) ids.push(["id", String(otherDead.id)]);
      const retried = await post(platform, ids);
      expect(retried.status).toBe(200);
      expect(retried.body.tone).toBe("success");
      expect(retried.body.message).toMatch(/^1 step queued again/);
      if (otherDead) expect(getJob(h.db, otherDead.id)?.status).toBe("dead");
      const linked = await h.linkedOrder(p, a.marketplaceOrderId);
      expect(await p.shopDriver.ordersBySource(`ebay:${a.marketplaceOrderId}`)).toHaveLength(1);
      expect(listTimeline(h.db, p.shop.id, linked.id).map((e) => e.kind)).toContain("order.retry_requested");
      await h.queueIdle();
      expect((await load(platform)).items.map((i) => i.order?.id)).toEqual([b.id]);

      // Retry all: B's product is still missing, so it fails again, counted from a fresh start.
      const all = await post(platform, [["intent", "retry-all"]]);
      expect(all).toMatchObject({ status: 200, body: { tone: "success" } });
      expect(all.body.message).toMatch(/^1 step queued again/);
      await h.queueIdle();
      const again = await load(platform);
      expect(again.items.map((i) => i.order?.id)).toEqual([b.id]);
      expect(getJob(h.db, again.items[0]!.id)?.status).toBe("dead");
      expect(again.items[0]!.attempts).toBe(1);

      // The order page's Retry queues the step anew: it fails again, and only that new failure is listed.
      const oldId = again.items[0]!.id;
      const detail = adminDataUrl(h.http.url, platform, `/orders/${b.id}`, "orders.$orderId");
      const orderRetry = await fetch(detail, { method: "POST", body: new URLSearchParams({ intent: "retry" }) });
      expect(orderRetry.status).toBe(200);
      await h.queueIdle();
      const superseded = await load(platform);
      expect(superseded.total).toBe(1);
      expect(superseded.items[0]).toMatchObject({ order: { id: b.id } });
      expect(superseded.items[0]!.id).toBeGreaterThan(oldId);
      expect(
        await post(platform, [
          ["intent", "retry"],
          ["id", String(oldId)],
        ]),
      ).toMatchObject({
        status: 200,
        body: {
          tone: "info",
          message: expect.stringMatching(/^Nothing was queued again\. 1 step had already been retried/),
        },
      });
      expect(getJob(h.db, oldId)?.status).toBe("dead");
    });
  }
});
