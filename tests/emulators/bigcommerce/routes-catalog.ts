/**
 * Catalog v3 lookups (`/stores/{store_hash}/v3/catalog/...`; specs `product-variants_catalog.v3.yml` and
 * `products_catalog.v3.yml`), the way OrderBridge finds a SKU (docs/platform-facts.md#bc-catalog):
 *   GET /catalog/variants?sku=|id=|upc=|product_id:in=       getVariants (variant SKU, with inventory_level)
 *   GET /catalog/products?sku=|sku:in=|id=|id:in=|name=      getProducts (the product's own SKU; include=variants)
 *   GET /catalog/products/{product_id}                        getProduct
 *   GET /catalog/products/{product_id}/variants               getProductVariants
 * Collections answer `{data, meta: {pagination}}` (200 with `data: []` when nothing matches); single
 * resources `{data, meta: {}}`; `include_fields` / `exclude_fields` apply. SKUs match exactly.
 * Other documented filters are accepted by validation and ignored (no such data in the emulator).
 */
import { apiRoute, page, paginationMeta, PRODUCTS_READ, type ApiCall, type BcContext } from "./api";
import { pickFields, productView, variantView } from "./catalog";
import { ApiError } from "./errors";
import { SPECS } from "./spec";
import type { ProductRecord } from "./state";

const productNotFound = () => new ApiError(404, "The requested product was not found.");

function collection(call: ApiCall, views: Record<string, unknown>[]) {
  const p = page(views, call.values);
  return {
    status: 200,
    body: {
      data: p.items.map((v) => pickFields(v, call.values.include_fields, call.values.exclude_fields)),
      meta: paginationMeta(p.total, p.page, p.limit, p.items.length),
    },
  };
}

export function registerCatalogRoutes(ctx: BcContext): void {
  const product = (call: ApiCall): ProductRecord => {
    const p = ctx.state.product(call.store, call.values.product_id);
    if (!p) throw productNotFound();
    return p;
  };

  apiRoute(ctx, {
    version: "v3",
    spec: SPECS.variants,
    method: "GET",
    path: "/catalog/variants",
    operationId: "getVariants",
    scopes: PRODUCTS_READ,
    handler: (call) => {
      const v = call.values;
      const productIds = v["product_id:in"] as number[] | undefined;
      const views = call.store.products
        .filter((p) => !productIds || productIds.includes(p.id))
        .flatMap((p) =>
          p.variants
            .filter(
              (x) =>
                (v.sku === undefined || x.sku === v.sku) &&
                (v.id === undefined || x.id === v.id) &&
                (v.upc === undefined || x.upc === v.upc),
            )
            .map((x) => variantView(p, x)),
        );
      return collection(call, views);
    },
  });

  apiRoute(ctx, {
    version: "v3",
    spec: SPECS.products,
    method: "GET",
    path: "/catalog/products",
    operationId: "getProducts",
    scopes: PRODUCTS_READ,
    handler: (call) => {
      const v = call.values;
      const ids = v["id:in"] as number[] | undefined;
      const skus = v["sku:in"] as string[] | undefined;
      const include = (v.include as string[] | undefined) ?? [];
      const views = call.store.products
        .filter(
          (p) =>
            (v.id === undefined || p.id === v.id) &&
            (!ids || ids.includes(p.id)) &&
            (v.name === undefined || p.name === v.name) &&
            (v.sku === undefined || p.sku === v.sku) &&
            (!skus || skus.includes(p.sku)),
        )
        .map((p) => productView(p, include));
      return collection(call, views);
    },
  });

  apiRoute(ctx, {
    version: "v3",
    spec: SPECS.products,
    method: "GET",
    path: "/catalog/products/:product_id",
    operationId: "getProduct",
    scopes: PRODUCTS_READ,
    handler: (call) => ({
      status: 200,
      body: {
        data: pickFields(
          productView(product(call), (call.values.include as string[] | undefined) ?? []),
          call.values.include_fields,
          call.values.exclude_fields,
        ),
        meta: {},
      },
    }),
  });

  apiRoute(ctx, {
    version: "v3",
    spec: SPECS.variants,
    method: "GET",
    path: "/catalog/products/:product_id/variants",
    operationId: "getProductVariants",
    scopes: PRODUCTS_READ,
    handler: (call) => {
      const p = product(call);
      return collection(
        call,
        p.variants.map((x) => variantView(p, x)),
      );
    },
  });
}
