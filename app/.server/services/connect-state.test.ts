import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";
import { upsertShop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { readEnv } from "../env";
import { connectOutcome } from "./connect-state";

/** Where a merchant of a BigCommerce store lands after connecting a marketplace. */
describe("connectOutcome for a BigCommerce store", () => {
  const setup = (env: Record<string, string>) => {
    const db = openDatabase(":memory:");
    migrateDatabase(db);
    const shop = upsertShop(db, { platform: "bigcommerce", domain: "abc123", name: "Store" });
    const ctx = { db, env: readEnv({ NODE_ENV: "test", ...env }) } as unknown as AppContext;
    return { ctx, shop };
  };
  const live = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" };

  it("goes back through the control panel when the app id is known (the session cookie lives in its frame)", () => {
    const { ctx, shop } = setup({ ...live, BIGCOMMERCE_APP_ID: "41234" });
    expect(connectOutcome(ctx, shop.id, { connected: "ebay" })).toEqual({
      redirectTo: "https://store-abc123.mybigcommerce.com/manage/app/41234",
    });
  });

  it("falls back to /bc with the result when the app id is not configured", () => {
    const { ctx, shop } = setup(live);
    expect(connectOutcome(ctx, shop.id, { error: "denied", marketplace: "etsy" })).toEqual({
      redirectTo: "/bc?connect_error=denied&marketplace=etsy",
    });
  });

  it("names the store in sandbox mode, so the page shows the store that connected", () => {
    const { ctx, shop } = setup({ BIGCOMMERCE_APP_ID: "41234" });
    expect(connectOutcome(ctx, shop.id, { connected: "ebay" })).toEqual({
      redirectTo: "/bc?store=abc123&connected=ebay",
    });
  });
});
