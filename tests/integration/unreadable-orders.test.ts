import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { retryOrder } from "#app/.server/services/retry-order.ts";
import { TamperingProxy } from "../contract/tampering-proxy";
import { etsyShopFor } from "../sandbox/sandbox-marketplaces";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * One order the connector cannot read (its payload breaks Etsy's contract) does not stop the account: it is stored as
 * failed with Etsy's payload and the reason, the other orders import, the cursor moves on; and a later listing of it
 * that can be read completes it.
 */
describe("an order the connector cannot read", () => {
  let h: Harness;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    h = await startHarness({ pairs: [{ marketplace: "etsy", platform: "shopify" }] });
    proxy = await TamperingProxy.start(h.emulators.urls.etsy);
    h.app.ctx.env.ETSY_API_BASE_URL = proxy.baseUrl;
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  it("is stored as failed with the raw payload while the others import, and is completed by a later read", async () => {
    const p = h.pair("etsy", "shopify");
    const bad = await p.placeOrder(1);
    const good = await p.placeOrder(2);
    const { shopId } = etsyShopFor("shopify");
    proxy.tamper({
      match: `GET /v3/application/shops/${shopId}/receipts`,
      transform: (body) => {
        for (const r of (body as { results: Record<string, unknown>[] }).results) {
          if (String(r.receipt_id) === bad) r.status = "teleported";
        }
        return body;
      },
    });
    const before = getAccount(h.db, p.shop.id, p.account.id)!.cursor;
    await h.pollNow([p.account.id]);
    await h.linkedOrder(p, good);
    const failed = await waitFor(() => h.orderOf(p, bad), { what: "unreadable order stored" });
    expect(failed).toMatchObject({ fulfillmentStatus: "failed", failedStep: "import", shopOrderId: null });
    expect(failed.failureReason).toMatch(new RegExp(`Etsy receipt ${bad} could not be mapped: .*teleported`));
    expect(failed.unreadablePayload).toMatchObject({ receipt_id: Number(bad), status: "teleported" });
    const said = listTimeline(h.db, p.shop.id, failed.id).filter((e) => e.kind === "order.unreadable");
    expect(said).toHaveLength(1);
    expect(said[0]!.message).toMatch(/^Etsy sent this order in a form OrderBridge cannot read/);
    const account = getAccount(h.db, p.shop.id, p.account.id)!;
    expect(account.lastPollError).toBeNull();
    expect(account.cursor!.getTime()).toBeGreaterThan(before?.getTime() ?? 0);

    // Listed again unreadable: nothing said twice, nothing lost.
    await h.pollNow([p.account.id]);
    await h.queueIdle();
    expect(listTimeline(h.db, p.shop.id, failed.id).filter((e) => e.kind === "order.unreadable")).toHaveLength(1);

    // The merchant's Retry on it reads the account again (there is no shop order to create from nothing).
    expect(retryOrder(h.app.ctx, p.shop.id, failed.id).enqueued).toBe(1);
    await h.queueIdle();
    expect(h.orderOf(p, bad)!.fulfillmentStatus).toBe("failed");

    // Etsy answers it in its contract again: the next listing completes it, and it reaches the shop.
    proxy.clear();
    await h.pollNow([p.account.id]);
    const linked = await h.linkedOrder(p, bad);
    expect(linked).toMatchObject({ fulfillmentStatus: "unshipped", failureReason: null, unreadablePayload: null });
    expect(linked.totalAmount).toBeGreaterThan(0);
    const kinds = listTimeline(h.db, p.shop.id, linked.id).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["order.unreadable", "order.read_after_unreadable", "shop_order.created"]),
    );
  });
});
