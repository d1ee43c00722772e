import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Marketplace, MarketplaceOrder } from "#connectors/types.ts";
import type { FulfillmentStatus } from "../schema/enums";
import type { DbOrTx } from "../client";
import { orderLines, orders } from "../schema";

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderWithLines = Order & { lines: OrderLine[] };

/** What the buyer paid for the line's units: the marketplace's stated line total, else unit price × quantity. */
export function lineTotalOf(line: Pick<OrderLine, "lineTotalAmount" | "unitPriceAmount" | "quantity">): number {
  return line.lineTotalAmount ?? line.unitPriceAmount * line.quantity;
}

export interface UpsertOrderResult {
  order: Order;
  /** First time we see this order. */
  created: boolean;
  /** The marketplace status changed since we last saw it. */
  marketplaceStatusChanged: boolean;
  previousMarketplaceStatus: string | null;
}

/** Inserts or refreshes a marketplace order and its lines (unique on account + marketplace order id). */
export function upsertMarketplaceOrder(
  tx: DbOrTx,
  p: { shopId: number; accountId: number; marketplace: Marketplace; order: MarketplaceOrder },
): UpsertOrderResult {
  const o = p.order;
  const existing = tx
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, p.accountId), eq(orders.marketplaceOrderId, o.marketplaceOrderId)))
    .get();
  // A buyer erased at the marketplace's request stays erased, whatever the marketplace still sends.
  const buyer = existing?.buyerErasedAt
    ? {}
    : {
        buyerName: o.buyer.name ?? null,
        buyerEmail: o.buyer.email ?? null,
        buyerPhone: o.buyer.phone ?? null,
        buyerMarketplaceUserId: o.buyer.marketplaceUserId ?? null,
        shippingAddress: o.shippingAddress,
      };
  const values = {
    marketplaceStatus: o.marketplaceStatus,
    ...buyer,
    currency: o.currency,
    subtotalAmount: o.totals.subtotal.amount,
    shippingAmount: o.totals.shipping.amount,
    taxAmount: o.totals.tax.amount,
    discountAmount: o.totals.discount?.amount ?? 0,
    totalAmount: o.totals.total.amount,
    shippingServiceLevel: o.shippingServiceLevel ?? null,
    salesChannel: o.salesChannel ?? null,
    purchasedAt: o.purchasedAt,
    marketplaceUpdatedAt: o.updatedAt,
    updatedAt: new Date(),
  };
  let row: Order | undefined;
  if (existing) {
    row = tx.update(orders).set(values).where(eq(orders.id, existing.id)).returning().get();
  } else {
    row = tx
      .insert(orders)
      .values({
        ...values,
        shopId: p.shopId,
        accountId: p.accountId,
        marketplace: p.marketplace,
        marketplaceOrderId: o.marketplaceOrderId,
      })
      .returning()
      .get();
  }
  if (!row) throw new Error(`upsertMarketplaceOrder: no row for ${o.marketplaceOrderId}`);
  for (const l of o.lines) {
    tx.insert(orderLines)
      .values({
        shopId: p.shopId,
        orderId: row.id,
        marketplaceLineId: l.marketplaceLineId,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        quantityShipped: l.quantityShipped,
        unitPriceAmount: l.unitPrice.amount,
        lineTotalAmount: l.lineTotal?.amount ?? null,
        taxAmount: l.tax?.amount ?? 0,
      })
      .onConflictDoUpdate({
        target: [orderLines.orderId, orderLines.marketplaceLineId],
        set: {
          sku: l.sku,
          title: l.title,
          quantity: l.quantity,
          quantityShipped: sql`max(${orderLines.quantityShipped}, ${l.quantityShipped})`,
          unitPriceAmount: l.unitPrice.amount,
          lineTotalAmount: l.lineTotal?.amount ?? null,
          taxAmount: l.tax?.amount ?? 0,
        },
      })
      .run();
  }
  return {
    order: row,
    created: !existing,
    marketplaceStatusChanged: Boolean(existing && existing.marketplaceStatus !== o.marketplaceStatus),
    previousMarketplaceStatus: existing?.marketplaceStatus ?? null,
  };
}

export function getOrder(db: DbOrTx, shopId: number, orderId: number): Order | undefined {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.shopId, shopId)))
    .get();
}

export function getOrderLines(db: DbOrTx, shopId: number, orderId: number): OrderLine[] {
  return db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.orderId, orderId), eq(orderLines.shopId, shopId)))
    .orderBy(asc(orderLines.id))
    .all();
}

export function getOrderWithLines(db: DbOrTx, shopId: number, orderId: number): OrderWithLines | undefined {
  const order = getOrder(db, shopId, orderId);
  return order ? { ...order, lines: getOrderLines(db, shopId, orderId) } : undefined;
}

export function findOrderByShopOrderId(db: DbOrTx, shopId: number, shopOrderId: string): Order | undefined {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.shopOrderId, shopOrderId)))
    .get();
}

export function findOrderByMarketplaceId(
  db: DbOrTx,
  shopId: number,
  accountId: number,
  marketplaceOrderId: string,
): Order | undefined {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.shopId, shopId),
        eq(orders.accountId, accountId),
        eq(orders.marketplaceOrderId, marketplaceOrderId),
      ),
    )
    .get();
}

export interface ListOrdersParams {
  status?: FulfillmentStatus | null;
  search?: string | null;
  limit?: number;
  offset?: number;
}

export function listOrders(db: DbOrTx, shopId: number, p: ListOrdersParams = {}): { orders: Order[]; total: number } {
  const q = p.search?.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    eq(orders.shopId, shopId),
    p.status ? eq(orders.fulfillmentStatus, p.status) : undefined,
    q
      ? or(
          sql`${orders.marketplaceOrderId} LIKE ${`%${q}%`} ESCAPE '\\'`,
          sql`${orders.buyerName} LIKE ${`%${q}%`} ESCAPE '\\'`,
          sql`${orders.shopOrderName} LIKE ${`%${q}%`} ESCAPE '\\'`,
        )
      : undefined,
  );
  const rows = db
    .select()
    .from(orders)
    .where(where)
    .orderBy(desc(orders.purchasedAt), desc(orders.id))
    .limit(p.limit ?? 50)
    .offset(p.offset ?? 0)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(orders)
      .where(where)
      .get()?.n ?? 0;
  return { orders: rows, total };
}

/**
 * Orders in the shop that may still get a shipment there: linked to a shop order, bought since `purchasedSince`,
 * not shipped or cancelled. Newest first, at most `limit`: what the periodic reconciliation re-reads.
 */
export function listOrdersAwaitingShopShipment(
  db: DbOrTx,
  shopId: number,
  p: { purchasedSince: Date; limit: number },
): Order[] {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.shopId, shopId),
        isNotNull(orders.shopOrderId),
        inArray(orders.fulfillmentStatus, ["unshipped", "pending", "partially_shipped", "failed"]),
        gte(orders.purchasedAt, p.purchasedSince),
      ),
    )
    .orderBy(desc(orders.purchasedAt), desc(orders.id))
    .limit(p.limit)
    .all();
}

/** The shop's orders from this marketplace that failed before reaching the shop and have a line with this SKU. */
export function listFailedOrdersWithSku(
  db: DbOrTx,
  shopId: number,
  marketplace: Marketplace,
  sku: string,
  /** Only this account's orders; null or absent: every account of the marketplace. */
  accountId: number | null = null,
): Order[] {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.shopId, shopId),
        eq(orders.marketplace, marketplace),
        accountId === null ? undefined : eq(orders.accountId, accountId),
        eq(orders.fulfillmentStatus, "failed"),
        isNull(orders.shopOrderId),
        sql`exists (select 1 from ${orderLines} where ${orderLines.orderId} = ${orders.id} and ${orderLines.sku} = ${sku})`,
      ),
    )
    .orderBy(asc(orders.purchasedAt), asc(orders.id))
    .all();
}

/**
 * The shop's orders held before reaching the shop by a step that failed with this code (oldest first, at most
 * `limit`), with their lines: e.g. the ones waiting for stock.
 */
export function listOrdersHeldBy(
  db: DbOrTx,
  shopId: number,
  p: { step: string; code: string; limit: number },
): OrderWithLines[] {
  const held = db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.shopId, shopId),
        eq(orders.fulfillmentStatus, "failed"),
        isNull(orders.shopOrderId),
        eq(orders.failedStep, p.step),
        eq(orders.failureCode, p.code),
      ),
    )
    .orderBy(asc(orders.purchasedAt), asc(orders.id))
    .limit(p.limit)
    .all();
  if (!held.length) return [];
  const lines = db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        held.map((o) => o.id),
      ),
    )
    .orderBy(asc(orderLines.id))
    .all();
  return held.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) }));
}

export function countOrdersByStatus(db: DbOrTx, shopId: number): Record<FulfillmentStatus, number> {
  const out: Record<FulfillmentStatus, number> = {
    unshipped: 0,
    pending: 0,
    partially_shipped: 0,
    shipped: 0,
    cancelled: 0,
    failed: 0,
  };
  const rows = db
    .select({ status: orders.fulfillmentStatus, n: sql<number>`count(*)` })
    .from(orders)
    .where(eq(orders.shopId, shopId))
    .groupBy(orders.fulfillmentStatus)
    .all();
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** The marketplace status of an order stored from a listing that could not be read (nothing of it is known yet). */
export const UNREAD_MARKETPLACE_STATUS = "unreadable";
/** The step name on an order that failed because its listing could not be read. */
export const IMPORT_STEP = "import";
/** How much of an unreadable payload is kept (its JSON, in characters). */
const UNREADABLE_PAYLOAD_MAX_CHARS = 64 * 1024;

function cappedPayload(raw: unknown): unknown {
  const json = JSON.stringify(raw ?? null) ?? "null";
  return json.length <= UNREADABLE_PAYLOAD_MAX_CHARS ? raw : { truncated: json.slice(0, UNREADABLE_PAYLOAD_MAX_CHARS) };
}

/**
 * An order the connector could not read. New: stored as failed (step `import`) with the reason, the raw payload and
 * placeholders for what could not be read (no lines, zero amounts), so the merchant sees it and a later successful
 * read completes it. Already stored: its data stays as last read; the payload and, while it was never read, the
 * reason are updated.
 */
export function storeUnreadableOrder(
  tx: DbOrTx,
  p: {
    shopId: number;
    accountId: number;
    marketplace: Marketplace;
    marketplaceOrderId: string;
    reason: string;
    raw: unknown;
  },
): { order: Order; created: boolean } {
  const unreadablePayload = cappedPayload(p.raw);
  const existing = tx
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, p.accountId), eq(orders.marketplaceOrderId, p.marketplaceOrderId)))
    .get();
  if (existing) {
    const neverRead = existing.marketplaceStatus === UNREAD_MARKETPLACE_STATUS;
    const row = tx
      .update(orders)
      .set({ unreadablePayload, ...(neverRead ? { failureReason: p.reason } : {}), updatedAt: new Date() })
      .where(eq(orders.id, existing.id))
      .returning()
      .get()!;
    return { order: row, created: false };
  }
  const now = new Date();
  const row = tx
    .insert(orders)
    .values({
      shopId: p.shopId,
      accountId: p.accountId,
      marketplace: p.marketplace,
      marketplaceOrderId: p.marketplaceOrderId,
      marketplaceStatus: UNREAD_MARKETPLACE_STATUS,
      fulfillmentStatus: "failed",
      failureReason: p.reason,
      failedStep: IMPORT_STEP,
      unreadablePayload,
      currency: "XXX",
      subtotalAmount: 0,
      shippingAmount: 0,
      taxAmount: 0,
      totalAmount: 0,
      purchasedAt: now,
      marketplaceUpdatedAt: new Date(0),
    })
    .returning()
    .get()!;
  return { order: row, created: true };
}

/** A listing of the order was read: its unreadable payload is no longer kept. */
export function clearUnreadablePayload(tx: DbOrTx, shopId: number, orderId: number): void {
  tx.update(orders)
    .set({ unreadablePayload: null })
    .where(and(eq(orders.id, orderId), eq(orders.shopId, shopId)))
    .run();
}

export function setFulfillmentStatus(
  tx: DbOrTx,
  shopId: number,
  orderId: number,
  status: FulfillmentStatus,
  failure: { reason: string; step: string; code?: string | null } | null = null,
): void {
  tx.update(orders)
    .set({
      fulfillmentStatus: status,
      failureReason: failure?.reason ?? null,
      failedStep: failure?.step ?? null,
      failureCode: failure?.code ?? null,
      updatedAt: new Date(),
    })
    .where(and(eq(orders.id, orderId), eq(orders.shopId, shopId)))
    .run();
}

export function setShopOrder(
  tx: DbOrTx,
  shopId: number,
  orderId: number,
  p: {
    shopOrderId: string;
    shopOrderName: string;
    lines: { orderLineId: number; shopLineItemId: string | null; shopVariantId: string | null }[];
  },
): void {
  tx.update(orders)
    .set({ shopOrderId: p.shopOrderId, shopOrderName: p.shopOrderName, updatedAt: new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.shopId, shopId)))
    .run();
  for (const l of p.lines) {
    tx.update(orderLines)
      .set({ shopLineItemId: l.shopLineItemId, shopVariantId: l.shopVariantId })
      .where(and(eq(orderLines.id, l.orderLineId), eq(orderLines.shopId, shopId)))
      .run();
  }
}

export function addShippedUnits(tx: DbOrTx, shopId: number, lines: { orderLineId: number; quantity: number }[]): void {
  for (const l of lines) {
    tx.update(orderLines)
      .set({ quantityShipped: sql`min(${orderLines.quantity}, ${orderLines.quantityShipped} + ${l.quantity})` })
      .where(and(eq(orderLines.id, l.orderLineId), eq(orderLines.shopId, shopId)))
      .run();
  }
}
