import type { SkuMappingComponent } from "#db/queries/sku-mappings.ts";
import { marketplaceName } from "../domain/marketplace-names";
import { retriedText, skuMappingText, targetText, type SkuMappingField } from "../messages/en/sku-mappings";
import type { SaveSkuMappingsOutcome } from "../services/map-sku";

/** The tone of an action's answer; `tone` is neutral, each design system maps it. */
export interface OrderActionResult {
  tone: "success" | "info" | "critical";
  message: string;
}

/** What the page shows after a post: the message, the field at fault, row errors of an import, a confirmation asked. */
export interface SkuMappingActionResult extends OrderActionResult {
  field?: SkuMappingField;
  errors?: string[];
  /** The same post with confirm=1 saves it (the shop sells the marketplace SKU itself). */
  confirm?: boolean;
}

/** `headers` is set on a 413: the body was left unread, so the connection is closed after the answer (decision 022). */
export type ActionAnswer = { result: SkuMappingActionResult; status: number; headers?: Record<string, string> };

export function invalid(field: SkuMappingField, message: string): ActionAnswer {
  return { result: { tone: "critical", message, field }, status: 422 };
}

/**
 * The components a form posts: `shopSku` and `quantity`, repeated once per shop SKU of a bundle (a plain mapping
 * has one `shopSku` and no quantity). Rows left empty are dropped; a quantity that is not a whole number stays NaN,
 * so the check names it.
 */
export function formComponents(form: FormData): SkuMappingComponent[] {
  const skus = form.getAll("shopSku").map((v) => (typeof v === "string" ? v.trim() : ""));
  const quantities = form.getAll("quantity").map((v) => (typeof v === "string" ? v.trim() : ""));
  return skus
    .map((sku, i) => {
      const q = quantities[i] ?? "";
      return { sku, quantity: q === "" ? 1 : /^\d{1,6}$/.test(q) ? Number(q) : Number.NaN };
    })
    .filter((c, i) => c.sku !== "" || (quantities[i] ?? "") !== "" || skus.length === 1);
}

/** The answer to a saved, refused or to-be-confirmed single mapping. */
export function singleMappingAnswer(
  outcome: SaveSkuMappingsOutcome,
  platform: string,
  accountLabel: (id: number) => string,
): ActionAnswer {
  if (outcome.kind === "invalid") return invalid(outcome.errors[0].field, outcome.errors[0].message);
  if (outcome.kind === "confirm") {
    const c = outcome.conflicts[0];
    return {
      result: {
        tone: "info",
        confirm: true,
        field: "marketplaceSku",
        message: skuMappingText.confirmShopSells(c.marketplaceSku, platform, targetText(c.components)),
      },
      status: 409,
    };
  }
  const { input, previous } = outcome.saved[0];
  const scope = input.accountId === null ? "" : skuMappingText.scopeAccount(accountLabel(input.accountId));
  const replaced = previous ? skuMappingText.replaced(targetText(previous)) : "";
  return {
    result: {
      tone: "success",
      message: `${skuMappingText.saved(marketplaceName(input.marketplace), input.marketplaceSku, targetText(input.components), scope)}${replaced} ${retriedText(outcome.retried.length)}`,
    },
    status: 200,
  };
}
