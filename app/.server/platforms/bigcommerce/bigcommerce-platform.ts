import type { Marketplace } from "#connectors/types.ts";
import { StepError } from "#app/.server/errors.ts";
import {
  sourceIdentifier,
  type ForeignOrder,
  type NewShopOrder,
  type ShopFulfillmentEvent,
  type ShopOrderRef,
  type ShopPlatform,
  type ShopVariant,
} from "../types";
import { orderCreateBody, type CatalogLine } from "./order-mapper";
import { Order, OrderProduct, Shipment, VariantPage, parseAnswer, type Variant } from "./payloads";
import { BigCommerceRestClient, type BigCommerceRestClientOptions } from "./rest-client";
import { shipmentEvent } from "./shipment-event";
import { registerWebhooks, type HookRegistration } from "./webhook-registration";

/** BigCommerce's Cancelled order status (docs/platform-facts.md#bc-order-statuses). */
const CANCELLED = 5;
const PAGE = 250;

function variantTitle(v: Variant): string {
  const labels = (v.option_values ?? []).map((o) => o.label).filter((l): l is string => Boolean(l));
  return labels.length ? labels.join(" / ") : v.sku;
}

function toRef(order: Order, products: OrderProduct[]): ShopOrderRef {
  return {
    id: String(order.id),
    name: `#${order.id}`,
    lines: products.map((p) => ({
      id: String(p.id),
      sku: p.sku?.trim() || null,
      variantId: p.variant_id ? String(p.variant_id) : null,
      quantity: p.quantity,
    })),
  };
}

/**
 * The BigCommerce adapter of the ShopPlatform port (REST: Orders v2, Catalog v3, Webhooks v3), plus what the
 * webhook flow needs: BigCommerce's webhooks are light (ids only), so shipments are fetched here.
 */
export class BigCommercePlatform implements ShopPlatform {
  readonly platform = "bigcommerce" as const;
  /** Variant id → product id, learnt by findVariantsBySku (the order's catalog lines need both). */
  private readonly productOfVariant = new Map<number, number>();

  constructor(private readonly client: BigCommerceRestClient) {}

  /** Exact variant-SKU matches. The variants endpoint filters one SKU per call (no `sku:in`), so one call per distinct SKU. */
  async findVariantsBySku(skus: string[]): Promise<Map<string, ShopVariant>> {
    const out = new Map<string, ShopVariant>();
    for (const sku of new Set(skus)) {
      const body = await this.client.get<unknown>("/v3/catalog/variants", {
        query: { sku, include_fields: "id,product_id,sku,inventory_level,option_values", limit: 10 },
      });
      const hit = parseAnswer(VariantPage, body ?? { data: [] }, "GET /v3/catalog/variants").data.find(
        (v) => v.sku === sku,
      );
      if (!hit) continue;
      this.productOfVariant.set(hit.id, hit.product_id);
      out.set(sku, {
        variantId: String(hit.id),
        productId: String(hit.product_id),
        sku,
        title: variantTitle(hit),
        inventoryQuantity: hit.inventory_level ?? null,
      });
    }
    return out;
  }

  /**
   * The order carrying our external_order_id. The filter is checked again here (exact match), and a full page
   * without it is not taken as "absent": the next page is read, because answering null creates an order.
   */
  async findOrderBySource(ref: { marketplace: Marketplace; marketplaceOrderId: string }): Promise<ShopOrderRef | null> {
    const externalId = sourceIdentifier(ref.marketplace, ref.marketplaceOrderId);
    for (let page = 1; ; page++) {
      const body = await this.client.get<unknown>("/v2/orders", {
        query: { external_order_id: externalId, sort: "id:asc", page, limit: PAGE },
      });
      const orders = parseAnswer(Order.array(), body ?? [], "GET /v2/orders");
      const hit = orders.find((o) => o.external_order_id === externalId && !o.is_deleted);
      if (hit) return toRef(hit, await this.orderProducts(hit.id));
      if (orders.length < PAGE) return null;
    }
  }

  /**
   * Another importer's order for this marketplace order: BigCommerce's field for the id in the other system is
   * `external_order_id` (docs/platform-facts.md#bc-orders), which importers fill with the bare marketplace order id.
   * The one page asked is checked exactly (staff notes are not searchable, so they are not looked at).
   */
  async findOrderImportedElsewhere(ref: {
    marketplace: Marketplace;
    marketplaceOrderId: string;
  }): Promise<ForeignOrder | null> {
    const id = ref.marketplaceOrderId.trim();
    if (!id) return null;
    const body = await this.client.get<unknown>("/v2/orders", {
      query: { external_order_id: id, sort: "id:asc", limit: PAGE },
    });
    const hit = parseAnswer(Order.array(), body ?? [], "GET /v2/orders").find(
      (o) => o.external_order_id === id && !o.is_deleted,
    );
    return hit ? { order: toRef(hit, await this.orderProducts(hit.id)), foundBy: "external_order_id" } : null;
  }

  async createOrder(order: NewShopOrder): Promise<ShopOrderRef> {
    // A line with no units (Amazon keeps a cancelled item with QuantityOrdered 0) has nothing to fulfil and no
    // amount; BigCommerce refuses a product with quantity 0, and with it the whole order.
    const input = { ...order, lines: order.lines.filter((l) => l.quantity > 0) };
    const catalog: (CatalogLine | null)[] = [];
    for (const line of input.lines) {
      if (line.variantId === null) {
        catalog.push(null);
        continue;
      }
      const variantId = Number(line.variantId);
      if (!Number.isInteger(variantId))
        throw new StepError(
          "shop_variant_invalid",
          `"${line.variantId}" is not a BigCommerce variant id (SKU ${line.sku})`,
        );
      catalog.push({
        variantId,
        productId: this.productOfVariant.get(variantId) ?? (await this.productIdOf(variantId, line.sku)),
      });
    }
    const created = parseAnswer(
      Order,
      await this.client.post<unknown>("/v2/orders", orderCreateBody(input, catalog)),
      "POST /v2/orders",
    );
    return toRef(created, await this.orderProducts(created.id));
  }

  /** One shipment as our event; null when it (or its order) no longer exists. */
  async getShipmentEvent(orderId: number | string, shipmentId: number | string): Promise<ShopFulfillmentEvent | null> {
    const readAt = new Date();
    const body = await this.client.get<unknown>(`/v2/orders/${orderId}/shipments/${shipmentId}`, {
      allowNotFound: true,
    });
    if (body === null) return null;
    const shipment = parseAnswer(Shipment, body, "GET /v2/orders/{id}/shipments/{id}");
    return shipmentEvent(shipment, await this.orderProducts(shipment.order_id), readAt);
  }

  /** Every shipment of the order as our events (none when the order has none or is gone). */
  async listShipmentEvents(orderId: number | string): Promise<ShopFulfillmentEvent[]> {
    const readAt = new Date();
    const shipments: Shipment[] = [];
    for (let page = 1; ; page++) {
      const body = await this.client.get<unknown>(`/v2/orders/${orderId}/shipments`, {
        query: { page, limit: PAGE },
        allowNotFound: true,
      });
      const batch = parseAnswer(Shipment.array(), body ?? [], "GET /v2/orders/{id}/shipments");
      shipments.push(...batch);
      if (batch.length < PAGE) break;
    }
    if (!shipments.length) return [];
    const products = await this.orderProducts(orderId);
    return shipments.map((s) => shipmentEvent(s, products, readAt));
  }

  /** The port's name for listShipmentEvents (a BigCommerce order id as a string). */
  listFulfillmentEvents(shopOrderId: string): Promise<ShopFulfillmentEvent[]> {
    return this.listShipmentEvents(shopOrderId);
  }

  /** Status Cancelled (5) through Orders V2; BigCommerce puts the stock back per the store's settings. The note is not written: staff_notes would replace the order's own. */
  /** The app's own webhook list, one entry: the cheapest authenticated call; a refused token is checked by the client. */
  async verifyAuthorization(): Promise<void> {
    await this.client.get("/v3/hooks", { query: { limit: 1 } });
  }

  async cancelOrder(shopOrderId: string, note: string): Promise<"cancelled" | "already_cancelled"> {
    if ((await this.getOrderStatusId(shopOrderId)) === CANCELLED) return "already_cancelled";
    await this.client.put(`/v2/orders/${shopOrderId}`, { status_id: CANCELLED });
    return "cancelled";
  }

  /** The order's status id (docs/platform-facts.md#bc-order-statuses), or null when the order is gone. */
  async getOrderStatusId(orderId: number | string): Promise<number | null> {
    const body = await this.client.get<unknown>(`/v2/orders/${orderId}`, { allowNotFound: true });
    return body === null ? null : parseAnswer(Order, body, "GET /v2/orders/{id}").status_id;
  }

  /** Subscribes the store to the webhooks the app needs (idempotent). */
  registerWebhooks(destination: string): Promise<HookRegistration[]> {
    return registerWebhooks(this.client, destination);
  }

  private async orderProducts(orderId: number | string): Promise<OrderProduct[]> {
    const products: OrderProduct[] = [];
    for (let page = 1; ; page++) {
      const body = await this.client.get<unknown>(`/v2/orders/${orderId}/products`, {
        query: { page, limit: PAGE },
        allowNotFound: true,
      });
      const batch = parseAnswer(OrderProduct.array(), body ?? [], "GET /v2/orders/{id}/products");
      products.push(...batch);
      if (batch.length < PAGE) return products;
    }
  }

  private async productIdOf(variantId: number, sku: string): Promise<number> {
    const body = await this.client.get<unknown>("/v3/catalog/variants", {
      query: { id: variantId, include_fields: "id,product_id,sku" },
    });
    const hit = parseAnswer(VariantPage, body ?? { data: [] }, "GET /v3/catalog/variants").data.find(
      (v) => v.id === variantId,
    );
    if (!hit)
      throw new StepError(
        "unknown_sku",
        `Variant ${variantId} (SKU ${sku}) is no longer in the BigCommerce catalog; fix the product, then retry`,
      );
    this.productOfVariant.set(hit.id, hit.product_id);
    return hit.product_id;
  }
}

export function createBigCommercePlatform(opts: BigCommerceRestClientOptions): BigCommercePlatform {
  return new BigCommercePlatform(new BigCommerceRestClient(opts));
}

/** What the webhook flow needs beyond the port. */
export type BigCommerceShopPlatform = ShopPlatform &
  Pick<BigCommercePlatform, "getShipmentEvent" | "listShipmentEvents" | "getOrderStatusId" | "registerWebhooks">;

/**
 * The BigCommerce adapter behind a ShopPlatform. Checked by shape, not `instanceof`: the Remix build (or Vite's
 * SSR loader) holds its own copy of this module, so the class the routes see is not the one platformFor used.
 */
export function asBigCommercePlatform(platform: ShopPlatform): BigCommerceShopPlatform {
  const p = platform as Partial<BigCommerceShopPlatform>;
  if (
    platform.platform === "bigcommerce" &&
    typeof p.getShipmentEvent === "function" &&
    typeof p.listShipmentEvents === "function" &&
    typeof p.getOrderStatusId === "function" &&
    typeof p.registerWebhooks === "function"
  ) {
    return platform as BigCommerceShopPlatform;
  }
  throw new StepError("platform_mismatch", `Expected the BigCommerce platform, got ${platform.platform}`);
}
