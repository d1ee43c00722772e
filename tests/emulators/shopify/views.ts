/**
 * GraphQL views of the emulator's records: plain objects whose properties are field values, or functions
 * `(args, ctx, info)` for fields with arguments or links to other objects (graphql-js's default resolver calls
 * them). A field a view does not define is answered with an explicit "not implemented by the emulator" error
 * (see resolvers.ts), never a silent null. `__typename` lets interfaces and unions (Node, ...) resolve.
 */
import { connection, type ConnectionArgs } from "./connection";
import { gid } from "./ids";
import { fixed, gqlDecimal } from "./money";
import {
  displayFulfillmentStatus,
  orderTotals,
  unfulfilledQuantity,
  type AddressRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type ProductRecord,
  type ShopifyState,
  type ShopRecord,
  type TaxLineRecord,
  type VariantRecord,
} from "./state";

export interface SearchReport {
  path: (string | number)[];
  query: string;
  warnings: { field: string; message: string }[];
}

export interface ResolverContext {
  state: ShopifyState;
  shop: ShopRecord;
  /** Search warnings collected during execution (returned in `extensions.search`). */
  search: SearchReport[];
}

export type View = Record<string, unknown>;

export function moneyV2(minor: number, currency: string): View {
  return { amount: gqlDecimal(minor, currency), currencyCode: currency };
}

export function moneyBag(minor: number, currency: string): View {
  const m = moneyV2(minor, currency);
  return { shopMoney: m, presentmentMoney: m };
}

const count = (n: number) => ({ count: n, precision: "EXACT" });
const emptyConnection = (args: ConnectionArgs) => connection([], args, () => null);
const legacy = (id: number) => String(id);

export function shopView(ctx: ResolverContext): View {
  const s = ctx.shop;
  return {
    __typename: "Shop",
    id: gid("Shop", s.id),
    name: s.name,
    email: s.email,
    contactEmail: s.email,
    myshopifyDomain: s.domain,
    url: `https://${s.domain}`,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    ianaTimezone: "Etc/UTC",
    timezoneAbbreviation: "UTC",
    timezoneOffset: "+0000",
    timezoneOffsetMinutes: 0,
    taxesIncluded: false,
    taxShipping: false,
    weightUnit: "KILOGRAMS",
    unitSystem: "METRIC_SYSTEM",
    orderNumberFormatPrefix: "#",
    orderNumberFormatSuffix: "",
    setupRequired: false,
    checkoutApiSupported: false,
    transactionalSmsDisabled: false,
    marketingSmsConsentEnabledAtCheckout: false,
    shipsToCountries: [],
    description: null,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    primaryDomain: {
      __typename: "Domain",
      id: gid("Shop", s.id).replace("Shop", "Domain"),
      host: s.domain,
      url: `https://${s.domain}`,
      sslEnabled: true,
      localization: null,
      marketWebPresence: null,
    },
    plan: { displayName: "Development", partnerDevelopment: true, shopifyPlus: false },
    metafield: () => null,
    metafields: emptyConnection,
  };
}

export function locationView(ctx: ResolverContext, l: LocationRecord): View {
  const a = l.address;
  return {
    __typename: "Location",
    id: gid("Location", l.id),
    legacyResourceId: legacy(l.id),
    name: l.name,
    isActive: true,
    activatable: false,
    deactivatable: true,
    deletable: false,
    deactivatedAt: null,
    addressVerified: true,
    fulfillsOnlineOrders: true,
    hasActiveInventory: true,
    hasUnfulfilledOrders: ctx.shop.orders.some((o) =>
      o.fulfillmentOrders.some((fo) => fo.locationId === l.id && fo.status !== "CLOSED"),
    ),
    isFulfillmentService: false,
    shipsInventory: true,
    fulfillmentService: null,
    localPickupSettingsV2: null,
    suggestedAddresses: [],
    createdAt: l.createdAt,
    updatedAt: l.createdAt,
    address: {
      ...a,
      formatted: [a.address1, a.address2, [a.city, a.provinceCode, a.zip].filter(Boolean).join(" "), a.country].filter(
        (x): x is string => !!x,
      ),
      latitude: null,
      longitude: null,
    },
    metafield: () => null,
    metafields: emptyConnection,
  };
}

export function productView(ctx: ResolverContext, p: ProductRecord): View {
  const variants = () => p.variantIds.map((id) => ctx.state.variant(ctx.shop, id)!).filter(Boolean);
  return {
    __typename: "Product",
    id: gid("Product", p.id),
    legacyResourceId: legacy(p.id),
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    status: "ACTIVE",
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    publishedAt: p.createdAt,
    description: () => "",
    descriptionHtml: "",
    isGiftCard: false,
    requiresSellingPlan: false,
    tracksInventory: true,
    templateSuffix: null,
    onlineStoreUrl: null,
    onlineStorePreviewUrl: null,
    giftCardTemplateSuffix: null,
    featuredMedia: null,
    category: null,
    combinedListing: null,
    combinedListingRole: null,
    hasOnlyDefaultVariant: p.variantIds.length === 1 && variants()[0]?.title === "Default Title",
    hasOutOfStockVariants: variants().some((v) => v.inventoryQuantity <= 0),
    hasVariantsThatRequiresComponents: false,
    totalInventory: variants().reduce((s, v) => s + v.inventoryQuantity, 0),
    variantsCount: count(p.variantIds.length),
    variants: (args: ConnectionArgs) => connection(variants(), args, (v) => variantView(ctx, v)),
    options: () => [
      {
        __typename: "ProductOption",
        id: gid("Product", p.id).replace("Product", "ProductOption"),
        name: "Title",
        position: 1,
        values: variants().map((v) => v.title),
      },
    ],
    priceRangeV2: () => {
      const prices = variants().map((v) => v.price);
      return {
        minVariantPrice: moneyV2(Math.min(...prices), ctx.shop.currencyCode),
        maxVariantPrice: moneyV2(Math.max(...prices), ctx.shop.currencyCode),
      };
    },
    seo: { title: null, description: null },
    metafield: () => null,
    metafields: emptyConnection,
  };
}

export function variantView(ctx: ResolverContext, v: VariantRecord): View {
  const product = () => ctx.state.product(ctx.shop, v.productId)!;
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    legacyResourceId: legacy(v.id),
    sku: v.sku,
    title: v.title,
    displayName: () => `${product().title} - ${v.title}`,
    price: fixed(v.price, ctx.shop.currencyCode),
    compareAtPrice: null,
    barcode: v.barcode,
    inventoryQuantity: v.inventoryQuantity,
    inventoryPolicy: v.inventoryPolicy,
    availableForSale: v.inventoryQuantity > 0 || v.inventoryPolicy === "CONTINUE",
    sellableOnlineQuantity: Math.max(0, v.inventoryQuantity),
    position: v.position,
    taxable: v.taxable,
    taxCode: null,
    requiresComponents: false,
    selectedOptions: [{ name: "Title", value: v.title, optionValue: null }],
    image: null,
    unitPriceMeasurement: null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    defaultCursor: Buffer.from(JSON.stringify({ last_id: v.id })).toString("base64"),
    product: () => productView(ctx, product()),
    inventoryItem: () => inventoryItemView(ctx, v),
    metafield: () => null,
    metafields: emptyConnection,
  };
}

export function inventoryItemView(ctx: ResolverContext, v: VariantRecord): View {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", v.inventoryItemId),
    legacyResourceId: legacy(v.inventoryItemId),
    sku: v.sku,
    tracked: true,
    requiresShipping: v.requiresShipping,
    duplicateSkuCount: v.sku ? ctx.shop.variants.filter((x) => x.sku === v.sku && x.id !== v.id).length : 0,
    countryCodeOfOrigin: null,
    provinceCodeOfOrigin: null,
    harmonizedSystemCode: null,
    inventoryHistoryUrl: null,
    unitCost: null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    variant: () => variantView(ctx, v),
  };
}

function addressView(a: AddressRecord | null): View | null {
  if (!a) return null;
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || null;
  const area = [a.city, a.provinceCode, a.country].filter(Boolean).join(", ") || null;
  return {
    __typename: "MailingAddress",
    id: `${gid("MailingAddress", a.id)}?model_name=Address`,
    firstName: a.firstName,
    lastName: a.lastName,
    name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCodeV2: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    timeZone: null,
    validationResultSummary: null,
    formattedArea: area,
    formatted: (args: { withName?: boolean; withCompany?: boolean }) =>
      [
        args.withName ? name : null,
        args.withCompany !== false ? a.company : null,
        a.address1,
        a.address2,
        [a.city, a.provinceCode, a.zip].filter(Boolean).join(" ") || null,
        a.country,
      ].filter((x): x is string => !!x),
  };
}

function taxLineView(t: TaxLineRecord, currency: string): View {
  return {
    title: t.title,
    rate: t.rate,
    ratePercentage: Math.round(t.rate * 10000) / 100,
    channelLiable: t.channelLiable,
    source: null,
    price: fixed(t.price, currency),
    priceSet: moneyBag(t.price, currency),
  };
}

export function lineItemView(ctx: ResolverContext, order: OrderRecord, l: LineItemRecord): View {
  const c = order.currency;
  const unfulfilled = unfulfilledQuantity(order, l);
  const unitDiscounted = l.quantity ? Math.round((l.price * l.quantity - l.discount) / l.quantity) : l.price;
  const variant = l.variantId ? ctx.state.variant(ctx.shop, l.variantId) : null;
  const product = l.productId ? ctx.state.product(ctx.shop, l.productId) : null;
  return {
    __typename: "LineItem",
    id: gid("LineItem", l.id),
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    title: l.title,
    sku: l.sku,
    variantTitle: l.variantTitle,
    vendor: l.vendor,
    quantity: l.quantity,
    currentQuantity: l.quantity,
    unfulfilledQuantity: unfulfilled,
    fulfillableQuantity: unfulfilled,
    nonFulfillableQuantity: 0,
    refundableQuantity: l.quantity,
    requiresShipping: l.requiresShipping,
    taxable: l.taxable,
    isGiftCard: l.giftCard,
    restockable: true,
    canRestock: true,
    merchantEditable: true,
    customAttributes: l.properties.map((p) => ({ key: p.name, value: p.value })),
    discountAllocations: [],
    duties: [],
    image: null,
    contract: null,
    sellingPlan: null,
    staffMember: null,
    lineItemGroup: null,
    fulfillmentService: null,
    originalUnitPrice: fixed(l.price, c),
    originalUnitPriceSet: moneyBag(l.price, c),
    discountedUnitPrice: fixed(unitDiscounted, c),
    discountedUnitPriceSet: moneyBag(unitDiscounted, c),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(unitDiscounted, c),
    originalTotal: fixed(l.price * l.quantity, c),
    originalTotalSet: moneyBag(l.price * l.quantity, c),
    discountedTotal: fixed(l.price * l.quantity - l.discount, c),
    discountedTotalSet: () => moneyBag(l.price * l.quantity - l.discount, c),
    totalDiscount: fixed(l.discount, c),
    totalDiscountSet: moneyBag(l.discount, c),
    unfulfilledOriginalTotal: fixed(l.price * unfulfilled, c),
    unfulfilledOriginalTotalSet: moneyBag(l.price * unfulfilled, c),
    unfulfilledDiscountedTotal: fixed(unitDiscounted * unfulfilled, c),
    unfulfilledDiscountedTotalSet: moneyBag(unitDiscounted * unfulfilled, c),
    taxLines: () => l.taxLines.map((t) => taxLineView(t, c)),
    variant: variant ? () => variantView(ctx, variant) : null,
    product: product ? () => productView(ctx, product) : null,
  };
}

function foLineItemView(ctx: ResolverContext, order: OrderRecord, fo: FulfillmentOrderRecord, id: number): View {
  const foLine = fo.lineItems.find((l) => l.id === id)!;
  const line = order.lineItems.find((l) => l.id === foLine.lineItemId)!;
  const variant = line.variantId ? ctx.state.variant(ctx.shop, line.variantId) : null;
  return {
    __typename: "FulfillmentOrderLineItem",
    id: gid("FulfillmentOrderLineItem", foLine.id),
    totalQuantity: foLine.totalQuantity,
    remainingQuantity: foLine.remainingQuantity,
    sku: line.sku,
    productTitle: line.title,
    variantTitle: line.variantTitle,
    vendor: line.vendor,
    requiresShipping: line.requiresShipping,
    inventoryItemId: variant ? gid("InventoryItem", variant.inventoryItemId) : null,
    originalUnitPriceSet: moneyBag(line.price, order.currency),
    image: null,
    weight: null,
    warnings: [],
    lineItem: () => lineItemView(ctx, order, line),
    variant: variant ? () => variantView(ctx, variant) : null,
  };
}

export function fulfillmentOrderView(ctx: ResolverContext, order: OrderRecord, fo: FulfillmentOrderRecord): View {
  const loc = ctx.state.location(ctx.shop, fo.locationId)!;
  const dest = order.shippingAddress;
  const open = fo.status === "OPEN" || fo.status === "IN_PROGRESS";
  return {
    __typename: "FulfillmentOrder",
    id: gid("FulfillmentOrder", fo.id),
    status: fo.status,
    requestStatus: "UNSUBMITTED",
    createdAt: fo.createdAt,
    updatedAt: fo.updatedAt,
    fulfillAt: null,
    fulfillBy: null,
    channelId: null,
    internationalDuties: null,
    fulfillmentHolds: [],
    orderId: gid("Order", order.id),
    orderName: order.name,
    orderProcessedAt: order.processedAt,
    order: () => orderView(ctx, order),
    supportedActions: open
      ? [
          { action: "CREATE_FULFILLMENT", externalUrl: null },
          { action: "HOLD", externalUrl: null },
          { action: "MOVE", externalUrl: null },
        ]
      : [],
    deliveryMethod: {
      __typename: "DeliveryMethod",
      id: gid("FulfillmentOrder", fo.id).replace("FulfillmentOrder", "DeliveryMethod"),
      methodType: "SHIPPING",
      minDeliveryDateTime: null,
      maxDeliveryDateTime: null,
      serviceCode: null,
      sourceReference: null,
      presentedName: order.shippingLines[0]?.title ?? null,
    },
    assignedLocation: {
      name: loc.name,
      address1: loc.address.address1,
      address2: loc.address.address2,
      city: loc.address.city,
      province: loc.address.province,
      zip: loc.address.zip,
      countryCode: loc.address.countryCode,
      phone: loc.address.phone,
      location: () => locationView(ctx, loc),
    },
    destination: dest
      ? {
          __typename: "FulfillmentOrderDestination",
          id: gid("FulfillmentOrder", fo.id).replace("FulfillmentOrder", "FulfillmentOrderDestination"),
          firstName: dest.firstName,
          lastName: dest.lastName,
          company: dest.company,
          address1: dest.address1,
          address2: dest.address2,
          city: dest.city,
          province: dest.province,
          zip: dest.zip,
          countryCode: dest.countryCode,
          phone: dest.phone,
          email: order.email,
          location: null,
        }
      : null,
    lineItems: (args: ConnectionArgs) => connection(fo.lineItems, args, (l) => foLineItemView(ctx, order, fo, l.id)),
    fulfillments: (args: ConnectionArgs) =>
      connection(
        order.fulfillments.filter((f) => f.lineItems.some((l) => l.fulfillmentOrderId === fo.id)),
        args,
        (f) => fulfillmentView(ctx, order, f),
      ),
    merchantRequests: emptyConnection,
    locationsForMove: emptyConnection,
    fulfillmentOrdersForMerge: emptyConnection,
  };
}

export function fulfillmentView(ctx: ResolverContext, order: OrderRecord, f: FulfillmentRecord): View {
  const loc = ctx.state.location(ctx.shop, f.locationId);
  const c = order.currency;
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", f.id),
    legacyResourceId: legacy(f.id),
    name: f.name,
    status: f.status,
    displayStatus: f.status === "CANCELLED" ? "CANCELED" : "FULFILLED",
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    deliveredAt: null,
    estimatedDeliveryAt: null,
    inTransitAt: null,
    originAddress: null,
    requiresShipping: f.lineItems.some((l) => order.lineItems.find((x) => x.id === l.lineItemId)?.requiresShipping),
    totalQuantity: f.lineItems.reduce((s, l) => s + l.quantity, 0),
    trackingInfo: (args: { first?: number | null }) =>
      f.tracking.slice(0, args.first ?? undefined).map((t) => ({ company: t.company, number: t.number, url: t.url })),
    location: loc ? () => locationView(ctx, loc) : null,
    order: () => orderView(ctx, order),
    service: {
      __typename: "FulfillmentService",
      id: "gid://shopify/FulfillmentService/manual",
      handle: "manual",
      serviceName: "Manual",
      type: "MANUAL",
      callbackUrl: null,
      inventoryManagement: false,
      trackingSupport: false,
      fulfillmentOrdersOptIn: true,
      location: null,
    },
    fulfillmentLineItems: (args: ConnectionArgs) =>
      connection(f.lineItems, args, (l) => {
        const line = order.lineItems.find((x) => x.id === l.lineItemId)!;
        const unitDiscounted = line.quantity
          ? Math.round((line.price * line.quantity - line.discount) / line.quantity)
          : line.price;
        return {
          __typename: "FulfillmentLineItem",
          id: gid("FulfillmentLineItem", l.id),
          quantity: l.quantity,
          lineItem: () => lineItemView(ctx, order, line),
          originalTotal: fixed(line.price * l.quantity, c),
          originalTotalSet: moneyBag(line.price * l.quantity, c),
          discountedTotal: fixed(unitDiscounted * l.quantity, c),
          discountedTotalSet: moneyBag(unitDiscounted * l.quantity, c),
        };
      }),
    fulfillmentOrders: (args: ConnectionArgs) =>
      connection(
        order.fulfillmentOrders.filter((fo) => f.lineItems.some((l) => l.fulfillmentOrderId === fo.id)),
        args,
        (fo) => fulfillmentOrderView(ctx, order, fo),
      ),
    events: emptyConnection,
  };
}

export function orderView(ctx: ResolverContext, o: OrderRecord): View {
  const c = o.currency;
  const t = orderTotals(o);
  const paid = o.financialStatus === "PAID" || o.financialStatus === "PARTIALLY_REFUNDED";
  const received = paid ? t.total : 0;
  const allTaxLines = [
    ...o.taxLines,
    ...o.lineItems.flatMap((l) => l.taxLines),
    ...o.shippingLines.flatMap((s) => s.taxLines),
  ];
  const mergedTax = new Map<string, TaxLineRecord>();
  for (const tl of allTaxLines) {
    const key = `${tl.title}|${tl.rate}`;
    const prev = mergedTax.get(key);
    mergedTax.set(key, prev ? { ...prev, price: prev.price + tl.price } : { ...tl });
  }
  const taxLines = [...mergedTax.values()].map((tl) => taxLineView(tl, c));
  const quantity = o.lineItems.reduce((s, l) => s + l.quantity, 0);
  const shippingLineView = (s: OrderRecord["shippingLines"][number]) => ({
    __typename: "ShippingLine",
    id: gid("ShippingLine", s.id),
    title: s.title,
    code: s.code,
    source: s.source,
    custom: true,
    carrierIdentifier: null,
    deliveryCategory: null,
    phone: null,
    shippingRateHandle: null,
    isRemoved: false,
    discountAllocations: [],
    originalPriceSet: moneyBag(s.price, c),
    discountedPriceSet: moneyBag(s.price - s.discount, c),
    currentDiscountedPriceSet: moneyBag(s.price - s.discount, c),
    taxLines: s.taxLines.map((tl) => taxLineView(tl, c)),
  });
  const customer = o.customer;
  return {
    __typename: "Order",
    id: gid("Order", o.id),
    legacyResourceId: legacy(o.id),
    name: o.name,
    confirmationNumber: null,
    email: o.email,
    phone: o.phone,
    note: o.note,
    poNumber: o.poNumber,
    tags: o.tags,
    sourceName: o.sourceName,
    sourceIdentifier: o.sourceIdentifier,
    registeredSourceUrl: o.sourceUrl,
    customAttributes: o.customAttributes,
    discountCode: o.discountCodes[0] ?? null,
    discountCodes: o.discountCodes,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    processedAt: o.processedAt,
    closedAt: o.closedAt,
    closed: o.closedAt !== null,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    cancellation: null,
    confirmed: true,
    test: o.test,
    edited: false,
    taxesIncluded: o.taxesIncluded,
    taxExempt: false,
    dutiesIncluded: false,
    estimatedTaxes: false,
    customerAcceptsMarketing: false,
    customerLocale: "en",
    clientIp: null,
    hasTimelineComment: false,
    merchantEditable: true,
    merchantEditableErrors: [],
    canMarkAsPaid: !paid,
    canNotifyCustomer: !!o.email,
    capturable: false,
    refundable: paid,
    restockable: true,
    requiresShipping: o.lineItems.some((l) => l.requiresShipping),
    fulfillable: o.lineItems.some((l) => unfulfilledQuantity(o, l) > 0),
    fullyPaid: paid,
    unpaid: !paid,
    returnStatus: "NO_RETURN",
    displayFinancialStatus: o.financialStatus,
    displayFulfillmentStatus: displayFulfillmentStatus(o),
    currencyCode: c,
    presentmentCurrencyCode: o.presentmentCurrency,
    paymentGatewayNames: ["manual"],
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity,
    totalWeight: String(o.lineItems.reduce((s, l) => s + l.grams * l.quantity, 0)),
    currentTotalWeight: String(o.lineItems.reduce((s, l) => s + l.grams * l.quantity, 0)),
    shippingAddress: addressView(o.shippingAddress),
    billingAddress: addressView(o.billingAddress),
    displayAddress: addressView(o.billingAddress ?? o.shippingAddress),
    billingAddressMatchesShippingAddress:
      JSON.stringify({ ...o.billingAddress, id: 0 }) === JSON.stringify({ ...o.shippingAddress, id: 0 }),
    customer: customer
      ? {
          __typename: "Customer",
          id: gid("Customer", customer.id),
          legacyResourceId: legacy(customer.id),
          email: customer.email,
          phone: customer.phone,
          firstName: customer.firstName,
          lastName: customer.lastName,
          displayName: [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email || "",
        }
      : null,
    subtotalPrice: fixed(t.subtotal, c),
    subtotalPriceSet: moneyBag(t.subtotal, c),
    currentSubtotalPriceSet: moneyBag(t.subtotal, c),
    totalPrice: fixed(t.total, c),
    totalPriceSet: moneyBag(t.total, c),
    currentTotalPriceSet: moneyBag(t.total, c),
    originalTotalPriceSet: moneyBag(t.total, c),
    totalShippingPrice: fixed(t.shipping, c),
    totalShippingPriceSet: moneyBag(t.shipping, c),
    currentShippingPriceSet: moneyBag(t.shipping, c),
    totalTax: fixed(t.tax, c),
    totalTaxSet: moneyBag(t.tax, c),
    currentTotalTaxSet: moneyBag(t.tax, c),
    totalDiscounts: fixed(t.discounts, c),
    totalDiscountsSet: moneyBag(t.discounts, c),
    currentTotalDiscountsSet: moneyBag(t.discounts, c),
    cartDiscountAmountSet: null,
    currentCartDiscountAmountSet: moneyBag(0, c),
    totalReceived: fixed(received, c),
    totalReceivedSet: moneyBag(received, c),
    netPaymentSet: moneyBag(received, c),
    totalOutstandingSet: moneyBag(t.total - received, c),
    totalRefundedSet: moneyBag(0, c),
    totalRefundedShippingSet: moneyBag(0, c),
    refundDiscrepancySet: moneyBag(0, c),
    totalCapturableSet: moneyBag(0, c),
    totalTipReceivedSet: moneyBag(0, c),
    taxLines,
    currentTaxLines: taxLines,
    additionalFees: [],
    alerts: [],
    disputes: [],
    refunds: () => [],
    transactions: () => [],
    shippingLine: o.shippingLines[0] ? shippingLineView(o.shippingLines[0]) : null,
    shippingLines: (args: ConnectionArgs) => connection(o.shippingLines, args, shippingLineView),
    lineItems: (args: ConnectionArgs) => connection(o.lineItems, args, (l) => lineItemView(ctx, o, l)),
    fulfillmentOrders: (args: ConnectionArgs) =>
      connection(o.fulfillmentOrders, args, (fo) => fulfillmentOrderView(ctx, o, fo)),
    fulfillments: (args: { first?: number | null }) =>
      o.fulfillments.slice(0, args.first ?? undefined).map((f) => fulfillmentView(ctx, o, f)),
    fulfillmentsCount: count(o.fulfillments.length),
    statusPageUrl: `https://${ctx.shop.domain}/${ctx.shop.id}/orders/${o.id}/authenticate`,
    app: null,
    channelInformation: null,
    merchantOfRecordApp: null,
    paymentTerms: null,
    purchasingEntity: null,
    retailLocation: null,
    staffMember: null,
    shopifyProtect: null,
    metafield: () => null,
    metafields: emptyConnection,
    events: emptyConnection,
  };
}
