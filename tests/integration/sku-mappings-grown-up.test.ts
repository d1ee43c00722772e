import { describe, expect, it } from "vitest";
import { getOrder, getOrderWithLines } from "#db/queries/orders.ts";
import { listSkuMappings } from "#db/queries/sku-mappings.ts";
import type { Platform } from "#db/schema/index.ts";
import { ebayControl } from "../emulators/control-clients";
import { DEMO_BC_STORE, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "../sandbox/demo-data";
import { ebaySellerFor } from "../sandbox/sandbox-marketplaces";
import { adminDataUrl, ADMIN_UIS, postAdminForm } from "../setup/admin-data-url";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";
import { waitFor } from "../setup/wait-for";

type Answer = { tone: string; message: string; field?: string; errors?: string[]; confirm?: boolean };
interface PageData {
  total: number;
  page: number;
  pages: number;
  query: string;
  mappings: {
    id: number;
    marketplace: string;
    accountId: number | null;
    accountName: string | null;
    marketplaceSku: string;
    target: string;
    components: { sku: string; quantity: number }[];
  }[];
}

/**
 * SKU mappings as a merchant with many listings uses them (docs/decisions/032), over HTTP through the real routes of
 * both admin UIs and against the emulators: a bundle and an account's own mapping change what the shop order holds
 * (and it still adds up, and its shipment maps back); every input is checked on the server; CSV import and export.
 */
describe("SKU mappings: accounts, bundles, guard rails, CSV (eBay → Shopify, eBay → BigCommerce)", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  const url = (platform: Platform, query = "") =>
    adminDataUrl(h.http.url, platform, "/sku-mappings", "sku-mappings") + query;
  const post = (platform: Platform, fields: [string, string][] | Record<string, string>) =>
    postAdminForm<Answer>(url(platform), fields);
  const page = async (platform: Platform, query = ""): Promise<PageData> =>
    (await (await fetch(url(platform, query))).json()) as PageData;
  async function upload(platform: Platform, csv: string, extra: Record<string, string> = {}) {
    const form = new FormData();
    form.set("intent", "import");
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    form.set("file", new Blob([csv], { type: "text/csv" }), "mappings.csv");
    const res = await fetch(url(platform), { method: "POST", body: form });
    return { status: res.status, body: (await res.json()) as Answer };
  }

  for (const platform of ["shopify", "bigcommerce"] as const) {
    it(`${platform}: a bundle and an account's own mapping decide the shop order's lines; it adds up; shipments map back`, async () => {
      const p = h.pair("ebay", platform);
      const kit = `HIKE-KIT-${platform}`;
      const socks = `SOCKS-LISTING-${platform}`;
      // A bundle: one kit = 1 headlamp + 2 bottles.
      expect(
        await post(platform, [
          ["intent", "add"],
          ["marketplace", "ebay"],
          ["accountId", ""],
          ["marketplaceSku", kit],
          ["shopSku", "LAMP-HEAD-400"],
          ["quantity", "1"],
          ["shopSku", "BOTTLE-750-STEEL"],
          ["quantity", "2"],
        ]),
      ).toMatchObject({ status: 200, body: { tone: "success" } });
      // Every eBay account sells the socks listing as the socks; this account's own mapping says the poles.
      expect(
        (await post(platform, { intent: "add", marketplace: "ebay", marketplaceSku: socks, shopSku: "SOCK-MERINO-3" }))
          .status,
      ).toBe(200);
      const own = await post(platform, {
        intent: "add",
        marketplace: "ebay",
        accountId: String(p.account.id),
        marketplaceSku: socks,
        shopSku: "POLES-TREK-CARBON",
      });
      expect(own).toMatchObject({ status: 200 });
      expect(own.body.message).toContain(`is now sold as POLES-TREK-CARBON for ${p.account.name}`);
      const listed = await page(platform, `&q=${platform}`);
      expect(
        listed.mappings
          .filter((m) => m.marketplaceSku.includes("LISTING") || m.marketplaceSku.includes("KIT"))
          .map((m) => [m.marketplaceSku, m.accountId, m.target]),
      ).toEqual([
        [kit, null, "LAMP-HEAD-400 + BOTTLE-750-STEEL × 2"],
        [socks, null, "SOCK-MERINO-3"],
        [socks, p.account.id, "POLES-TREK-CARBON"],
      ]);

      // 2 kits for 100.01 (no even split in cents) + 1 pair of socks at 24.50; shipping 5.00.
      const seeded = await ebayControl(h.emulators.urls.ebay).seedOrder({
        username: ebaySellerFor(platform).username,
        items: [
          {
            sku: kit,
            title: "Hiking kit",
            quantity: 2,
            unitPrice: "50.00",
            lineItemCost: "100.01",
            shippingCost: "5.00",
          },
          { sku: socks, title: "Socks listing", quantity: 1, unitPrice: "24.50" },
        ],
        shipTo: {
          fullName: "Bea Bundle",
          contactAddress: {
            addressLine1: "1 Main St",
            city: "Austin",
            stateOrProvince: "TX",
            postalCode: "78701",
            countryCode: "US",
          },
        },
      });
      await h.pollNow([p.account.id]);
      const ours = await h.linkedOrder(p, seeded.orderId);
      const [shopOrder] = await p.shopDriver.ordersBySource(`ebay:${seeded.orderId}`);
      const quantities =
        platform === "shopify"
          ? (shopOrder.raw.lineItems as { sku: string; quantity: number }[]).map((l) => [l.sku, l.quantity])
          : (shopOrder.raw.products as { sku: string; quantity: number }[]).map((l) => [l.sku, l.quantity]);
      expect(quantities).toEqual([
        ["LAMP-HEAD-400", 2],
        ["BOTTLE-750-STEEL", 4],
        ["POLES-TREK-CARBON", 1],
      ]);
      expect(shopOrder.skus).not.toContain("SOCK-MERINO-3");
      expect(ours.totalAmount).toBe(12951);
      if (platform === "bigcommerce") {
        const bc = await h.bigcommerce.order(DEMO_BC_STORE.storeHash, Number(ours.shopOrderId));
        expect(bc).toMatchObject({ subtotal_ex_tax: "124.5100", total_inc_tax: "129.5100" });
      } else {
        expect(shopOrder.raw.totals).toMatchObject({ total: "129.51" });
      }
      const detail = await (
        await fetch(adminDataUrl(h.http.url, platform, `/orders/${ours.id}`, "orders.$orderId"))
      ).json();
      expect(detail.lines.map((l: { sku: string; shopSku: string | null }) => [l.sku, l.shopSku])).toEqual([
        [kit, "LAMP-HEAD-400 + BOTTLE-750-STEEL × 2"],
        [socks, "POLES-TREK-CARBON"],
      ]);

      // One kit's components and the poles in a first package: the kit line counts 1 of 2 shipped.
      await h.queueIdle();
      const shipOneKit = (tracking: number, extra: { sku: string; quantity: number }[] = []) =>
        p.shopDriver.ship(ours.shopOrderId!, {
          carrier: "UPS",
          trackingNumber: upsTrackingNumber(tracking + (platform === "shopify" ? 0 : 1)),
          lines: [{ sku: "LAMP-HEAD-400", quantity: 1 }, { sku: "BOTTLE-750-STEEL", quantity: 2 }, ...extra],
        });
      await shipOneKit(9701, [{ sku: "POLES-TREK-CARBON", quantity: 1 }]);
      await waitFor(
        () => getOrderWithLines(h.db, p.shop.id, ours.id)!.lines.find((l) => l.sku === kit)!.quantityShipped === 1,
        { what: "one kit shipped" },
      );
      expect(getOrder(h.db, p.shop.id, ours.id)!.fulfillmentStatus).toBe("partially_shipped");
      // The rest: the order is shipped once every component of every kit is.
      await shipOneKit(9703);
      await waitFor(() => getOrder(h.db, p.shop.id, ours.id)!.fulfillmentStatus === "shipped", {
        what: "order shipped",
      });
      expect((await p.seller.packages(seeded.orderId)).length).toBe(2);
    });

    it(`${platform}: every input is checked on the server: 422 with the field named, nothing stored`, async () => {
      const p = h.pair("ebay", platform);
      const huge = "X".repeat(1_000_000);
      const before = listSkuMappings(h.db, p.shop.id).total;
      const longMarketplaceSku = await post(platform, {
        intent: "add",
        marketplace: "ebay",
        marketplaceSku: huge,
        shopSku: "SOCK-MERINO-3",
      });
      expect(longMarketplaceSku).toMatchObject({ status: 422, body: { field: "marketplaceSku" } });
      expect(longMarketplaceSku.body.message).toBe(
        "Marketplace SKU is longer than eBay allows: at most 50 characters, this one has 1,000,000.",
      );
      expect(
        await post(platform, { intent: "add", marketplace: "ebay", marketplaceSku: "OK-1", shopSku: huge }),
      ).toMatchObject({ status: 422, body: { field: "shopSku" } });
      expect(
        await post(platform, {
          intent: "add",
          marketplace: "ebay",
          marketplaceSku: "E".repeat(51),
          shopSku: "SOCK-MERINO-3",
        }),
      ).toMatchObject({ status: 422, body: { field: "marketplaceSku" } });
      expect(
        await post(platform, [
          ["intent", "add"],
          ["marketplace", "ebay"],
          ["marketplaceSku", "OK-2"],
          ["shopSku", "SOCK-MERINO-3"],
          ["quantity", "0"],
        ]),
      ).toMatchObject({ status: 422, body: { field: "quantity" } });
      expect(
        await post(platform, {
          intent: "add",
          marketplace: "ebay",
          accountId: "999999",
          marketplaceSku: "OK-3",
          shopSku: "SOCK-MERINO-3",
        }),
      ).toMatchObject({ status: 422, body: { field: "account" } });
      expect(
        await post(platform, {
          intent: "add",
          marketplace: "walmart",
          marketplaceSku: "OK-4",
          shopSku: "SOCK-MERINO-3",
        }),
      ).toMatchObject({
        status: 422,
        body: { field: "marketplace" },
      });
      expect(listSkuMappings(h.db, p.shop.id).total).toBe(before);

      // A SKU the shop sells itself, sold as another product: asked for confirmation, saved with confirm=1.
      const ask = { intent: "add", marketplace: "ebay", marketplaceSku: "SHOE-TRAIL-42", shopSku: "SOCK-MERINO-3" };
      const asked = await post(platform, ask);
      expect(asked).toMatchObject({ status: 409, body: { confirm: true, tone: "info" } });
      expect(asked.body.message).toContain(`${ADMIN_UIS[platform].name} sells SHOE-TRAIL-42 itself`);
      expect(listSkuMappings(h.db, p.shop.id).total).toBe(before);
      expect((await post(platform, { ...ask, confirm: "1" })).status).toBe(200);

      // Re-adding says what it replaces; editing changes the target; deleting removes it.
      const again = await post(platform, { ...ask, shopSku: "BOTTLE-750-STEEL", confirm: "1" });
      expect(again.body.message).toContain("It replaces the earlier mapping to SOCK-MERINO-3.");
      const row = (await page(platform, "&q=SHOE-TRAIL-42")).mappings.find(
        (m) => m.marketplaceSku === "SHOE-TRAIL-42",
      )!;
      expect(row.target).toBe("BOTTLE-750-STEEL");
      expect(
        await post(platform, [
          ["intent", "update"],
          ["id", String(row.id)],
          ["shopSku", "LAMP-HEAD-400"],
          ["quantity", "3"],
          ["confirm", "1"],
        ]),
      ).toMatchObject({ status: 200 });
      expect((await page(platform, "&q=SHOE-TRAIL-42")).mappings[0].target).toBe("LAMP-HEAD-400 × 3");
      expect(
        await post(platform, [
          ["intent", "update"],
          ["id", String(row.id)],
          ["shopSku", huge],
        ]),
      ).toMatchObject({ status: 422, body: { field: "shopSku" } });
      expect((await post(platform, { intent: "delete", id: String(row.id) })).status).toBe(200);
      expect((await post(platform, { intent: "update", id: String(row.id), shopSku: "X" })).status).toBe(404);

      // Map SKU from a failed order, for that order's account only.
      const listing = `ACCOUNT-ONLY-${platform}`;
      const failedId = await p.placeOrder(62, { unknownSku: listing });
      await h.pollNow([p.account.id]);
      const failed = await waitFor(
        () => {
          const o = h.orderOf(p, failedId);
          return o?.fulfillmentStatus === "failed" ? o : null;
        },
        { what: "order failed on the unknown SKU" },
      );
      const mapped = await postAdminForm<Answer>(
        adminDataUrl(h.http.url, platform, `/orders/${failed.id}`, "orders.$orderId"),
        { intent: "map-sku", marketplaceSku: listing, shopSku: "SOCK-MERINO-3", accountOnly: "1" },
      );
      expect(mapped).toMatchObject({ status: 200, body: { tone: "success" } });
      expect(mapped.body.message).toContain(`is now sold as SOCK-MERINO-3 for ${p.account.name}.`);
      expect((await page(platform, `&q=${listing}`)).mappings).toMatchObject([{ accountId: p.account.id }]);
      await h.linkedOrder(p, failedId);

      // Map SKU on an order that did not fail is refused.
      const placed = await p.placeOrder(61);
      await h.pollNow([p.account.id]);
      const linked = await h.linkedOrder(p, placed);
      const refused = await postAdminForm<Answer>(
        adminDataUrl(h.http.url, platform, `/orders/${linked.id}`, "orders.$orderId"),
        { intent: "map-sku", marketplaceSku: "SHOE-TRAIL-42", shopSku: "SOCK-MERINO-3" },
      );
      expect(refused).toMatchObject({ status: 409, body: { tone: "critical" } });
      expect(refused.body.message).toContain("This order is not waiting for a SKU");
    });

    it(`${platform}: CSV import is all or nothing with line numbers; export imports back; search and pages`, async () => {
      const p = h.pair("ebay", platform);
      const before = listSkuMappings(h.db, p.shop.id).total;
      const header = "marketplace,account,marketplace_sku,shop_sku,quantity\n";
      const bad = await upload(
        platform,
        `${header}ebay,,CSV-GOOD-${platform},SOCK-MERINO-3,1\nwalmart,,CSV-BAD-1,SOCK-MERINO-3,1\nebay,,CSV-BAD-2,SOCK-MERINO-3,two\nebay,Nobody,CSV-BAD-3,SOCK-MERINO-3,\n`,
      );
      expect(bad.status).toBe(422);
      expect(bad.body.message).toBe("Nothing was imported: 3 rows have errors. Fix them and import the file again.");
      expect(bad.body.errors).toEqual([
        "Line 3, marketplace: Choose a marketplace.",
        "Line 4, quantity: Quantity must be a whole number from 1 to 999.",
        'Line 5, account: No eBay account called "Nobody" is connected to this shop.',
      ]);
      const unknownSku = await upload(platform, `${header}ebay,,CSV-GOOD-${platform},NOT-IN-SHOP,1\n`);
      expect(unknownSku.status).toBe(422);
      expect(unknownSku.body.errors?.[0]).toMatch(/^Line 2, shop_sku: SKU NOT-IN-SHOP is not in the/);
      expect(listSkuMappings(h.db, p.shop.id).total).toBe(before);

      // 55 mappings (one a bundle of two rows, one for this account only): imported in one go.
      const rows = Array.from(
        { length: 53 },
        (_, i) => `ebay,,CSV-${platform}-${String(i).padStart(2, "0")},SOCK-MERINO-3,`,
      );
      rows.push(`ebay,,CSV-${platform}-BUNDLE,LAMP-HEAD-400,1`, `ebay,,CSV-${platform}-BUNDLE,BOTTLE-750-STEEL,2`);
      rows.push(`eBay,${p.account.name},CSV-${platform}-OWN,JACKET-RAIN-M,`);
      const ok = await upload(platform, header + rows.join("\r\n"));
      expect(ok).toMatchObject({ status: 200, body: { tone: "success" } });
      expect(ok.body.message).toMatch(/^Imported 55 mappings\./);
      const searched = await page(platform, `&q=CSV-${platform}`);
      expect([searched.total, searched.pages, searched.mappings.length]).toEqual([55, 2, 50]);
      const second = await page(platform, `&q=CSV-${platform}&page=2`);
      expect(second.mappings.map((m) => m.marketplaceSku)).toContain(`CSV-${platform}-OWN`);
      expect(second.mappings.find((m) => m.marketplaceSku === `CSV-${platform}-OWN`)?.accountName).toBe(p.account.name);
      expect(second.mappings.find((m) => m.marketplaceSku === `CSV-${platform}-BUNDLE`)?.target).toBe(
        "LAMP-HEAD-400 + BOTTLE-750-STEEL × 2",
      );

      // Export: the import's format; imported back, every row replaces itself.
      const exportUrl = new URL(`/${ADMIN_UIS[platform].prefix}/sku-mappings/export`, h.http.url);
      exportUrl.searchParams.set(ADMIN_UIS[platform].picker[0], ADMIN_UIS[platform].picker[1]);
      const exported = await fetch(exportUrl);
      expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
      const csv = await exported.text();
      expect(csv.split("\n")[0]).toBe("marketplace,account,marketplace_sku,shop_sku,quantity");
      expect(csv).toContain(`ebay,,CSV-${platform}-BUNDLE,BOTTLE-750-STEEL,2`);
      expect(csv).toContain(`ebay,${p.account.name},CSV-${platform}-OWN,JACKET-RAIN-M,1`);
      const again = await upload(platform, csv, { confirm: "1" });
      expect(again.status).toBe(200);
      expect(again.body.message).toContain("replaced an earlier one");
      expect(listSkuMappings(h.db, p.shop.id).total).toBe(before + 55);

      // A file over the limit is refused with the limit named.
      const tooLarge = await upload(platform, header + "x".repeat(600 * 1024));
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.message).toBe("The file is too large: import at most 512 KB at a time (split the file).");
    });
  }

  it("the BigDesign page renders its search, bundle, import and export controls on the server", async () => {
    const u = new URL("/bc/sku-mappings", h.http.url);
    u.searchParams.set("store", DEMO_BC_STORE.storeHash);
    u.searchParams.set("q", "CSV-bigcommerce-BUNDLE");
    const html = await (await fetch(u)).text();
    for (const text of ["Search SKUs", "Add another shop SKU (bundle)", "Import CSV", "Export CSV", "All accounts"])
      expect(html).toContain(text);
    expect(html).toContain("LAMP-HEAD-400 + BOTTLE-750-STEEL × 2");
    const s = new URL("/app/sku-mappings", h.http.url);
    s.searchParams.set("shop", DEMO_SHOP_DOMAIN);
    expect((await fetch(s)).status).toBe(200);
  });
});
