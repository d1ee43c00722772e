/**
 * The Amazon SP-API MarketplaceConnector: composition root for one account (settings, LWA, throttling,
 * client, listing strategy) built from a ConnectorContext.
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
import { resolveAmazonCarrier } from "./carriers";
import { AmazonSpApiClient, UNEXPECTED_ANSWER, type ConfirmShipmentRequest, type IAmazonSpApiClient } from "./client";
import { LwaTokenProvider } from "./lwa";
import { ORDERS_API_VERSIONS, type IAmazonOrderListing } from "./order-listing";
import { OrderListing2026 } from "./order-listing-2026";
import { OrderListingV0 } from "./order-listing-v0";
import { RestrictedDataTokens, type RestrictedDataTokenSource } from "./restricted-data-tokens";
import { AmazonRateLimiter } from "./usage-plans";

export const AmazonSettingsSchema = z.object({
  sellerId: z.string().min(1),
  marketplaceIds: z.array(z.string().min(1)).min(1).max(50),
  ordersApiVersion: z.enum(ORDERS_API_VERSIONS).default("v0"),
  /** Override of the listing page size (1–100). */
  maxResultsPerPage: z.number().int().min(1).max(100).optional(),
});
export type AmazonSettings = z.infer<typeof AmazonSettingsSchema>;

export const AmazonCredentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
});
export type AmazonCredentials = z.infer<typeof AmazonCredentialsSchema>;

export const AMAZON_DEFAULT_ENDPOINTS = {
  apiBaseUrl: "https://sellingpartnerapi-na.amazon.com",
  authBaseUrl: "https://api.amazon.com",
} as const;

/** Amazon wants a positive numeric string (an integer is rejected since ~Jan 2026, docs/platform-facts.md#amazon-confirm-shipment). */
const PACKAGE_REFERENCE_RE = /^\d+$/;

/** Amazon's 400 for a package it already has (or an order already fully shipped). */
const ALREADY_SHIPPED_RE = /already fulfilled|not finding a matching package/i;

export interface AmazonConnectorDeps {
  /** Replaces the real SP-API client (tests). */
  client?: IAmazonSpApiClient;
  /** Replaces the account's RDT source (tests; with a replaced client, none unless given). */
  rdt?: RestrictedDataTokenSource;
}

export function parseAmazonSettings(settings: Record<string, unknown>): AmazonSettings {
  const parsed = AmazonSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ConnectorError("permanent", `Amazon account settings are invalid: ${parsed.error.message}`, {
      marketplace: "amazon",
    });
  }
  return parsed.data;
}

export function parseAmazonCredentials(credentials: Record<string, string>): AmazonCredentials {
  const parsed = AmazonCredentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    // Missing credentials need the merchant to connect the account again.
    throw new ConnectorError("auth_expired", `Amazon credentials are incomplete (${missing})`, {
      marketplace: "amazon",
    });
  }
  return parsed.data;
}

export class AmazonConnector implements MarketplaceConnector {
  readonly marketplace = "amazon" as const;
  private readonly listing: IAmazonOrderListing;

  constructor(
    private readonly settings: AmazonSettings,
    private readonly client: IAmazonSpApiClient,
    rdt?: RestrictedDataTokenSource,
  ) {
    const common = { client, marketplaceIds: settings.marketplaceIds, pageSize: settings.maxResultsPerPage };
    this.listing =
      settings.ordersApiVersion === "2026-01-01"
        ? new OrderListing2026(common)
        : new OrderListingV0({ ...common, rdt });
  }

  get ordersApiVersion(): AmazonSettings["ordersApiVersion"] {
    return this.listing.version;
  }

  listUpdatedOrders(params: ListOrdersParams, pageToken?: string | null): Promise<ListOrdersPage> {
    return this.listing.listPage(params, pageToken ?? null);
  }

  verifyAuthorization(): Promise<void> {
    return this.client.renewAccessToken?.() ?? Promise.resolve();
  }

  resolveCarrier(carrierName: string): MarketplaceCarrier {
    return resolveAmazonCarrier(carrierName);
  }

  async confirmShipment(input: ShipmentConfirmation): Promise<ShipmentConfirmationResult> {
    const body = this.confirmShipmentBody(input);
    try {
      await this.client.confirmShipment(input.marketplaceOrderId, body);
    } catch (err) {
      if (await this.alreadyHasPackage(err, input)) return { marketplaceShipmentId: input.packageReference };
      // A success outside the contract is not believed: the order is read back, and only a package there counts.
      if (isConnectorError(err) && err.details.code === UNEXPECTED_ANSWER && (await this.hasPackage(input))) {
        return { marketplaceShipmentId: input.packageReference };
      }
      throw err;
    }
    return { marketplaceShipmentId: input.packageReference };
  }

  /** The confirmShipment request body; throws `permanent` for inputs Amazon is known to reject. */
  confirmShipmentBody(input: ShipmentConfirmation): ConfirmShipmentRequest {
    const invalid = (message: string): ConnectorError =>
      new ConnectorError("permanent", `Amazon confirmShipment: ${message}`, {
        marketplace: "amazon",
        operation: "confirmShipment",
      });
    if (!PACKAGE_REFERENCE_RE.test(input.packageReference) || /^0+$/.test(input.packageReference)) {
      throw invalid(
        `packageReference must be a positive numeric string, got ${JSON.stringify(input.packageReference)}`,
      );
    }
    if (input.carrier.code === "Other" && input.carrier.name.trim() === "") {
      throw invalid("a carrier name is required when the carrier code is Other");
    }
    if (input.trackingNumber.trim() === "") throw invalid("a tracking number is required");
    if (input.lines.length === 0) throw invalid("a package needs at least one order item");
    for (const line of input.lines) {
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
        throw invalid(`quantity for order item ${line.marketplaceLineId} must be a positive integer`);
      }
    }
    return {
      marketplaceId: input.salesChannel ?? this.settings.marketplaceIds[0]!,
      packageDetail: {
        packageReferenceId: input.packageReference,
        carrierCode: input.carrier.code,
        carrierName: input.carrier.name,
        ...(input.shippingMethod ? { shippingMethod: input.shippingMethod } : {}),
        trackingNumber: input.trackingNumber.trim(),
        shipDate: input.shippedAt.toISOString(),
        orderItems: input.lines.map((l) => ({ orderItemId: l.marketplaceLineId, quantity: l.quantity })),
      },
    };
  }

  /**
   * Re-sending a package Amazon already has answers 400 "... order already fulfilled". The port asks for
   * confirmShipment to be safe to repeat (a crash between "sent" and "recorded" re-sends), so we look the
   * package up (Orders 2026 getOrder with PACKAGES) and treat a package with our reference as success.
   */
  private async alreadyHasPackage(err: unknown, input: ShipmentConfirmation): Promise<boolean> {
    if (!isConnectorError(err) || err.kind !== "permanent" || err.details.httpStatus !== 400) return false;
    if (!ALREADY_SHIPPED_RE.test(err.message)) return false;
    try {
      return await this.hasShipment(input);
    } catch (lookup) {
      // Whether Amazon has the package is not known: a retry asks again (the refusal alone is no verdict).
      throw new ConnectorError(
        "retryable",
        `${err.message}; the order could not be read back to match it (${(lookup as Error).message})`,
        { marketplace: "amazon", operation: "getOrder2026", cause: lookup },
      );
    }
  }

  /** Whether Amazon holds this package (by our reference or its tracking number); false when it cannot be read. */
  private async hasPackage(input: ShipmentConfirmation): Promise<boolean> {
    return this.hasShipment(input).catch(() => false); // could not verify: the caller reports Amazon's answer
  }

  async hasShipment(input: ShipmentConfirmation): Promise<boolean> {
    const { order } = await this.client.getOrder2026(input.marketplaceOrderId, ["PACKAGES"]);
    return (order.packages ?? []).some(
      (p) =>
        p.packageReferenceId === input.packageReference ||
        (p.trackingNumber !== undefined && p.trackingNumber === input.trackingNumber.trim()),
    );
  }
}

export function createAmazonConnector(ctx: ConnectorContext, deps: AmazonConnectorDeps = {}): MarketplaceConnector {
  const settings = parseAmazonSettings(ctx.settings);
  if (deps.client) return new AmazonConnector(settings, deps.client, deps.rdt);
  const { client, rdt } = createAmazonClientWithRdt(ctx);
  return new AmazonConnector(settings, client, deps.rdt ?? rdt);
}

/** The real SP-API client for one account context. */
export function createAmazonClient(ctx: ConnectorContext): AmazonSpApiClient {
  return createAmazonClientWithRdt(ctx).client;
}

/** The client and the account's RDT source (sharing its LWA grant as the cache key). */
function createAmazonClientWithRdt(ctx: ConnectorContext): {
  client: AmazonSpApiClient;
  rdt: RestrictedDataTokenSource;
} {
  const credentials = parseAmazonCredentials(ctx.credentials);
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const apiBaseUrl = ctx.endpoints.apiBaseUrl || AMAZON_DEFAULT_ENDPOINTS.apiBaseUrl;
  const authBaseUrl = ctx.endpoints.authBaseUrl || AMAZON_DEFAULT_ENDPOINTS.authBaseUrl;
  const lwa = new LwaTokenProvider({ authBaseUrl, credentials, timeoutMs });
  const client = new AmazonSpApiClient({
    apiBaseUrl,
    lwa,
    limiter: new AmazonRateLimiter(ctx.accountId, ctx.rateLimit),
    timeoutMs,
  });
  return {
    client,
    rdt: new RestrictedDataTokens(lwa.cacheKey, (resources) => client.createRestrictedDataToken(resources)),
  };
}
