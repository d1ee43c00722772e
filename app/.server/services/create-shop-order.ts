import {
  findOrderByShopOrderId,
  getOrderWithLines,
  lineTotalOf,
  setFulfillmentStatus,
  setShopOrder,
  type OrderWithLines,
} from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { saveOrderLineComponents, skuMappingsFor } from "#db/queries/sku-mappings.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { StepError } from "../errors";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import type { ForeignOrderMark, ShopOrderRef, ShopVariant } from "../platforms/types";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { importRulesOf } from "../domain/import-rules";
import { presentShopOrder } from "../domain/shop-order-presentation";
import { stockShortages } from "../domain/stock-check";
import type { ImportRuleDecision } from "../domain/timeline-events";
import { transition } from "../domain/fulfillment-status";
import { matchShopLines, planShopLines, type PlannedShopLine } from "../domain/bundle-lines";
import { targetText } from "../messages/en/sku-mappings";
import { enqueueJob } from "../jobs/enqueue";

/** The StepError code of an order held because the shop's stock is short (the account refuses to oversell). */
export const OUT_OF_STOCK = "out_of_stock";

export type CreateShopOrderOutcome = "created" | "found_existing" | "already_linked" | "skipped";

/**
 * Creates the shop order for a marketplace order, idempotently: it first looks for an order already carrying
 * our source identifier, so a crash between "created in the shop" and "recorded here" never makes a duplicate.
 * An unknown or missing SKU is a StepError: the order goes `failed` with the reason, nothing else is touched.
 */
export async function createShopOrder(
  ctx: AppContext,
  shopId: number,
  orderId: number,
): Promise<CreateShopOrderOutcome> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", `Order ${orderId} does not exist`);
  if (order.shopOrderId) return "already_linked";
  if (order.fulfillmentStatus === "cancelled") return "skipped";
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const platform = ctx.platformFor(shop);
  const pName = platformName(shop.platform);

  // The merchant's SKU mappings (marketplace SKU → shop SKU, or a bundle of several; the account's own first) decide
  // which shop lines each line becomes (domain/bundle-lines.ts, docs/decisions/032).
  const mappings = skuMappingsFor(ctx.db, shopId, order.marketplace, order.accountId);
  const planned = planShopLines(
    order.lines.flatMap((l) => (l.sku ? [{ ...l, sku: l.sku, lineTotalAmount: lineTotalOf(l) }] : [])),
    mappings,
  );

  const existing = await platform.findOrderBySource({
    marketplace: order.marketplace,
    marketplaceOrderId: order.marketplaceOrderId,
  });
  if (existing) {
    // The merchant may have shipped it before this link: those webhooks named an order we did not know and
    // were dropped, so its fulfillments are fetched once it is linked (same transaction as the link).
    link(ctx, order, existing, { foundExisting: true, syncFulfillments: true, planned });
    return "found_existing";
  }
  // Another importer (an app used before OrderBridge) may have created it already: link that one, never a second.
  // Not one already linked to another of our orders (two marketplace orders cannot share a shop order).
  const foreign = await platform.findOrderImportedElsewhere({
    marketplace: order.marketplace,
    marketplaceOrderId: order.marketplaceOrderId,
  });
  if (foreign && !findOrderByShopOrderId(ctx.db, shopId, foreign.order.id)) {
    link(ctx, order, foreign.order, {
      foundExisting: true,
      foundBy: foreign.foundBy,
      syncFulfillments: true,
      planned,
    });
    return "found_existing";
  }

  const account = getAccount(ctx.db, shopId, order.accountId);
  const rules = importRulesOf(account?.importRules);
  const customLines = rules.unmatchedProducts === "custom_line";
  const missingSku = order.lines.filter((l) => !l.sku);
  if (missingSku.length && !customLines) {
    throw new StepError(
      "sku_missing",
      `Line "${missingSku[0].title}" has no SKU on ${marketplaceName(order.marketplace)}; add a SKU to the listing`,
    );
  }
  const skus = [...new Set(planned.map((p) => p.sku))];
  const variants = skus.length ? await platform.findVariantsBySku(skus) : new Map<string, ShopVariant>();
  // A line is unmatched when it has no SKU or one of its shop SKUs is not in the shop: held, or a custom line.
  const unmatched = order.lines.filter(
    (l) => !l.sku || planned.some((p) => p.orderLineId === l.id && !variants.has(p.sku)),
  );
  const shopLines = [
    ...planned
      .filter((p) => !unmatched.some((l) => l.id === p.orderLineId))
      .map((p) => ({ ...p, variantId: variants.get(p.sku)!.variantId as string | null })),
    ...unmatched.map((l) => ({
      orderLineId: l.id,
      sku: l.sku ?? "",
      title: l.title,
      quantity: l.quantity,
      unitPriceAmount: l.unitPriceAmount,
      lineTotalAmount: lineTotalOf(l),
      quantityPerUnit: 1,
      bundle: false,
      variantId: null,
    })),
  ].sort(
    (a, b) =>
      order.lines.findIndex((l) => l.id === a.orderLineId) - order.lines.findIndex((l) => l.id === b.orderLineId),
  );
  if (unmatched.length && !customLines) {
    const unknown = unmatched.map((l) =>
      mappings.has(l.sku!) ? `${l.sku} (mapped to ${targetText(mappings.get(l.sku!)!)})` : l.sku!,
    );
    throw new StepError(
      "unknown_sku",
      `SKU${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not in the ${pName} shop; add the product, or map the SKU to one the shop sells, then retry`,
      { skus: unknown },
    );
  }
  if (rules.stock === "refuse")
    refuseShortStock(
      shopLines.map((p) => ({ variant: variants.get(p.sku) ?? null, quantity: p.variantId ? p.quantity : 0 })),
      pName,
    );

  const { presentation, decisions } = presentShopOrder({ ...order, accountName: account?.name ?? "" }, rules);
  const created = await platform.createOrder({
    marketplace: order.marketplace,
    marketplaceOrderId: order.marketplaceOrderId,
    currency: order.currency,
    buyer: presentation.buyer,
    shippingAddress: order.shippingAddress ?? null,
    lines: shopLines.map((p) => ({
      variantId: p.variantId,
      sku: p.sku,
      title: p.title,
      quantity: p.quantity,
      unitPrice: { amount: p.unitPriceAmount, currency: order.currency },
      lineTotal: { amount: p.lineTotalAmount, currency: order.currency },
    })),
    shipping: {
      title: order.shippingServiceLevel ?? `${marketplaceName(order.marketplace)} shipping`,
      price: { amount: order.shippingAmount, currency: order.currency },
    },
    tax: { amount: order.taxAmount, currency: order.currency },
    discount: { amount: order.discountAmount, currency: order.currency },
    processedAt: order.purchasedAt,
    tags: presentation.tags,
    note: presentation.note,
    name: presentation.name,
    sourceLabel: presentation.sourceLabel,
    orderIdAttribute: presentation.orderIdAttribute,
    sendConfirmation: presentation.sendConfirmation,
  });
  const ruleDecisions: ImportRuleDecision[] = [
    ...(unmatched.length ? [{ rule: "custom_lines" as const, skus: unmatched.map((l) => l.sku ?? l.title) }] : []),
    ...decisions,
  ];
  link(ctx, order, created, { foundExisting: false, planned: shopLines, decisions: ruleDecisions });
  return "created";
}

/** The account refuses to oversell: short of stock, the order is held, failed with each SKU's wanted and available. */
function refuseShortStock(lines: { variant: ShopVariant | null; quantity: number }[], pName: string): void {
  const short = stockShortages(lines);
  if (!short.length) return;
  throw new StepError(
    OUT_OF_STOCK,
    `Out of stock in the ${pName} shop: ${short.map((s) => `SKU ${s.sku} wanted ${s.wanted}, available ${s.available}`).join("; ")}. The order is created by itself once the stock is there (this account refuses to oversell)`,
    { items: short },
  );
}

/** Records the shop order and matches its lines to ours (by shop SKU; a bundle's per component), with the timeline event (and the fulfillment sync when asked), in one transaction. */
function link(
  ctx: AppContext,
  order: OrderWithLines,
  ref: ShopOrderRef,
  opts: {
    foundExisting: boolean;
    /** Found as another importer's order, recognised by this mark. */
    foundBy?: ForeignOrderMark;
    syncFulfillments?: boolean;
    planned: PlannedShopLine[];
    decisions?: ImportRuleDecision[];
  },
): void {
  const { lines, components } = matchShopLines(
    order.lines.map((l) => l.id),
    opts.planned,
    ref.lines,
  );
  ctx.db.transaction((tx) => {
    setShopOrder(tx, order.shopId, order.id, { shopOrderId: ref.id, shopOrderName: ref.name, lines });
    saveOrderLineComponents(tx, order.shopId, components);
    if (order.fulfillmentStatus === "failed") {
      setFulfillmentStatus(
        tx,
        order.shopId,
        order.id,
        transition(order.fulfillmentStatus, {
          type: "step_retried",
          unitsOrdered: order.lines.reduce((s, l) => s + l.quantity, 0),
          unitsShipped: order.lines.reduce((s, l) => s + l.quantityShipped, 0),
          awaitingTracking: false,
        }),
      );
    }
    addTimelineEvent(tx, {
      shopId: order.shopId,
      orderId: order.id,
      kind: "shop_order.created",
      level: "success",
      data: {
        shopOrderId: ref.id,
        shopOrderName: ref.name,
        foundExisting: opts.foundExisting,
        ...(opts.foundBy ? { foundBy: opts.foundBy } : {}),
      },
    });
    if (opts.decisions?.length) {
      addTimelineEvent(tx, {
        shopId: order.shopId,
        orderId: order.id,
        kind: "shop_order.rules_applied",
        data: { decisions: opts.decisions },
      });
    }
    if (opts.syncFulfillments) {
      enqueueJob(ctx, tx, "sync-shop-fulfillments", { orderId: order.id, source: "link" }, { shopId: order.shopId });
    }
  });
}
