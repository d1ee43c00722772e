import type { Platform } from "#db/schema/index.ts";
import { findShopByDomain, upsertShop, type Shop } from "#db/queries/shops.ts";
import { bigcommerceControl, shopifyControl } from "../emulators/control-clients";
import type { AppContext } from "#app/.server/context.ts";
import { DEMO_BC_STORE, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN } from "./demo-data";
import type { SandboxUrls } from "./sandbox-marketplaces";

/**
 * The demo shops of the sandbox (a Shopify shop and a BigCommerce store with the same catalogue) and what the
 * merchant does in them: install the app, ship an order with a carrier and tracking number. Over the emulators'
 * control APIs, so the platform answers with its own webhooks exactly as it would for a real merchant.
 */

export interface MerchantShipment {
  /** Default: everything left to ship. */
  lines?: { sku: string; quantity: number }[];
  /** As the merchant picks it in the shop: "UPS", "USPS", "FedEx", or any other name. */
  carrier: string;
  trackingNumber: string;
}

/** A shop order as the platform holds it, for checks. */
export interface PlatformOrder {
  id: string;
  skus: string[];
  /** Carried fields (platform spelling), for tests. */
  raw: Record<string, any>;
}

export interface SandboxShop {
  readonly platform: Platform;
  readonly domain: string;
  /** Creates the demo shop with the catalogue in the emulator and installs the app; answers our shop row. */
  install(ctx: AppContext, appUrl: string): Promise<Shop>;
  /** The merchant ships (part of) the order; `shopOrderId` as we store it. */
  ship(shopOrderId: string, s: MerchantShipment): Promise<void>;
  /** Shop orders carrying our source identifier (`amazon:123-…`): exactly one after an import. */
  ordersBySource(sourceIdentifier: string): Promise<PlatformOrder[]>;
  /** The oldest order with nothing shipped, as we store its id (the sandbox merchant ships it next). */
  oldestUnshipped(): Promise<string | null>;
  /** The merchant adds a product (e.g. the one an order failed on). */
  addProduct(p: { sku: string; title: string; price: string }): Promise<void>;
  /** Makes the platform answer the app's next `times` order-creating calls with a fault (kit kinds). */
  failOrderCreation(kind: string, times: number): Promise<void>;
}

function shopifyShop(url: string): SandboxShop {
  const shopify = shopifyControl(url);
  const numericId = (shopOrderId: string) => shopOrderId.split("/").pop()!;
  return {
    platform: "shopify",
    domain: DEMO_SHOP_DOMAIN,
    async install(ctx) {
      const { accessToken } = await shopify.createShop({
        domain: DEMO_SHOP_DOMAIN,
        name: "OrderBridge Demo Outfitters",
        currencyCode: "USD",
      });
      for (const p of DEMO_PRODUCTS) {
        await shopify.addProduct(DEMO_SHOP_DOMAIN, {
          title: p.title,
          variants: [{ sku: p.sku, price: p.price, inventoryQuantity: 100 }],
        });
      }
      // The Shopify emulator hands out the offline token directly (the OAuth dance is @shopify/shopify-app-remix's).
      return upsertShop(ctx.db, {
        platform: "shopify",
        domain: DEMO_SHOP_DOMAIN,
        name: "OrderBridge Demo Outfitters",
        accessTokenEncrypted: ctx.secrets.encrypt(accessToken),
      });
    },
    async ship(shopOrderId, s) {
      await shopify.fulfill(DEMO_SHOP_DOMAIN, numericId(shopOrderId), {
        lineItems: s.lines?.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        trackingCompany: s.carrier,
        trackingNumber: s.trackingNumber,
      });
    },
    async ordersBySource(sourceIdentifier) {
      return (await shopify.orders(DEMO_SHOP_DOMAIN))
        .filter((o) => o.sourceIdentifier === sourceIdentifier)
        .map((o) => ({ id: String(o.id), skus: o.lineItems.map((l: { sku: string }) => l.sku), raw: o }));
    },
    async oldestUnshipped() {
      const open = (await shopify.orders(DEMO_SHOP_DOMAIN)).find((o) => !o.fulfillments?.length);
      return open ? `gid://shopify/Order/${open.id}` : null;
    },
    async addProduct(p) {
      await shopify.addProduct(DEMO_SHOP_DOMAIN, {
        title: p.title,
        variants: [{ sku: p.sku, price: p.price, inventoryQuantity: 100 }],
      });
    },
    async failOrderCreation(kind, times) {
      // Every Admin API call is a POST to graphql.json, so the lookups before orderCreate take the faults too.
      await shopify.addFault({ kind, match: "POST /admin/api/", times });
    },
  };
}

/** BigCommerce's shipping_provider values; any other carrier goes in tracking_carrier as typed. */
const BC_PROVIDERS: Record<string, string> = {
  ups: "ups",
  usps: "usps",
  fedex: "fedex",
  "royal mail": "royalmail",
  "canada post": "canadapost",
  "australia post": "auspost",
};

function bigcommerceShop(url: string): SandboxShop {
  const bc = bigcommerceControl(url);
  const hash = DEMO_BC_STORE.storeHash;
  return {
    platform: "bigcommerce",
    domain: hash,
    async install(ctx, appUrl) {
      await bc.createStore({ storeHash: hash, name: DEMO_BC_STORE.name });
      for (const p of DEMO_PRODUCTS)
        await bc.addProduct(hash, { name: p.title, sku: p.sku, price: p.price, inventory_level: 100 });
      // The real single-click install: the emulator calls our /bigcommerce/auth, which exchanges the code.
      await bc.setAppUrl(`${appUrl.replace(/\/+$/, "")}/bigcommerce`);
      const installed = await bc.install(hash);
      const shop = findShopByDomain(ctx.db, "bigcommerce", hash);
      if (!shop)
        throw new Error(
          `BigCommerce install did not store the shop (callback answered ${JSON.stringify(installed.callback ?? null)})`,
        );
      return shop;
    },
    async ship(shopOrderId, s) {
      const provider = BC_PROVIDERS[s.carrier.trim().toLowerCase()];
      await bc.ship(hash, Number(shopOrderId), {
        items: s.lines?.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        tracking_number: s.trackingNumber,
        ...(provider ? { shipping_provider: provider } : { tracking_carrier: s.carrier }),
      });
    },
    async ordersBySource(sourceIdentifier) {
      return (await bc.orders(hash))
        .filter((o) => o.external_order_id === sourceIdentifier)
        .map((o) => ({ id: String(o.id), skus: (o.products as { sku: string }[]).map((p) => p.sku), raw: o }));
    },
    async oldestUnshipped() {
      const open = (await bc.orders(hash)) // Not yet shipped, and not Incomplete (0), Refunded (4), Cancelled (5) or Declined (6).
        .filter((o) => !(o.shipments as unknown[]).length && ![0, 4, 5, 6].includes(o.status_id))
        .sort((a, b) => a.id - b.id)[0];
      return open ? String(open.id) : null;
    },
    async addProduct(p) {
      await bc.addProduct(hash, { name: p.title, sku: p.sku, price: p.price, inventory_level: 100 });
    },
    async failOrderCreation(kind, times) {
      await bc.addFault({ kind, match: `POST /stores/${hash}/v2/orders`, times });
    },
  };
}

/** The two sandbox shops over their emulators' control APIs. */
export function sandboxShops(urls: Pick<SandboxUrls, "shopify" | "bigcommerce">): Record<Platform, SandboxShop> {
  return { shopify: shopifyShop(urls.shopify), bigcommerce: bigcommerceShop(urls.bigcommerce) };
}
