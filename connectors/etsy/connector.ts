/**
 * The Etsy MarketplaceConnector: the composition root for one account (settings, credentials, rotating
 * OAuth tokens, per-key throttling, client, listing), built from a ConnectorContext.
 *
 * confirmShipment reports one package as a receipt shipment (createReceiptShipment with tracking_code
 * and carrier_name). Etsy has no line items on shipments. The first package marks the whole receipt
 * shipped, and each further package adds another shipment record. To be safe to repeat, it reads the
 * receipt first. A shipment that already carries our tracking code is the one we sent before, and its
 * receipt_shipping_id is returned without posting again. That read also gives the destination and
 * grandtotal for Etsy's rule (US orders over $10 and orders to India need tracking code and carrier),
 * which we enforce before Etsy does, with a permanent error that says so.
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
  type Money,
  type ShipmentConfirmation,
  type ShipmentConfirmationResult,
} from "../types";
import { resolveEtsyCarrier } from "./carriers";
import { type CreateReceiptShipmentBody, EtsyApiClient, type EtsyShopReceipt, type IEtsyApiClient } from "./client";
import { moneyFromEtsy, receiptCurrency, trackingRequired } from "./mappers";
import { EtsyTokenProvider } from "./oauth";
import { EtsyRateLimiter } from "./rate-limits";
import { ReceiptListing } from "./receipt-listing";

export const EtsySettingsSchema = z.object({
  shopId: z.coerce.number().int().positive(),
  /** Override of the listing page size (1–100, default 100). */
  pageSize: z.number().int().min(1).max(100).optional(),
});
export type EtsySettings = z.infer<typeof EtsySettingsSchema>;

export const EtsyCredentialsSchema = z.object({
  keystring: z.string().min(1),
  sharedSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  accessToken: z.string().min(1).optional(),
});
export type EtsyCredentials = z.infer<typeof EtsyCredentialsSchema>;

export const ETSY_DEFAULT_ENDPOINTS = {
  apiBaseUrl: "https://openapi.etsy.com",
  authBaseUrl: "https://api.etsy.com",
} as const;

export const MSG_TRACKING_REQUIRED =
  "Etsy requires a tracking number and carrier for orders shipped within the United States over $10 and for orders shipped to India";

export interface EtsyConnectorDeps {
  /** Replaces the real Etsy client (tests). */
  client?: IEtsyApiClient;
}

export function parseEtsySettings(settings: Record<string, unknown>): EtsySettings {
  const parsed = EtsySettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ConnectorError("permanent", `Etsy account settings are invalid: ${parsed.error.message}`, {
      marketplace: "etsy",
    });
  }
  return parsed.data;
}

export function parseEtsyCredentials(credentials: Record<string, string>): EtsyCredentials {
  const parsed = EtsyCredentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    // Missing credentials need the merchant to connect the account again.
    throw new ConnectorError("auth_expired", `Etsy credentials are incomplete (${missing})`, { marketplace: "etsy" });
  }
  return parsed.data;
}

/** The receipt's grandtotal; null when Etsy's answer has none we can read (the tracking rule then applies). */
function grandtotalOf(receipt: EtsyShopReceipt): Money | null {
  try {
    return moneyFromEtsy(receipt.grandtotal, receiptCurrency(receipt));
  } catch {
    return null;
  }
}

/** Tracking codes compare without case or spaces. */
function sameTracking(a: string | undefined | null, b: string): boolean {
  const n = (s: string) => s.replace(/\s+/g, "").toUpperCase();
  return !!a && n(a) === n(b);
}

export class EtsyConnector implements MarketplaceConnector {
  readonly marketplace = "etsy" as const;
  private readonly listing: ReceiptListing;

  constructor(
    private readonly settings: EtsySettings,
    private readonly client: IEtsyApiClient,
    now: () => number = Date.now,
  ) {
    this.listing = new ReceiptListing({ client, shopId: settings.shopId, pageSize: settings.pageSize, now });
  }

  listUpdatedOrders(params: ListOrdersParams, pageToken?: string | null): Promise<ListOrdersPage> {
    return this.listing.listPage(params, pageToken ?? null);
  }

  verifyAuthorization(): Promise<void> {
    return this.client.renewAccessToken?.() ?? Promise.resolve();
  }

  resolveCarrier(carrierName: string): MarketplaceCarrier {
    return resolveEtsyCarrier(carrierName);
  }

  async confirmShipment(input: ShipmentConfirmation): Promise<ShipmentConfirmationResult> {
    const receiptId = this.receiptIdOf(input.marketplaceOrderId);
    const tracking = input.trackingNumber.trim();
    const carrier = tracking === "" ? "" : input.carrier.code.trim().toLowerCase() || "other";
    // Known before any call: India always needs tracking.
    if (tracking === "" && input.destinationCountry?.trim().toUpperCase() === "IN")
      throw this.trackingRequiredError(receiptId);

    const { shopId } = this.settings;
    const before = await this.client.getShopReceipt(shopId, receiptId);
    if (tracking !== "") {
      const existing = (before.shipments ?? []).find((s) => sameTracking(s.tracking_code, tracking));
      if (existing)
        return {
          marketplaceShipmentId: existing.receipt_shipping_id != null ? String(existing.receipt_shipping_id) : null,
        };
    } else if (before.is_shipped) {
      return { marketplaceShipmentId: null }; // "mark as shipped" again: already so
    }
    if (before.status === "canceled") {
      throw new ConnectorError("permanent", `Etsy receipt ${receiptId} is canceled; there is nothing to ship`, {
        marketplace: "etsy",
        operation: "createReceiptShipment",
        code: "canceled",
      });
    }
    if (tracking === "") {
      const country = before.country_iso ?? input.destinationCountry;
      if (trackingRequired(country, grandtotalOf(before))) throw this.trackingRequiredError(receiptId);
    }

    const body: CreateReceiptShipmentBody = tracking === "" ? {} : { tracking_code: tracking, carrier_name: carrier };
    let after: EtsyShopReceipt;
    try {
      after = await this.client.createReceiptShipment(shopId, receiptId, body);
    } catch (err) {
      // 409: someone (another worker, or an earlier attempt whose answer we lost) got there first.
      if (isConnectorError(err) && err.details.httpStatus === 409 && tracking !== "") {
        const now = await this.client.getShopReceipt(shopId, receiptId).catch(() => null);
        const existing = now?.shipments?.find((s) => sameTracking(s.tracking_code, tracking));
        if (existing)
          return {
            marketplaceShipmentId: existing.receipt_shipping_id != null ? String(existing.receipt_shipping_id) : null,
          };
      }
      throw err;
    }
    if (tracking === "") return { marketplaceShipmentId: null };
    const known = new Set((before.shipments ?? []).map((s) => s.receipt_shipping_id));
    const added = (after.shipments ?? []).filter(
      (s) => sameTracking(s.tracking_code, tracking) && !known.has(s.receipt_shipping_id),
    );
    let created = added.at(-1) ?? (after.shipments ?? []).filter((s) => sameTracking(s.tracking_code, tracking)).at(-1);
    if (!created) {
      // A success whose receipt does not carry the tracking breaks the contract: read the receipt back to know.
      const now = await this.client.getShopReceipt(shopId, receiptId).catch(() => null);
      created = now?.shipments?.find((s) => sameTracking(s.tracking_code, tracking));
      if (!created)
        throw new ConnectorError(
          "retryable",
          `Etsy createReceiptShipment answered success, but receipt ${receiptId} does not show tracking ${tracking}; sending it again is safe`,
          { marketplace: "etsy", operation: "createReceiptShipment", code: "unexpected_answer" },
        );
    }
    return { marketplaceShipmentId: created.receipt_shipping_id != null ? String(created.receipt_shipping_id) : null };
  }

  async hasShipment(input: ShipmentConfirmation): Promise<boolean> {
    const receipt = await this.client.getShopReceipt(this.settings.shopId, this.receiptIdOf(input.marketplaceOrderId));
    const tracking = input.trackingNumber.trim();
    if (tracking === "") return receipt.is_shipped === true;
    return (receipt.shipments ?? []).some((s) => sameTracking(s.tracking_code, tracking));
  }

  private receiptIdOf(marketplaceOrderId: string): number {
    const id = Number(marketplaceOrderId);
    if (!/^\d+$/.test(marketplaceOrderId) || !Number.isSafeInteger(id) || id < 1) {
      throw new ConnectorError(
        "permanent",
        `Etsy receipt ids are positive integers, got ${JSON.stringify(marketplaceOrderId)}`,
        {
          marketplace: "etsy",
          operation: "createReceiptShipment",
        },
      );
    }
    return id;
  }

  private trackingRequiredError(receiptId: number): ConnectorError {
    return new ConnectorError("permanent", `${MSG_TRACKING_REQUIRED} (receipt ${receiptId})`, {
      marketplace: "etsy",
      operation: "createReceiptShipment",
      code: "tracking_required",
    });
  }
}

export function createEtsyConnector(ctx: ConnectorContext, deps: EtsyConnectorDeps = {}): MarketplaceConnector {
  const settings = parseEtsySettings(ctx.settings);
  const client = deps.client ?? createEtsyClient(ctx);
  return new EtsyConnector(settings, client);
}

/** The real Etsy client for one account context. */
export function createEtsyClient(ctx: ConnectorContext): EtsyApiClient {
  const credentials = parseEtsyCredentials(ctx.credentials);
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const apiBaseUrl = ctx.endpoints.apiBaseUrl || ETSY_DEFAULT_ENDPOINTS.apiBaseUrl;
  const authBaseUrl = ctx.endpoints.authBaseUrl || ETSY_DEFAULT_ENDPOINTS.authBaseUrl;
  const apiKey = { keystring: credentials.keystring, sharedSecret: credentials.sharedSecret };
  return new EtsyApiClient({
    apiBaseUrl,
    apiKey,
    tokens: new EtsyTokenProvider({
      authBaseUrl,
      ...apiKey,
      accountId: ctx.accountId,
      credentials: ctx.credentials,
      onCredentialsRotated: ctx.onCredentialsRotated,
      timeoutMs,
    }),
    limiter: new EtsyRateLimiter(`${apiBaseUrl}\n${credentials.keystring}`, ctx.rateLimit),
    timeoutMs,
  });
}
