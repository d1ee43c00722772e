import { pickFields } from "../pick-fields";

/**
 * What a Shopify webhook delivery keeps in `webhook_deliveries.payload`: the ids and the facts processing reads,
 * for debugging; never the buyer's or the merchant's personal data (a fulfillment's `email` and `destination`
 * address, a line item's title and properties, a Shop's owner, email, phone and address). Allow-listed: a field
 * Shopify adds later is not kept. The job a delivery causes carries its own parsed event; nothing reads this back.
 */

const FULFILLMENT_FIELDS = [
  "id",
  "admin_graphql_api_id",
  "order_id",
  "name",
  "status",
  "shipment_status",
  "location_id",
  "tracking_company",
  "tracking_number",
  "tracking_numbers",
  "created_at",
  "updated_at",
] as const;
const FULFILLMENT_LINE_FIELDS = ["id", "variant_id", "sku", "quantity"] as const;
const SHOP_FIELDS = ["id", "myshopify_domain"] as const;

export function shopifyDeliveryRecord(topic: string, payload: unknown): Record<string, unknown> {
  switch (topic) {
    case "fulfillments/create":
    case "fulfillments/update": {
      const record = pickFields(payload, FULFILLMENT_FIELDS);
      const lines = pickFields(payload, ["line_items"]).line_items;
      if (Array.isArray(lines)) record.line_items = lines.map((l) => pickFields(l, FULFILLMENT_LINE_FIELDS));
      return record;
    }
    case "inventory_levels/update":
      return pickFields(payload, ["inventory_item_id", "location_id", "available", "updated_at"]);
    case "app/uninstalled":
      return pickFields(payload, SHOP_FIELDS);
    // Never the customer: the request's own row keeps whom it names until it is done (docs/decisions/023).
    case "customers/data_request":
    case "customers/redact":
    case "shop/redact": {
      const record = pickFields(payload, ["shop_id", "shop_domain"]);
      const request = pickFields(payload, ["data_request"]).data_request;
      if (request !== undefined) record.data_request = pickFields(request, ["id"]);
      return record;
    }
    default:
      return pickFields(payload, ["id"]);
  }
}
