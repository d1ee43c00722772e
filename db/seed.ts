import type { DB } from "./client";
import { createAccount, listAccounts, type MarketplaceAccount } from "./queries/marketplace-accounts";
import type { Marketplace } from "#connectors/types.ts";

/** Database side of seeding: a marketplace account for a shop, once (found again by marketplace and name). Secrets arrive sealed. */
export function ensureAccount(
  db: DB,
  shopId: number,
  account: {
    marketplace: Marketplace;
    name: string;
    region: string;
    settings: Record<string, unknown>;
    credentialsEncrypted: string;
    pollIntervalSeconds: number;
  },
): MarketplaceAccount {
  return db.transaction((tx) => {
    const existing = listAccounts(tx, shopId).find(
      (a) => a.marketplace === account.marketplace && a.name === account.name,
    );
    return existing ?? createAccount(tx, { shopId, ...account });
  });
}
