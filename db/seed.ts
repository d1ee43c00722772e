import type { DB } from "./client";
import { createAccount, listAccounts, type MarketplaceAccount } from "./queries/marketplace-accounts";
import { upsertShop, type Shop } from "./queries/shops";
import type { Marketplace } from "../connectors/types";

/** Database side of seeding: a Shopify shop with its token and one marketplace account. Secrets arrive sealed. */
export function seedShopWithAccount(
  db: DB,
  p: {
    domain: string;
    shopName: string;
    accessTokenEncrypted: string;
    account: {
      marketplace: Marketplace;
      name: string;
      region: string;
      settings: Record<string, unknown>;
      credentialsEncrypted: string;
      pollIntervalSeconds: number;
    };
  },
): { shop: Shop; account: MarketplaceAccount } {
  return db.transaction((tx) => {
    const shop = upsertShop(tx, { platform: "shopify", domain: p.domain, name: p.shopName, accessTokenEncrypted: p.accessTokenEncrypted });
    const existing = listAccounts(tx, shop.id).find((a) => a.marketplace === p.account.marketplace && a.name === p.account.name);
    const account = existing ?? createAccount(tx, { shopId: shop.id, ...p.account });
    return { shop, account };
  });
}
