/**
 * The store's catalog as far as OrderBridge needs it: products with variants (each with a SKU, a price and
 * an inventory level), seeded through the control API, found by SKU through
 * `GET /v3/catalog/variants?sku=` (variant SKU) and `GET /v3/catalog/products?sku=` (the product's own
 * SKU), and answered in the Catalog v3 shapes (`productVariant_Full`, `product_Full`).
 *
 * A product seeded without variants has one base variant carrying the product's SKU, price and inventory
 * (`base_variant_id` = that variant, inventory tracked per product). A product seeded with variants has
 * one "Option" value per variant, `base_variant_id` null and inventory tracked per variant.
 */
import { iso8601 } from "./dates";
import { ControlError } from "./errors";
import { round4, toAmount } from "./money";
import type { ProductRecord, StoreRecord, VariantRecord } from "./state";

export interface NewVariantInput {
  sku: string;
  price?: number | string;
  inventory_level?: number;
  upc?: string;
}

export interface NewProductInput {
  name: string;
  sku?: string;
  price: number | string;
  weight?: number;
  inventory_level?: number;
  variants?: NewVariantInput[];
}

function skuTaken(store: StoreRecord, sku: string): boolean {
  return sku !== "" && store.products.some((p) => p.sku === sku || p.variants.some((v) => v.sku === sku));
}

export function addProduct(store: StoreRecord, input: NewProductInput, now = Date.now()): ProductRecord {
  if (!input || typeof input !== "object") throw new ControlError(400, "body must be a JSON object");
  if (typeof input.name !== "string" || !input.name.trim()) throw new ControlError(400, "name is required");
  const price = toAmount(input.price);
  if (price === null || price < 0) throw new ControlError(400, "price must be a non-negative number");
  if (input.sku !== undefined && typeof input.sku !== "string") throw new ControlError(400, "sku must be a string");
  if (store.products.some((p) => p.name === input.name))
    throw new ControlError(409, `a product named ${input.name} already exists (BigCommerce names are unique)`);
  const variantsIn = input.variants ?? [];
  if (!Array.isArray(variantsIn)) throw new ControlError(400, "variants must be an array");
  const skus = [input.sku ?? "", ...variantsIn.map((v) => v?.sku)];
  for (const sku of skus) {
    if (typeof sku !== "string") throw new ControlError(400, "every variant needs a sku");
    if (skuTaken(store, sku)) throw new ControlError(409, `SKU ${sku} is already used in store ${store.hash}`);
  }
  if (new Set(skus.filter(Boolean)).size !== skus.filter(Boolean).length)
    throw new ControlError(409, "SKUs must be unique");

  const productId = ++store.seq.product;
  const level = (v: unknown, what: string) => {
    if (v === undefined) return 0;
    if (!Number.isInteger(v) || (v as number) < 0)
      throw new ControlError(400, `${what} must be a non-negative integer`);
    return v as number;
  };
  const product: ProductRecord = {
    id: productId,
    name: input.name,
    sku: input.sku ?? "",
    price: round4(price),
    weight: typeof input.weight === "number" ? input.weight : 0,
    inventoryTracking: variantsIn.length ? "variant" : "product",
    variants: [],
    baseVariantId: null,
    dateCreated: now,
    dateModified: now,
  };
  if (variantsIn.length === 0) {
    const id = ++store.seq.variant;
    product.variants.push({
      id,
      productId,
      sku: product.sku,
      skuId: null,
      price: product.price,
      inventoryLevel: level(input.inventory_level, "inventory_level"),
      upc: "",
      optionValues: [],
    });
    product.baseVariantId = id;
  } else {
    const optionId = 100 + productId;
    variantsIn.forEach((v, i) => {
      const vp = v.price === undefined ? price : toAmount(v.price);
      if (vp === null || vp < 0) throw new ControlError(400, `variants[${i}].price must be a non-negative number`);
      const id = ++store.seq.variant;
      product.variants.push({
        id,
        productId,
        sku: v.sku,
        skuId: id + 1000,
        price: round4(vp),
        inventoryLevel: level(v.inventory_level, `variants[${i}].inventory_level`),
        upc: typeof v.upc === "string" ? v.upc : "",
        optionValues: [{ id: 1000 + id, option_id: optionId, label: v.sku, option_display_name: "Option" }],
      });
    });
  }
  store.products.push(product);
  return product;
}

/** Stock the store reports for a product: its own level, or the sum of its variants'. */
export function productInventory(p: ProductRecord): number {
  return p.variants.reduce((n, v) => n + v.inventoryLevel, 0);
}

/** `productVariant_Full`. */
export function variantView(p: ProductRecord, v: VariantRecord): Record<string, unknown> {
  return {
    id: v.id,
    product_id: p.id,
    sku: v.sku,
    sku_id: v.skuId,
    price: v.price,
    calculated_price: v.price,
    sale_price: 0,
    retail_price: 0,
    map_price: 0,
    weight: p.weight,
    calculated_weight: p.weight,
    width: 0,
    height: 0,
    depth: 0,
    is_free_shipping: false,
    fixed_cost_shipping_price: 0,
    purchasing_disabled: false,
    purchasing_disabled_message: "",
    image_url: "",
    cost_price: 0,
    upc: v.upc,
    mpn: "",
    gtin: "",
    inventory_level: v.inventoryLevel,
    inventory_warning_level: 0,
    bin_picking_number: "",
    option_values: v.optionValues.map((o) => ({ ...o })),
  };
}

/** `product_Full` (the fields a plain physical product has). */
export function productView(p: ProductRecord, include: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    type: "physical",
    sku: p.sku,
    description: "",
    weight: p.weight,
    width: 0,
    depth: 0,
    height: 0,
    price: p.price,
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: "",
    calculated_price: p.price,
    categories: [],
    brand_id: 0,
    option_set_display: "right",
    inventory_level: productInventory(p),
    inventory_warning_level: 0,
    inventory_tracking: p.inventoryTracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: true,
    is_featured: false,
    related_products: [-1],
    warranty: "",
    bin_picking_number: "",
    layout_file: "",
    upc: "",
    mpn: "",
    gtin: "",
    date_last_imported: "",
    search_keywords: "",
    availability: "available",
    availability_description: "",
    gift_wrapping_options_type: "any",
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: "New",
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: "",
    meta_keywords: [],
    meta_description: "",
    date_created: iso8601(p.dateCreated),
    date_modified: iso8601(p.dateModified),
    view_count: 0,
    preorder_release_date: null,
    preorder_message: "",
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: "",
    custom_url: {
      url: `/${p.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")}/`,
      is_customized: false,
    },
    base_variant_id: p.baseVariantId,
    open_graph_type: "product",
    open_graph_title: "",
    open_graph_description: "",
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  if (include.includes("variants")) out.variants = p.variants.map((v) => variantView(p, v));
  return out;
}

/** `include_fields` / `exclude_fields` as Catalog v3 applies them (the id always stays). */
export function pickFields(
  view: Record<string, unknown>,
  includeFields?: unknown,
  excludeFields?: unknown,
): Record<string, unknown> {
  let out = view;
  if (Array.isArray(includeFields) && includeFields.length) {
    const keep = new Set(["id", ...includeFields.map(String)]);
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  if (Array.isArray(excludeFields) && excludeFields.length) {
    const drop = new Set(excludeFields.map(String).filter((k) => k !== "id"));
    out = Object.fromEntries(Object.entries(out).filter(([k]) => !drop.has(k)));
  }
  return out;
}
