import { describe, expect, it } from "vitest";
import { enqueueDuePolls } from "#app/.server/jobs/scheduler.ts";
import { saveConnectedAccount } from "#app/.server/services/connect-state.ts";
import { listJobs } from "#db/queries/jobs.ts";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import type { Platform } from "#db/schema/index.ts";
import { adminDataUrl, postAdminForm } from "../setup/admin-data-url";
import { SANDBOX_EBAY_APP } from "../sandbox/sandbox-apps";
import { ebaySellerFor } from "../sandbox/sandbox-marketplaces";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";

/**
 * A marketplace account's page in both admin UIs (Polaris /app, BigDesign /bc) through the real routes over HTTP:
 * pausing stops its import (an order placed meanwhile is not imported), resuming imports from where it stopped
 * (that order arrives), the last successful sync is shown, and a name is validated on the server (422, nothing saved).
 */
describe("account lifecycle: pause, resume, rename, disconnect (eBay → Shopify, eBay → BigCommerce)", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const pageUrl = (platform: Platform, accountId: number | string) =>
    adminDataUrl(h.http.url, platform, `/accounts/${accountId}`, "accounts.$accountId");
  const post = (platform: Platform, accountId: number, fields: Record<string, string>) =>
    postAdminForm<{ tone: string; message: string; field?: string }>(pageUrl(platform, accountId), fields);

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: pause stops the import, resume imports what was placed meanwhile; names are checked`, async () => {
      const p = h.pair("ebay", platform);
      const other = h.pair("ebay", platform === "shopify" ? "bigcommerce" : "shopify");
      await h.placeLinkedOrder(p, 80);
      const page = await (await fetch(pageUrl(platform, p.account.id))).json();
      expect(page.account).toMatchObject({ id: p.account.id, marketplaceName: "eBay", enabled: true, expired: false });
      expect(Date.parse(page.account.lastSyncedAt)).toBeGreaterThan(0);
      expect(JSON.stringify(page)).not.toMatch(/credential|refresh/i);

      // Another shop's account, and ids that are not ids: 404 like a missing one.
      for (const id of [other.account.id, "abc", "99999999"])
        expect((await fetch(pageUrl(platform, id))).status, String(id)).toBe(404);

      expect(await post(platform, p.account.id, { intent: "pause" })).toMatchObject({
        status: 200,
        body: { tone: "success" },
      });
      expect(getAccount(h.db, p.shop.id, p.account.id)?.enabled).toBe(false);
      const meanwhile = await p.placeOrder(81);
      await h.pollNow([p.account.id]);
      await new Promise((r) => setTimeout(r, 300));
      await h.queueIdle();
      expect(h.orderOf(p, meanwhile)).toBeUndefined();
      expect((await (await fetch(pageUrl(platform, p.account.id))).json()).account.enabled).toBe(false);

      const resumed = await post(platform, p.account.id, { intent: "resume" });
      expect(resumed.body.message).toMatch(/importing again, from where it stopped/);
      await h.linkedOrder(p, meanwhile);

      // Names: blank, a million characters, then a good one with stray spaces.
      expect(await post(platform, p.account.id, { intent: "rename", name: "   " })).toMatchObject({
        status: 422,
        body: { field: "name", message: "Give the account a name." },
      });
      const huge = await post(platform, p.account.id, { intent: "rename", name: "x".repeat(1_000_000) });
      expect(huge).toMatchObject({ status: 422, body: { field: "name" } });
      expect(huge.body.message).toContain("100 characters or fewer");
      expect(getAccount(h.db, p.shop.id, p.account.id)?.name).toBe(p.account.name);
      expect(await post(platform, p.account.id, { intent: "rename", name: "  eBay   main store " })).toMatchObject({
        status: 200,
        body: { message: "The account is now called eBay main store." },
      });
      expect((await (await fetch(pageUrl(platform, p.account.id))).json()).account.name).toBe("eBay main store");
      expect((await post(platform, p.account.id, { intent: "delete" })).status).toBe(400);
    });
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: disconnect erases the credentials and keeps the orders; reconnect resumes import and shipments`, async () => {
      const p = h.pair("ebay", platform);
      const { marketplaceOrderId, order } = await h.placeLinkedOrder(p, 130);
      const answer = await post(platform, p.account.id, { intent: "disconnect" });
      expect(answer).toMatchObject({ status: 200, body: { tone: "success" } });
      expect(answer.body.message).toMatch(/is disconnected: its credentials are erased/);
      const gone = getAccount(h.db, p.shop.id, p.account.id)!;
      expect(gone.disconnectedAt).toBeInstanceOf(Date);
      expect(h.app.ctx.secrets.decryptJson(gone.credentialsEncrypted)).toEqual({});
      expect(h.orderOf(p, marketplaceOrderId)?.id).toBe(order.id);
      const page = (await (await fetch(pageUrl(platform, p.account.id))).json()).account;
      expect(page).toMatchObject({ disconnected: true, expired: true });
      expect(page.lastError).toMatch(/You disconnected this account/);
      const html = await (await fetch(pageUrl(platform, p.account.id).replace(/&_data=[^&]*/, ""))).text();
      expect(html).toContain("Reconnect eBay");
      // Again: nothing changes.
      expect((await post(platform, p.account.id, { intent: "disconnect" })).status).toBe(200);

      // Not polled; a shipment made meanwhile waits (parked) instead of failing.
      h.db.$client.prepare("update marketplace_accounts set last_polled_at = 0 where id = ?").run(p.account.id);
      expect(enqueueDuePolls(h.app.ctx)).toBe(0);
      const meanwhile = await p.placeOrder(131);
      await p.shopDriver.ship(order.shopOrderId!, { carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
      const parked = await waitFor(
        () => listJobs(h.db, { shopId: p.shop.id, type: "export-shipment" }).find((j) => j.status === "parked"),
        { what: "the shipment's export parked" },
      );
      expect(parked.parkedOn).toBe(`account:${p.account.id}`);
      expect(await p.seller.packages(marketplaceOrderId)).toEqual([]);

      // The merchant reconnects the same seller: the account comes back, the import resumes from its cursor.
      const seller = ebaySellerFor(platform);
      saveConnectedAccount(h.app.ctx, {
        shopId: p.shop.id,
        marketplace: "ebay",
        seller: { key: "username", value: seller.username },
        name: seller.username,
        settings: { username: seller.username },
        credentials: {
          clientId: SANDBOX_EBAY_APP.clientId,
          clientSecret: SANDBOX_EBAY_APP.clientSecret,
          ruName: SANDBOX_EBAY_APP.ruName,
          refreshToken: seller.refreshToken,
        },
      });
      const back = getAccount(h.db, p.shop.id, p.account.id)!;
      expect(back).toMatchObject({ disconnectedAt: null, authLostAt: null, enabled: true });
      await waitFor(async () => (await p.seller.packages(marketplaceOrderId)).length === 1, {
        what: "the parked shipment sent after the reconnect",
      });
      await h.pollNow([p.account.id]);
      await h.linkedOrder(p, meanwhile);
    });
  }
});
