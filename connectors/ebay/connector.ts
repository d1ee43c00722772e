/**
 * The eBay MarketplaceConnector: composition root for one account (settings, OAuth, call limits, client,
 * listing) built from a ConnectorContext, and the shipment export.
 *
 * confirmShipment is one createShippingFulfillment per package: its lines and quantities, shippedDate,
 * shippingCarrierCode and trackingNumber (letters and digits only: eBay refuses spaces and hyphens, so
 * we strip them). eBay names the fulfillment after the tracking number and refuses the same tracking
 * number twice on an order, so a repeat (a crash between "sent" and "recorded") is recognised by looking
 * the order's fulfillments up and answered with the existing one.
 */
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS } from "../http";
import {
  ConnectorError,
  isConnectorError,
  type ConnectorContext,
  type ListOrdersPage,
  type ListOrdersParams,
  type MarketplaceCarrier,
  type MarketplaceConnector,
  type ShipmentConfirmation,
  type ShipmentConfirmationResult,
} from "../types";
import { EbayCallLimiter } from "./call-limits";
import { resolveEbayCarrier } from "./carriers";
import {
  EbayFulfillmentClient,
  hasEbayErrorId,
  type EbayShippingFulfillment,
  type IEbayFulfillmentClient,
  type ShippingFulfillmentDetails,
} from "./client";
import { EbayTokenProvider } from "./oauth";
import { EbayOrderListing } from "./order-listing";

export const EbaySettingsSchema = z.object({
  /** The account's eBay marketplace (sales channel fallback, currency fallback). */
  marketplaceId: z.string().min(1).default("EBAY_US"),
  /** getOrders page size (eBay: 1–200). */
  pageSize: z.number().int().min(1).max(200).default(100),
  /** Fetch the shipping fulfillments of orders that have some, for shipped quantities and tracking. */
  fetchFulfillments: z.boolean().default(true),
});
export type EbaySettings = z.infer<typeof EbaySettingsSchema>;

export const EbayCredentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  /** The app's RuName (needed for the authorization-code exchange, not for API calls). */
  ruName: z.string().min(1).optional(),
});
export type EbayCredentials = z.infer<typeof EbayCredentialsSchema>;

/** Production hosts. Sandbox: https://api.sandbox.ebay.com for both. */
export const EBAY_DEFAULT_ENDPOINTS = {
  apiBaseUrl: "https://api.ebay.com",
  authBaseUrl: "https://api.ebay.com",
} as const;

/** What eBay accepts as a tracking number once spaces and hyphens are gone. */
const TRACKING_RE = /^[A-Za-z0-9]+$/;

export interface EbayConnectorDeps {
  /** Replaces the real Fulfillment API client (tests). */
  client?: IEbayFulfillmentClient;
  now?: () => number;
}

function invalid(operation: string, message: string): ConnectorError {
  return new ConnectorError("permanent", `eBay ${operation}: ${message}`, { marketplace: "ebay", operation });
}

export function parseEbaySettings(settings: Record<string, unknown>): EbaySettings {
  const parsed = EbaySettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ConnectorError("permanent", `eBay account settings are invalid: ${parsed.error.message}`, {
      marketplace: "ebay",
    });
  }
  return parsed.data;
}

export function parseEbayCredentials(credentials: Record<string, string>): EbayCredentials {
  const parsed = EbayCredentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    // Missing credentials need the merchant to connect the account again.
    throw new ConnectorError("auth_expired", `eBay credentials are incomplete (${missing})`, { marketplace: "ebay" });
  }
  return parsed.data;
}

/** "1Z 999-AA1 0123456784" → "1Z999AA10123456784". */
export function normaliseTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/[\s-]+/g, "");
}

export class EbayConnector implements MarketplaceConnector {
  readonly marketplace = "ebay" as const;
  private readonly listing: EbayOrderListing;
  private readonly now: () => number;

  constructor(
    private readonly settings: EbaySettings,
    private readonly client: IEbayFulfillmentClient,
    now: () => number = Date.now,
  ) {
    this.now = now;
    this.listing = new EbayOrderListing({
      client,
      pageSize: settings.pageSize,
      marketplaceId: settings.marketplaceId,
      fetchFulfillments: settings.fetchFulfillments,
      now,
    });
  }

  listUpdatedOrders(params: ListOrdersParams, pageToken?: string | null): Promise<ListOrdersPage> {
    return this.listing.listPage(params, pageToken ?? null);
  }

  verifyAuthorization(): Promise<void> {
    return this.client.renewAccessToken?.() ?? Promise.resolve();
  }

  resolveCarrier(carrierName: string): MarketplaceCarrier {
    return resolveEbayCarrier(carrierName);
  }

  async confirmShipment(input: ShipmentConfirmation): Promise<ShipmentConfirmationResult> {
    const body = this.fulfillmentBody(input);
    try {
      const created = await this.client.createShippingFulfillment(input.marketplaceOrderId, body);
      if (created.fulfillmentId !== null) return { marketplaceShipmentId: created.fulfillmentId };
      // A success without the Location of the new fulfillment breaks the contract: read the order back to know.
      const found = await this.fulfillmentLike(input.marketplaceOrderId, body).catch(() => undefined);
      if (found) return { marketplaceShipmentId: found.fulfillmentId ?? body.trackingNumber ?? null };
      throw new ConnectorError(
        "retryable",
        `eBay createShippingFulfillment answered ${created.location === null ? "without a Location" : `an unreadable Location (${created.location})`}, and the order does not show the package yet; sending it again is safe`,
        { marketplace: "ebay", operation: "createShippingFulfillment", code: "unexpected_answer" },
      );
    } catch (err) {
      const existing = await this.existingFulfillment(err, input.marketplaceOrderId, body);
      if (existing !== null) return { marketplaceShipmentId: existing };
      throw err;
    }
  }

  async hasShipment(input: ShipmentConfirmation): Promise<boolean> {
    return (await this.fulfillmentLike(input.marketplaceOrderId, this.fulfillmentBody(input))) !== undefined;
  }

  /** The order's fulfillment with this body's tracking number and lines, if eBay holds one. */
  private async fulfillmentLike(
    orderId: string,
    body: ShippingFulfillmentDetails,
  ): Promise<EbayShippingFulfillment | undefined> {
    const fulfillments = (await this.client.getShippingFulfillments(orderId)).fulfillments ?? [];
    return fulfillments.find((f) => sameTracking(f, body) && linesKey(f.lineItems) === linesKey(body.lineItems));
  }

  /** The createShippingFulfillment body; throws `permanent` for inputs eBay is known to refuse. */
  fulfillmentBody(input: ShipmentConfirmation): ShippingFulfillmentDetails {
    const op = "createShippingFulfillment";
    if (input.lines.length === 0) throw invalid(op, "a package needs at least one line item");
    const quantities = new Map<string, number>();
    for (const line of input.lines) {
      if (line.marketplaceLineId.trim() === "") throw invalid(op, "a line item id is empty");
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
        throw invalid(op, `quantity for line item ${line.marketplaceLineId} must be a positive integer`);
      }
      // eBay refuses a line twice in one package (32210): add the quantities up.
      quantities.set(line.marketplaceLineId, (quantities.get(line.marketplaceLineId) ?? 0) + line.quantity);
    }
    const trackingNumber = normaliseTrackingNumber(input.trackingNumber);
    if (trackingNumber === "") throw invalid(op, "a tracking number is required");
    if (!TRACKING_RE.test(trackingNumber)) {
      throw invalid(
        op,
        `eBay accepts letters and digits only in tracking numbers, got ${JSON.stringify(input.trackingNumber)}`,
      );
    }
    const carrierCode = input.carrier.code.trim();
    if (carrierCode === "") throw invalid(op, "a carrier code is required with a tracking number");
    const shippedAt = input.shippedAt.getTime();
    if (!Number.isFinite(shippedAt)) throw invalid(op, "shippedAt is not a valid date");
    return {
      lineItems: [...quantities].map(([lineItemId, quantity]) => ({ lineItemId, quantity })),
      // eBay refuses shipped dates in the future (32500); a shop clock slightly ahead must not fail the export.
      shippedDate: new Date(Math.min(shippedAt, this.now())).toISOString(),
      shippingCarrierCode: carrierCode,
      trackingNumber,
    };
  }

  /**
   * After a refusal that a repeat would cause (400 34500 "use PUT", or 409), the fulfillment eBay already
   * has with our tracking number, if it covers the same lines; null when there is none, so the caller reports
   * eBay's original answer. A lookup that fails is retryable: the refusal alone says nothing about eBay's copy.
   */
  private async existingFulfillment(
    err: unknown,
    orderId: string,
    body: ShippingFulfillmentDetails,
  ): Promise<string | null> {
    if (!isConnectorError(err) || err.kind !== "permanent") return null;
    if (!hasEbayErrorId(err, 34500) && err.details.httpStatus !== 409) return null;
    let fulfillments;
    try {
      fulfillments = (await this.client.getShippingFulfillments(orderId)).fulfillments ?? [];
    } catch (lookup) {
      throw new ConnectorError(
        "retryable",
        `${err.message}; eBay's fulfillments of order ${orderId} could not be read to match it (${(lookup as Error).message})`,
        { marketplace: "ebay", operation: "getShippingFulfillments", cause: lookup },
      );
    }
    const same = fulfillments.find((f) => sameTracking(f, body));
    if (!same) return null;
    if (linesKey(same.lineItems) !== linesKey(body.lineItems)) {
      throw new ConnectorError(
        "permanent",
        `eBay createShippingFulfillment: tracking number ${body.trackingNumber} is already on order ${orderId} for other line items`,
        {
          marketplace: "ebay",
          operation: "createShippingFulfillment",
          httpStatus: err.details.httpStatus,
          code: err.details.code,
          cause: err,
        },
      );
    }
    return same.fulfillmentId ?? body.trackingNumber!;
  }
}

function sameTracking(f: EbayShippingFulfillment, body: ShippingFulfillmentDetails): boolean {
  return (f.shipmentTrackingNumber ?? "").toUpperCase() === (body.trackingNumber ?? "").toUpperCase();
}

/** A fulfillment's lines as one comparable string (line item id and quantity, sorted). */
function linesKey(lines: { lineItemId?: string; quantity?: number }[] | undefined): string {
  return (lines ?? [])
    .map((l) => `${l.lineItemId}:${l.quantity ?? 1}`)
    .sort()
    .join(",");
}

export function createEbayConnector(ctx: ConnectorContext, deps: EbayConnectorDeps = {}): MarketplaceConnector {
  const settings = parseEbaySettings(ctx.settings);
  const client = deps.client ?? createEbayClient(ctx);
  return new EbayConnector(settings, client, deps.now);
}

/** The real Fulfillment API client for one account context. */
export function createEbayClient(ctx: ConnectorContext): EbayFulfillmentClient {
  const credentials = parseEbayCredentials(ctx.credentials);
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new EbayFulfillmentClient({
    apiBaseUrl: ctx.endpoints.apiBaseUrl || EBAY_DEFAULT_ENDPOINTS.apiBaseUrl,
    tokens: new EbayTokenProvider({
      authBaseUrl: ctx.endpoints.authBaseUrl || EBAY_DEFAULT_ENDPOINTS.authBaseUrl,
      app: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
      refreshToken: credentials.refreshToken,
      timeoutMs,
    }),
    limiter: new EbayCallLimiter(credentials.clientId, ctx.rateLimit),
    timeoutMs,
  });
}
