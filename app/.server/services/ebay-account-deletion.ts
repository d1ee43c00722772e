import { ACCOUNT_DELETION_FLOWS } from "#connectors/registry.ts";
import { isConnectorError, type AccountDeletionNotice } from "#connectors/types.ts";
import { eraseAccount, findEbayAccountsOfUser } from "#db/queries/marketplace-account-connections.ts";
import { findOrdersOfMarketplaceBuyer, findUnreadableOrdersMentioning } from "#db/queries/personal-data.ts";
import type { Order } from "#db/queries/orders.ts";
import { ERASED_EBAY_BUYER_NAME } from "../messages/en/privacy";
import { eraseBuyerOfOrders } from "./erase-buyer";
import type { AppContext } from "../context";
import { appBaseUrl } from "./connect-state";

/**
 * eBay's mandatory marketplace-account-deletion endpoint (docs/platform-facts.md#ebay-account-deletion).
 *  - GET `?challenge_code=`: `{"challengeResponse": hex(SHA-256(code + verification token + endpoint URL))}`, the
 *    endpoint URL being exactly what is registered with eBay: `${APP_URL}${EBAY_ACCOUNT_DELETION_PATH}`.
 *  - POST: the ECDSA `X-EBAY-SIGNATURE` is checked on the raw body with the Notification API's key for its `kid`
 *    (cached), then the eBay user is erased, as a seller and as a buyer: each of our eBay accounts of that seller
 *    loses its credentials and what names the seller, and stops polling; each eBay order that user bought, in any
 *    shop, loses the buyer's name, email, phone, address and eBay username, and gets a timeline event (the order,
 *    its lines, shipments and shop order stay: the merchant's bookkeeping). 204 when done; 412 for a missing,
 *    unknown or wrong signature (nothing erased); 400 for a signed body that is not an account-deletion
 *    notification; 503 when eBay's key could not be fetched, or when the key lookups of the last minute have
 *    reached their bound (an unknown key id is looked up once, then remembered as unknown for a while), so eBay
 *    delivers again. Any answer but 200/201/202/204 makes eBay deliver again.
 */

const flow = ACCOUNT_DELETION_FLOWS.ebay;

export const EBAY_ACCOUNT_DELETION_PATH = "/webhooks/ebay/marketplace-account-deletion";

export interface EndpointAnswer {
  status: number;
  /** JSON body, or text. */
  body?: unknown;
}

export function ebayAccountDeletionEndpoint(ctx: AppContext): string | null {
  const base = appBaseUrl(ctx.env);
  return base ? `${base}${EBAY_ACCOUNT_DELETION_PATH}` : null;
}

export function answerEbayChallenge(ctx: AppContext, challengeCode: string | null): EndpointAnswer {
  if (!challengeCode) return { status: 400, body: "challenge_code is required" };
  const endpoint = ebayAccountDeletionEndpoint(ctx);
  const token = ctx.env.EBAY_VERIFICATION_TOKEN;
  if (!endpoint || !token) {
    ctx.logger.error("eBay account-deletion challenge received but EBAY_VERIFICATION_TOKEN or APP_URL is not set");
    return { status: 500, body: "Endpoint not configured" };
  }
  return { status: 200, body: { challengeResponse: flow.challengeResponse(challengeCode, token, endpoint) } };
}

export async function receiveEbayAccountDeletion(
  ctx: AppContext,
  signatureHeader: string | null,
  rawBody: string,
): Promise<EndpointAnswer> {
  const keyId = flow.signingKeyId(signatureHeader);
  if (keyId === null) return { status: 412, body: "Missing or malformed X-EBAY-SIGNATURE" };
  const { EBAY_CLIENT_ID: clientId, EBAY_CLIENT_SECRET: clientSecret } = ctx.env;
  if (!clientId || !clientSecret) {
    ctx.logger.error("eBay account-deletion notification received but EBAY_CLIENT_ID/EBAY_CLIENT_SECRET are not set");
    return { status: 500, body: "Endpoint not configured" };
  }
  let publicKey: string | null;
  try {
    publicKey = await flow.signingKey(
      {
        apiBaseUrl: ctx.env.EBAY_API_BASE_URL,
        authBaseUrl: ctx.env.EBAY_AUTH_BASE_URL,
        app: { clientId, clientSecret },
      },
      keyId,
    );
  } catch (e) {
    if (isConnectorError(e) && e.kind === "rate_limited") {
      // Many new key ids in a minute: forged notices, most likely. Not a warning each.
      ctx.logger.info("eBay notification public key not looked up: lookups over their bound", { kid: keyId });
      return { status: 503, body: "Signing key not looked up now; deliver again later" };
    }
    ctx.logger.warn("eBay notification public key unavailable", { kid: keyId, error: (e as Error).message });
    return { status: 503, body: "Signing key unavailable; deliver again later" };
  }
  if (publicKey === null || !flow.verifySignature({ rawBody, signatureHeader, publicKey })) {
    return { status: 412, body: "Signature verification failed" };
  }
  const parsed = flow.parseNotice(rawBody);
  if (!parsed.ok) return { status: 400, body: `Not a marketplace account deletion notification: ${parsed.error}` };
  const erased = eraseEbayUser(ctx, parsed.value);
  // No username or user id in the log: they are what is being erased.
  ctx.logger.info("eBay marketplace account deletion processed", {
    notificationId: parsed.value.notificationId,
    accountsErased: erased.accounts,
    buyerOrdersErased: erased.buyerOrders,
  });
  return { status: 204 };
}

/**
 * Erases this eBay user, in one transaction, and says how much was erased. Idempotent: a repeated notice finds
 * nothing left to erase, and adds no event.
 *  - As a seller: every account of ours, of any shop, connected to them.
 *  - As a buyer: every eBay order, of any shop, whose buyer they are, and every eBay order that could not be read
 *    whose kept payload names them; from each, the buyer's data is erased wherever we keep it, as for a customer's
 *    erasure at the shop's request (erase-buyer.ts: the order's fields, its timeline, its jobs, the shop's stored
 *    deliveries and exports). Orders keep the buyer's eBay username (`buyer.username`, which eBay's spec calls "the
 *    buyer's eBay user ID"); the notice carries both the username and the immutable user id, and either is matched,
 *    as for sellers.
 */
export function eraseEbayUser(
  ctx: AppContext,
  user: Pick<AccountDeletionNotice, "username" | "userId">,
  now = new Date(),
): { accounts: number; buyerOrders: number } {
  return ctx.db.transaction((tx) => {
    const accounts = findEbayAccountsOfUser(tx, user);
    for (const account of accounts) {
      // Keep only settings that do not identify the seller.
      const { marketplaceId, pageSize, fetchFulfillments } = account.settings;
      eraseAccount(tx, account.shopId, account.id, {
        name: "Deleted eBay account",
        settings: { marketplaceId, pageSize, fetchFulfillments, erasedAt: now.toISOString() },
        credentialsEncrypted: ctx.secrets.encryptJson({}),
        reason:
          "eBay closed this seller account and asked us to delete its data: the credentials were erased. Connect the account again to import from it.",
      });
    }
    const named = [...new Set([user.username, user.userId].filter((v) => v.length > 0))];
    const byId = new Map<number, Order>();
    for (const o of [
      ...findOrdersOfMarketplaceBuyer(tx, "ebay", named),
      ...findUnreadableOrdersMentioning(tx, "ebay", named),
    ])
      byId.set(o.id, o);
    const byShop = new Map<number, Order[]>();
    for (const o of byId.values()) byShop.set(o.shopId, [...(byShop.get(o.shopId) ?? []), o]);
    let buyerOrders = 0;
    for (const [shopId, orders] of byShop) {
      buyerOrders += eraseBuyerOfOrders(tx, {
        shopId,
        orders,
        alsoNamed: named,
        buyerName: ERASED_EBAY_BUYER_NAME,
        requestedBy: "marketplace",
        at: now,
      });
    }
    return { accounts: accounts.length, buyerOrders };
  });
}
