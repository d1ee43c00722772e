/**
 * `orderCreate` semantics: validates an OrderCreateOrderInput (already coerced by graphql-js), resolves
 * variants, prices, taxes, discounts and shipping, applies the inventory behaviour, creates the order with one
 * fulfillment order at the shop's location, and answers userErrors the way the mutation does. Nothing is
 * stored unless the whole input is valid.
 */
import { gid, parseGid } from "./ids";
import { isDecimal, toMinor } from "./money";
import { createFulfillment } from "./fulfillments";
import {
  nowIso,
  type AddressRecord,
  type CustomerRecord,
  type FinancialStatus,
  type LineItemRecord,
  type OrderRecord,
  type ShippingLineRecord,
  type ShopifyState,
  type ShopRecord,
  type TaxLineRecord,
} from "./state";

export interface OrderCreateUserError {
  field: string[] | null;
  message: string;
  code:
    | "INVALID"
    | "FULFILLMENT_SERVICE_INVALID"
    | "INVENTORY_CLAIM_FAILED"
    | "PROCESSED_AT_INVALID"
    | "TAX_LINE_RATE_MISSING"
    | "REDUNDANT_CUSTOMER_FIELDS"
    | "SHOP_DORMANT"
    | null;
}

interface MoneyInput {
  amount: string | number;
  currencyCode: string;
}
interface MoneyBagInput {
  shopMoney: MoneyInput;
  presentmentMoney?: MoneyInput | null;
}
interface TaxLineInput {
  title: string;
  rate: string | number;
  priceSet?: MoneyBagInput | null;
  channelLiable?: boolean | null;
}
export interface MailingAddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  countryCode?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
}
export interface OrderCreateLineItemInput {
  variantId?: string | null;
  quantity: number;
  priceSet?: MoneyBagInput | null;
  sku?: string | null;
  title?: string | null;
  variantTitle?: string | null;
  vendor?: string | null;
  productId?: string | null;
  requiresShipping?: boolean | null;
  taxable?: boolean | null;
  giftCard?: boolean | null;
  properties?: { name: string; value: string }[] | null;
  taxLines?: TaxLineInput[] | null;
  fulfillmentService?: string | null;
  weight?: unknown;
}
export interface OrderCreateOrderInput {
  lineItems?: OrderCreateLineItemInput[] | null;
  sourceName?: string | null;
  sourceIdentifier?: string | null;
  sourceUrl?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  name?: string | null;
  poNumber?: string | null;
  tags?: string[] | null;
  currency?: string | null;
  presentmentCurrency?: string | null;
  processedAt?: string | null;
  closedAt?: string | null;
  test?: boolean | null;
  taxesIncluded?: boolean | null;
  financialStatus?: FinancialStatus | null;
  fulfillmentStatus?: "FULFILLED" | "PARTIAL" | "RESTOCKED" | null;
  shippingAddress?: MailingAddressInput | null;
  billingAddress?: MailingAddressInput | null;
  shippingLines?:
    | {
        title: string;
        priceSet: MoneyBagInput;
        code?: string | null;
        source?: string | null;
        taxLines?: TaxLineInput[] | null;
      }[]
    | null;
  taxLines?: TaxLineInput[] | null;
  customAttributes?: { key: string; value: string }[] | null;
  discountCode?: {
    itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null;
    itemFixedDiscountCode?: { code: string; amountSet?: MoneyBagInput | null } | null;
    freeShippingDiscountCode?: { code: string } | null;
  } | null;
  customer?: {
    toAssociate?: { id?: string | null; email?: string | null } | null;
    toUpsert?: {
      id?: string | null;
      email?: string | null;
      phone?: string | null;
      firstName?: string | null;
      lastName?: string | null;
    } | null;
  } | null;
  fulfillment?: {
    locationId: string;
    trackingNumber?: string | null;
    trackingCompany?: string | null;
    notifyCustomer?: boolean | null;
    shipmentStatus?: string | null;
  } | null;
  [other: string]: unknown;
}
export interface OrderCreateOptionsInput {
  inventoryBehaviour?: "BYPASS" | "DECREMENT_IGNORING_POLICY" | "DECREMENT_OBEYING_POLICY" | null;
  sendReceipt?: boolean | null;
  sendFulfillmentReceipt?: boolean | null;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function addressRecord(state: ShopifyState, a: MailingAddressInput | null | undefined): AddressRecord | null {
  if (!a) return null;
  return {
    id: state.ids.take(),
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.provinceCode ?? null,
    provinceCode: a.provinceCode ?? null,
    country: countryName(a.countryCode),
    countryCode: a.countryCode ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
  };
}

/** Money of a MoneyBagInput in the order currency (shop money; presentment money when it is in that currency). */
function bagAmount(bag: MoneyBagInput, currency: string): number {
  const m =
    bag.presentmentMoney && bag.presentmentMoney.currencyCode === currency ? bag.presentmentMoney : bag.shopMoney;
  return toMinor(m.amount, currency);
}

export function createOrder(
  state: ShopifyState,
  shop: ShopRecord,
  input: OrderCreateOrderInput,
  options: OrderCreateOptionsInput | null | undefined,
): { order: OrderRecord | null; userErrors: OrderCreateUserError[] } {
  const errors: OrderCreateUserError[] = [];
  const err = (field: (string | number)[], message: string, code: OrderCreateUserError["code"] = "INVALID") =>
    errors.push({ field: ["order", ...field.map(String)], message, code });

  const currency = input.currency ?? shop.currencyCode;
  const presentmentCurrency = input.presentmentCurrency ?? currency;
  const money = (bag: MoneyBagInput, field: (string | number)[]): number => {
    for (const [k, m] of [
      ["shopMoney", bag.shopMoney],
      ["presentmentMoney", bag.presentmentMoney],
    ] as const) {
      if (m && !isDecimal(m.amount)) {
        err([...field, k, "amount"], "Amount is invalid");
        return 0;
      }
    }
    return bagAmount(bag, currency);
  };
  const taxLines = (
    list: TaxLineInput[] | null | undefined,
    base: number,
    field: (string | number)[],
  ): TaxLineRecord[] =>
    (list ?? []).map((t, i) => {
      if (!isDecimal(t.rate)) err([...field, i, "rate"], "Rate is invalid", "TAX_LINE_RATE_MISSING");
      const rate = Number(t.rate);
      return {
        title: t.title,
        rate,
        price: t.priceSet ? money(t.priceSet, [...field, i, "priceSet"]) : Math.round(base * rate),
        channelLiable: t.channelLiable ?? false,
      };
    });

  // ---- line items ----
  const lineInputs = input.lineItems ?? [];
  if (lineInputs.length === 0) err(["lineItems"], "Line items must have at least one line item");
  const lines: LineItemRecord[] = [];
  const claims: { variantId: number; quantity: number }[] = [];
  lineInputs.forEach((li, i) => {
    if (!Number.isInteger(li.quantity) || li.quantity < 1)
      err(["lineItems", i, "quantity"], "Quantity must be greater than or equal to 1");
    let line: LineItemRecord;
    if (li.variantId != null) {
      const p = parseGid(li.variantId);
      const variant = p && p.type === "ProductVariant" ? state.variant(shop, p.id) : null;
      if (!variant) {
        err(["lineItems", i, "variantId"], `The variant with id ${li.variantId} does not exist`);
        return;
      }
      const product = state.product(shop, variant.productId)!;
      line = {
        id: 0,
        variantId: variant.id,
        productId: product.id,
        sku: li.sku ?? variant.sku,
        title: li.title ?? product.title,
        variantTitle: li.variantTitle ?? (variant.title === "Default Title" ? null : variant.title),
        vendor: li.vendor ?? product.vendor,
        quantity: li.quantity,
        price: li.priceSet
          ? money(li.priceSet, ["lineItems", i, "priceSet"])
          : currency === shop.currencyCode
            ? variant.price
            : 0,
        discount: 0,
        // Variant lines take shipping/tax flags from the variant (the input defaults cannot be told from "not given").
        requiresShipping: variant.requiresShipping,
        taxable: variant.taxable,
        giftCard: li.giftCard ?? false,
        grams: variant.grams,
        properties: li.properties ?? [],
        taxLines: [],
      };
      claims.push({ variantId: variant.id, quantity: li.quantity });
    } else {
      if (!li.title?.trim()) {
        err(["lineItems", i, "title"], "Title can't be blank for a line item without a variant");
        return;
      }
      const productId = li.productId ? parseGid(li.productId) : null;
      line = {
        id: 0,
        variantId: null,
        productId: productId?.type === "Product" && state.product(shop, productId.id) ? productId.id : null,
        sku: li.sku ?? null,
        title: li.title,
        variantTitle: li.variantTitle ?? null,
        vendor: li.vendor ?? null,
        quantity: li.quantity,
        price: li.priceSet ? money(li.priceSet, ["lineItems", i, "priceSet"]) : 0,
        discount: 0,
        requiresShipping: li.requiresShipping ?? false,
        taxable: li.taxable ?? true,
        giftCard: li.giftCard ?? false,
        grams: 0,
        properties: li.properties ?? [],
        taxLines: [],
      };
    }
    if (line.price < 0) err(["lineItems", i, "priceSet"], "Price must be greater than or equal to 0");
    line.taxLines = taxLines(li.taxLines, line.price * line.quantity, ["lineItems", i, "taxLines"]);
    lines.push(line);
  });

  // ---- shipping lines ----
  const shippingLines: ShippingLineRecord[] = (input.shippingLines ?? []).map((s, i) => {
    const price = money(s.priceSet, ["shippingLines", i, "priceSet"]);
    if (price < 0) err(["shippingLines", i, "priceSet"], "Price must be greater than or equal to 0");
    return {
      id: 0,
      title: s.title,
      code: s.code ?? null,
      source: s.source ?? null,
      price,
      discount: 0,
      taxLines: taxLines(s.taxLines, price, ["shippingLines", i, "taxLines"]),
    };
  });

  const orderTaxLines = taxLines(
    input.taxLines,
    lines.reduce((s, l) => s + l.price * l.quantity, 0),
    ["taxLines"],
  );

  // ---- discount code (one per order) ----
  const discountCodes: string[] = [];
  const dc = input.discountCode;
  if (dc) {
    const given = [dc.itemPercentageDiscountCode, dc.itemFixedDiscountCode, dc.freeShippingDiscountCode].filter(
      Boolean,
    );
    if (given.length > 1) err(["discountCode"], "Only one discount code can be applied to an order");
    const itemsTotal = lines.reduce((s, l) => s + l.price * l.quantity, 0);
    const allocate = (amount: number) => {
      let left = Math.min(amount, itemsTotal);
      lines.forEach((l, i) => {
        const share =
          i === lines.length - 1
            ? left
            : Math.min(left, Math.round((amount * l.price * l.quantity) / Math.max(1, itemsTotal)));
        l.discount = share;
        left -= share;
      });
    };
    if (dc.itemPercentageDiscountCode) {
      const pct = dc.itemPercentageDiscountCode.percentage ?? 0;
      if (pct < 0 || pct > 100)
        err(["discountCode", "itemPercentageDiscountCode", "percentage"], "Percentage must be between 0 and 100");
      else allocate(Math.round((itemsTotal * pct) / 100));
      discountCodes.push(dc.itemPercentageDiscountCode.code);
    } else if (dc.itemFixedDiscountCode) {
      const amount = dc.itemFixedDiscountCode.amountSet
        ? money(dc.itemFixedDiscountCode.amountSet, ["discountCode", "itemFixedDiscountCode", "amountSet"])
        : 0;
      allocate(Math.max(0, amount));
      discountCodes.push(dc.itemFixedDiscountCode.code);
    } else if (dc.freeShippingDiscountCode) {
      for (const s of shippingLines) s.discount = s.price;
      discountCodes.push(dc.freeShippingDiscountCode.code);
    }
  }

  // ---- customer ----
  let customer: CustomerRecord | null = null;
  if (input.customer) {
    const { toAssociate, toUpsert } = input.customer;
    if (toAssociate && toUpsert)
      err(["customer"], "Only one of toAssociate or toUpsert can be given", "REDUNDANT_CUSTOMER_FIELDS");
    const c = toAssociate ?? toUpsert;
    if (c) {
      const id = c.id ? parseGid(c.id) : null;
      customer = {
        id: id?.type === "Customer" ? id.id : state.ids.take(),
        email: c.email ?? input.email ?? null,
        phone: (toUpsert?.phone ?? input.phone) || null,
        firstName: toUpsert?.firstName ?? input.shippingAddress?.firstName ?? null,
        lastName: toUpsert?.lastName ?? input.shippingAddress?.lastName ?? null,
      };
    }
  }

  // ---- dates ----
  const now = nowIso();
  let processedAt = now;
  if (input.processedAt) {
    const t = Date.parse(input.processedAt);
    if (Number.isNaN(t)) err(["processedAt"], "Processed at is invalid", "PROCESSED_AT_INVALID");
    else if (t > Date.now() + 60_000)
      err(["processedAt"], "Processed at can't be in the future", "PROCESSED_AT_INVALID");
    else processedAt = new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  // ---- fulfillment at creation ----
  const fulfillLocation = input.fulfillment
    ? (() => {
        const p = parseGid(input.fulfillment.locationId);
        const loc = p?.type === "Location" ? state.location(shop, p.id) : null;
        if (!loc) err(["fulfillment", "locationId"], `Location ${input.fulfillment.locationId} does not exist`);
        return loc;
      })()
    : null;

  // ---- inventory ----
  const behaviour = options?.inventoryBehaviour ?? "BYPASS";
  if (behaviour === "DECREMENT_OBEYING_POLICY") {
    const want = new Map<number, number>();
    for (const c of claims) want.set(c.variantId, (want.get(c.variantId) ?? 0) + c.quantity);
    for (const [variantId, qty] of want) {
      const v = state.variant(shop, variantId)!;
      if (v.inventoryPolicy === "DENY" && v.inventoryQuantity < qty) {
        const i = lineInputs.findIndex((li) => li.variantId && parseGid(li.variantId)?.id === variantId);
        err(
          ["lineItems", i, "variantId"],
          `Unable to reserve inventory for ${v.sku ?? gid("ProductVariant", v.id)}: ${v.inventoryQuantity} available, ${qty} requested`,
          "INVENTORY_CLAIM_FAILED",
        );
      }
    }
  }

  if (errors.length) return { order: null, userErrors: errors };

  // ---- commit ----
  if (behaviour !== "BYPASS") {
    for (const c of claims) {
      const v = state.variant(shop, c.variantId)!;
      v.inventoryQuantity -= c.quantity;
      v.updatedAt = now;
    }
  }
  for (const l of lines) l.id = state.ids.take();
  for (const s of shippingLines) s.id = state.ids.take();
  const number = shop.nextOrderNumber++;
  const tags = [
    ...new Set(
      (input.tags ?? [])
        .flatMap((t) => t.split(","))
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  const order: OrderRecord = {
    id: state.ids.take(),
    number,
    name: input.name ?? `#${number}`,
    currency,
    presentmentCurrency,
    sourceName: input.sourceName ?? null,
    sourceIdentifier: input.sourceIdentifier ?? null,
    sourceUrl: input.sourceUrl ?? null,
    email: input.email ?? customer?.email ?? null,
    phone: input.phone ?? null,
    note: input.note ?? null,
    poNumber: input.poNumber ?? null,
    tags,
    customAttributes: (input.customAttributes ?? []).map((a) => ({ key: a.key, value: a.value })),
    shippingAddress: addressRecord(state, input.shippingAddress),
    billingAddress: addressRecord(state, input.billingAddress),
    customer,
    lineItems: lines,
    shippingLines,
    taxLines: orderTaxLines,
    discountCodes,
    taxesIncluded: input.taxesIncluded ?? false,
    financialStatus: input.financialStatus ?? "PAID",
    test: input.test ?? false,
    fulfillmentOrders: [],
    fulfillments: [],
    processedAt,
    createdAt: now,
    updatedAt: now,
    closedAt: input.closedAt ?? null,
    cancelledAt: null,
    cancelReason: null,
    // Shopify emails the order confirmation when asked to and the order has an address to send it to.
    receiptSentTo: options?.sendReceipt ? (input.email ?? customer?.email ?? null) : null,
  };
  order.fulfillmentOrders.push({
    id: state.ids.take(),
    locationId: fulfillLocation?.id ?? shop.locations[0].id,
    status: "OPEN",
    lineItems: lines.map((l) => ({
      id: state.ids.take(),
      lineItemId: l.id,
      totalQuantity: l.quantity,
      remainingQuantity: l.quantity,
    })),
    createdAt: now,
    updatedAt: now,
  });
  shop.orders.push(order);
  state.emit({ type: "order_created", shop, order });

  if (input.fulfillment || input.fulfillmentStatus === "FULFILLED") {
    const f = input.fulfillment;
    createFulfillment(state, shop, {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: gid("FulfillmentOrder", order.fulfillmentOrders[0].id) }],
      trackingInfo:
        f?.trackingNumber || f?.trackingCompany
          ? { company: f.trackingCompany ?? null, number: f.trackingNumber ?? null }
          : null,
      notifyCustomer: f?.notifyCustomer ?? false,
    });
  }
  return { order, userErrors: [] };
}
