import { brandErrorClass, errorBrand, hasErrorBrand } from "./error-brand";

/**
 * The MarketplaceConnector port: what the app needs from any marketplace (Amazon, eBay, Etsy...).
 * Connectors translate foreign payloads and errors at their edge into these types and never touch `db/`.
 * Money is always integer minor units with an ISO currency code.
 */

export const MARKETPLACES = ["amazon", "ebay", "etsy"] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

/** How each marketplace spells its own name, for messages and the UI. */
export const MARKETPLACE_DISPLAY_NAMES: Record<Marketplace, string> = { amazon: "Amazon", ebay: "eBay", etsy: "Etsy" };

/** Order status as the marketplace sees it, normalised. */
export const MARKETPLACE_ORDER_STATUSES = [
  "pending", // not yet payable/shippable (Amazon Pending, unpaid eBay/Etsy)
  "unshipped",
  "partially_shipped",
  "shipped",
  "cancelled",
] as const;
export type MarketplaceOrderStatus = (typeof MARKETPLACE_ORDER_STATUSES)[number];

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
}

export interface PostalAddress {
  name: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  line3?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  phone?: string | null;
}

export interface MarketplaceOrderLine {
  /** The marketplace's id for this line (Amazon OrderItemId, eBay lineItemId, Etsy transaction_id). */
  marketplaceLineId: string;
  sku: string | null;
  title: string;
  quantity: number;
  quantityShipped: number;
  /** Price of one unit, tax excluded where the marketplace says so. */
  unitPrice: Money;
  /**
   * The price of all the line's units, when the marketplace states the line's total rather than a unit price
   * (Amazon v0 ItemPrice, eBay lineItemCost). A total that does not divide by the quantity (10.00 for 3) has no
   * exact unit price: this keeps the cents the buyer paid. Absent: unitPrice × quantity.
   */
  lineTotal?: Money;
  /** Tax for the whole line. */
  tax?: Money | null;
}

export interface MarketplaceOrder {
  marketplaceOrderId: string;
  status: MarketplaceOrderStatus;
  /** The raw status string of the marketplace, for display. */
  marketplaceStatus: string;
  purchasedAt: Date;
  updatedAt: Date;
  currency: string;
  buyer: {
    name?: string | null;
    email?: string | null;
    phone?: string | null;
    /**
     * The buyer's own account on the marketplace (eBay `buyer.username`, Etsy `buyer_user_id`), so that the
     * marketplace's request to erase a user (eBay's account deletion) can find their orders. Null when not given.
     */
    marketplaceUserId?: string | null;
  };
  shippingAddress: PostalAddress | null;
  lines: MarketplaceOrderLine[];
  /**
   * `subtotal`: the lines' total before discounts. `shipping`: before any shipping discount. `tax`: net of the tax
   * on discounts.
   * `discount`: the marketplace's promotions and coupons on items and shipping, as a positive amount (absent: none),
   * so that lines + shipping + tax − discount is what the buyer paid (`total`).
   */
  totals: { subtotal: Money; shipping: Money; tax: Money; total: Money; discount?: Money };
  shippingServiceLevel?: string | null;
  /** Sub-marketplace the order was sold on (Amazon MarketplaceId, eBay marketplace id); echoed back on confirmation. */
  salesChannel?: string | null;
  /** Packages the marketplace already knows about (shipped there, or exported by us). */
  shipments?: MarketplaceShipmentInfo[];
}

export interface MarketplaceShipmentInfo {
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: Date | null;
}

export interface ListOrdersParams {
  /** Orders updated at or after this instant (the caller already subtracted its overlap). */
  updatedAfter: Date;
  /** Optional upper bound. */
  updatedBefore?: Date;
}

export interface ListOrdersPage {
  orders: MarketplaceOrder[];
  /** Opaque token for the next page; null on the last page. */
  nextPageToken: string | null;
  /**
   * Every order updated before this instant was included in the listing (Amazon answers
   * `LastUpdatedBefore`, which lags now by two minutes). The poller advances its cursor to here.
   * Null when the marketplace gives no such bound (the poller then uses the time it started the poll).
   */
  coveredUntil: Date | null;
  /**
   * Orders of this page that the connector could not read (their payload breaks the marketplace's contract): each
   * with the marketplace's raw payload and the reason, so the app stores them as failed and the cursor still moves
   * on. Absent or empty: every order of the page was read.
   */
  unreadable?: UnreadableOrder[];
}

/** An order the marketplace listed but the connector's mapper refused. */
export interface UnreadableOrder {
  /** The marketplace's id for it, when the payload has one at all. */
  marketplaceOrderId: string | null;
  /** Why it could not be read (the mapper's message; for the merchant and the support team). */
  reason: string;
  /** The order as the marketplace sent it. */
  raw: unknown;
}

/** A package to report to the marketplace. */
export interface ShipmentConfirmation {
  marketplaceOrderId: string;
  /** Our stable id for this package (used as a package reference where the marketplace wants one). */
  packageReference: string;
  /** The carrier code in the marketplace's own vocabulary (resolved by the connector's carriers.ts). */
  carrier: MarketplaceCarrier;
  trackingNumber: string;
  shippedAt: Date;
  shippingMethod?: string | null;
  lines: { marketplaceLineId: string; quantity: number }[];
  /** The order's `salesChannel` as the connector reported it. */
  salesChannel?: string | null;
  /** Destination country, for rules like Etsy's "US orders over $10 need tracking". */
  destinationCountry?: string | null;
}

export interface MarketplaceCarrier {
  /** Carrier code as the marketplace expects it, e.g. Amazon "UPS" or "Other". */
  code: string;
  /** Free-text carrier name, required by some marketplaces when code is "Other". */
  name: string;
}

export interface ShipmentConfirmationResult {
  /** The marketplace's reference for the package, if it returns one. */
  marketplaceShipmentId: string | null;
}

export interface MarketplaceConnector {
  readonly marketplace: Marketplace;
  /** One page of orders updated since `updatedAfter`. Pass back `nextPageToken` to get the next page. */
  listUpdatedOrders(params: ListOrdersParams, pageToken?: string | null): Promise<ListOrdersPage>;
  /** Report one package. Must be safe to call again for the same package (the caller dedups by packageReference). */
  confirmShipment(input: ShipmentConfirmation): Promise<ShipmentConfirmationResult>;
  /**
   * Whether the marketplace holds this package now (read back from the order: our package reference, or its tracking
   * number and lines). Throws when it cannot be read (the caller cannot tell). Used when an answer to confirmShipment
   * breaks the contract, and by the reconciliation of recently exported packages.
   */
  hasShipment(input: ShipmentConfirmation): Promise<boolean>;
  /** Translate a carrier name as the merchant typed it in the shop (e.g. "UPS", "Royal Mail") into the marketplace's code. */
  resolveCarrier(carrierName: string): MarketplaceCarrier;
  /**
   * Asked after an `auth_expired`, before the app concludes anything: a new access token from the account's grant,
   * bypassing every cache. Resolves when the marketplace grants it (the refusal was passing); throws `auth_expired`
   * when it refuses the grant (the seller must connect again); any other error: it could not tell.
   */
  verifyAuthorization(): Promise<void>;
}

/** Base URLs of one marketplace's APIs; default to the real hosts, point at an emulator in sandbox/tests. */
export interface MarketplaceEndpoints {
  /** e.g. https://sellingpartnerapi-na.amazon.com */
  apiBaseUrl: string;
  /** e.g. https://api.amazon.com (LWA token endpoint lives at /auth/o2/token) */
  authBaseUrl: string;
}

/** A token bucket's state (connectors/token-bucket.ts). */
export interface BucketState {
  tokens: number;
  /** When `tokens` was last refilled (ms, the bucket's clock). */
  last: number;
}

/** Where buckets keep their state when several processes share them (the app: its SQLite database). */
export interface BucketStore {
  /**
   * Reads the state stored under `key` (`initial` when there is none), applies `change`, stores the state it
   * returns and answers its result, atomically: no other process changes that key in between.
   */
  update<T>(key: string, initial: BucketState, change: (state: BucketState) => { state: BucketState; result: T }): T;
}

export interface ClientRateLimitSettings {
  /** Client-side token buckets on (the official usage-plan rates). */
  enabled: boolean;
  /** Emulated seconds per real second, matching the emulator's scale in tests (1 against real APIs). */
  timeScale: number;
  /**
   * Where the buckets' tokens are kept so that every process of the app draws from the same ones (the app's
   * database); none: each process keeps its own.
   */
  store?: BucketStore;
}

/** Everything a connector needs to talk to one account. Built by the app from the database and env. */
export interface ConnectorContext {
  accountId: number;
  region: string;
  /** Non-secret settings (Amazon: `{ sellerId, marketplaceIds: string[] }`). */
  settings: Record<string, unknown>;
  /** Decrypted secrets (Amazon: `{ clientId, clientSecret, refreshToken }`). */
  credentials: Record<string, string>;
  endpoints: MarketplaceEndpoints;
  rateLimit: ClientRateLimitSettings;
  /** Called when the marketplace rotates a credential (Etsy refresh tokens), so the app can persist it. */
  onCredentialsRotated?: (credentials: Record<string, string>) => Promise<void>;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
}

export type ConnectorFactory = (ctx: ConnectorContext) => MarketplaceConnector;

/**
 * Connecting a seller account by OAuth consent (Amazon, eBay, Etsy). Each connector
 * that has one implements it in its own vocabulary (`App`: the app's credentials and redirect; `Tokens`; `Seller`)
 * and exports it from its index.ts; the registry lists them. The app's connect service for that marketplace holds
 * the state, decides which failures are fatal and what the account stores.
 */
export interface ConnectFlow<App, Tokens, Seller> {
  readonly marketplace: Marketplace;
  /** A PKCE code verifier to keep server-side with the state (Etsy), or null when the marketplace uses none (eBay). */
  createCodeVerifier(): string | null;
  /** The consent page's URL for this state; `authorizeUrl` overrides the marketplace's page (emulators, sandbox). */
  consentUrl(input: { app: App; state: string; codeVerifier: string | null; authorizeUrl?: string }): string;
  /** Exchanges the authorization code of the consent page's redirect for the seller's tokens. */
  exchangeCode(input: { authBaseUrl: string; app: App; code: string; codeVerifier: string | null }): Promise<Tokens>;
  /** Who granted the consent (eBay: the seller's username; Etsy: their shop), or null when the marketplace names none. */
  identifySeller(input: { apiBaseUrl: string; app: App; tokens: Tokens }): Promise<Seller | null>;
}

/** A marketplace's request to erase all we hold about one of its users (eBay's marketplace account deletion). */
export interface AccountDeletionNotice {
  notificationId: string;
  /** The user's name on the marketplace (what orders carry as the buyer's user id). */
  username: string;
  /** The marketplace's immutable user id. */
  userId: string;
}

/**
 * Receiving account-deletion notices (eBay, mandatory): the endpoint's verification challenge, the notice's
 * signature and its parsing. `App` is what fetching the signing keys needs (eBay: the app's client credentials).
 * The app's service erases the data and answers the marketplace.
 */
export interface AccountDeletionFlow<App> {
  readonly marketplace: Marketplace;
  /** The answer to the marketplace's challenge of the endpoint, from our verification token and the endpoint's URL. */
  challengeResponse(challengeCode: string, verificationToken: string, endpoint: string): string;
  /** The id of the key that signed a notice, from its signature header; null when the header is missing or malformed. */
  signingKeyId(signatureHeader: string | null): string | null;
  /**
   * The marketplace's public key of that id; null when the marketplace refuses or does not know that id. Both
   * answers are remembered for a while, and lookups are bounded, since any sender can name a new id: past the
   * bound this throws a `rate_limited` ConnectorError (with `retryAfterMs`) instead of calling the marketplace.
   * Other failures throw ConnectorError too. The service answers every throw with "deliver again later".
   */
  signingKey(source: { apiBaseUrl: string; authBaseUrl: string; app: App }, keyId: string): Promise<string | null>;
  /** Whether the signature header signs exactly this raw body with that key. */
  verifySignature(input: { rawBody: string; signatureHeader: string | null; publicKey: string }): boolean;
  parseNotice(rawBody: string): { ok: true; value: AccountDeletionNotice } | { ok: false; error: string };
}

/** Error kinds every connector maps foreign failures into. */
export const CONNECTOR_ERROR_KINDS = ["retryable", "permanent", "auth_expired", "rate_limited"] as const;
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number];

/**
 * Brands, not `instanceof`: the routes load these modules through Vite and the process entry through tsx, so two
 * copies of this class exist at once. `Symbol.for` gives every copy the same key, set on the class's prototype.
 */
const CONNECTOR_ERROR_BRAND = errorBrand("ConnectorError");

export class ConnectorError extends Error {
  static {
    brandErrorClass(this, CONNECTOR_ERROR_BRAND);
  }
  override readonly name = "ConnectorError";
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      marketplace?: Marketplace;
      operation?: string;
      httpStatus?: number;
      /** When the caller may try again (rate limits). */
      retryAfterMs?: number;
      /** The marketplace's own error code(s), for the timeline. */
      code?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind !== "permanent";
  }
}

/** A ConnectorError, from whichever copy of this module built it. */
export function isConnectorError(e: unknown): e is ConnectorError {
  return hasErrorBrand(e, CONNECTOR_ERROR_BRAND);
}
