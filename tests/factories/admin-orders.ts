import type { Marketplace, MarketplaceOrder } from "#connectors/types.ts";
import type { AppContext } from "#app/.server/context.ts";
import { createAccount, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import { setFulfillmentStatus, setShopOrder, upsertMarketplaceOrder, type Order } from "#db/queries/orders.ts";
import { recordShipment } from "#db/queries/shipments.ts";
import { upsertShop, type Shop } from "#db/queries/shops.ts";
import type { DbOrTx } from "#db/client.ts";
import { timelineEvents, type Platform, type TimelineLevel } from "#db/schema/index.ts";

/** Shops, accounts and orders written straight through db/queries, for admin UI tests (no emulator needed). */

export function createShop(
  ctx: Pick<AppContext, "db" | "secrets">,
  p: { platform: Platform; domain: string; name?: string },
): Shop {
  return upsertShop(ctx.db, {
    platform: p.platform,
    domain: p.domain,
    name: p.name ?? p.domain,
    accessTokenEncrypted: ctx.secrets.encrypt("test-access-token"),
  });
}

export function createMarketplaceAccount(
  ctx: Pick<AppContext, "db" | "secrets">,
  shop: Shop,
  p: { marketplace?: Marketplace; name?: string } = {},
): MarketplaceAccount {
  return createAccount(ctx.db, {
    shopId: shop.id,
    marketplace: p.marketplace ?? "amazon",
    name: p.name ?? "US",
    region: "na",
    settings: {},
    credentialsEncrypted: ctx.secrets.encryptJson({ refreshToken: "test" }),
  });
}

export interface OrderSeed {
  marketplaceOrderId: string;
  buyerName?: string;
  purchasedAt?: Date;
  /** Unit price in minor units (USD); one line of `quantity` units. */
  unitPrice?: number;
  quantity?: number;
  sku?: string;
  /** The shop order already created for it: BigCommerce's numeric id (name "#id"). */
  shopOrderId?: string;
  failed?: { reason: string; step: string };
  shipment?: { carrierName: string; trackingNumber: string };
  timeline?: { kind: string; message: string; level?: "info" | "success" | "warning" | "error" }[];
}

function marketplaceOrder(s: OrderSeed): MarketplaceOrder {
  const unit = s.unitPrice ?? 1999;
  const quantity = s.quantity ?? 1;
  const purchasedAt = s.purchasedAt ?? new Date("2025-03-01T12:00:00Z");
  const usd = (amount: number) => ({ amount, currency: "USD" });
  return {
    marketplaceOrderId: s.marketplaceOrderId,
    status: "unshipped",
    marketplaceStatus: "Unshipped",
    purchasedAt,
    updatedAt: purchasedAt,
    currency: "USD",
    buyer: { name: s.buyerName ?? "Ada Buyer", email: "ada@example.com", phone: null },
    shippingAddress: {
      name: s.buyerName ?? "Ada Buyer",
      line1: "1 Main St",
      city: "Austin",
      region: "TX",
      postalCode: "78701",
      countryCode: "US",
    },
    lines: [
      {
        marketplaceLineId: `${s.marketplaceOrderId}-1`,
        sku: s.sku ?? "SKU-1",
        title: "Blue mug",
        quantity,
        quantityShipped: 0,
        unitPrice: usd(unit),
      },
    ],
    totals: { subtotal: usd(unit * quantity), shipping: usd(500), tax: usd(0), total: usd(unit * quantity + 500) },
    shippingServiceLevel: "Standard",
  };
}

/**
 * A timeline row as stored, with any kind and message: the admin UI tests show what is on the timeline, old rows
 * included, not how a service worded it (services add typed events through addTimelineEvent).
 */
function seedTimelineRow(
  db: DbOrTx,
  e: { shopId: number; orderId: number; kind: string; message: string; level?: TimelineLevel },
): void {
  db.insert(timelineEvents)
    .values({ ...e, level: e.level ?? "info", createdAt: new Date() })
    .run();
}

/** One order with its line, and optionally a shop order, a failure, a shipment and timeline events. */
export function createOrder(ctx: Pick<AppContext, "db">, account: MarketplaceAccount, s: OrderSeed): Order {
  return ctx.db.transaction((tx) => {
    const { order } = upsertMarketplaceOrder(tx, {
      shopId: account.shopId,
      accountId: account.id,
      marketplace: account.marketplace,
      order: marketplaceOrder(s),
    });
    seedTimelineRow(tx, {
      shopId: account.shopId,
      orderId: order.id,
      kind: "order.imported",
      message: `Imported ${s.marketplaceOrderId}`,
    });
    if (s.shopOrderId) {
      setShopOrder(tx, account.shopId, order.id, {
        shopOrderId: s.shopOrderId,
        shopOrderName: `#${s.shopOrderId}`,
        lines: [],
      });
      seedTimelineRow(tx, {
        shopId: account.shopId,
        orderId: order.id,
        kind: "shop_order.created",
        level: "success",
        message: `Shop order #${s.shopOrderId} created`,
      });
    }
    if (s.shipment) {
      recordShipment(tx, {
        shopId: account.shopId,
        orderId: order.id,
        shopFulfillmentId: `${s.marketplaceOrderId}-shipment`,
        carrierName: s.shipment.carrierName,
        trackingNumber: s.shipment.trackingNumber,
        shippedAt: new Date("2025-03-02T09:00:00Z"),
        shopUpdatedAt: null,
        lines: [],
      });
    }
    for (const e of s.timeline ?? []) seedTimelineRow(tx, { shopId: account.shopId, orderId: order.id, ...e });
    if (s.failed) {
      setFulfillmentStatus(tx, account.shopId, order.id, "failed", s.failed);
      seedTimelineRow(tx, {
        shopId: account.shopId,
        orderId: order.id,
        kind: `${s.failed.step}.failed`,
        level: "error",
        message: s.failed.reason,
      });
    }
    return { ...order, fulfillmentStatus: s.failed ? "failed" : order.fulfillmentStatus };
  });
}
