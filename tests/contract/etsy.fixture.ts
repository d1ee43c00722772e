/**
 * The contract fixture for Etsy: the Etsy emulator (tests/emulators/etsy) over real HTTP at 60 emulated
 * seconds per real second, and the connector built by `createConnector("etsy", ctx)`.
 *
 * - Etsy ships receipts whole (`shipsWholeOrder`): shipments carry a tracking code and carrier only.
 * - The emulator stamps a receipt's update_timestamp with its now (unix seconds), so orders cannot be
 *   backdated (`canBackdateOrders: false`); getShopReceipts has no listing lag.
 * - Refresh tokens rotate: what `onCredentialsRotated` hands over is kept as the account's stored
 *   credentials, as the app does, and the next connector starts from it.
 * - A revoked grant: the emulator revokes the shop's refresh tokens and expires its access tokens.
 * - A 400: a listing whose upper bound lies before its lower bound (min_last_modified > max_last_modified).
 *   Etsy's shipment refusals (the tracking rule) are caught by the connector before any call.
 * - Contract-breaking answers: getShopReceipts' receipts broken each way.
 */
import { createConnector } from "#connectors/registry.ts";
import { createEtsyEmulator } from "../emulators/etsy";
import type { ConnectorContractFixture, ContractBreak, ContractHarness, TamperRule } from "./contract-fixture";
import {
  clearFaults,
  commonControls,
  decimal,
  forEachIn,
  listenBehindProxy,
  nullsIn,
  setIn,
  type FaultTarget,
} from "./fixture-support";

const TIME_SCALE = 60;
const APP = { keystring: "orderbridgecontractkey", sharedSecret: "contract-shared-secret" };
const SHOP_ID = 31_337_777;
const USER_ID = 81_777_001;

const GET_RECEIPTS = `GET /v3/application/shops/${SHOP_ID}/receipts`;
const CONTRACT_BREAKS: Record<ContractBreak, TamperRule> = {
  unknown_status: { match: GET_RECEIPTS, transform: forEachIn(["results"], (r) => (r.status = "teleported")) },
  null_order: { match: GET_RECEIPTS, transform: nullsIn(["results"]) },
  lines_not_a_list: { match: GET_RECEIPTS, transform: forEachIn(["results"], (r) => (r.transactions = {})) },
  price_not_a_number: {
    match: GET_RECEIPTS,
    transform: forEachIn(["results"], (r) =>
      forEachIn(["transactions"], (t) => setIn(t, ["price", "amount"], "12,50"))(r),
    ),
  },
};

export function etsyFixture(): ConnectorContractFixture {
  return {
    marketplace: "etsy",
    label: "Etsy",
    shipsWholeOrder: true,
    canBackdateOrders: false,
    carrierCodes: { UPS: "ups", USPS: "usps", FedEx: "fedex", other: "other" },
    // Etsy's 429 states no Retry-After; the connector estimates the wait from its own per-key bucket.
    retryAfterMsOn429: undefined,
    contractBreaks: CONTRACT_BREAKS,
    async start(): Promise<ContractHarness> {
      const etsy = createEtsyEmulator({ timeScale: TIME_SCALE, limitsEnabled: true });
      const { baseUrl, proxy } = await listenBehindProxy(etsy);
      const faults: FaultTarget = { server: etsy.server, proxy, apiMatch: " /v3/application/" };
      let accountId = 730_000;
      /** What the app would hold in its database for the account; rotated tokens land here. */
      let stored: Record<string, string> = {};

      return {
        ...commonControls(faults, etsy),
        connector: (o = {}) =>
          createConnector("etsy", {
            accountId,
            region: "global",
            settings: { shopId: SHOP_ID, ...(o.pageSize ? { pageSize: o.pageSize } : {}) },
            credentials: stored,
            endpoints: { apiBaseUrl: proxy.baseUrl, authBaseUrl: baseUrl },
            rateLimit: { enabled: true, timeScale: TIME_SCALE },
            timeoutMs: o.timeoutMs ?? 5_000,
            onCredentialsRotated: async (credentials) => {
              stored = credentials;
            },
          }),
        async reset() {
          clearFaults(faults);
          await etsy.reset();
          accountId += 1;
          const refreshToken = `${USER_ID}.contract-${accountId}`;
          etsy.seedApp(APP);
          etsy.seedShop({ shopId: SHOP_ID, userId: USER_ID, keystring: APP.keystring, refreshToken });
          stored = { ...APP, refreshToken };
        },
        now: () => etsy.now(),
        async seedOrder(spec) {
          const receipt = etsy.seedReceipt({
            shopId: SHOP_ID,
            // Etsy states shipping and tax per receipt.
            items: spec.lines.map((l) => ({
              sku: l.sku,
              title: l.title,
              quantity: l.quantity,
              unitPrice: decimal(l.unitPrice),
            })),
            shipping: decimal(spec.shipping),
            tax: decimal(spec.tax),
            name: spec.buyerName,
            first_line: spec.address.line1,
            city: spec.address.city,
            state: spec.address.region,
            zip: spec.address.postalCode,
            country_iso: spec.address.countryCode,
          });
          return { marketplaceOrderId: String(receipt.receipt_id) };
        },
        async cancelOnMarketplace(id) {
          etsy.cancelOnEtsy(Number(id));
        },
        async settleListing() {},
        async packagesSeenByMarketplace(id) {
          const receipt = etsy.getReceipt(Number(id));
          if (!receipt) throw new Error(`Etsy emulator has no receipt ${id}`);
          return receipt.shipments.map((s) => ({
            trackingNumber: s.tracking_code,
            carrier: s.carrier_name,
            lines: null,
          }));
        },
        async revokeGrant() {
          etsy.revokeRefreshTokens(SHOP_ID);
          etsy.expireAccessTokens(SHOP_ID);
        },
        provokeBadRequest: (connector) => {
          const now = etsy.now();
          return connector.listUpdatedOrders({
            updatedAfter: new Date(now - 60_000),
            updatedBefore: new Date(now - 3_600_000),
          });
        },
      };
    },
  };
}
