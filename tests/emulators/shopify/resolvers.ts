/**
 * Root fields of the Admin API that the emulator implements, with Shopify's semantics: access-scope checks,
 * search syntax filters (with Shopify's search warnings), sort keys, pagination, and the three mutations the
 * app sends. Anything else answers a GraphQL error naming what the emulator does not implement.
 */
import { GraphQLError, type GraphQLFieldResolver } from "graphql";
import { connection, type ConnectionArgs } from "./connection";
import {
  createFulfillment,
  updateTracking,
  type FulfillmentInput,
  type FulfillmentTrackingInput,
} from "./fulfillments";
import { parseGid } from "./ids";
import { cancelOrder, type OrderCancelArgs } from "./order-cancel";
import { createOrder, type OrderCreateOptionsInput, type OrderCreateOrderInput } from "./orders";
import {
  compareDate,
  compareNumber,
  matches,
  parseSearch,
  textContains,
  textEquals,
  tokenPrefixMatch,
  unknownFields,
  type SearchNode,
} from "./search";
import {
  displayFulfillmentStatus,
  orderTotals,
  type OrderRecord,
  type ProductRecord,
  type VariantRecord,
  type LocationRecord,
} from "./state";
import {
  fulfillmentOrderView,
  fulfillmentView,
  inventoryItemView,
  locationView,
  orderView,
  productView,
  shopView,
  variantView,
  type ResolverContext,
  type View,
} from "./views";

export type { ResolverContext } from "./views";

/** Answers a field the emulator has no value for. */
export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (source && typeof source === "object") {
    const v = (source as Record<string, unknown>)[info.fieldName];
    if (typeof v === "function")
      return (v as (a: unknown, c: unknown, i: unknown) => unknown).call(source, args, ctx, info);
    if (v !== undefined) return v;
  }
  throw new GraphQLError(`The Shopify emulator does not implement ${info.parentType.name}.${info.fieldName}`, {
    extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR", typeName: info.parentType.name, fieldName: info.fieldName },
  });
};

// ---- access scopes ----

function hasScope(granted: string[], scope: string): boolean {
  if (granted.includes(scope)) return true;
  // write_x implies read_x.
  return scope.startsWith("read_") && granted.includes(`write_${scope.slice(5)}`);
}

function requireScope(ctx: ResolverContext, field: string, anyOf: string[]): void {
  if (anyOf.some((s) => hasScope(ctx.shop.scopes, s))) return;
  const list = anyOf.map((s) => `\`${s}\` access scope`);
  const required = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")}, or ${list[list.length - 1]}`;
  throw new GraphQLError(`Access denied for ${field} field. Required access: ${required}.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `${required}.`,
    },
  });
}

const READ_FO = [
  "read_merchant_managed_fulfillment_orders",
  "read_assigned_fulfillment_orders",
  "read_third_party_fulfillment_orders",
];
const WRITE_FO = [
  "write_merchant_managed_fulfillment_orders",
  "write_assigned_fulfillment_orders",
  "write_third_party_fulfillment_orders",
];

// ---- search ----

type Term = Extract<SearchNode, { kind: "term" }>;

function search<T>(
  ctx: ResolverContext,
  path: string,
  query: string | null | undefined,
  items: T[],
  fields: { implemented: Set<string>; known: Set<string> },
  term: (item: T, t: Term) => boolean | null,
): T[] {
  if (!query) return items;
  const ast = parseSearch(query);
  const unknown = unknownFields(ast, fields.implemented);
  if (unknown.length) {
    ctx.search.push({
      path: [path],
      query,
      warnings: unknown.map((f) => ({
        field: f,
        message: fields.known.has(f)
          ? "The Shopify emulator does not implement this search field; the term was ignored."
          : "Invalid search field for this query.",
      })),
    });
  }
  return items.filter((item) =>
    matches(ast, item, (it, t) => (t.field !== null && !fields.implemented.has(t.field) ? null : term(it, t))),
  );
}

const ORDER_FIELDS = {
  implemented: new Set([
    "source_identifier",
    "source_name",
    "tag",
    "tag_not",
    "name",
    "id",
    "email",
    "sku",
    "status",
    "fulfillment_status",
    "financial_status",
    "created_at",
    "updated_at",
    "processed_at",
    "test",
    "po_number",
    "discount_code",
  ]),
  known: new Set([
    "cart_token",
    "channel",
    "channel_id",
    "chargeback_status",
    "checkout_token",
    "confirmation_number",
    "current_total_price",
    "customer_id",
    "delivery_method",
    "earliest_fulfill_by",
    "fraud_protection_level",
    "fulfillment_location_id",
    "gateway",
    "location_id",
    "metafields",
    "payment_id",
    "payment_provider_id",
    "reference_location_id",
    "return_status",
    "risk_level",
    "sales_channel",
    "shipping_address_country_code",
    "subtotal_line_items_quantity",
    "total_weight",
    "credit_card_last4",
  ]),
};

function orderTerm(o: OrderRecord, t: Term): boolean | null {
  const v = t.value;
  switch (t.field) {
    case null:
      return (
        textEquals(o.name, v) ||
        textEquals(o.name, `#${v}`) ||
        textEquals(o.email, v) ||
        textEquals(o.sourceIdentifier, v) ||
        o.tags.some((tag) => textEquals(tag, v)) ||
        o.lineItems.some((l) => textEquals(l.sku, v))
      );
    case "source_identifier":
      return textEquals(o.sourceIdentifier, v);
    case "source_name":
      return textEquals(o.sourceName, v);
    case "tag":
      return o.tags.some((tag) => textEquals(tag, v));
    case "tag_not":
      return !o.tags.some((tag) => textEquals(tag, v));
    case "name":
      return textEquals(o.name, v) || textEquals(o.name, `#${v}`);
    case "id":
      return compareNumber(o.id, t.cmp, v);
    case "email":
      return textEquals(o.email, v);
    case "sku":
      return o.lineItems.some((l) => textEquals(l.sku, v));
    case "po_number":
      return textEquals(o.poNumber, v);
    case "discount_code":
      return o.discountCodes.some((d) => textEquals(d, v));
    case "test":
      return String(o.test) === v.toLowerCase();
    case "status":
      switch (v.toLowerCase()) {
        case "open":
          return o.closedAt === null && o.cancelledAt === null;
        case "closed":
          return o.closedAt !== null;
        case "cancelled":
          return o.cancelledAt !== null;
        case "not_closed":
          return o.closedAt === null;
        case "any":
          return true;
        default:
          return false;
      }
    case "fulfillment_status": {
      const s = displayFulfillmentStatus(o);
      switch (v.toLowerCase()) {
        case "unshipped":
        case "unfulfilled":
          return s === "UNFULFILLED";
        case "partial":
          return s === "PARTIALLY_FULFILLED";
        case "shipped":
        case "fulfilled":
          return s === "FULFILLED";
        case "any":
          return true;
        default:
          return false;
      }
    }
    case "financial_status":
      return v.toLowerCase() === "any" || o.financialStatus.toLowerCase() === v.toLowerCase();
    case "created_at":
      return compareDate(o.createdAt, t.cmp, v);
    case "updated_at":
      return compareDate(o.updatedAt, t.cmp, v);
    case "processed_at":
      return compareDate(o.processedAt, t.cmp, v);
    default:
      return null;
  }
}

const VARIANT_FIELDS = {
  implemented: new Set([
    "sku",
    "title",
    "barcode",
    "product_id",
    "id",
    "inventory_quantity",
    "vendor",
    "product_type",
    "product_status",
    "created_at",
    "updated_at",
    "tag",
  ]),
  known: new Set([
    "collection",
    "delivery_profile_id",
    "exclude_composite",
    "exclude_variants_with_components",
    "gift_card",
    "inventory_item_id",
    "location_id",
    "managed",
    "managed_by",
    "option1",
    "option2",
    "option3",
    "product_ids",
    "product_publication_status",
    "publishable_status",
    "published_status",
    "requires_components",
    "taxable",
  ]),
};

function variantTerm(ctx: ResolverContext, v: VariantRecord, t: Term): boolean | null {
  const p = ctx.state.product(ctx.shop, v.productId)!;
  const val = t.value;
  switch (t.field) {
    case null:
      return tokenPrefixMatch(v.sku, val) || textContains(v.title, val) || textContains(p.title, val);
    case "sku":
      return tokenPrefixMatch(v.sku, val);
    case "title":
      return textContains(v.title, val);
    case "barcode":
      return textEquals(v.barcode, val);
    case "product_id":
      return compareNumber(p.id, t.cmp, val);
    case "id":
      return compareNumber(v.id, t.cmp, val);
    case "inventory_quantity":
      return compareNumber(v.inventoryQuantity, t.cmp, val);
    case "vendor":
      return textEquals(p.vendor, val);
    case "product_type":
      return textEquals(p.productType, val);
    case "product_status":
      return val.toLowerCase().split(",").includes("active");
    case "tag":
      return p.tags.some((tag) => textEquals(tag, val));
    case "created_at":
      return compareDate(v.createdAt, t.cmp, val);
    case "updated_at":
      return compareDate(v.updatedAt, t.cmp, val);
    default:
      return null;
  }
}

const PRODUCT_FIELDS = {
  implemented: new Set([
    "title",
    "sku",
    "vendor",
    "product_type",
    "tag",
    "id",
    "status",
    "handle",
    "created_at",
    "updated_at",
    "barcode",
  ]),
  known: new Set([
    "bundles",
    "category_id",
    "collection_id",
    "combined_listing_role",
    "error_feedback",
    "gift_card",
    "has_only_composites",
    "has_only_default_variant",
    "has_variant_with_components",
    "inventory_total",
    "is_price_reduced",
    "out_of_stock_somewhere",
    "price",
    "product_configuration_owner",
    "product_publication_status",
    "publishable_status",
    "published_at",
    "published_status",
    "tag_not",
    "variant_id",
    "variant_title",
  ]),
};

function productTerm(ctx: ResolverContext, p: ProductRecord, t: Term): boolean | null {
  const variants = p.variantIds.map((id) => ctx.state.variant(ctx.shop, id)!);
  const v = t.value;
  switch (t.field) {
    case null:
      return textContains(p.title, v) || variants.some((x) => textEquals(x.sku, v));
    case "title":
      return textContains(p.title, v);
    case "sku":
      return variants.some((x) => textEquals(x.sku, v));
    case "barcode":
      return variants.some((x) => textEquals(x.barcode, v));
    case "vendor":
      return textEquals(p.vendor, v);
    case "product_type":
      return textEquals(p.productType, v);
    case "tag":
      return p.tags.some((tag) => textEquals(tag, v));
    case "handle":
      return textEquals(p.handle, v);
    case "id":
      return compareNumber(p.id, t.cmp, v);
    case "status":
      return v.toLowerCase().split(",").includes("active");
    case "created_at":
      return compareDate(p.createdAt, t.cmp, v);
    case "updated_at":
      return compareDate(p.updatedAt, t.cmp, v);
    default:
      return null;
  }
}

const LOCATION_FIELDS = {
  implemented: new Set(["name", "id", "active"]),
  known: new Set([
    "address1",
    "address2",
    "city",
    "country",
    "created_at",
    "geolocated",
    "legacy",
    "location_id",
    "pickup_in_store",
    "province",
    "zip",
  ]),
};

function locationTerm(l: LocationRecord, t: Term): boolean | null {
  switch (t.field) {
    case null:
    case "name":
      return textContains(l.name, t.value);
    case "id":
      return compareNumber(l.id, t.cmp, t.value);
    case "active":
      return t.value.toLowerCase() === "true";
    default:
      return null;
  }
}

// ---- sorting ----

function sortBy<T>(items: T[], key: (x: T) => string | number): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

function sortOrders(orders: OrderRecord[], sortKey: string | null | undefined): OrderRecord[] {
  switch (sortKey) {
    case "CREATED_AT":
      return sortBy(orders, (o) => `${o.createdAt}|${String(o.id).padStart(16, "0")}`);
    case "UPDATED_AT":
      return sortBy(orders, (o) => `${o.updatedAt}|${String(o.id).padStart(16, "0")}`);
    case "PROCESSED_AT":
      return sortBy(orders, (o) => `${o.processedAt}|${String(o.id).padStart(16, "0")}`);
    case "ORDER_NUMBER":
      return sortBy(orders, (o) => o.number);
    case "TOTAL_PRICE":
      return sortBy(orders, (o) => orderTotals(o).total);
    case "PO_NUMBER":
      return sortBy(orders, (o) => o.poNumber ?? "");
    default:
      return sortBy(orders, (o) => o.id);
  }
}

function sortVariants(
  ctx: ResolverContext,
  variants: VariantRecord[],
  sortKey: string | null | undefined,
): VariantRecord[] {
  switch (sortKey) {
    case "SKU":
      return sortBy(variants, (v) => v.sku ?? "");
    case "TITLE":
      return sortBy(variants, (v) => v.title);
    case "NAME":
    case "FULL_TITLE":
      return sortBy(variants, (v) => `${ctx.state.product(ctx.shop, v.productId)!.title} - ${v.title}`);
    case "INVENTORY_QUANTITY":
      return sortBy(variants, (v) => v.inventoryQuantity);
    case "POSITION":
      return sortBy(variants, (v) => `${String(v.productId).padStart(16, "0")}|${String(v.position).padStart(4, "0")}`);
    default:
      return sortBy(variants, (v) => v.id);
  }
}

// ---- lookups by global id ----

function nodeById(ctx: ResolverContext, id: string): View | null {
  const p = parseGid(id);
  if (!p) throw invalidId(id);
  const { state, shop } = ctx;
  switch (p.type) {
    case "Order": {
      const o = state.order(shop, p.id);
      return o ? orderView(ctx, o) : null;
    }
    case "Product": {
      const x = state.product(shop, p.id);
      return x ? productView(ctx, x) : null;
    }
    case "ProductVariant": {
      const x = state.variant(shop, p.id);
      return x ? variantView(ctx, x) : null;
    }
    case "InventoryItem": {
      const x = shop.variants.find((v) => v.inventoryItemId === p.id);
      return x ? inventoryItemView(ctx, x) : null;
    }
    case "Location": {
      const x = state.location(shop, p.id);
      return x ? locationView(ctx, x) : null;
    }
    case "FulfillmentOrder": {
      const x = state.fulfillmentOrder(shop, p.id);
      return x ? fulfillmentOrderView(ctx, x.order, x.fo) : null;
    }
    case "Fulfillment": {
      const x = state.fulfillment(shop, p.id);
      return x ? fulfillmentView(ctx, x.order, x.fulfillment) : null;
    }
    case "Shop":
      return p.id === shop.id ? shopView(ctx) : null;
    default:
      return null;
  }
}

function invalidId(id: string): GraphQLError {
  return new GraphQLError(`Invalid global id '${id}'`, {
    extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
  });
}

function byId(ctx: ResolverContext, id: string, type: string): View | null {
  const p = parseGid(id);
  if (!p) throw invalidId(id);
  return p.type === type ? nodeById(ctx, id) : null;
}

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

/** The QueryRoot value. */
export function queryRoot(): View {
  return {
    shop: (_: unknown, ctx: ResolverContext) => shopView(ctx),
    locations: (
      args: ListArgs & { includeInactive?: boolean | null; includeLegacy?: boolean | null },
      ctx: ResolverContext,
    ) => {
      requireScope(ctx, "locations", ["read_locations"]);
      const list = search(ctx, "locations", args.query, ctx.shop.locations, LOCATION_FIELDS, locationTerm);
      return connection(list, args, (l) => locationView(ctx, l));
    },
    location: (args: { id?: string | null }, ctx: ResolverContext) => {
      requireScope(ctx, "location", ["read_locations"]);
      if (args.id == null) return locationView(ctx, ctx.shop.locations[0]);
      return byId(ctx, args.id, "Location");
    },
    productVariants: (args: ListArgs, ctx: ResolverContext) => {
      requireScope(ctx, "productVariants", ["read_products"]);
      const list = search(ctx, "productVariants", args.query, ctx.shop.variants, VARIANT_FIELDS, (v, t) =>
        variantTerm(ctx, v, t),
      );
      return connection(sortVariants(ctx, list, args.sortKey), args, (v) => variantView(ctx, v));
    },
    productVariant: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "productVariant", ["read_products"]);
      return byId(ctx, args.id, "ProductVariant");
    },
    products: (args: ListArgs, ctx: ResolverContext) => {
      requireScope(ctx, "products", ["read_products"]);
      const list = search(ctx, "products", args.query, ctx.shop.products, PRODUCT_FIELDS, (p, t) =>
        productTerm(ctx, p, t),
      );
      const sorted = args.sortKey === "TITLE" ? sortBy(list, (p) => p.title) : sortBy(list, (p) => p.id);
      return connection(sorted, args, (p) => productView(ctx, p));
    },
    product: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "product", ["read_products"]);
      return byId(ctx, args.id, "Product");
    },
    inventoryItem: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "inventoryItem", ["read_inventory", "read_products"]);
      return byId(ctx, args.id, "InventoryItem");
    },
    orders: (args: ListArgs, ctx: ResolverContext) => {
      requireScope(ctx, "orders", ["read_orders", "read_marketplace_orders"]);
      const list = search(ctx, "orders", args.query, ctx.shop.orders, ORDER_FIELDS, orderTerm);
      return connection(sortOrders(list, args.sortKey), args, (o) => orderView(ctx, o));
    },
    ordersCount: (args: { query?: string | null; limit?: number | null }, ctx: ResolverContext) => {
      requireScope(ctx, "ordersCount", ["read_orders", "read_marketplace_orders"]);
      const n = search(ctx, "ordersCount", args.query, ctx.shop.orders, ORDER_FIELDS, orderTerm).length;
      const limit = args.limit ?? 10000;
      return { count: Math.min(n, limit), precision: n > limit ? "AT_LEAST" : "EXACT" };
    },
    order: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "order", ["read_orders", "read_marketplace_orders"]);
      return byId(ctx, args.id, "Order");
    },
    fulfillment: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "fulfillment", ["read_orders", "read_marketplace_orders", "read_fulfillments"]);
      return byId(ctx, args.id, "Fulfillment");
    },
    fulfillmentOrder: (args: { id: string }, ctx: ResolverContext) => {
      requireScope(ctx, "fulfillmentOrder", READ_FO);
      return byId(ctx, args.id, "FulfillmentOrder");
    },
    node: (args: { id: string }, ctx: ResolverContext) => nodeById(ctx, args.id),
    nodes: (args: { ids: string[] }, ctx: ResolverContext) => args.ids.map((id) => nodeById(ctx, id)),
  };
}

/** The Mutation value. */
export function mutationRoot(): View {
  const fulfill = (args: { fulfillment: FulfillmentInput }, ctx: ResolverContext) => {
    requireScope(ctx, "fulfillmentCreate", WRITE_FO);
    const r = createFulfillment(ctx.state, ctx.shop, args.fulfillment);
    return {
      fulfillment: r.fulfillment && r.order ? fulfillmentView(ctx, r.order, r.fulfillment) : null,
      userErrors: r.userErrors,
    };
  };
  const track = (
    args: { fulfillmentId: string; trackingInfoInput: FulfillmentTrackingInput; notifyCustomer?: boolean | null },
    ctx: ResolverContext,
  ) => {
    requireScope(ctx, "fulfillmentTrackingInfoUpdate", WRITE_FO);
    const r = updateTracking(ctx.state, ctx.shop, args.fulfillmentId, args.trackingInfoInput, args.notifyCustomer);
    return {
      fulfillment: r.fulfillment && r.order ? fulfillmentView(ctx, r.order, r.fulfillment) : null,
      userErrors: r.userErrors,
    };
  };
  return {
    orderCreate: (
      args: { order: OrderCreateOrderInput; options?: OrderCreateOptionsInput | null },
      ctx: ResolverContext,
    ) => {
      requireScope(ctx, "orderCreate", ["write_orders"]);
      const r = createOrder(ctx.state, ctx.shop, args.order, args.options);
      return { order: r.order ? orderView(ctx, r.order) : null, userErrors: r.userErrors };
    },
    fulfillmentCreate: fulfill,
    fulfillmentCreateV2: fulfill,
    fulfillmentTrackingInfoUpdate: track,
    fulfillmentTrackingInfoUpdateV2: track,
    orderCancel: (args: OrderCancelArgs, ctx: ResolverContext) => {
      requireScope(ctx, "orderCancel", ["write_orders"]);
      const r = cancelOrder(ctx.state, ctx.shop, args, new Date().toISOString());
      return {
        job: r.jobId ? { __typename: "Job", id: r.jobId, done: true } : null,
        orderCancelUserErrors: r.errors,
        userErrors: r.errors.map(({ field, message }) => ({ field, message })),
      };
    },
  };
}
