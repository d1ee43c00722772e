/**
 * What the shared connector contract suite (connector-contract.ts) needs from one marketplace: its
 * emulator started over real HTTP, connectors built through connectors/registry.ts, and the few things the
 * suite cannot do through the port: seed orders, change them on the marketplace side, read what the
 * marketplace recorded, and make it fail in given ways. One fixture file per marketplace implements it.
 */
import type { Marketplace, MarketplaceConnector, MarketplaceOrder } from "#connectors/types.ts";
import type { TamperRule } from "./tampering-proxy";

export type { TamperRule } from "./tampering-proxy";

export interface OrderLineSpec {
  sku: string;
  title: string;
  quantity: number;
  /** Integer minor units, per unit. */
  unitPrice: number;
}

/** An order to seed, in the port's terms; each fixture spreads shipping and tax the way its marketplace does. */
export interface OrderSpec {
  lines: OrderLineSpec[];
  /** Integer minor units for the whole order. */
  shipping: number;
  /** Integer minor units for the whole order. */
  tax: number;
  /** The buyer, who is also the ship-to name. */
  buyerName: string;
  address: { line1: string; city: string; region: string; postalCode: string; countryCode: string };
  /**
   * Seed the order as created and last updated this long ago. A fixture whose emulator always stamps
   * "now" (`canBackdateOrders: false`) ignores it.
   */
  lastUpdatedMsAgo?: number;
}

/** A package as the marketplace recorded it. */
export interface SeenPackage {
  trackingNumber: string;
  /** The carrier code the marketplace stored. */
  carrier: string;
  /** Lines and quantities in the package; null when the marketplace keeps none (Etsy). */
  lines: { marketplaceLineId: string; quantity: number }[] | null;
}

/**
 * Ways the marketplace fails every API call (not the token endpoint) from `injectFault` until `reset` or
 * `clearFaults`: enough times that the connector's own resends (after a 429, after an expired token)
 * meet the same answer.
 */
export const CONTRACT_FAULTS = [
  "http_429",
  "http_500",
  "http_503",
  "expired_access_token",
  /** The answer never comes (the suite uses a short `timeoutMs`). */
  "timeout",
  /** A 200 whose body is cut off mid-JSON. */
  "malformed_body",
] as const;
export type ContractFault = (typeof CONTRACT_FAULTS)[number];

/**
 * Well-formed JSON answers to the order listing that break the API's documented shape. Each fixture says
 * how its marketplace's payload looks so broken (`ConnectorContractFixture.contractBreaks`).
 */
export const CONTRACT_BREAKS = [
  /** An order status outside the API's enum (a status the marketplace added later). */
  "unknown_status",
  /** `null` where the list should hold an order. */
  "null_order",
  /** An order's lines are an object, not a list. */
  "lines_not_a_list",
  /** A line's price amount is not a number ("12,50"). */
  "price_not_a_number",
] as const;
export type ContractBreak = (typeof CONTRACT_BREAKS)[number];

export interface ContractConnectorOptions {
  /** Listing page size, through the connector's own setting (ignored when the fixture has `fixedPageSize`). */
  pageSize?: number;
  /** Per-request timeout (ConnectorContext.timeoutMs). */
  timeoutMs?: number;
}

/** One running emulator and the account the suite works with. */
export interface ContractHarness {
  /** A connector for the current account, built with `createConnector` from connectors/registry.ts. */
  connector(opts?: ContractConnectorOptions): MarketplaceConnector;
  /** A fresh account: emulator state, faults, tampering and the connector's per-account caches. Runs before each test. */
  reset(): Promise<void>;
  /** The marketplace's clock, epoch ms (emulators may run ahead of the wall clock). */
  now(): number;
  seedOrder(spec: OrderSpec): Promise<{ marketplaceOrderId: string }>;
  /** The buyer cancels the order on the marketplace, which moves its last-update time. */
  cancelOnMarketplace(marketplaceOrderId: string): Promise<void>;
  /** Returns once every change made so far is visible to a listing (Amazon lists with a two-minute lag). */
  settleListing(): Promise<void>;
  /** The packages the marketplace holds for an order, in the order they were recorded. */
  packagesSeenByMarketplace(marketplaceOrderId: string): Promise<SeenPackage[]>;
  injectFault(fault: ContractFault): Promise<void>;
  /** From now on matching 2xx JSON answers are rewritten by `rule` (a proxy in front of the emulator), until reset or clearFaults. */
  tamper(rule: TamperRule): Promise<void>;
  clearFaults(): Promise<void>;
  /** The seller's grant is gone: the stored refresh token is refused and live access tokens expire. */
  revokeGrant(): Promise<void>;
  /** A port call that this marketplace answers with HTTP 400 (a validation error), for an order it listed. */
  provokeBadRequest(connector: MarketplaceConnector, order: MarketplaceOrder): Promise<unknown>;
  close(): Promise<void>;
}

export interface ConnectorContractFixture {
  readonly marketplace: Marketplace;
  /** Shown in test names, e.g. "Amazon (Orders API v0)". */
  readonly label: string;
  /**
   * The marketplace ships an order as a whole (Etsy): its shipments carry no lines, the first package
   * marks every line shipped, and further packages add tracking only. The suite then expects the order
   * `shipped` after the first package and does not compare package lines.
   */
  readonly shipsWholeOrder: boolean;
  /**
   * The connector's listing page size when its settings cannot make it small; the paging test then seeds
   * more than two pages of it. Undefined: the suite asks for pages of 2 through `connector({ pageSize })`.
   */
  readonly fixedPageSize?: number;
  /** The emulator can seed an order as last updated in the past (`OrderSpec.lastUpdatedMsAgo`). */
  readonly canBackdateOrders: boolean;
  /** The marketplace's carrier codes for these shop carrier names, and for a carrier it does not know. */
  readonly carrierCodes: { UPS: string; USPS: string; FedEx: string; other: string };
  /** The wait the marketplace states on a 429 (Retry-After), in ms; undefined when it states none. */
  readonly retryAfterMsOn429?: number;
  /** How this marketplace's listing answers look when broken each way. */
  readonly contractBreaks: Readonly<Record<ContractBreak, TamperRule>>;
  start(): Promise<ContractHarness>;
}
