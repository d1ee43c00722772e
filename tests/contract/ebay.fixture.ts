/**
 * The contract fixture for eBay: the eBay emulator (tests/emulators/ebay) over real HTTP at 60 emulated
 * seconds per real second, and the connector built by `createConnector("ebay", ctx)`.
 *
 * - getOrders has no listing lag: `settleListing` has nothing to wait for.
 * - Orders can be seeded as created and last modified in the past (`creationDate`, `lastModifiedDate`).
 * - A revoked grant: the user is seeded again with another refresh token, which revokes what it held.
 * - A 400: createShippingFulfillment for a line item the order does not have (eBay's 32200).
 * - Contract-breaking answers: getOrders' orders broken each way.
 */
import { createConnector } from "#connectors/registry.ts";
import { createEbayEmulator } from "../emulators/ebay";
import type { ConnectorContractFixture, ContractBreak, ContractHarness, TamperRule } from "./contract-fixture";
import {
  clearFaults,
  commonControls,
  confirmUnknownLine,
  forEachIn,
  listenBehindProxy,
  nullsIn,
  seedItemsWithCharges,
  setIn,
  type FaultTarget,
} from "./fixture-support";

const TIME_SCALE = 60;
const USERNAME = "contract_mugs";
const CLIENT = { clientId: "OrderBri-Contract-PRD-0c0n7r4c7", clientSecret: "PRD-contract-secret" };

const GET_ORDERS = "GET /sell/fulfillment/v1/order";
const CONTRACT_BREAKS: Record<ContractBreak, TamperRule> = {
  unknown_status: {
    match: GET_ORDERS,
    transform: forEachIn(["orders"], (o) => (o.orderFulfillmentStatus = "TELEPORTED")),
  },
  null_order: { match: GET_ORDERS, transform: nullsIn(["orders"]) },
  lines_not_a_list: { match: GET_ORDERS, transform: forEachIn(["orders"], (o) => (o.lineItems = {})) },
  price_not_a_number: {
    match: GET_ORDERS,
    transform: forEachIn(["orders"], (o) =>
      forEachIn(["lineItems"], (l) => setIn(l, ["lineItemCost", "value"], "12,50"))(o),
    ),
  },
};

export function ebayFixture(): ConnectorContractFixture {
  return {
    marketplace: "ebay",
    label: "eBay",
    shipsWholeOrder: false,
    canBackdateOrders: true,
    carrierCodes: { UPS: "UPS", USPS: "USPS", FedEx: "FedEx", other: "Other" },
    // eBay's 429 states no Retry-After; the connector estimates the wait from its own call-limit bucket.
    retryAfterMsOn429: undefined,
    contractBreaks: CONTRACT_BREAKS,
    async start(): Promise<ContractHarness> {
      const ebay = createEbayEmulator({ timeScale: TIME_SCALE, limitsEnabled: true });
      const { baseUrl, proxy } = await listenBehindProxy(ebay);
      const faults: FaultTarget = { server: ebay.server, proxy, apiMatch: " /sell/fulfillment/" };
      let accountId = 720_000;
      let refreshToken = "";

      const seedUser = (token: string) => ebay.seedUser({ username: USERNAME, ...CLIENT, refreshToken: token });

      return {
        ...commonControls(faults, ebay),
        connector: (o = {}) =>
          createConnector("ebay", {
            accountId,
            region: "us",
            settings: { marketplaceId: "EBAY_US", ...(o.pageSize ? { pageSize: o.pageSize } : {}) },
            credentials: { ...CLIENT, refreshToken },
            endpoints: { apiBaseUrl: proxy.baseUrl, authBaseUrl: baseUrl },
            rateLimit: { enabled: true, timeScale: TIME_SCALE },
            timeoutMs: o.timeoutMs ?? 5_000,
          }),
        async reset() {
          clearFaults(faults);
          await ebay.reset();
          accountId += 1;
          refreshToken = `v^1.1#i^1#r^1#t^contract-${accountId}`;
          seedUser(refreshToken);
        },
        now: () => ebay.now(),
        async seedOrder(spec) {
          const at = spec.lastUpdatedMsAgo ? new Date(ebay.now() - spec.lastUpdatedMsAgo).toISOString() : undefined;
          const order = ebay.seedOrder({
            username: USERNAME,
            ...(at ? { creationDate: at, lastModifiedDate: at } : {}),
            shipTo: {
              fullName: spec.buyerName,
              contactAddress: {
                addressLine1: spec.address.line1,
                city: spec.address.city,
                stateOrProvince: spec.address.region,
                postalCode: spec.address.postalCode,
                countryCode: spec.address.countryCode,
              },
            },
            items: seedItemsWithCharges(spec, "shippingCost"),
          });
          return { marketplaceOrderId: order.orderId };
        },
        async cancelOnMarketplace(id) {
          ebay.cancelOnMarketplace(id);
        },
        async settleListing() {},
        async packagesSeenByMarketplace(id) {
          const order = ebay.getOrder(id);
          if (!order) throw new Error(`eBay emulator has no order ${id}`);
          return order.fulfillments.map((f) => ({
            trackingNumber: f.trackingNumber ?? "",
            carrier: f.shippingCarrierCode ?? "",
            lines: f.lineItems.map((l) => ({ marketplaceLineId: l.lineItemId, quantity: l.quantity })),
          }));
        },
        async revokeGrant() {
          seedUser(`v^1.1#i^1#r^1#t^reauthorised-${accountId}`);
          ebay.expireAccessTokens(USERNAME);
        },
        provokeBadRequest: (connector, order) => confirmUnknownLine(connector, order, new Date(ebay.now())),
      };
    },
  };
}
