import type { Marketplace } from "#connectors/types.ts";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { getOrderWithLines, listFailedOrdersWithSku } from "#db/queries/orders.ts";
import { getShop } from "#db/queries/shops.ts";
import { saveSkuMapping, type SkuMappingComponent } from "#db/queries/sku-mappings.ts";
import type { Platform } from "#db/schema/index.ts";
import { addTimelineEvent } from "./add-timeline-event";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import {
  MARKETPLACE_SKU_MAX_LENGTH,
  MAX_BUNDLE_COMPONENTS,
  MAX_COMPONENT_QUANTITY,
  SHOP_SKU_MAX_LENGTH,
} from "../domain/sku-limits";
import { StepError } from "../errors";
import { enqueueJob } from "../jobs/enqueue";
import { FIELD_LABELS, skuMappingText, targetText, type SkuMappingField } from "../messages/en/sku-mappings";

/** StepError codes of mapSku that are the merchant's input: answered 422 with the message. */
export const SKU_MAPPING_INPUT_ERRORS: ReadonlySet<string> = new Set([
  "sku_not_on_order",
  "marketplace_sku_missing",
  "shop_sku_missing",
  "shop_sku_unknown",
  "shop_uninstalled",
  "invalid_input",
]);

export interface SkuMappingInput {
  marketplace: Marketplace;
  /** null: every account of the marketplace; else that account's own mapping (it wins over the marketplace-wide one). */
  accountId: number | null;
  marketplaceSku: string;
  components: SkuMappingComponent[];
  /** The CSV line it came from, for the errors. */
  line?: number;
}

/** A wrong value: which field, and what to do; `line` for a CSV row. */
export interface FieldError {
  field: SkuMappingField;
  message: string;
  line?: number;
}

export interface SavedSkuMapping {
  input: SkuMappingInput;
  previous: SkuMappingComponent[] | null;
}

export type SaveSkuMappingsOutcome =
  | { kind: "saved"; saved: SavedSkuMapping[]; retried: number[] }
  | { kind: "invalid"; errors: FieldError[] }
  /** Marketplace SKUs the shop sells itself, mapped to something else: saved only with confirm. */
  | { kind: "confirm"; conflicts: SkuMappingInput[] };

/**
 * The checks that need no platform read (pure): SKUs present and within each side's length (domain/sku-limits.ts),
 * quantities whole numbers in range, a bundle of distinct SKUs, no mapping of a SKU to itself.
 */
export function checkSkuMappingInput(platform: Platform, input: SkuMappingInput): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: SkuMappingField, message: string) => errors.push({ field, message, line: input.line });
  const mName = marketplaceName(input.marketplace);
  const pName = platformName(platform);
  const sku = input.marketplaceSku;
  if (!sku) add("marketplaceSku", skuMappingText.marketplaceSkuMissing(mName));
  else if (sku.length > MARKETPLACE_SKU_MAX_LENGTH[input.marketplace])
    add(
      "marketplaceSku",
      skuMappingText.tooLong(
        FIELD_LABELS.marketplaceSku.form,
        mName,
        MARKETPLACE_SKU_MAX_LENGTH[input.marketplace],
        sku.length,
      ),
    );
  if (!input.components.length || input.components.every((c) => !c.sku))
    add("shopSku", skuMappingText.shopSkuMissing(pName, sku.slice(0, 60) || "it"));
  if (input.components.length > MAX_BUNDLE_COMPONENTS)
    add("shopSku", skuMappingText.tooManyComponents(MAX_BUNDLE_COMPONENTS));
  const seen = new Set<string>();
  for (const c of input.components.slice(0, MAX_BUNDLE_COMPONENTS)) {
    if (!c.sku) {
      if (input.components.length > 1) add("shopSku", skuMappingText.shopSkuMissing(pName, sku.slice(0, 60) || "it"));
    } else if (c.sku.length > SHOP_SKU_MAX_LENGTH[platform])
      add("shopSku", skuMappingText.tooLong(`${pName} SKU`, pName, SHOP_SKU_MAX_LENGTH[platform], c.sku.length));
    else if (seen.has(c.sku)) add("shopSku", skuMappingText.duplicateComponent(c.sku));
    seen.add(c.sku);
    if (!Number.isSafeInteger(c.quantity) || c.quantity < 1 || c.quantity > MAX_COMPONENT_QUANTITY)
      add("quantity", skuMappingText.badQuantity(MAX_COMPONENT_QUANTITY));
  }
  if (
    !errors.length &&
    input.components.length === 1 &&
    input.components[0].sku === sku &&
    input.components[0].quantity === 1
  )
    add("shopSku", skuMappingText.selfMapping(sku));
  return errors;
}

/** A plain mapping the shop's own catalogue would contradict: the marketplace SKU is a shop SKU, sold as another. */
function overridesShopSku(input: SkuMappingInput): boolean {
  return !(input.components.length === 1 && input.components[0].sku === input.marketplaceSku);
}

/**
 * Saves mappings (one from a form, or a CSV file's) all or nothing: every input is checked (checkSkuMappingInput),
 * then one platform read tells which shop SKUs exist (a mapping to a SKU the shop does not sell would only move the
 * failure) and which marketplace SKUs the shop sells itself (mapping those needs `confirm`). Only then, in one
 * transaction, each is saved (replacing the earlier mapping of its key, which is answered) and every order of the
 * shop that failed before reaching the shop with a line of that SKU (of that account, for an account's mapping) is
 * created again: a create-shop-order job each, `sku.mapped` on its timeline.
 */
export async function saveSkuMappings(
  ctx: AppContext,
  shopId: number,
  inputs: SkuMappingInput[],
  opts: { confirm?: boolean } = {},
): Promise<SaveSkuMappingsOutcome> {
  const shop = getShop(ctx.db, shopId);
  if (!shop || shop.uninstalledAt) throw new StepError("shop_uninstalled", "The app is not installed in the shop");
  const pName = platformName(shop.platform);
  const errors = inputs.flatMap((i) => checkSkuMappingInput(shop.platform, i));
  for (const i of inputs) {
    if (i.accountId === null) continue;
    const account = getAccount(ctx.db, shopId, i.accountId);
    if (!account || account.marketplace !== i.marketplace)
      errors.push({ field: "account", message: skuMappingText.unknownAccount, line: i.line });
  }
  if (errors.length) return { kind: "invalid", errors };

  const skus = new Set(inputs.flatMap((i) => [i.marketplaceSku, ...i.components.map((c) => c.sku)]));
  const variants = await ctx.platformFor(shop).findVariantsBySku([...skus]);
  for (const i of inputs) {
    for (const c of i.components) {
      if (!variants.has(c.sku))
        errors.push({ field: "shopSku", message: skuMappingText.shopSkuUnknown(c.sku, pName), line: i.line });
    }
  }
  if (errors.length) return { kind: "invalid", errors };
  const conflicts = inputs.filter((i) => variants.has(i.marketplaceSku) && overridesShopSku(i));
  if (conflicts.length && !opts.confirm) return { kind: "confirm", conflicts };

  return ctx.db.transaction((tx) => {
    const retried = new Set<number>();
    const saved = inputs.map((input): SavedSkuMapping => {
      const { previous } = saveSkuMapping(tx, { shopId, ...input });
      const orders = listFailedOrdersWithSku(tx, shopId, input.marketplace, input.marketplaceSku, input.accountId);
      for (const order of orders) {
        if (!retried.has(order.id)) enqueueJob(ctx, tx, "create-shop-order", { orderId: order.id }, { shopId });
        retried.add(order.id);
        addTimelineEvent(tx, {
          shopId,
          orderId: order.id,
          kind: "sku.mapped",
          data: { marketplaceSku: input.marketplaceSku, shopSku: targetText(input.components) },
        });
      }
      return { input, previous };
    });
    return { kind: "saved" as const, saved, retried: [...retried] };
  });
}

/** One mapping, as the page's form or the order's Map SKU saves it; the first wrong field is a StepError (422). */
export async function addSkuMapping(
  ctx: AppContext,
  shopId: number,
  input: SkuMappingInput,
  opts: { confirm?: boolean } = {},
): Promise<Exclude<SaveSkuMappingsOutcome, { kind: "invalid" }>> {
  const outcome = await saveSkuMappings(ctx, shopId, [input], opts);
  if (outcome.kind === "invalid") {
    const first = outcome.errors[0];
    throw new StepError("invalid_input", first.message, { field: first.field });
  }
  return outcome;
}

/**
 * The merchant maps a marketplace SKU of a failed order to a SKU (or a bundle) their shop sells: saved for the shop
 * and marketplace (or for the order's account only), so this order, every other failed one with that SKU and every
 * later one use it. Refused for an order that is not failed, or already reached the shop (`order_not_failed`).
 */
export async function mapSku(
  ctx: AppContext,
  shopId: number,
  orderId: number,
  input: { marketplaceSku: string; components: SkuMappingComponent[]; accountOnly?: boolean; confirm?: boolean },
): Promise<Exclude<SaveSkuMappingsOutcome, { kind: "invalid" }>> {
  const order = getOrderWithLines(ctx.db, shopId, orderId);
  if (!order) throw new StepError("order_missing", "Order not found");
  if (order.fulfillmentStatus !== "failed" || order.shopOrderId)
    throw new StepError("order_not_failed", skuMappingText.orderNotFailed);
  const marketplaceSku = input.marketplaceSku.trim();
  if (!order.lines.some((l) => l.sku === marketplaceSku)) {
    throw new StepError(
      "sku_not_on_order",
      skuMappingText.skuNotOnOrder(marketplaceSku.slice(0, 100), marketplaceName(order.marketplace)),
      { field: "marketplaceSku" },
    );
  }
  return addSkuMapping(
    ctx,
    shopId,
    {
      marketplace: order.marketplace,
      accountId: input.accountOnly ? order.accountId : null,
      marketplaceSku,
      components: input.components,
    },
    { confirm: input.confirm },
  );
}
