import type { MarketplaceOrder, UnreadableOrder } from "#connectors/types.ts";
import { getAccount, recordPollResult, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import {
  clearUnreadablePayload,
  IMPORT_STEP,
  setFulfillmentStatus,
  storeUnreadableOrder,
  UNREAD_MARKETPLACE_STATUS,
  upsertMarketplaceOrder,
} from "#db/queries/orders.ts";
import { findTimelineEvent } from "#db/queries/timeline.ts";
import { listShipmentsForOrder } from "#db/queries/shipments.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { Tx } from "#db/client.ts";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { transition } from "../domain/fulfillment-status";
import { enqueueJob } from "../jobs/enqueue";

export interface PollResult {
  pages: number;
  seen: number;
  created: number;
  updated: number;
  /** Orders listed in a shape the connector refused: stored as failed, and the cursor still moves on. */
  unreadable: number;
  cursor: Date;
}

/** Orders in these marketplace states get a shop order. */
function hasExportedShipment(tx: Tx, shopId: number, orderId: number): boolean {
  return listShipmentsForOrder(tx, shopId, orderId).some((s) => s.exportStatus === "exported");
}

function isShippable(o: MarketplaceOrder): boolean {
  return o.status === "unshipped" || o.status === "partially_shipped";
}

/**
 * One poll of one account: list orders updated since the cursor (minus an overlap), upsert each page in one
 * transaction together with the `create-shop-order` jobs it causes, then advance the cursor to what the
 * marketplace guarantees it covered. A failure mid-way keeps the pages already stored and leaves the cursor,
 * so the retry lists them again and the upserts make that harmless.
 */
export async function pollAccount(
  ctx: AppContext,
  shopId: number,
  accountId: number,
  now = new Date(),
): Promise<PollResult> {
  const account = getAccount(ctx.db, shopId, accountId);
  if (!account) throw new StepError("account_missing", `Account ${accountId} no longer exists`);
  if (!account.enabled)
    return { pages: 0, seen: 0, created: 0, updated: 0, unreadable: 0, cursor: account.cursor ?? now };
  const connector = ctx.connectorFor(account);
  const start = account.cursor ?? new Date(now.getTime() - ctx.importSettings.initialLookbackMs);
  const updatedAfter = new Date(start.getTime() - ctx.importSettings.overlapMs);
  const result: PollResult = { pages: 0, seen: 0, created: 0, updated: 0, unreadable: 0, cursor: start };
  let pageToken: string | null = null;
  let coveredUntil: Date | null = null;
  try {
    do {
      const page = await connector.listUpdatedOrders({ updatedAfter }, pageToken);
      result.pages++;
      ctx.db.transaction((tx) => {
        for (const o of page.orders) {
          result.seen++;
          if (storeOrder(ctx, tx, account, o)) result.created++;
          else result.updated++;
        }
        for (const u of page.unreadable ?? []) {
          result.seen++;
          result.unreadable++;
          storeUnreadable(ctx, tx, account, u);
        }
      });
      pageToken = page.nextPageToken;
      coveredUntil = page.coveredUntil ?? coveredUntil;
    } while (pageToken);
  } catch (e) {
    recordPollResult(ctx.db, shopId, accountId, { at: now, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  // Never move the cursor backwards, and never past the moment this poll started.
  const next = new Date(Math.min(Math.max((coveredUntil ?? now).getTime(), start.getTime()), now.getTime()));
  result.cursor = next;
  recordPollResult(ctx.db, shopId, accountId, { at: now, cursor: next, error: null });
  return result;
}

/**
 * An order the connector could not read: stored as failed with the raw payload (or, already stored, its data kept),
 * said once per reason on its timeline. One the marketplace sent without any id cannot be stored: it is logged and
 * noted on the account (there is nothing a later listing could match it with).
 */
function storeUnreadable(ctx: AppContext, tx: Tx, account: MarketplaceAccount, u: UnreadableOrder): void {
  if (!u.marketplaceOrderId) {
    ctx.logger.warn("an order without an id could not be read; skipped", { accountId: account.id, reason: u.reason });
    return;
  }
  const { order, created } = storeUnreadableOrder(tx, {
    shopId: account.shopId,
    accountId: account.id,
    marketplace: account.marketplace,
    marketplaceOrderId: u.marketplaceOrderId,
    reason: u.reason,
    raw: u.raw,
  });
  const saidAlready =
    !created && findTimelineEvent(tx, account.shopId, order.id, ["order.unreadable"], (d) => d?.reason === u.reason);
  if (saidAlready) return;
  addTimelineEvent(tx, {
    shopId: account.shopId,
    orderId: order.id,
    kind: "order.unreadable",
    level: "error",
    data: { reason: u.reason, neverRead: order.marketplaceStatus === UNREAD_MARKETPLACE_STATUS },
  });
}

/** Upserts one order and enqueues what it causes. Returns true when the order is new. */
function storeOrder(ctx: AppContext, tx: Tx, account: MarketplaceAccount, o: MarketplaceOrder): boolean {
  const upserted = upsertMarketplaceOrder(tx, {
    shopId: account.shopId,
    accountId: account.id,
    marketplace: account.marketplace,
    order: o,
  });
  const { created, marketplaceStatusChanged, previousMarketplaceStatus } = upserted;
  let { order } = upserted;
  const base = { shopId: account.shopId, orderId: order.id };
  if (order.unreadablePayload !== null) {
    clearUnreadablePayload(tx, account.shopId, order.id);
    // Never read before: this is its import. Its failure was the listing's, not a step's: it goes where it belongs.
    if (previousMarketplaceStatus === UNREAD_MARKETPLACE_STATUS && order.failedStep === IMPORT_STEP) {
      const status = transition(order.fulfillmentStatus, {
        type: "step_retried",
        unitsOrdered: o.lines.reduce((s, l) => s + l.quantity, 0),
        unitsShipped: o.lines.reduce((s, l) => s + l.quantityShipped, 0),
        awaitingTracking: false,
      });
      setFulfillmentStatus(tx, account.shopId, order.id, status);
      order = { ...order, fulfillmentStatus: status, failureReason: null, failedStep: null };
      addTimelineEvent(tx, { ...base, kind: "order.read_after_unreadable", level: "success", data: {} });
    }
  }
  if (created) {
    addTimelineEvent(tx, {
      ...base,
      kind: "order.imported",
      data: {
        marketplaceOrderId: o.marketplaceOrderId,
        account: account.name,
        marketplaceStatus: o.marketplaceStatus,
        lineCount: o.lines.length,
      },
    });
  } else if (marketplaceStatusChanged) {
    addTimelineEvent(tx, {
      ...base,
      kind: "order.marketplace_status_changed",
      data: { from: previousMarketplaceStatus, to: o.marketplaceStatus },
    });
  }
  if (
    o.status === "cancelled" &&
    order.fulfillmentStatus !== "cancelled" &&
    order.fulfillmentStatus !== "shipped" &&
    !order.shopOrderId
  ) {
    setFulfillmentStatus(tx, account.shopId, order.id, transition(order.fulfillmentStatus, { type: "cancelled" }));
    addTimelineEvent(tx, { ...base, kind: "order.cancelled", level: "warning", data: { shopOrder: null } });
    return created;
  }
  // Cancelled after it reached the shop, with nothing sent yet: cancel the shop order too (a job), so it is not shipped.
  const nothingSent =
    order.fulfillmentStatus === "unshipped" ||
    order.fulfillmentStatus === "pending" ||
    order.fulfillmentStatus === "failed";
  if (o.status === "cancelled" && order.shopOrderId && nothingSent) {
    setFulfillmentStatus(tx, account.shopId, order.id, transition(order.fulfillmentStatus, { type: "cancelled" }));
    addTimelineEvent(tx, {
      ...base,
      kind: "order.cancelled",
      level: "warning",
      data: { shopOrder: order.shopOrderName ?? order.shopOrderId },
    });
    enqueueJob(ctx, tx, "cancel-shop-order", { orderId: order.id }, { shopId: account.shopId });
    return created;
  }
  // Shipped on the marketplace itself (Seller Hub, Amazon's own tools), not through the shop: the shop order is still
  // open there, and a merchant working from the shop would ship it a second time. Said once, when the status moves.
  if (
    o.status === "shipped" &&
    order.shopOrderId &&
    marketplaceStatusChanged &&
    !hasExportedShipment(tx, account.shopId, order.id)
  ) {
    addTimelineEvent(tx, {
      ...base,
      kind: "order.shipped_on_marketplace",
      level: "warning",
      data: { shopOrder: order.shopOrderName ?? order.shopOrderId },
    });
  }
  const wantsShopOrder = !order.shopOrderId && isShippable(o) && order.fulfillmentStatus !== "failed";
  if (wantsShopOrder && (created || marketplaceStatusChanged)) {
    enqueueJob(ctx, tx, "create-shop-order", { orderId: order.id }, { shopId: account.shopId });
  }
  return created;
}
