import { MARKETPLACES, type Marketplace } from "#connectors/types.ts";
import { ensureAccount } from "#db/seed.ts";
import { PLATFORMS, type Platform } from "#db/schema/index.ts";
import type { MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "#app/.server/context.ts";
import { upsTrackingNumber } from "./demo-data";
import { sandboxMarketplaces, type SandboxMarketplace, type SandboxUrls } from "./sandbox-marketplaces";
import { sandboxShops, type SandboxShop } from "./sandbox-shops";

export { demoAmazonOrder } from "./sandbox-marketplaces";
export type { SandboxUrls } from "./sandbox-marketplaces";

/** A marketplace feeding a platform: the unit the sandbox, the integration tests and the bench work in. */
export interface Pair {
  marketplace: Marketplace;
  platform: Platform;
}

/** Every marketplace × platform pair, Shopify first. */
export const ALL_PAIRS: Pair[] = PLATFORMS.flatMap((platform) =>
  MARKETPLACES.map((marketplace) => ({ marketplace, platform })),
);

export const pairName = (p: Pair) => `${p.marketplace} → ${p.platform}`;

export interface SeededPair extends Pair {
  shop: Shop;
  account: MarketplaceAccount;
  /** The emulated marketplace, to place orders and read packages. */
  seller: SandboxMarketplace;
  /** The emulated shop, to ship as the merchant. */
  shopDriver: SandboxShop;
  /** A buyer places demo order `n` with this pair's seller. */
  placeOrder(n: number, opts?: { unknownSku?: boolean | string }): Promise<string>;
}

export interface SeedOptions {
  /** The app's public base URL (BigCommerce's install calls back to it). */
  appUrl: string;
  pairs?: Pair[];
  pollIntervalSeconds?: number;
  /** Demo orders placed per pair at start; the third of each has an unknown SKU (a failed order to retry). */
  initialOrders?: number;
}

/**
 * Seeds the emulators (over their control APIs) and the database: each platform's demo shop with the app
 * installed, and for each pair a demo seller and its marketplace account on that shop.
 */
export async function seedSandbox(
  ctx: AppContext,
  urls: SandboxUrls,
  opts: SeedOptions,
): Promise<{ pairs: SeededPair[] }> {
  const pairs = opts.pairs ?? ALL_PAIRS;
  const marketplaces = sandboxMarketplaces(urls);
  const shops = sandboxShops(urls);
  const installed = new Map<Platform, Shop>();
  for (const platform of new Set(pairs.map((p) => p.platform)))
    installed.set(platform, await shops[platform].install(ctx, opts.appUrl));

  const seeded: SeededPair[] = [];
  for (const pair of pairs) {
    const seller = marketplaces[pair.marketplace];
    const demo = await seller.seedSeller(pair.platform, opts.appUrl);
    const shop = installed.get(pair.platform)!;
    const account = ensureAccount(ctx.db, shop.id, {
      marketplace: demo.marketplace,
      name: demo.name,
      region: demo.region,
      settings: demo.settings,
      credentialsEncrypted: ctx.secrets.encryptJson(demo.credentials),
      pollIntervalSeconds: opts.pollIntervalSeconds ?? 15,
    });
    seeded.push({
      ...pair,
      shop,
      account,
      seller,
      shopDriver: shops[pair.platform],
      placeOrder: (n, o) => seller.placeOrder(pair.platform, n, o),
    });
  }
  const count = opts.initialOrders ?? 4;
  for (const p of seeded) for (let i = 0; i < count; i++) await p.placeOrder(i, { unknownSku: i === 2 });
  return { pairs: seeded };
}

/**
 * Keeps the sandbox alive: a new order every `orderEveryMs`, from each pair in turn (one in nine with an unknown
 * SKU), and every `fulfilEveryMs` the merchant of each shop ships its oldest unshipped order with UPS tracking
 * (the platform then sends the app its signed webhook).
 */
export function startSandboxTrickle(
  ctx: AppContext,
  pairs: SeededPair[],
  opts: { orderEveryMs?: number; fulfilEveryMs?: number } = {},
) {
  let n = 100;
  const warn = (what: string) => (e: unknown) => ctx.logger.warn(`sandbox ${what} failed`, { error: String(e) });
  const orderTimer = setInterval(() => {
    n++;
    const pair = pairs[n % pairs.length];
    pair.placeOrder(n, { unknownSku: n % 9 === 0 }).catch(warn("order"));
  }, opts.orderEveryMs ?? 8_000);
  const drivers = [...new Map(pairs.map((p) => [p.platform, p.shopDriver])).values()];
  const fulfilTimer = setInterval(() => {
    for (const driver of drivers) {
      void (async () => {
        const open = await driver.oldestUnshipped();
        if (open) await driver.ship(open, { carrier: "UPS", trackingNumber: upsTrackingNumber(++n) });
      })().catch(warn("shipment"));
    }
  }, opts.fulfilEveryMs ?? 20_000);
  orderTimer.unref();
  fulfilTimer.unref();
  return () => {
    clearInterval(orderTimer);
    clearInterval(fulfilTimer);
  };
}
