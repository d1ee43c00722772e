/** The admin's words for SKU mappings (the SKU mappings page, its CSV import, Map SKU on an order), English. */
import type { SkuMappingComponent } from "#db/queries/sku-mappings.ts";

/** `MUG-1`, or `MUG-1 × 2 + TEA-1` for a bundle. */
export function targetText(components: readonly SkuMappingComponent[]): string {
  return components.map((c) => (c.quantity === 1 ? c.sku : `${c.sku} × ${c.quantity}`)).join(" + ");
}

/** What a new SKU mapping set going again, for the merchant. */
export function retriedText(n: number): string {
  return n === 0
    ? "No failed order was waiting for it."
    : n === 1
      ? "1 failed order is being created again."
      : `${n} failed orders are being created again.`;
}

/** Field labels, as the page and the CSV's header name them. */
export const FIELD_LABELS = {
  marketplace: { form: "Marketplace", csv: "marketplace" },
  account: { form: "Account", csv: "account" },
  marketplaceSku: { form: "Marketplace SKU", csv: "marketplace_sku" },
  shopSku: { form: "Shop SKU", csv: "shop_sku" },
  quantity: { form: "Quantity", csv: "quantity" },
  target: { form: "Shop SKU", csv: "shop_sku" },
  file: { form: "CSV file", csv: "file" },
  id: { form: "Mapping", csv: "id" },
} as const;

export type SkuMappingField = keyof typeof FIELD_LABELS;

export const skuMappingText = {
  chooseMarketplace: "Choose a marketplace.",
  unknownAccount: "Choose one of this shop's accounts of that marketplace, or all accounts.",
  accountNotFound: (name: string, marketplace: string) =>
    `No ${marketplace} account called ${JSON.stringify(name)} is connected to this shop.`,
  accountAmbiguous: (name: string, marketplace: string) =>
    `Several ${marketplace} accounts are called ${JSON.stringify(name)}; rename one on its account page, then import again.`,
  marketplaceSkuMissing: (marketplace: string) => `Enter the ${marketplace} SKU to map.`,
  shopSkuMissing: (platform: string, sku: string) => `Enter the ${platform} SKU to sell ${sku} as.`,
  tooLong: (label: string, side: string, max: number, length: number) =>
    `${label} is longer than ${side} allows: at most ${max} characters, this one has ${length.toLocaleString("en-US")}.`,
  badQuantity: (max: number) => `Quantity must be a whole number from 1 to ${max}.`,
  tooManyComponents: (max: number) => `A bundle has at most ${max} shop SKUs.`,
  duplicateComponent: (sku: string) => `${sku} is in the bundle twice; give it once with the total quantity.`,
  selfMapping: (sku: string) => `${sku} would be mapped to itself; an unmapped SKU already sells as itself.`,
  shopSkuUnknown: (sku: string, platform: string) =>
    `SKU ${sku} is not in the ${platform} shop either; check the SKU on the product in ${platform}`,
  shopBusy: (platform: string) =>
    `${platform} is busy and did not answer in time, so nothing was saved. Try again in a minute (a smaller file goes faster).`,
  mappingNotFound: "This mapping does not exist in this shop.",
  deleted: "Mapping deleted. Later orders use the marketplace SKU as it is.",
  saved: (marketplace: string, sku: string, target: string, scope: string) =>
    `${marketplace} SKU ${sku} is now sold as ${target}${scope}.`,
  replaced: (previous: string) => ` It replaces the earlier mapping to ${previous}.`,
  scopeAccount: (name: string) => ` for ${name}`,
  confirmShopSells: (sku: string, platform: string, target: string) =>
    `${platform} sells ${sku} itself. Mapping it sells orders of ${sku} as ${target} instead; submit again to confirm.`,
  orderNotFailed:
    "This order is not waiting for a SKU: Map SKU is for an order that failed before reaching the shop. Change the mapping on the SKU mappings page for later orders.",
  skuNotOnOrder: (sku: string, marketplace: string) => `SKU ${JSON.stringify(sku)} is not on this ${marketplace} order`,
  unknownAction: (intent: unknown) => `Unknown action ${JSON.stringify(intent)}`,
  // CSV import
  fileMissing: "Choose a CSV file to import.",
  fileTooLarge: (limit: string) => `The file is too large: import at most ${limit} at a time (split the file).`,
  tooManyRows: (max: number) =>
    `The file has more than ${max.toLocaleString("en-US")} rows; split it and import each part.`,
  fileEmpty: "The file has no mappings: after the header line, one row per shop SKU.",
  badHeader: (missing: string[]) =>
    `The first line must name the columns marketplace, account, marketplace_sku, shop_sku, quantity (missing: ${missing.join(", ")}).`,
  unreadableCsv: (line: number | undefined, reason: string) =>
    `The file is not valid CSV${line ? ` (line ${line})` : ""}: ${reason}`,
  rowError: (line: number, column: string, message: string) => `Line ${line}, ${column}: ${message}`,
  importRefused: (n: number) =>
    `Nothing was imported: ${n} row${n === 1 ? " has an error" : "s have errors"}. Fix ${n === 1 ? "it" : "them"} and import the file again.`,
  importConfirm: (n: number, platform: string) =>
    `${n} marketplace SKU${n === 1 ? " is one" : "s are ones"} the ${platform} shop sells itself; import again with "Map SKUs the shop sells" ticked to map ${n === 1 ? "it" : "them"} anyway. Nothing was imported.`,
  imported: (n: number, replaced: number, retried: string) =>
    `Imported ${n} mapping${n === 1 ? "" : "s"}${replaced ? ` (${replaced} replaced an earlier one)` : ""}. ${retried}`,
} as const;
