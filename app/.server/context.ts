import type { MarketplaceConnector, ConnectorContext } from "#connectors/types.ts";
import type { DB } from "#db/client.ts";
import type { MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { SecretBox } from "./crypto";
import type { Env } from "./env";
import type { Logger } from "./logger";
import type { ShopPlatform } from "./platforms/types";

/** Everything services need, built once by the composition root (start-orderbridge.ts / tests). */
export interface AppContext {
  env: Env;
  db: DB;
  secrets: SecretBox;
  logger: Logger;
  /** Secret that signs Shopify webhooks (the app's client secret). */
  shopifyApiSecret: string;
  connectorFor(account: MarketplaceAccount): MarketplaceConnector;
  platformFor(shop: Shop): ShopPlatform;
  /**
   * Wakes in-process workers for a new job (no-op when none run here). Only enqueueJob (jobs/enqueue.ts) calls it,
   * possibly inside the transaction that inserted the job: it must only schedule the wake, after that returns.
   */
  notifyWorkers(): void;
  /** Import tuning. */
  importSettings: { overlapMs: number; initialLookbackMs: number };
}

export type ConnectorContextFactory = (account: MarketplaceAccount) => ConnectorContext;
