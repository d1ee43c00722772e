import { describe, expect, it } from "vitest";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import type { Platform } from "#db/schema/index.ts";
import { adminDataUrl, postAdminForm } from "../setup/admin-data-url";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";

/**
 * A marketplace account's page in both admin UIs (Polaris /app, BigDesign /bc) through the real routes over HTTP:
 * pausing stops its import (an order placed meanwhile is not imported), resuming imports from where it stopped
 * (that order arrives), the last successful sync is shown, and a name is validated on the server (422, nothing saved).
 */
describe("account lifecycle: pause, resume, rename (eBay → Shopify, eBay → BigCommerce)", () => {
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
});
