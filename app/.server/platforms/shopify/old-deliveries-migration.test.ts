import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "#db/client.ts";
import { MIGRATIONS_FOLDER } from "#db/migrate.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { shopifyDeliveryRecord } from "./webhook-delivery-record";
import { upsertShop } from "#db/queries/shops.ts";
import { webhookDeliveries } from "#db/schema/index.ts";

/**
 * Migration 0015 rewrites the deliveries stored before decision 022 to the record kept today: the same fields as
 * shopifyDeliveryRecord, so a whole fulfillment's buyer (email, destination, line item titles and properties) and an
 * uninstalled Shop's owner are no longer kept. Run here again on rows inserted after migrating, as on a database
 * that held them.
 */
describe("migration 0015: old Shopify deliveries rewritten to their lean record", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let db: DB;
  let shopId: number;
  beforeEach(() => {
    temp = openTempDatabase("lean-old-deliveries");
    db = temp.db;
    shopId = upsertShop(db, { platform: "shopify", domain: "a.myshopify.com" }).id;
  });
  afterEach(() => temp.remove());

  const migration = () => {
    const sql = readFileSync(join(MIGRATIONS_FOLDER, "0015_lean_old_deliveries.sql"), "utf8");
    for (const statement of sql.split("--> statement-breakpoint")) db.$client.exec(statement);
  };
  const store = (platform: "shopify" | "bigcommerce", topic: string, payload: unknown) =>
    db
      .insert(webhookDeliveries)
      .values({ shopId, platform, deliveryId: `${topic}-${Math.random()}`, topic, payload, triggeredAt: null })
      .returning({ id: webhookDeliveries.id })
      .get()!.id;
  const payloadOf = (id: number) =>
    db
      .select()
      .from(webhookDeliveries)
      .all()
      .find((d) => d.id === id)!.payload;

  it("keeps what shopifyDeliveryRecord keeps, and nothing of the buyer or the shop owner", () => {
    const fulfillment = {
      id: 5550000000001,
      admin_graphql_api_id: "gid://shopify/Fulfillment/5550000000001",
      order_id: 450789469,
      name: "#1001.1",
      status: "success",
      location_id: 655441491,
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_numbers: ["1Z999AA10123456784"],
      tracking_url: "https://example.com/track",
      email: "jordan@example.com",
      destination: { first_name: "Jordan", address1: "2121 7th Ave", phone: "2065550100" },
      line_items: [{ id: 466157049, variant_id: 39072856, sku: "MUG-1", quantity: 1, title: "Mug", properties: [] }],
      created_at: "2026-01-01T10:00:00-05:00",
      updated_at: "2026-01-01T10:00:00-05:00",
    };
    const shop = { id: 548380009, myshopify_domain: "a.myshopify.com", email: "jane@example.com", shop_owner: "Jane" };
    const light = { scope: "store/shipment/created", store_id: "1", data: { type: "shipment", id: 12, orderId: 251 } };
    const ids = {
      fulfillment: store("shopify", "fulfillments/create", fulfillment),
      update: store("shopify", "fulfillments/update", { id: 7, status: "cancelled" }),
      uninstalled: store("shopify", "app/uninstalled", shop),
      bigcommerce: store("bigcommerce", "store/shipment/created", light),
    };
    migration();
    expect(payloadOf(ids.fulfillment)).toEqual(shopifyDeliveryRecord("fulfillments/create", fulfillment));
    expect(payloadOf(ids.update)).toEqual({ id: 7, status: "cancelled" });
    expect(payloadOf(ids.uninstalled)).toEqual(shopifyDeliveryRecord("app/uninstalled", shop));
    expect(payloadOf(ids.bigcommerce)).toEqual(light);
    // Running it again (on records already lean) changes nothing.
    const once = db.select().from(webhookDeliveries).all();
    migration();
    expect(db.select().from(webhookDeliveries).all()).toEqual(once);
  });
});
