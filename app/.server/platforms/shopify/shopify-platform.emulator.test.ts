import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyEmulator, type ShopifyEmulator } from "#tests/emulators/shopify/index.ts";
import { AdminGraphqlClient } from "./admin-graphql-client";
import { parseFulfillmentWebhook } from "./fulfillment-webhook";
import { ShopifyPlatform } from "./shopify-platform";

/**
 * The Shopify adapter's listFulfillmentEvents over real HTTP against the emulator, which validates every
 * document against the 2026-07 Admin schema and enforces the query cost. The events must be the ones the
 * fulfillments webhooks of the same fulfillments translate to.
 */
const DOMAIN = "fulfil-list.myshopify.com";
let emu: ShopifyEmulator;
let platform: ShopifyPlatform;

beforeAll(async () => {
  emu = createShopifyEmulator({ clientId: "fl-client", clientSecret: "fl-secret", limitsEnabled: true });
  const base = await emu.listen();
  const { accessToken } = emu.createShop({ domain: DOMAIN, name: "Fulfil List" });
  emu.addProduct(DOMAIN, { title: "Mug", variants: [{ sku: "MUG-1", price: "12.00", inventoryQuantity: 40 }] });
  emu.addProduct(DOMAIN, { title: "Tee", variants: [{ sku: "TEE-M", price: "20.00", inventoryQuantity: 40 }] });
  platform = new ShopifyPlatform(new AdminGraphqlClient({ baseUrl: base, accessToken }));
});
afterAll(() => emu?.close());

/** The event the fulfillments webhook carried, for the last delivery of that topic. */
function webhookEvent(topic: "fulfillments/create" | "fulfillments/update") {
  const parsed = parseFulfillmentWebhook(emu.webhookLog({ topic, shop: DOMAIN }).at(-1)!.payload);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

describe("ShopifyPlatform.listFulfillmentEvents", () => {
  it("answers every fulfillment of the order as the same event its webhook gives: ids, status, carrier, tracking, lines", async () => {
    emu.createOrder(DOMAIN, {
      sourceIdentifier: "amazon:111-0000001-0000001",
      lineItems: [
        { sku: "MUG-1", quantity: 2 },
        { sku: "TEE-M", quantity: 1 },
      ],
    } as never);
    const ref = (await platform.findOrderBySource({
      marketplace: "amazon",
      marketplaceOrderId: "111-0000001-0000001",
    }))!;
    expect(await platform.listFulfillmentEvents(ref.id)).toEqual([]);

    const orderId = ref.id.split("/").pop()!;
    emu.fulfill(DOMAIN, orderId, {
      lineItems: [{ sku: "MUG-1", quantity: 1 }],
      trackingCompany: "UPS",
      trackingNumber: "1Z999AA10123456784",
    });
    const firstHook = webhookEvent("fulfillments/create");
    emu.fulfill(DOMAIN, orderId, { trackingCompany: "USPS", trackingNumber: "9400111202555842332610" });
    const secondHook = webhookEvent("fulfillments/create");

    const events = await platform.listFulfillmentEvents(ref.id);
    expect(events).toEqual([firstHook, secondHook]);
    expect(events[0]).toMatchObject({
      shopOrderId: ref.id,
      status: "success",
      carrierName: "UPS",
      trackingNumber: "1Z999AA10123456784",
      lines: [{ shopLineItemId: ref.lines.find((l) => l.sku === "MUG-1")!.id, sku: "MUG-1", quantity: 1 }],
    });
    expect(events[1].lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([
      ["MUG-1", 1],
      ["TEE-M", 1],
    ]);

    // A tracking number edited afterwards: the fetched event is the update webhook's event.
    emu.updateTracking(DOMAIN, events[1].fulfillmentId, { trackingCompany: "FedEx", trackingNumber: "794698765432" });
    const afterEdit = await platform.listFulfillmentEvents(ref.id);
    expect(afterEdit[1]).toEqual(webhookEvent("fulfillments/update"));
    expect(afterEdit[1]).toMatchObject({ carrierName: "FedEx", trackingNumber: "794698765432" });
  });

  it("pages a fulfillment's line items past the first page (25)", async () => {
    const skus = Array.from({ length: 30 }, (_, i) => `PAGE-${String(i).padStart(2, "0")}`);
    for (const sku of skus)
      emu.addProduct(DOMAIN, { title: sku, variants: [{ sku, price: "1.00", inventoryQuantity: 5 }] });
    emu.createOrder(DOMAIN, {
      sourceIdentifier: "etsy:30",
      lineItems: skus.map((sku) => ({ sku, quantity: 1 })),
    } as never);
    const ref = (await platform.findOrderBySource({ marketplace: "etsy", marketplaceOrderId: "30" }))!;
    emu.fulfill(DOMAIN, ref.id.split("/").pop()!, { trackingCompany: "UPS", trackingNumber: "1Z999AA10123456784" });
    const [event] = await platform.listFulfillmentEvents(ref.id);
    expect(event.lines.map((l) => l.sku).sort()).toEqual(skus);
    expect(event.lines.every((l) => l.quantity === 1)).toBe(true);
  });

  it("answers nothing for an order the shop does not have", async () => {
    expect(await platform.listFulfillmentEvents("gid://shopify/Order/987654321")).toEqual([]);
  });
});

describe("ShopifyPlatform.cancelOrder", () => {
  it("cancels with orderCancel (stock back, no refund), answers already_cancelled the second time, and refuses a fulfilled order", async () => {
    const stock = () =>
      emu
        .listProducts(DOMAIN)
        .flatMap((p) => p.variants)
        .find((v) => v.sku === "MUG-1")!.inventoryQuantity;
    emu.createOrder(
      DOMAIN,
      { sourceIdentifier: "ebay:12-00000-00009", lineItems: [{ sku: "MUG-1", quantity: 3 }] } as never,
      { inventoryBehaviour: "DECREMENT_IGNORING_POLICY" } as never,
    );
    const ref = (await platform.findOrderBySource({ marketplace: "ebay", marketplaceOrderId: "12-00000-00009" }))!;
    const before = stock();
    expect(await platform.cancelOrder(ref.id, "Cancelled on eBay")).toBe("cancelled");
    expect(stock()).toBe(before + 3);
    expect(emu.getOrder(DOMAIN, ref.id.split("/").pop()!)).toMatchObject({ cancelReason: "OTHER" });
    expect(await platform.cancelOrder(ref.id, "Cancelled on eBay")).toBe("already_cancelled");
    expect(stock()).toBe(before + 3);

    emu.createOrder(DOMAIN, {
      sourceIdentifier: "ebay:12-00000-00010",
      lineItems: [{ sku: "MUG-1", quantity: 1 }],
    } as never);
    const shipped = (await platform.findOrderBySource({ marketplace: "ebay", marketplaceOrderId: "12-00000-00010" }))!;
    emu.fulfill(DOMAIN, shipped.id.split("/").pop()!, { trackingCompany: "UPS", trackingNumber: "1Z999AA10123456784" });
    await expect(platform.cancelOrder(shipped.id, "Cancelled on eBay")).rejects.toThrow(
      /Shopify did not cancel the order: Cannot cancel an order with fulfillments/,
    );
  });
});

describe("ShopifyPlatform.findVariantsBySku", () => {
  it("keeps only exact SKUs of Shopify's prefix matches, and pages on until a SKU buried among them is found", async () => {
    // `sku:BOLT-1` also matches BOLT-10…BOLT-1xx (prefix search); the exact one is created last, so it sorts after
    // the 300 near misses and the first page (first: 2) cannot hold it.
    emu.addProduct(DOMAIN, {
      title: "Bolts",
      variants: Array.from({ length: 300 }, (_, i) => ({ sku: `BOLT-1${i}`, price: "0.10" })),
    });
    emu.addProduct(DOMAIN, { title: "Bolt", variants: [{ sku: "BOLT-1", price: "0.20" }] });
    const found = await platform.findVariantsBySku(["BOLT-1", "BOLT-NONE"]);
    expect([...found.keys()]).toEqual(["BOLT-1"]);
    expect(found.get("BOLT-1")).toMatchObject({ sku: "BOLT-1", title: expect.any(String) });
    const mugs = await platform.findVariantsBySku(["MUG"]); // MUG-1 exists; MUG itself does not
    expect(mugs.size).toBe(0);
  });
});
