/**
 * The contract fixture for Amazon: the SP-API emulator (tests/emulators/amazon) over real HTTP at 120
 * emulated seconds per real second, and the connector built by `createConnector("amazon", ctx)`.
 *
 * - Listing lags two minutes: `settleListing` moves the emulator's clock past the lag instead of waiting.
 * - Orders can be seeded as last updated in the past (`lastUpdateDate`).
 * - A revoked grant: the seller is seeded again with another refresh token (the old one is then refused
 *   by LWA with invalid_grant) and its access tokens are expired.
 * - A 400: confirmShipment for an order item the order does not have (Amazon's InvalidInput).
 * - Contract-breaking answers: v0 breaks getOrders (orders) and getOrderItems (lines), 2026-01-01 its one
 *   searchOrders answer.
 */
import { createConnector } from "#connectors/registry.ts";
import { createAmazonEmulator } from "../emulators/amazon";
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

const TIME_SCALE = 120;
/** Amazon's 2-minute lag (a real second at this scale) plus two more real seconds: its bound is floored to the second. */
const SETTLE_SECONDS = 120 + 2 * TIME_SCALE;
const SELLER_ID = "A3CONTRACTSELLER";
const CLIENT = { clientId: "amzn1.application-oa2-client.contract", clientSecret: "contract-secret" };
const US = "ATVPDKIKX0DER";
const NOT_A_DECIMAL = "12,50";

const V0_ORDERS = "GET /orders/v0/orders";
const V0_ITEMS = "/orderItems";
const CONTRACT_BREAKS_V0: Record<ContractBreak, TamperRule> = {
  unknown_status: {
    match: V0_ORDERS,
    transform: forEachIn(["payload", "Orders"], (o) => (o.OrderStatus = "Teleported")),
  },
  null_order: { match: V0_ORDERS, transform: nullsIn(["payload", "Orders"]) },
  lines_not_a_list: {
    match: V0_ITEMS,
    transform: (b) => (setIn(b as Record<string, unknown>, ["payload", "OrderItems"], {}), b),
  },
  price_not_a_number: {
    match: V0_ITEMS,
    transform: forEachIn(["payload", "OrderItems"], (i) => setIn(i, ["ItemPrice", "Amount"], NOT_A_DECIMAL)),
  },
};

const V2026_ORDERS = "GET /orders/2026-01-01/orders";
const CONTRACT_BREAKS_2026: Record<ContractBreak, TamperRule> = {
  unknown_status: {
    match: V2026_ORDERS,
    transform: forEachIn(["orders"], (o) => setIn(o, ["fulfillment", "fulfillmentStatus"], "TELEPORTED")),
  },
  null_order: { match: V2026_ORDERS, transform: nullsIn(["orders"]) },
  lines_not_a_list: { match: V2026_ORDERS, transform: forEachIn(["orders"], (o) => (o.orderItems = {})) },
  price_not_a_number: {
    match: V2026_ORDERS,
    transform: forEachIn(["orders"], (o) =>
      forEachIn(["orderItems"], (i) => setIn(i, ["product", "price", "unitPrice", "amount"], NOT_A_DECIMAL))(o),
    ),
  },
};

export function amazonFixture(opts: { ordersApiVersion?: "v0" | "2026-01-01" } = {}): ConnectorContractFixture {
  const ordersApiVersion = opts.ordersApiVersion ?? "v0";
  return {
    marketplace: "amazon",
    label: `Amazon (Orders API ${ordersApiVersion})`,
    shipsWholeOrder: false,
    canBackdateOrders: true,
    carrierCodes: { UPS: "UPS", USPS: "USPS", FedEx: "FedEx", other: "Other" },
    retryAfterMsOn429: 1_000, // the emulator's 429 says Retry-After: 1, as SP-API does
    contractBreaks: ordersApiVersion === "v0" ? CONTRACT_BREAKS_V0 : CONTRACT_BREAKS_2026,
    async start(): Promise<ContractHarness> {
      const amazon = createAmazonEmulator({ timeScale: TIME_SCALE, limitsEnabled: true });
      const { baseUrl, proxy } = await listenBehindProxy(amazon);
      const faults: FaultTarget = { server: amazon.server, proxy, apiMatch: " /orders/" };
      // Each test is a new account with its own refresh token, so no client-side cache outlives a reset.
      let accountId = 710_000;
      let refreshToken = "";

      const seedSeller = (token: string) =>
        amazon.seedSeller({ sellerId: SELLER_ID, ...CLIENT, refreshToken: token, marketplaceIds: [US] });

      return {
        ...commonControls(faults, amazon),
        connector: (o = {}) =>
          createConnector("amazon", {
            accountId,
            region: "na",
            settings: {
              sellerId: SELLER_ID,
              marketplaceIds: [US],
              ordersApiVersion,
              ...(o.pageSize ? { maxResultsPerPage: o.pageSize } : {}),
            },
            credentials: { ...CLIENT, refreshToken },
            endpoints: { apiBaseUrl: proxy.baseUrl, authBaseUrl: baseUrl },
            rateLimit: { enabled: true, timeScale: TIME_SCALE },
            timeoutMs: o.timeoutMs ?? 5_000,
          }),
        async reset() {
          clearFaults(faults);
          await amazon.reset();
          accountId += 1;
          refreshToken = `Atzr|contract-${accountId}`;
          seedSeller(refreshToken);
        },
        now: () => amazon.now(),
        async seedOrder(spec) {
          const at = spec.lastUpdatedMsAgo ? new Date(amazon.now() - spec.lastUpdatedMsAgo).toISOString() : undefined;
          const order = amazon.seedOrder({
            sellerId: SELLER_ID,
            marketplaceId: US,
            ...(at ? { purchaseDate: at, lastUpdateDate: at } : {}),
            buyerName: spec.buyerName,
            shippingAddress: {
              name: spec.buyerName,
              addressLine1: spec.address.line1,
              city: spec.address.city,
              stateOrRegion: spec.address.region,
              postalCode: spec.address.postalCode,
              countryCode: spec.address.countryCode,
            },
            items: seedItemsWithCharges(spec, "shippingPrice"),
          });
          return { marketplaceOrderId: order.AmazonOrderId };
        },
        async cancelOnMarketplace(id) {
          amazon.cancelOnMarketplace(id);
        },
        async settleListing() {
          amazon.advanceClock(SETTLE_SECONDS);
        },
        async packagesSeenByMarketplace(id) {
          const order = amazon.getOrder(id);
          if (!order) throw new Error(`Amazon emulator has no order ${id}`);
          return order.Packages.map((p) => ({
            trackingNumber: p.trackingNumber,
            carrier: p.carrierCode,
            lines: p.orderItems.map((i) => ({ marketplaceLineId: i.orderItemId, quantity: i.quantity })),
          }));
        },
        async revokeGrant() {
          seedSeller(`Atzr|reauthorised-${accountId}`);
          amazon.expireAccessTokens(SELLER_ID);
        },
        provokeBadRequest: (connector, order) => confirmUnknownLine(connector, order, new Date(amazon.now())),
      };
    },
  };
}
