import { MARKETPLACES, type Marketplace } from "#connectors/types.ts";
import { listAccounts } from "#db/queries/marketplace-accounts.ts";
import { deleteSkuMapping, getSkuMapping, listSkuMappings } from "#db/queries/sku-mappings.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { Platform } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { marketplaceName, platformName } from "../domain/marketplace-names";
import { isStepError, isTransientError } from "../errors";
import { readLimitedBody } from "../http/read-limited-body";
import { skuMappingText, targetText } from "../messages/en/sku-mappings";
import {
  checkSkuMappingInput,
  saveSkuMappings,
  SKU_MAPPING_INPUT_ERRORS,
  type FieldError,
  type SkuMappingInput,
} from "../services/map-sku";
import { CSV_MAX_BYTES, csvErrorText, parseSkuMappingCsv, skuMappingsCsv } from "../services/sku-mapping-csv";
import { retriedText } from "../messages/en/sku-mappings";
import { invalid, singleMappingAnswer, formComponents, type ActionAnswer } from "./sku-mapping-answers";

/**
 * The SKU mappings page of the admin UI, whatever the platform around it (app.sku-mappings.tsx for Shopify,
 * bc.sku-mappings.tsx for BigCommerce): the shop's mappings, searched (`?q=`) and paged (`?page=`); adding, editing
 * and deleting one; CSV import and export (docs/decisions/032). Every read and write is scoped by the shop the route
 * authenticated; every input is checked on the server (a wrong value is a 422 naming the field, nothing saved).
 */

export const SKU_MAPPINGS_PAGE_SIZE = 50;
/**
 * The largest form post read: past it, 413 unread. Above CSV_MAX_BYTES, so that a file a little too large gets the
 * file's own message, and a 1,000,000-character field a 422 naming the field.
 */
export const SKU_MAPPINGS_BODY_LIMIT = 2 * 1024 * 1024;
/** A search longer than any SKU can only match nothing. */
const MAX_QUERY_LENGTH = 255;

export function loadSkuMappings(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id" | "platform">, request: Request) {
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const pageParam = Number(url.searchParams.get("page") ?? "1");
  const requested = Number.isSafeInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  const first = listSkuMappings(ctx.db, shop.id, {
    query,
    limit: SKU_MAPPINGS_PAGE_SIZE,
    offset: (requested - 1) * SKU_MAPPINGS_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(first.total / SKU_MAPPINGS_PAGE_SIZE));
  const page = Math.min(requested, pages);
  const { mappings, total } =
    page === requested
      ? first
      : listSkuMappings(ctx.db, shop.id, {
          query,
          limit: SKU_MAPPINGS_PAGE_SIZE,
          offset: (page - 1) * SKU_MAPPINGS_PAGE_SIZE,
        });
  return {
    platformName: platformName(shop.platform),
    marketplaces: MARKETPLACES.map((m) => ({ value: m, label: marketplaceName(m) })),
    accounts: listAccounts(ctx.db, shop.id).map((a) => ({
      id: a.id,
      marketplace: a.marketplace,
      label: `${a.name} (${marketplaceName(a.marketplace)})`,
    })),
    query,
    page,
    pages,
    total,
    mappings: mappings.map((m) => ({
      id: m.id,
      marketplace: m.marketplace,
      marketplaceName: marketplaceName(m.marketplace),
      accountId: m.accountId,
      /** The account the mapping is for, or null for every account of the marketplace. */
      accountName: m.accountName,
      marketplaceSku: m.marketplaceSku,
      /** The first shop SKU; `components` has them all (one of quantity 1 for a plain mapping). */
      shopSku: m.components[0].sku,
      components: m.components,
      target: targetText(m.components),
      bundle: m.components.length > 1 || m.components[0].quantity !== 1,
      createdAt: m.createdAt,
    })),
  };
}

export type SkuMappingsData = ReturnType<typeof loadSkuMappings>;

/** The CSV export of every mapping of the shop (the import's format), as a download. */
export function exportSkuMappings(ctx: Pick<AppContext, "db">, shop: Pick<Shop, "id">): Response {
  const csv = skuMappingsCsv(listSkuMappings(ctx.db, shop.id).mappings);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="sku-mappings-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}

function isMarketplace(v: unknown): v is Marketplace {
  return typeof v === "string" && (MARKETPLACES as readonly string[]).includes(v);
}

/** The post's form, read within SKU_MAPPINGS_BODY_LIMIT (decision 022's reader); null when larger. */
async function readForm(request: Request): Promise<FormData | null> {
  const body = await readLimitedBody(request, SKU_MAPPINGS_BODY_LIMIT);
  if (!body.ok) return null;
  const contentType = request.headers.get("content-type") ?? "application/x-www-form-urlencoded";
  return new Request("http://form.local/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: body.text,
  })
    .formData()
    .catch(() => new FormData());
}

/**
 * The page's form posts: `intent=add` (marketplace, accountId, marketplaceSku, shopSku[, quantity]…, confirm),
 * `intent=update` (id, shopSku[, quantity]…, confirm), `intent=delete` (id), `intent=import` (file: CSV, confirm).
 * A body larger than SKU_MAPPINGS_BODY_LIMIT is a 413, unread.
 */
export async function runSkuMappingAction(
  ctx: AppContext,
  shop: Pick<Shop, "id" | "platform">,
  request: Request,
): Promise<ActionAnswer> {
  const form = await readForm(request);
  if (!form)
    return {
      result: { tone: "critical", field: "file", message: skuMappingText.fileTooLarge(`${CSV_MAX_BYTES / 1024} KB`) },
      status: 413,
      headers: { connection: "close" },
    };
  const intent = form.get("intent");
  const pName = platformName(shop.platform);
  const confirm = form.get("confirm") === "1";
  const accounts = listAccounts(ctx.db, shop.id);
  const accountLabel = (id: number) => accounts.find((a) => a.id === id)?.name ?? `account ${id}`;
  const idOf = () => {
    const raw = form.get("id");
    const id = typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isSafeInteger(id) ? getSkuMapping(ctx.db, shop.id, id) : undefined;
  };
  try {
    switch (intent) {
      case "delete": {
        const mapping = idOf();
        if (!mapping || !deleteSkuMapping(ctx.db, shop.id, mapping.id))
          return { result: { tone: "critical", message: skuMappingText.mappingNotFound, field: "id" }, status: 404 };
        return { result: { tone: "success", message: skuMappingText.deleted }, status: 200 };
      }
      case "update": {
        const mapping = idOf();
        if (!mapping)
          return { result: { tone: "critical", message: skuMappingText.mappingNotFound, field: "id" }, status: 404 };
        const input: SkuMappingInput = {
          marketplace: mapping.marketplace,
          accountId: mapping.accountId,
          marketplaceSku: mapping.marketplaceSku,
          components: formComponents(form),
        };
        return singleMappingAnswer(await saveSkuMappings(ctx, shop.id, [input], { confirm }), pName, accountLabel);
      }
      case "add": {
        const marketplace = form.get("marketplace");
        if (!isMarketplace(marketplace)) return invalid("marketplace", skuMappingText.chooseMarketplace);
        const rawAccount = form.get("accountId");
        let accountId: number | null = null;
        if (typeof rawAccount === "string" && rawAccount !== "" && rawAccount !== "all") {
          const account = accounts.find((a) => String(a.id) === rawAccount && a.marketplace === marketplace);
          if (!account) return invalid("account", skuMappingText.unknownAccount);
          accountId = account.id;
        }
        const rawSku = form.get("marketplaceSku");
        const input: SkuMappingInput = {
          marketplace,
          accountId,
          marketplaceSku: typeof rawSku === "string" ? rawSku.trim() : "",
          components: formComponents(form),
        };
        return singleMappingAnswer(await saveSkuMappings(ctx, shop.id, [input], { confirm }), pName, accountLabel);
      }
      case "import":
        return await importCsv(ctx, shop, form, { confirm, pName, platform: shop.platform, accounts });
      default:
        return {
          result: { tone: "critical", message: skuMappingText.unknownAction(String(intent).slice(0, 40)) },
          status: 400,
        };
    }
  } catch (e) {
    if (isStepError(e) && SKU_MAPPING_INPUT_ERRORS.has(e.code))
      return { result: { tone: "critical", message: e.message }, status: 422 };
    // The shop's API is busy (its rate limit used up past what one request waits for): nothing was saved.
    if (isTransientError(e))
      return { result: { tone: "critical", message: skuMappingText.shopBusy(pName) }, status: 503 };
    throw e;
  }
}

async function importCsv(
  ctx: AppContext,
  shop: Pick<Shop, "id">,
  form: FormData,
  opts: {
    confirm: boolean;
    pName: string;
    platform: Platform;
    accounts: { id: number; marketplace: Marketplace; name: string }[];
  },
): Promise<ActionAnswer> {
  const file = form.get("file");
  const text = typeof file === "string" ? file : file ? await file.text() : "";
  if (!text.trim()) return invalid("file", skuMappingText.fileMissing);
  if (new TextEncoder().encode(text).byteLength > CSV_MAX_BYTES)
    return {
      result: { tone: "critical", field: "file", message: skuMappingText.fileTooLarge(`${CSV_MAX_BYTES / 1024} KB`) },
      status: 413,
    };
  const refused = (errors: FieldError[]): ActionAnswer => ({
    result: {
      tone: "critical",
      field: "file",
      message: skuMappingText.importRefused(new Set(errors.map((e) => e.line ?? 0)).size),
      errors: errors.slice(0, 100).map(csvErrorText),
    },
    status: 422,
  });
  const parsed = parseSkuMappingCsv(text, opts.accounts);
  const errors = [...parsed.errors, ...parsed.inputs.flatMap((i) => checkSkuMappingInput(opts.platform, i))];
  if (errors.length) return refused(errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const outcome = await saveSkuMappings(ctx, shop.id, parsed.inputs, { confirm: opts.confirm });
  if (outcome.kind === "invalid") return refused(outcome.errors);
  if (outcome.kind === "confirm")
    return {
      result: {
        tone: "info",
        confirm: true,
        field: "file",
        message: skuMappingText.importConfirm(outcome.conflicts.length, opts.pName),
        errors: outcome.conflicts.map((c) => `Line ${c.line}: ${c.marketplaceSku} → ${targetText(c.components)}`),
      },
      status: 409,
    };
  const replaced = outcome.saved.filter((s) => s.previous).length;
  return {
    result: {
      tone: "success",
      message: skuMappingText.imported(outcome.saved.length, replaced, retriedText(outcome.retried.length)),
    },
    status: 200,
  };
}
