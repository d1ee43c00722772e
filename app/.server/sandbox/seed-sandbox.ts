import { seedShopWithAccount } from "../../../db/seed";
import { amazonControl, shopifyControl, type AmazonSeedItem } from "../../../tests/emulators/control-clients";
import type { AppContext } from "../context";
import { DEMO_AMAZON_SELLER, DEMO_BUYERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, upsTrackingNumber } from "./demo-data";

export interface SandboxUrls {
  amazon: string;
  shopify: string;
}

/** A random demo order; `unknownSku` makes one the shop cannot match (to show a failed order and Retry). */
export function demoAmazonOrder(n: number, opts: { unknownSku?: boolean } = {}) {
  const buyer = DEMO_BUYERS[n % DEMO_BUYERS.length];
  const lineCount = 1 + (n % 2);
  const items: AmazonSeedItem[] = Array.from({ length: lineCount }, (_, i) => {
    const p = DEMO_PRODUCTS[(n + i * 3) % DEMO_PRODUCTS.length];
    return { sku: p.sku, title: p.title, quantity: 1 + ((n + i) % 2), unitPrice: p.price, tax: "2.10", shippingPrice: i === 0 ? "4.99" : "0.00" };
  });
  if (opts.unknownSku) items[0] = { sku: "HAT-SUMMER-XL", title: "Summer Hat XL", quantity: 1, unitPrice: "19.99", tax: "1.50", shippingPrice: "4.99" };
  return {
    sellerId: DEMO_AMAZON_SELLER.sellerId,
    items,
    buyerName: buyer.name,
    buyerEmail: buyer.email,
    shipServiceLevel: "Std US D2D Dom",
    shippingAddress: {
      Name: buyer.name,
      AddressLine1: buyer.line1,
      City: buyer.city,
      StateOrRegion: buyer.region,
      PostalCode: buyer.postalCode,
      CountryCode: "US",
    },
  };
}

/** Seeds the emulators (over their control APIs) and the database with the demo shop and Amazon account. */
export async function seedSandbox(ctx: AppContext, urls: SandboxUrls, opts: { pollIntervalSeconds?: number; initialOrders?: number } = {}) {
  const shopify = shopifyControl(urls.shopify);
  const amazon = amazonControl(urls.amazon);
  const { accessToken } = await shopify.createShop({ domain: DEMO_SHOP_DOMAIN, name: "OrderBridge Demo Outfitters", currencyCode: "USD" });
  for (const p of DEMO_PRODUCTS) {
    await shopify.addProduct(DEMO_SHOP_DOMAIN, { title: p.title, variants: [{ sku: p.sku, price: p.price, inventoryQuantity: 100 }] });
  }
  await amazon.seedSeller(DEMO_AMAZON_SELLER);
  const { shop, account } = seedShopWithAccount(ctx.db, {
    domain: DEMO_SHOP_DOMAIN,
    shopName: "OrderBridge Demo Outfitters",
    accessTokenEncrypted: ctx.secrets.encrypt(accessToken),
    account: {
      marketplace: "amazon",
      name: "Amazon US",
      region: "na",
      settings: { sellerId: DEMO_AMAZON_SELLER.sellerId, marketplaceIds: DEMO_AMAZON_SELLER.marketplaceIds },
      credentialsEncrypted: ctx.secrets.encryptJson({
        clientId: DEMO_AMAZON_SELLER.clientId,
        clientSecret: DEMO_AMAZON_SELLER.clientSecret,
        refreshToken: DEMO_AMAZON_SELLER.refreshToken,
      }),
      pollIntervalSeconds: opts.pollIntervalSeconds ?? 15,
    },
  });
  const count = opts.initialOrders ?? 4;
  for (let i = 0; i < count; i++) await amazon.seedOrder(demoAmazonOrder(i, { unknownSku: i === 2 }));
  return { shop, account, shopifyAccessToken: accessToken };
}

/**
 * Keeps the sandbox alive: a new Amazon order every `orderEveryMs`, and the "merchant" fulfils the oldest
 * unfulfilled shop order with UPS tracking every `fulfilEveryMs` (which makes the Shopify emulator send a
 * signed fulfillments/create webhook to the app).
 */
export function startSandboxTrickle(ctx: AppContext, urls: SandboxUrls, opts: { orderEveryMs?: number; fulfilEveryMs?: number } = {}) {
  const amazon = amazonControl(urls.amazon);
  const shopify = shopifyControl(urls.shopify);
  let n = 100;
  const orderTimer = setInterval(() => {
    n++;
    amazon.seedOrder(demoAmazonOrder(n, { unknownSku: n % 9 === 0 })).catch((e) => ctx.logger.warn("sandbox order failed", { error: String(e) }));
  }, opts.orderEveryMs ?? 20_000);
  const fulfilTimer = setInterval(() => {
    void (async () => {
      const orders = await shopify.orders(DEMO_SHOP_DOMAIN);
      const open = orders.find((o) => !(o.fulfillments?.length));
      if (!open) return;
      await shopify.fulfill(DEMO_SHOP_DOMAIN, String(open.id), { trackingCompany: "UPS", trackingNumber: upsTrackingNumber(++n) });
    })().catch((e) => ctx.logger.warn("sandbox fulfilment failed", { error: String(e) }));
  }, opts.fulfilEveryMs ?? 25_000);
  orderTimer.unref();
  fulfilTimer.unref();
  return () => {
    clearInterval(orderTimer);
    clearInterval(fulfilTimer);
  };
}
