import { describe, expect, it } from "vitest";
import { getOrderWithLines } from "#db/queries/orders.ts";
import { DEMO_BC_STORE, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN } from "../sandbox/demo-data";
import { ebaySellerFor } from "../sandbox/sandbox-marketplaces";
import { promotionDiscountCode, ROUNDING_DISCOUNT_CODE } from "#app/.server/platforms/shopify/line-prices.ts";
import { controlCall, ebayControl } from "../emulators/control-clients";
import { EBAY_ON_BOTH_PLATFORMS, harnessForSuite } from "../setup/suite-harness";

/**
 * The shop order must add up to what the buyer paid, cent for cent, on both platforms. A marketplace line whose total
 * does not divide by its quantity (a volume price: 10.00 for 3) has no exact unit price in cents: Shopify gets
 * rounded-up units and one discount for the cents added, BigCommerce 4-decimal unit prices. A marketplace promotion
 * lowers the total: Shopify gets it as the order's discount code, BigCommerce as discount_amount.
 */
describe("shop order totals = what the buyer paid (eBay → Shopify, eBay → BigCommerce)", () => {
  const h = harnessForSuite({ pairs: EBAY_ON_BOTH_PLATFORMS });

  /** 3 socks for 10.00 + 1 bottle at 32.00, shipping 5.49, tax 1.80 + 1.80: the buyer paid 51.09 (less any promotion). */
  async function placeVolumeOrder(platform: "shopify" | "bigcommerce", priceDiscount?: string): Promise<string> {
    const [, socks, bottle] = DEMO_PRODUCTS;
    const order = await ebayControl(h.emulators.urls.ebay).seedOrder({
      username: ebaySellerFor(platform).username,
      ...(priceDiscount ? { priceDiscount } : {}),
      items: [
        {
          sku: socks.sku,
          title: socks.title,
          quantity: 3,
          unitPrice: "3.33",
          lineItemCost: "10.00",
          shippingCost: "5.49",
          tax: "1.80",
        },
        { sku: bottle.sku, title: bottle.title, quantity: 1, unitPrice: bottle.price, tax: "1.80" },
      ],
      shipTo: {
        fullName: "Vera Volume",
        contactAddress: {
          addressLine1: "1 Main St",
          city: "Austin",
          stateOrProvince: "TX",
          postalCode: "78701",
          countryCode: "US",
        },
      },
    });
    return order.orderId;
  }

  it("Shopify: units rounded up, the cents added taken off as one discount, total = what the buyer paid", async () => {
    const p = h.pair("ebay", "shopify");
    const marketplaceOrderId = await placeVolumeOrder("shopify");
    await h.pollNow([p.account.id]);
    const ours = await h.linkedOrder(p, marketplaceOrderId);
    const lines = getOrderWithLines(h.db, p.shop.id, ours.id)!.lines;
    expect(ours.totalAmount).toBe(5109);
    expect(lines.map((l) => [l.sku, l.quantity, l.unitPriceAmount, l.lineTotalAmount])).toEqual([
      ["SOCK-MERINO-3", 3, 333, 1000],
      ["BOTTLE-750-STEEL", 1, 3200, 3200],
    ]);

    const shopOrder = await controlCall<Record<string, any>>(
      h.emulators.urls.shopify,
      "GET",
      `/__sandbox/shops/${DEMO_SHOP_DOMAIN}/orders/${ours.shopOrderId!.split("/").pop()}`,
    );
    expect(shopOrder.discountCodes).toEqual([ROUNDING_DISCOUNT_CODE]);
    expect(shopOrder.totals).toMatchObject({ subtotal: "42.00", discounts: "0.02", total: "51.09" });
  });

  it("BigCommerce: 4-decimal unit price, subtotal and total = what the buyer paid", async () => {
    const p = h.pair("ebay", "bigcommerce");
    const marketplaceOrderId = await placeVolumeOrder("bigcommerce");
    await h.pollNow([p.account.id]);
    const ours = await h.linkedOrder(p, marketplaceOrderId);
    expect(ours.totalAmount).toBe(5109);

    const shopOrder = await h.bigcommerce.order(DEMO_BC_STORE.storeHash, Number(ours.shopOrderId));
    expect(shopOrder).toMatchObject({ subtotal_ex_tax: "42.0000", total_inc_tax: "51.0900" });
    const socks = (shopOrder.products as Record<string, any>[]).find((l) => l.sku === "SOCK-MERINO-3")!;
    expect(socks).toMatchObject({ quantity: 3, price_ex_tax: "3.3333" });
  });
  it("a promotion: Shopify takes it (and the rounding cents) as one EBAY-PROMOTIONS discount; total = what the buyer paid", async () => {
    const p = h.pair("ebay", "shopify");
    const marketplaceOrderId = await placeVolumeOrder("shopify", "5.00");
    await h.pollNow([p.account.id]);
    const ours = await h.linkedOrder(p, marketplaceOrderId);
    expect([ours.discountAmount, ours.totalAmount]).toEqual([500, 4609]);

    const shopOrder = await controlCall<Record<string, any>>(
      h.emulators.urls.shopify,
      "GET",
      `/__sandbox/shops/${DEMO_SHOP_DOMAIN}/orders/${ours.shopOrderId!.split("/").pop()}`,
    );
    expect(shopOrder.discountCodes).toEqual([promotionDiscountCode("eBay")]);
    expect(shopOrder.discountCodes).toEqual(["EBAY-PROMOTIONS"]);
    expect(shopOrder.totals).toMatchObject({ discounts: "5.02", total: "46.09" });
  });

  it("a promotion: BigCommerce takes it as discount_amount; total = what the buyer paid", async () => {
    const p = h.pair("ebay", "bigcommerce");
    const marketplaceOrderId = await placeVolumeOrder("bigcommerce", "5.00");
    await h.pollNow([p.account.id]);
    const ours = await h.linkedOrder(p, marketplaceOrderId);
    expect(ours.totalAmount).toBe(4609);
    const shopOrder = await h.bigcommerce.order(DEMO_BC_STORE.storeHash, Number(ours.shopOrderId));
    expect(shopOrder).toMatchObject({
      subtotal_ex_tax: "42.0000",
      discount_amount: "5.0000",
      total_inc_tax: "46.0900",
    });

    // The order page (BigDesign, through the real route) shows the promotion and each line's total.
    const url = new URL(`/bc/orders/${ours.id}`, h.http.url);
    url.searchParams.set("store", DEMO_BC_STORE.storeHash);
    url.searchParams.set("_data", "routes/bc.orders.$orderId");
    const page = await (await fetch(url)).json();
    expect(page.order.totals).toEqual({
      subtotal: "$42.00",
      shipping: "$5.49",
      tax: "$3.60",
      discount: "−$5.00",
      total: "$46.09",
    });
    expect(
      page.lines.map((l: { sku: string; unitPrice: string; total: string }) => [l.sku, l.unitPrice, l.total]),
    ).toEqual([
      ["SOCK-MERINO-3", "$3.33", "$10.00"],
      ["BOTTLE-750-STEEL", "$32.00", "$32.00"],
    ]);
  });
});
