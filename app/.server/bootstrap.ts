import { createConnector } from "#connectors/registry.ts";
import type { ConnectorContext } from "#connectors/types.ts";
import type { DB } from "#db/client.ts";
import { databaseBucketStore } from "#db/queries/rate-limit-buckets.ts";
import { getAccount, updateAccountCredentials, type MarketplaceAccount } from "#db/queries/marketplace-accounts.ts";
import type { Shop } from "#db/queries/shops.ts";
import type { AppContext } from "./context";
import { SecretBox } from "./crypto";
import { amazonApiBaseUrl, type Env } from "./env";
import { createLogger, type Logger } from "./logger";
import { createPlatform } from "./platforms/registry";
import type { ShopPlatform } from "./platforms/types";
import { withAuthorizationCheck } from "./authorization/checked-connector";
import { AuthorizationRefusedError } from "./errors";
import { jobHandlers } from "./jobs/job-handlers";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./jobs/backoff";
import { Worker } from "./jobs/worker";

export interface BootstrapOptions {
  env: Env;
  db: DB;
  encryptionKey: string;
  shopifyApiSecret: string;
  logger?: Logger;
  /** Client-side rate limits for connectors (match the emulators' time scale in sandbox/tests). */
  connectorRateLimit?: ConnectorContext["rateLimit"];
  backoff?: BackoffPolicy;
  worker?: { concurrency?: number; idlePollMs?: number; leaseMs?: number };
  importSettings?: Partial<AppContext["importSettings"]>;
}

export interface App {
  ctx: AppContext;
  worker: Worker;
}

/** The composition root: wires env, database, secrets, connectors, platforms and the worker. */
export function createApp(opts: BootstrapOptions): App {
  const { env, db } = opts;
  const secrets = new SecretBox(opts.encryptionKey);
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  let worker: Worker | null = null;
  // The connectors' rate limits are shared by every process on this database.
  const bucketStore = databaseBucketStore(db);

  const connectorContext = (account: MarketplaceAccount): ConnectorContext => ({
    accountId: account.id,
    region: account.region,
    settings: account.settings,
    credentials: secrets.decryptJson<Record<string, string>>(account.credentialsEncrypted),
    endpoints: endpointsFor(env, account),
    rateLimit: { ...(opts.connectorRateLimit ?? { enabled: true, timeScale: 1 }), store: bucketStore },
    onCredentialsRotated: async (credentials) =>
      updateAccountCredentials(db, account.shopId, account.id, secrets.encryptJson(credentials)),
  });

  const platformFor = (shop: Shop): ShopPlatform => {
    if (!shop.accessTokenEncrypted) {
      // Uninstalled (the token was erased): the job parks until the app is installed again.
      throw new AuthorizationRefusedError({ kind: "shop" }, "The shop has no access token; install the app again");
    }
    return createPlatform(shop.platform, {
      env,
      domain: shop.domain,
      accessToken: secrets.decrypt(shop.accessTokenEncrypted),
    });
  };

  const ctx: AppContext = {
    env,
    db,
    secrets,
    logger,
    shopifyApiSecret: opts.shopifyApiSecret,
    connectorFor: (account) => {
      // Disconnected by the merchant: no credentials left. Its work parks (as an expired account's) until reconnected.
      if (account.disconnectedAt)
        throw new AuthorizationRefusedError({ kind: "account", accountId: account.id }, account.authLostReason ?? "");
      return withAuthorizationCheck(createConnector(account.marketplace, connectorContext(account)), account.id, () => {
        // The stored credentials now: another process may have rotated the grant since `account` was read.
        const now = getAccount(db, account.shopId, account.id);
        return now ? createConnector(now.marketplace, connectorContext(now)) : null;
      });
    },
    platformFor,
    // enqueueJob's hook, asked inside the enqueueing transaction: the wake waits until that has returned (committed).
    notifyWorkers: () => queueMicrotask(() => worker?.notify()),
    importSettings: {
      overlapMs: opts.importSettings?.overlapMs ?? 5 * 60_000,
      initialLookbackMs: opts.importSettings?.initialLookbackMs ?? 24 * 60 * 60_000,
    },
  };
  worker = new Worker(ctx, jobHandlers, {
    concurrency: opts.worker?.concurrency ?? env.WORKER_CONCURRENCY,
    idlePollMs: opts.worker?.idlePollMs ?? 1000,
    leaseMs: opts.worker?.leaseMs ?? 30_000,
    backoff: opts.backoff ?? DEFAULT_BACKOFF,
  });
  return { ctx, worker };
}

function endpointsFor(env: Env, account: MarketplaceAccount): ConnectorContext["endpoints"] {
  switch (account.marketplace) {
    case "amazon":
      return { apiBaseUrl: amazonApiBaseUrl(env, account.region), authBaseUrl: env.AMAZON_LWA_BASE_URL };
    case "ebay":
      return { apiBaseUrl: env.EBAY_API_BASE_URL, authBaseUrl: env.EBAY_AUTH_BASE_URL };
    case "etsy":
      return { apiBaseUrl: env.ETSY_API_BASE_URL, authBaseUrl: env.ETSY_AUTH_BASE_URL };
  }
}
