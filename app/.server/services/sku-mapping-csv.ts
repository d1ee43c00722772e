import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { MARKETPLACES, type Marketplace } from "#connectors/types.ts";
import type { SkuMapping } from "#db/queries/sku-mappings.ts";
import { marketplaceName } from "../domain/marketplace-names";
import { FIELD_LABELS, skuMappingText, type SkuMappingField } from "../messages/en/sku-mappings";
import type { FieldError, SkuMappingInput } from "./map-sku";

/**
 * SKU mappings as CSV (docs/decisions/032): csv-parse reads, csv-stringify writes. One row per shop SKU:
 *
 *   marketplace,account,marketplace_sku,shop_sku,quantity
 *   ebay,,SHOE-TRAIL-EU42,SHOE-TRAIL-42,1
 *   etsy,My Etsy shop,GIFT-SET,MUG-1,2
 *   etsy,My Etsy shop,GIFT-SET,TEA-1,1
 *
 * `marketplace` is amazon, ebay or etsy (or its display name); `account` is empty for every account of the
 * marketplace, else the name of one of the shop's accounts of it; `quantity` is empty for 1. Rows of the same
 * marketplace, account and marketplace SKU are one mapping: a bundle when there are several, in file order.
 * Parsing is pure: the accounts are handed in.
 */

export const CSV_COLUMNS = ["marketplace", "account", "marketplace_sku", "shop_sku", "quantity"] as const;

/** The largest file read, and the most rows (one platform read per distinct SKU on BigCommerce). */
export const CSV_MAX_BYTES = 512 * 1024;
export const CSV_MAX_ROWS = 2000;

export interface CsvAccount {
  id: number;
  marketplace: Marketplace;
  name: string;
}

/** The rows read as mappings, and the errors of the rows that could not be (both: every error is reported at once). */
export interface ParsedSkuMappingCsv {
  inputs: SkuMappingInput[];
  errors: FieldError[];
}

const COLUMN_OF: Record<(typeof CSV_COLUMNS)[number], SkuMappingField> = {
  marketplace: "marketplace",
  account: "account",
  marketplace_sku: "marketplaceSku",
  shop_sku: "shopSku",
  quantity: "quantity",
};

function toMarketplace(value: string): Marketplace | null {
  const v = value.trim().toLowerCase();
  return MARKETPLACES.find((m) => m === v || marketplaceName(m).toLowerCase() === v) ?? null;
}

/** The file's rows as mappings, or every row-level error with its line number (line 1 is the header). */
export function parseSkuMappingCsv(text: string, accounts: readonly CsvAccount[]): ParsedSkuMappingCsv {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { inputs: [], errors: [{ field: "file", message: skuMappingText.unreadableCsv(err.lines, err.message) }] };
  }
  const [header, ...rows] = records;
  if (!header) return { inputs: [], errors: [{ field: "file", message: skuMappingText.fileEmpty }] };
  const names = header.record.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => c !== "quantity" && c !== "account" && !names.includes(c));
  if (missing.length) return { inputs: [], errors: [{ field: "file", message: skuMappingText.badHeader(missing) }] };
  if (!rows.length) return { inputs: [], errors: [{ field: "file", message: skuMappingText.fileEmpty }] };
  if (rows.length > CSV_MAX_ROWS)
    return { inputs: [], errors: [{ field: "file", message: skuMappingText.tooManyRows(CSV_MAX_ROWS) }] };
  const col = (r: string[], c: (typeof CSV_COLUMNS)[number]) => {
    const i = names.indexOf(c);
    return i < 0 ? "" : (r[i] ?? "");
  };

  const errors: FieldError[] = [];
  const byKey = new Map<string, SkuMappingInput>();
  for (const { info, record } of rows) {
    const line = info.lines;
    const fail = (c: (typeof CSV_COLUMNS)[number], message: string) =>
      errors.push({ field: COLUMN_OF[c], line, message });
    const marketplace = toMarketplace(col(record, "marketplace"));
    if (!marketplace) {
      fail("marketplace", skuMappingText.chooseMarketplace);
      continue;
    }
    const accountName = col(record, "account");
    let accountId: number | null = null;
    if (accountName) {
      const found = accounts.filter((a) => a.marketplace === marketplace && a.name === accountName);
      if (found.length !== 1) {
        const mName = marketplaceName(marketplace);
        const shown = accountName.slice(0, 60);
        fail(
          "account",
          found.length ? skuMappingText.accountAmbiguous(shown, mName) : skuMappingText.accountNotFound(shown, mName),
        );
        continue;
      }
      accountId = found[0].id;
    }
    const rawQuantity = col(record, "quantity");
    const quantity = rawQuantity === "" ? 1 : /^\d{1,6}$/.test(rawQuantity) ? Number(rawQuantity) : Number.NaN;
    const marketplaceSku = col(record, "marketplace_sku");
    const key = JSON.stringify([marketplace, accountId, marketplaceSku]);
    const input = byKey.get(key) ?? { marketplace, accountId, marketplaceSku, components: [], line };
    input.components.push({ sku: col(record, "shop_sku"), quantity });
    byKey.set(key, input);
  }
  return { inputs: [...byKey.values()], errors };
}

/** A row-level error as the merchant reads it: `Line 3, shop_sku: …` (file-level errors as they are). */
export function csvErrorText(e: FieldError): string {
  return e.line === undefined ? e.message : skuMappingText.rowError(e.line, FIELD_LABELS[e.field].csv, e.message);
}

/** Every mapping as CSV, in the import's format (a file exported imports back unchanged). */
export function skuMappingsCsv(mappings: readonly SkuMapping[]): string {
  const rows = mappings.flatMap((m) =>
    m.components.map((c) => [m.marketplace, m.accountName ?? "", m.marketplaceSku, c.sku, String(c.quantity)]),
  );
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
}
