import { readLimitedBody } from "./read-limited-body";

/**
 * Every route a platform or marketplace calls, with the methods it answers and the largest body it reads, and
 * why that size fits what the sender sends (docs/decisions/022-inbound-body-limits-and-ebay-key-lookups.md).
 * A body above its route's limit gets 413 before it is buffered or its signature checked; a method the route
 * does not serve gets a quiet 405 with `Allow`.
 *
 * The GET callbacks read no body: Remix gives a GET request none, and Node drops what a sender may attach. Their
 * input is the query string, which Node's header limit bounds (16 KiB by default, `--max-http-header-size`).
 */

const KiB = 1024;
const MiB = 1024 * KiB;

export interface InboundRoute {
  path: string;
  /** The methods served; anything else is 405. */
  methods: readonly ("GET" | "POST")[];
  /** The largest request body read, in bytes (0: none is read). */
  maxBodyBytes: number;
  /** Why this limit fits what the sender sends. */
  why: string;
}

const SHOPIFY_RESOURCE_WHY =
  "Shopify publishes no size limit for HTTPS deliveries; its only published figure is 1,000,000 bytes, " +
  "the largest payload it sends inline through EventBridge, and its staff have said bodies can pass a megabyte. " +
  "A fulfillment carries every fulfilled line item in full, so 2 MiB, twice that figure; a fulfillment refused " +
  "for size is still found by the hourly reconciliation (decision 012). docs/platform-facts.md#shopify-webhook-size";

export const INBOUND_ROUTES = {
  shopifyFulfillmentsCreate: {
    path: "/webhooks/fulfillments/create",
    methods: ["POST"],
    maxBodyBytes: 2 * MiB,
    why: SHOPIFY_RESOURCE_WHY,
  },
  shopifyFulfillmentsUpdate: {
    path: "/webhooks/fulfillments/update",
    methods: ["POST"],
    maxBodyBytes: 2 * MiB,
    why: SHOPIFY_RESOURCE_WHY,
  },
  shopifyInventoryLevelsUpdate: {
    path: "/webhooks/inventory_levels/update",
    methods: ["POST"],
    maxBodyBytes: 256 * KiB,
    why: "The body is one REST InventoryLevel: an item id, a location id, the available count and a date.",
  },
  shopifyAppUninstalled: {
    path: "/webhooks/app/uninstalled",
    methods: ["POST"],
    maxBodyBytes: 256 * KiB,
    why: "The body is the REST Shop resource: a few kilobytes of the shop's settings, no lists that grow.",
  },
  shopifyCompliance: {
    path: "/webhooks/compliance",
    methods: ["POST"],
    maxBodyBytes: 2 * MiB,
    why:
      "customers/data_request and customers/redact list a customer's order ids, which grow with the customer's " +
      "history; these requests are mandatory, so as generous as the resource topics.",
  },
  bigcommerceWebhooks: {
    path: "/webhooks/bigcommerce",
    methods: ["POST"],
    maxBodyBytes: 64 * KiB,
    why:
      "BigCommerce's payloads are light, a few hundred bytes ({scope, store_id, data: {type, id, …}, hash, " +
      "created_at, producer}); the app fetches the object. docs/platform-facts.md#bc-webhooks",
  },
  ebayAccountDeletion: {
    path: "/webhooks/ebay/marketplace-account-deletion",
    methods: ["GET", "POST"],
    maxBodyBytes: 16 * KiB,
    why:
      "GET is eBay's challenge (a query string). A notification's body has a fixed schema of a dozen short " +
      "fields, under a kilobyte. docs/platform-facts.md#ebay-account-deletion",
  },
  bigcommerceAuth: {
    path: "/bigcommerce/auth",
    methods: ["GET"],
    maxBodyBytes: 0,
    why: "GET ?code&scope&context: a query string only.",
  },
  bigcommerceLoad: {
    path: "/bigcommerce/load",
    methods: ["GET"],
    maxBodyBytes: 0,
    why: "GET ?signed_payload_jwt=…: a query string only.",
  },
  bigcommerceUninstall: {
    path: "/bigcommerce/uninstall",
    methods: ["GET"],
    maxBodyBytes: 0,
    why: "GET ?signed_payload_jwt=…: a query string only.",
  },
  bigcommerceRemoveUser: {
    path: "/bigcommerce/remove_user",
    methods: ["GET"],
    maxBodyBytes: 0,
    why: "GET ?signed_payload_jwt=…: a query string only.",
  },
  marketplaceConnectCallback: {
    path: "/connect/:marketplace/callback",
    methods: ["GET"],
    maxBodyBytes: 0,
    why: "The consent page's redirect (eBay, Etsy): GET ?code&state, a query string only.",
  },
} as const satisfies Record<string, InboundRoute>;

/** 405 for a method the route does not serve: `Allow` says which it does; nothing is logged. */
export function methodNotAllowed(route: InboundRoute): Response {
  return new Response("Method not allowed", {
    status: 405,
    headers: { allow: route.methods.join(", "), "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * 413, and the connection is closed after it: the rest of the body was left unread (read-limited-body.ts), so
 * the connection cannot carry another request.
 */
export function payloadTooLarge(limitBytes: number): Response {
  return new Response(`Request body larger than ${limitBytes} bytes`, {
    status: 413,
    headers: { connection: "close", "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * What a webhook route's action does first: anything but POST is refused (Remix sends PUT, PATCH and DELETE to the
 * action too), then the body is read within the route's limit. The raw body as text, or the answer to give
 * instead (405, 413).
 */
export async function readInboundBody(
  request: Request,
  route: InboundRoute,
): Promise<{ ok: true; rawBody: string } | { ok: false; response: Response }> {
  if (request.method !== "POST") return { ok: false, response: methodNotAllowed(route) };
  const body = await readLimitedBody(request, route.maxBodyBytes);
  if (!body.ok) return { ok: false, response: payloadTooLarge(body.limitBytes) };
  return { ok: true, rawBody: body.text };
}
