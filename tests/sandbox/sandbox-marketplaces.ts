import type { Marketplace } from "#connectors/types.ts";
import type { Platform } from "#db/schema/index.ts";
import { amazonControl, ebayControl, etsyControl, type AmazonSeedItem } from "../emulators/control-clients";
import { SANDBOX_AMAZON_APP, SANDBOX_EBAY_APP, SANDBOX_ETSY_APP, type SandboxUrls } from "./sandbox-apps";

export type { SandboxUrls } from "./sandbox-apps";
import {
  DEMO_AMAZON_CONNECT_SELLER,
  DEMO_AMAZON_SELLER,
  DEMO_BUYERS,
  DEMO_EBAY_SELLER,
  DEMO_ETSY_SHOP,
  DEMO_PRODUCTS,
} from "./demo-data";

/**
 * The demo sellers of the sandbox, one per (marketplace, platform) pair, and what a buyer or the marketplace does
 * to them: place an order, and show the packages the marketplace received. Everything goes over the emulators'
 * control APIs (HTTP), so sandbox mode, integration tests and the bench drive them as an outside user would.
 */

/** A marketplace account to store for a shop (credentials in the clear: the caller seals them). */
export interface DemoAccount {
  marketplace: Marketplace;
  name: string;
  region: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** A package as the marketplace holds it. */
export interface MarketplacePackage {
  carrier: string | null;
  trackingNumber: string | null;
  /** The marketplace's line ids in the package (empty where the marketplace ships whole orders). */
  lineIds: string[];
}

export interface SandboxMarketplace {
  readonly marketplace: Marketplace;
  /** Registers the demo seller of the pair in the emulator and answers the account to store. */
  seedSeller(platform: Platform, appUrl: string): Promise<DemoAccount>;
  /** A buyer places demo order `n` with that seller; `unknownSku` puts a SKU no shop has on its first line. */
  placeOrder(platform: Platform, n: number, opts?: { unknownSku?: boolean | string }): Promise<string>;
  /** The packages the marketplace holds for the order. */
  packages(marketplaceOrderId: string): Promise<MarketplacePackage[]>;
  /** The marketplace's own status of the order, as it spells it. */
  status(marketplaceOrderId: string): Promise<string>;
  /** Makes the marketplace answer the next `times` package confirmations with a fault (kit kinds: http_503, http_429…). */
  failConfirmations(kind: string, times: number): Promise<void>;
}

export interface DemoItem {
  sku: string;
  title: string;
  quantity: number;
  price: string;
}

const UNKNOWN_ITEM = { sku: "HAT-SUMMER-XL", title: "Summer Hat XL", price: "19.99" };

/** The demo items of order `n`: one or two catalogue products, quantities 1–2. */
/** `unknownSku`: true puts a SKU no demo shop has on the first line; a string puts that SKU there. */
export function demoItems(n: number, opts: { unknownSku?: boolean | string } = {}): DemoItem[] {
  const lineCount = 1 + (n % 2);
  const items: DemoItem[] = Array.from({ length: lineCount }, (_, i) => {
    const p = DEMO_PRODUCTS[(n + i * 3) % DEMO_PRODUCTS.length];
    return { sku: p.sku, title: p.title, quantity: 1 + ((n + i) % 2), price: p.price as string };
  });
  if (opts.unknownSku)
    items[0] = {
      ...UNKNOWN_ITEM,
      ...(typeof opts.unknownSku === "string" ? { sku: opts.unknownSku } : {}),
      quantity: 1,
    };
  return items;
}

export function demoBuyer(n: number) {
  return DEMO_BUYERS[n % DEMO_BUYERS.length];
}

/** The sandbox seller ids differ per platform, so each shop has its own sellers and no order lands twice. */
const sellerSuffix = (platform: Platform) => (platform === "shopify" ? "" : "BC");

export function amazonSellerFor(platform: Platform) {
  const s = sellerSuffix(platform);
  return {
    ...DEMO_AMAZON_SELLER,
    sellerId: `${DEMO_AMAZON_SELLER.sellerId}${s}`,
    refreshToken: `${DEMO_AMAZON_SELLER.refreshToken}${s}`,
  };
}

export function ebaySellerFor(platform: Platform) {
  const s = sellerSuffix(platform).toLowerCase();
  return {
    ...DEMO_EBAY_SELLER,
    username: `${DEMO_EBAY_SELLER.username}${s}`,
    userId: `${DEMO_EBAY_SELLER.userId}${s}`,
    refreshToken: `${DEMO_EBAY_SELLER.refreshToken}${s}`,
  };
}

export function etsyShopFor(platform: Platform) {
  const offset = platform === "shopify" ? 0 : 1;
  const userId = DEMO_ETSY_SHOP.userId + offset;
  return {
    ...DEMO_ETSY_SHOP,
    shopId: DEMO_ETSY_SHOP.shopId + offset,
    userId,
    refreshToken: `${userId}.orderbridge-demo-refresh`,
  };
}

/** Demo order `n` in the Amazon emulator's seed shape (also used by the bench). */
export function demoAmazonOrder(n: number, opts: { unknownSku?: boolean | string; platform?: Platform } = {}) {
  const buyer = demoBuyer(n);
  const items: AmazonSeedItem[] = demoItems(n, opts).map((it, i) => ({
    sku: it.sku,
    title: it.title,
    quantity: it.quantity,
    unitPrice: it.price,
    tax: "2.10",
    shippingPrice: i === 0 ? "4.99" : "0.00",
  }));
  return {
    sellerId: amazonSellerFor(opts.platform ?? "shopify").sellerId,
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

function amazonMarketplace(url: string): SandboxMarketplace {
  const amazon = amazonControl(url);
  return {
    marketplace: "amazon",
    async seedSeller(platform, appUrl) {
      const seller = amazonSellerFor(platform);
      await amazon.seedSeller(seller);
      // What "Connect Amazon" needs: the app, registered with our callback, and a seller not yet connected.
      await amazon.seedApplication({
        ...SANDBOX_AMAZON_APP,
        redirectUris: [`${appUrl.replace(/\/+$/, "")}/connect/amazon/callback`],
      });
      await amazon.seedSeller(DEMO_AMAZON_CONNECT_SELLER);
      return {
        marketplace: "amazon",
        name: "Amazon US",
        region: "na",
        settings: { sellerId: seller.sellerId, marketplaceIds: seller.marketplaceIds },
        credentials: {
          clientId: seller.clientId,
          clientSecret: seller.clientSecret,
          refreshToken: seller.refreshToken,
        },
      };
    },
    async placeOrder(platform, n, opts) {
      return (await amazon.seedOrder(demoAmazonOrder(n, { ...opts, platform }))).AmazonOrderId;
    },
    async packages(orderId) {
      const confirmations = (await amazon.requests()).filter(
        (r) =>
          r.method === "POST" && r.status < 300 && r.path.endsWith(`/orders/v0/orders/${orderId}/shipmentConfirmation`),
      );
      return confirmations.map((c) => ({
        carrier: c.body.packageDetail.carrierCode ?? null,
        trackingNumber: c.body.packageDetail.trackingNumber ?? null,
        lineIds: (c.body.packageDetail.orderItems ?? []).map((i: { orderItemId: string }) => i.orderItemId),
      }));
    },
    async status(orderId) {
      return String((await amazon.getOrder(orderId)).OrderStatus);
    },
    async failConfirmations(kind, times) {
      await amazon.addFault({ kind, match: "shipmentConfirmation", times });
    },
  };
}

function ebayMarketplace(url: string): SandboxMarketplace {
  const ebay = ebayControl(url);
  return {
    marketplace: "ebay",
    async seedSeller(platform, appUrl) {
      const seller = ebaySellerFor(platform);
      await ebay.seedUser({
        username: seller.username,
        userId: seller.userId,
        clientId: SANDBOX_EBAY_APP.clientId,
        clientSecret: SANDBOX_EBAY_APP.clientSecret,
        refreshToken: seller.refreshToken,
        ruName: SANDBOX_EBAY_APP.ruName,
        // The RuName's "accept URL": where eBay's consent page sends the seller back (Connect eBay).
        acceptUrl: `${appUrl.replace(/\/+$/, "")}/connect/ebay/callback`,
      });
      return {
        marketplace: "ebay",
        name: "eBay US",
        region: "global",
        settings: { marketplaceId: seller.marketplaceId, username: seller.username, userId: seller.userId },
        credentials: {
          clientId: SANDBOX_EBAY_APP.clientId,
          clientSecret: SANDBOX_EBAY_APP.clientSecret,
          refreshToken: seller.refreshToken,
        },
      };
    },
    async placeOrder(platform, n, opts) {
      const buyer = demoBuyer(n);
      const order = await ebay.seedOrder({
        username: ebaySellerFor(platform).username,
        buyerUsername: buyer.email.split("@")[0],
        items: demoItems(n, opts).map((it, i) => ({
          sku: it.sku,
          title: it.title,
          quantity: it.quantity,
          unitPrice: it.price,
          shippingCost: i === 0 ? "5.49" : "0.00",
          tax: "1.80",
        })),
        shipTo: {
          fullName: buyer.name,
          email: buyer.email,
          contactAddress: {
            addressLine1: buyer.line1,
            city: buyer.city,
            stateOrProvince: buyer.region,
            postalCode: buyer.postalCode,
            countryCode: "US",
          },
        },
      });
      return order.orderId;
    },
    async packages(orderId) {
      const order = await ebay.getOrder(orderId);
      return (
        order.fulfillments as {
          shippingCarrierCode: string | null;
          trackingNumber: string | null;
          lineItems: { lineItemId: string }[];
        }[]
      ).map((f) => ({
        carrier: f.shippingCarrierCode,
        trackingNumber: f.trackingNumber,
        lineIds: f.lineItems.map((l) => l.lineItemId),
      }));
    },
    async status(orderId) {
      return String((await ebay.getOrder(orderId)).orderFulfillmentStatus);
    },
    async failConfirmations(kind, times) {
      await ebay.addFault({ kind, match: "/shipping_fulfillment", times });
    },
  };
}

function etsyMarketplace(url: string): SandboxMarketplace {
  const etsy = etsyControl(url);
  let appSeeded: Promise<unknown> | null = null;
  return {
    marketplace: "etsy",
    async seedSeller(platform) {
      // One developer app for every demo shop.
      appSeeded ??= etsy.seedApp({ ...SANDBOX_ETSY_APP }).catch((e) => {
        appSeeded = null;
        throw e;
      });
      await appSeeded;
      const shop = etsyShopFor(platform);
      await etsy.seedShop({
        shopId: shop.shopId,
        userId: shop.userId,
        keystring: SANDBOX_ETSY_APP.keystring,
        refreshToken: shop.refreshToken,
        shopName: shop.shopName,
      });
      return {
        marketplace: "etsy",
        name: "Etsy",
        region: "global",
        settings: { shopId: shop.shopId },
        credentials: {
          keystring: SANDBOX_ETSY_APP.keystring,
          sharedSecret: SANDBOX_ETSY_APP.sharedSecret,
          refreshToken: shop.refreshToken,
        },
      };
    },
    async placeOrder(platform, n, opts) {
      const buyer = demoBuyer(n);
      const receipt = await etsy.seedReceipt({
        shopId: etsyShopFor(platform).shopId,
        items: demoItems(n, opts).map((it) => ({
          sku: it.sku,
          title: it.title,
          quantity: it.quantity,
          unitPrice: it.price,
        })),
        name: buyer.name,
        first_line: buyer.line1,
        city: buyer.city,
        state: buyer.region,
        zip: buyer.postalCode,
        country_iso: "US",
        buyer_email: buyer.email,
        shipping: "3.95",
        tax: "2.40",
      });
      return String(receipt.receipt_id);
    },
    async packages(orderId) {
      const receipt = await etsy.getReceipt(Number(orderId));
      return (receipt.shipments as { carrier_name: string | null; tracking_code: string | null }[]).map((s) => ({
        carrier: s.carrier_name,
        trackingNumber: s.tracking_code,
        lineIds: [],
      }));
    },
    async status(orderId) {
      return String((await etsy.getReceipt(Number(orderId))).status);
    },
    async failConfirmations(kind, times) {
      await etsy.addFault({ kind, match: "/tracking", times });
    },
  };
}

/** The three sandbox marketplaces over their emulators' control APIs. */
export function sandboxMarketplaces(
  urls: Pick<SandboxUrls, "amazon" | "ebay" | "etsy">,
): Record<Marketplace, SandboxMarketplace> {
  return { amazon: amazonMarketplace(urls.amazon), ebay: ebayMarketplace(urls.ebay), etsy: etsyMarketplace(urls.etsy) };
}
