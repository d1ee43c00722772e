import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getShop } from "#db/queries/shops.ts";
import { jobs } from "#db/schema/index.ts";
import type { Job } from "#db/queries/jobs.ts";
import { BIGCOMMERCE_ERASURE_DELAY_MS } from "#app/.server/services/erase-shop.ts";
import type { SeededPair } from "../sandbox/seed-sandbox";
import { startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * BigCommerce sends no shop/redact: its uninstall callback schedules the store's erasure 48 hours later, as Shopify's
 * shop/redact comes (docs/decisions/023). Over HTTP with the emulators and the worker: an uninstall leaves the data
 * and queues the erasure for then; a reinstall before it keeps the data (the due erasure does nothing); the next
 * uninstall's erasure, once due, deletes everything of the store and nothing of the Shopify shop.
 */
describe("BigCommerce uninstall: the store's data is erased 48 hours later", () => {
  let h: Harness;
  let bc: SeededPair;
  let shopify: SeededPair;
  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "ebay", platform: "bigcommerce" },
        { marketplace: "ebay", platform: "shopify" },
      ],
    });
    bc = h.pair("ebay", "bigcommerce");
    shopify = h.pair("ebay", "shopify");
  });
  afterAll(async () => {
    await h?.close();
  });

  const rowsOf = (shopId: number) =>
    Object.fromEntries(
      ["orders", "order_lines", "timeline_events", "jobs", "webhook_deliveries", "marketplace_accounts"].map((t) => [
        t,
        (h.db.$client.prepare(`SELECT count(*) AS n FROM ${t} WHERE shop_id = ?`).get(shopId) as { n: number }).n,
      ]),
    );
  const erasures = (): Job[] => h.db.select().from(jobs).where(eq(jobs.type, "erase-shop")).all();
  const makeDue = (id: number) =>
    h.db
      .update(jobs)
      .set({ runAt: new Date() })
      .where(and(eq(jobs.id, id), eq(jobs.status, "queued")))
      .run();

  async function uninstall(): Promise<Date> {
    const res = await h.emulators.bigcommerce.uninstall(bc.shop.domain);
    expect(res.callback).toMatchObject({ status: 200 });
    return (await waitFor(() => getShop(h.db, bc.shop.id)?.uninstalledAt, { what: "uninstall recorded" }))!;
  }

  it("an uninstall keeps the data and schedules the erasure; a reinstall before it keeps the data", async () => {
    await h.placeLinkedOrder(bc, 1);
    const before = rowsOf(bc.shop.id);
    expect(before.orders).toBe(1);

    const uninstalledAt = await uninstall();
    const [scheduled] = erasures();
    expect(erasures()).toHaveLength(1);
    expect(scheduled).toMatchObject({
      shopId: null,
      status: "queued",
      payload: { shopId: bc.shop.id, uninstalledAt: uninstalledAt.getTime(), reason: "bigcommerce_uninstalled" },
      runAt: new Date(uninstalledAt.getTime() + BIGCOMMERCE_ERASURE_DELAY_MS),
    });
    expect(rowsOf(bc.shop.id).orders).toBe(1);

    // The merchant installs the app again within the 48 hours; the erasure comes due and does nothing.
    const installed = await h.emulators.bigcommerce.install(bc.shop.domain);
    expect(installed.callback.status).toBeLessThan(400);
    await waitFor(() => getShop(h.db, bc.shop.id)?.uninstalledAt === null, { what: "reinstall recorded" });
    makeDue(scheduled!.id);
    await waitFor(() => erasures()[0]?.status === "succeeded", { what: "due erasure ran" });
    expect(getShop(h.db, bc.shop.id)).toBeDefined();
    expect(rowsOf(bc.shop.id).orders).toBe(1);
  });

  it("the erasure of the next uninstall, once due, deletes everything of the store and nothing else", async () => {
    const shopifyBefore = rowsOf(shopify.shop.id);
    const uninstalledAt = await uninstall();
    const next = erasures().find((j) => j.status === "queued")!;
    expect(next.payload).toMatchObject({ uninstalledAt: uninstalledAt.getTime() });
    makeDue(next.id);
    await waitFor(() => !getShop(h.db, bc.shop.id), { what: "store erased" });
    expect(Object.values(rowsOf(bc.shop.id)).every((n) => n === 0)).toBe(true);
    expect(rowsOf(shopify.shop.id)).toEqual(shopifyBefore);
    await waitFor(() => erasures().every((j) => j.status === "succeeded"), { what: "erasures done" });
  });
});
