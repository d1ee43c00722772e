import { createAmazonConnector } from "./amazon/connector";
import { createEbayConnector } from "./ebay/connector";
import { createEtsyConnector } from "./etsy/connector";
import type { Marketplace, MarketplaceConnector } from "./types";

/** Base URLs of one marketplace's APIs; default to the real hosts, point at an emulator in sandbox/tests. */
export interface MarketplaceEndpoints {
  /** e.g. https://sellingpartnerapi-na.amazon.com */
  apiBaseUrl: string;
  /** e.g. https://api.amazon.com (LWA token endpoint lives at /auth/o2/token) */
  authBaseUrl: string;
}

export interface ClientRateLimitSettings {
  /** Client-side token buckets on (the official usage-plan rates). */
  enabled: boolean;
  /** Emulated seconds per real second, matching the emulator's scale in tests (1 against real APIs). */
  timeScale: number;
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

/** One line per marketplace: a new marketplace is a folder under connectors/ and a line here. */
const factories: Record<Marketplace, ConnectorFactory> = {
  amazon: createAmazonConnector,
  ebay: createEbayConnector,
  etsy: createEtsyConnector,
};

export function createConnector(marketplace: Marketplace, ctx: ConnectorContext): MarketplaceConnector {
  return factories[marketplace](ctx);
}
