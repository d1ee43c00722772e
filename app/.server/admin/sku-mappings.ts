import { MARKETPLACES, type Marketplace } from "#connectors/types.ts";
import { deleteSkuMapping, listSkuMappings } from "#db/queries/sku-mappings.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { isStepError } from "../errors";
import { addSkuMapping, SKU_MAPPING_INPUT_ERRORS } from "../services/map-sku";
import { retriedText, type OrderActionResult } from "./order-detail";

/**
 * The SKU mappings page of the admin UI, whatever the platform around it (app.sku-mappings.tsx for Shopify,
 * bc.sku-mappings.tsx for BigCommerce): the shop's mappings, and adding one ahead of any order or deleting one.
 * Every read and write is scoped by the shop the route authenticated.
 */
export function loadSkuMappings(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id" | "platform">) {
  return {
    platformName: platformName(shop.platform),
    marketplaces: MARKETPLACES.map((m) => ({ value: m, label: marketplaceName(m) })),
    mappings: listSkuMappings(ctx.db, shop.id).map((m) => ({
      id: m.id,
      marketplace: m.marketplace,
      marketplaceName: marketplaceName(m.marketplace),
      marketplaceSku: m.marketplaceSku,
      shopSku: m.shopSku,
      createdAt: m.createdAt,
    })),
  };
}

export type SkuMappingsData = ReturnType<typeof loadSkuMappings>;

function isMarketplace(v: unknown): v is Marketplace {
  return typeof v === "string" && (MARKETPLACES as readonly string[]).includes(v);
}

/** The page's form posts: `intent=add` (marketplace, marketplaceSku, shopSku) or `intent=delete` (id). */
export async function runSkuMappingAction(
  ctx: AppContext,
  shop: Pick<Shop, "id">,
  request: Request,
): Promise<{ result: OrderActionResult; status: number }> {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete") {
    const id = Number(form.get("id"));
    if (!Number.isSafeInteger(id) || !deleteSkuMapping(ctx.db, shop.id, id)) {
      return { result: { tone: "critical", message: "This mapping does not exist in this shop." }, status: 404 };
    }
    return {
      result: { tone: "success", message: "Mapping deleted. Later orders use the marketplace SKU as it is." },
      status: 200,
    };
  }
  if (intent !== "add")
    return { result: { tone: "critical", message: `Unknown action ${JSON.stringify(intent)}` }, status: 400 };
  const marketplace = form.get("marketplace");
  if (!isMarketplace(marketplace))
    return { result: { tone: "critical", message: "Choose a marketplace." }, status: 422 };
  try {
    const saved = await addSkuMapping(ctx, shop.id, {
      marketplace,
      marketplaceSku: String(form.get("marketplaceSku") ?? ""),
      shopSku: String(form.get("shopSku") ?? ""),
    });
    return {
      result: {
        tone: "success",
        message: `${marketplaceName(marketplace)} SKU ${saved.marketplaceSku} is now sold as ${saved.shopSku}. ${retriedText(saved.retried.length)}`,
      },
      status: 200,
    };
  } catch (e) {
    if (isStepError(e) && SKU_MAPPING_INPUT_ERRORS.has(e.code))
      return { result: { tone: "critical", message: e.message }, status: 422 };
    throw e;
  }
}
