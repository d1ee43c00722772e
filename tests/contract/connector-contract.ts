/**
 * The contract every MarketplaceConnector meets, run against each marketplace's emulator over real HTTP:
 *  (a) listing maps an order: lines (SKU, quantity, unit price in integer minor units), buyer, address,
 *      totals that add up;
 *  (b) cursor and overlap: listing again from `coveredUntil` minus an overlap re-lists what was covered
 *      (the caller dedups), brings what changed since, and leaves out what did not change;
 *  (c) paging with a small page size: every order exactly once, one `coveredUntil` for the whole listing;
 *  (d) a shipment in several packages reaches the marketplace with its tracking, carrier and lines, and
 *      sending a package again does not add one;
 *  (e) failures come as ConnectorError of our kinds: 429 → rate_limited, 5xx and timeouts → retryable,
 *      an access token that stays expired or a revoked grant → auth_expired, a 400 → permanent, a cut-off
 *      or contract-breaking body → ConnectorError (never a TypeError);
 *  (f) resolveCarrier maps UPS, USPS and FedEx to the marketplace's codes and keeps an unknown carrier's
 *      name with the marketplace's "other" code.
 * Each marketplace calls `describeConnectorContract(fixture)` from its own test file (see README.md).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ConnectorError,
  isConnectorError,
  MARKETPLACE_DISPLAY_NAMES,
  type ListOrdersPage,
  type ListOrdersParams,
  type MarketplaceConnector,
  type MarketplaceOrder,
  type ShipmentConfirmation,
} from "#connectors/types.ts";
import { waitFor } from "../setup/wait-for";
import {
  CONTRACT_BREAKS,
  type ConnectorContractFixture,
  type ContractHarness,
  type OrderSpec,
} from "./contract-fixture";

/** The app's default overlap (ImportSettings.overlapMs). */
export const OVERLAP_MS = 5 * 60_000;
const MINUTE = 60_000;
/** Listings never need more pages than this here; more means the page token does not advance. */
const MAX_PAGES = 20;

const ORDER: OrderSpec = {
  lines: [
    { sku: "MUG-BLUE", title: "Blue mug", quantity: 2, unitPrice: 1250 },
    { sku: "CARD-XMAS", title: "Christmas card", quantity: 1, unitPrice: 350 },
  ],
  shipping: 499,
  tax: 200,
  buyerName: "Jordan Ellis",
  address: { line1: "2121 7th Ave", city: "Seattle", region: "WA", postalCode: "98121", countryCode: "US" },
};

function orderSpec(overrides: Partial<OrderSpec> = {}): OrderSpec {
  return { ...ORDER, ...overrides };
}

interface Listing {
  pages: ListOrdersPage[];
  orders: MarketplaceOrder[];
  ids: string[];
}

/** Walks `nextPageToken` to the end. */
async function listAll(connector: MarketplaceConnector, params: ListOrdersParams): Promise<Listing> {
  const pages: ListOrdersPage[] = [];
  let token: string | null = null;
  do {
    const page = await connector.listUpdatedOrders(params, token);
    pages.push(page);
    token = page.nextPageToken;
  } while (token !== null && pages.length < MAX_PAGES);
  expect(token, `the listing did not end within ${MAX_PAGES} pages`).toBeNull();
  const orders = pages.flatMap((p) => p.orders);
  return { pages, orders, ids: orders.map((o) => o.marketplaceOrderId) };
}

/** The ConnectorError a call fails with; anything else (a TypeError, a resolution) fails the test. */
async function connectorError(call: Promise<unknown>): Promise<ConnectorError> {
  let outcome: unknown;
  try {
    await call;
    outcome = "no error";
  } catch (e) {
    if (isConnectorError(e)) return e;
    outcome = e instanceof Error ? `${e.name}: ${e.message}` : e;
  }
  throw new Error(`expected a ConnectorError, got ${String(outcome)}`);
}

function find(listing: Listing, marketplaceOrderId: string): MarketplaceOrder {
  const order = listing.orders.find((o) => o.marketplaceOrderId === marketplaceOrderId);
  if (!order) throw new Error(`order ${marketplaceOrderId} not listed (listed: ${listing.ids.join(", ") || "none"})`);
  return order;
}

function expectMinorUnits(amount: number): void {
  expect(Number.isInteger(amount), `${amount} is not an integer amount of minor units`).toBe(true);
}

export function describeConnectorContract(fixture: ConnectorContractFixture): void {
  describe(`${fixture.label} connector contract`, () => {
    let h: ContractHarness;

    beforeAll(async () => {
      h = await fixture.start();
    });

    afterAll(async () => {
      await h?.close();
    });

    beforeEach(async () => {
      await h.reset();
    });

    /** Seeds an order and lists it back through the connector (the app learns line ids from the listing). */
    async function seedAndList(connector: MarketplaceConnector, spec = orderSpec()): Promise<MarketplaceOrder> {
      const { marketplaceOrderId } = await h.seedOrder(spec);
      await h.settleListing();
      return find(await listAll(connector, { updatedAfter: new Date(h.now() - 60 * MINUTE) }), marketplaceOrderId);
    }

    it("is the connector of its marketplace", () => {
      expect(h.connector().marketplace).toBe(fixture.marketplace);
    });

    describe("listing", () => {
      it("returns a seeded order with its lines, buyer, address and totals that add up, in integer minor units", async () => {
        const connector = h.connector();
        const order = await seedAndList(connector);

        expect(order.status).toBe("unshipped");
        expect(order.currency).toBe("USD");
        expect(order.purchasedAt.getTime()).not.toBeNaN();
        expect(order.updatedAt.getTime()).not.toBeNaN();
        expect(order.lines.map((l) => [l.sku, l.quantity, l.quantityShipped, l.unitPrice])).toEqual(
          ORDER.lines.map((l) => [l.sku, l.quantity, 0, { amount: l.unitPrice, currency: "USD" }]),
        );
        const lineIds = order.lines.map((l) => l.marketplaceLineId);
        for (const id of lineIds) expect(id).toMatch(/\S/);
        expect(new Set(lineIds).size).toBe(lineIds.length);
        expect(order.buyer.name).toBe(ORDER.buyerName);
        expect(order.shippingAddress).toMatchObject({
          name: ORDER.buyerName,
          line1: ORDER.address.line1,
          city: ORDER.address.city,
          region: ORDER.address.region,
          postalCode: ORDER.address.postalCode,
          countryCode: ORDER.address.countryCode,
        });

        const { subtotal, shipping, tax, total } = order.totals;
        for (const m of [subtotal, shipping, tax, total]) {
          expectMinorUnits(m.amount);
          expect(m.currency).toBe("USD");
        }
        expect(subtotal.amount).toBe(ORDER.lines.reduce((n, l) => n + l.unitPrice * l.quantity, 0));
        expect(shipping.amount).toBe(ORDER.shipping);
        expect(tax.amount).toBe(ORDER.tax);
        expect(total.amount).toBe(subtotal.amount + shipping.amount + tax.amount);
      });

      it("lists again from coveredUntil minus an overlap: re-lists what it covered, brings what changed since, leaves out the rest", async () => {
        const connector = h.connector();
        const halfAnHourAgo = 30 * MINUTE;
        const stale = await h.seedOrder(orderSpec({ lastUpdatedMsAgo: halfAnHourAgo }));
        const changed = await h.seedOrder(orderSpec({ lastUpdatedMsAgo: halfAnHourAgo }));
        const covered = await h.seedOrder(orderSpec());
        if (!fixture.canBackdateOrders) {
          // Everything was stamped "now" in whole seconds: let a second pass, so the cursor lies after them.
          const seededAt = h.now();
          await waitFor(() => Math.floor(h.now() / 1000) > Math.floor(seededAt / 1000), { what: "the next second" });
        }
        await h.settleListing();
        const pollStart = new Date();

        const first = await listAll(connector, { updatedAfter: new Date(h.now() - 60 * MINUTE) });
        expect(first.ids).toEqual(expect.arrayContaining([stale, changed, covered].map((o) => o.marketplaceOrderId)));
        const cursor = first.pages.at(-1)!.coveredUntil ?? pollStart;
        expect(cursor.getTime()).toBeLessThanOrEqual(h.now());

        await h.cancelOnMarketplace(changed.marketplaceOrderId);
        const added = await h.seedOrder(orderSpec());
        await h.settleListing();

        const second = await listAll(connector, { updatedAfter: new Date(cursor.getTime() - OVERLAP_MS) });
        expect(second.ids).toEqual(expect.arrayContaining([covered, changed, added].map((o) => o.marketplaceOrderId)));
        expect(find(second, changed.marketplaceOrderId).status).toBe("cancelled");
        if (fixture.canBackdateOrders) expect(second.ids).not.toContain(stale.marketplaceOrderId);

        // From the cursor itself: what changed since is there, what did not change is not.
        const third = await listAll(connector, { updatedAfter: cursor });
        expect(third.ids).toEqual(expect.arrayContaining([changed, added].map((o) => o.marketplaceOrderId)));
        expect(third.ids).not.toContain(stale.marketplaceOrderId);
      });

      it("pages with a small page size: every order exactly once, and one coveredUntil for the whole listing", async () => {
        const pageSize = fixture.fixedPageSize ?? 2;
        const seeded: string[] = [];
        for (let i = 1; i <= 2 * pageSize + 1; i++) {
          const spec = orderSpec({
            lines: [{ sku: `PAGE-${i}`, title: `Item ${i}`, quantity: 1 + (i % 3), unitPrice: 1000 + i }],
          });
          seeded.push((await h.seedOrder(spec)).marketplaceOrderId);
        }
        await h.settleListing();

        const listing = await listAll(h.connector({ pageSize }), { updatedAfter: new Date(h.now() - 60 * MINUTE) });
        expect(listing.pages.length).toBeGreaterThanOrEqual(3);
        for (const page of listing.pages) expect(page.orders.length).toBeLessThanOrEqual(pageSize);
        expect([...listing.ids].sort()).toEqual([...seeded].sort());
        const bounds = new Set(listing.pages.map((p) => p.coveredUntil?.getTime() ?? null));
        expect(bounds.size).toBe(1);
        for (const id of seeded) expect(find(listing, id).lines[0]!.sku).toBe(`PAGE-${seeded.indexOf(id) + 1}`);
      });
    });

    describe("confirmShipment", () => {
      it("sends a shipment in two packages with their own lines and carriers; sending package 1 again adds nothing", async () => {
        const connector = h.connector();
        const order = await seedAndList(connector);
        const [lineA, lineB] = order.lines;
        const common = {
          marketplaceOrderId: order.marketplaceOrderId,
          shippedAt: new Date(h.now()),
          salesChannel: order.salesChannel ?? null,
          destinationCountry: order.shippingAddress?.countryCode ?? null,
        };
        const first: ShipmentConfirmation = {
          ...common,
          packageReference: "1001",
          carrier: connector.resolveCarrier("UPS"),
          trackingNumber: "1Z999AA10123456784",
          lines: [{ marketplaceLineId: lineA!.marketplaceLineId, quantity: lineA!.quantity }],
        };
        const second: ShipmentConfirmation = {
          ...common,
          packageReference: "1002",
          carrier: connector.resolveCarrier("USPS"),
          trackingNumber: "9400111202555842332669",
          lines: [{ marketplaceLineId: lineB!.marketplaceLineId, quantity: lineB!.quantity }],
        };

        const firstResult = await connector.confirmShipment(first);
        await h.settleListing();
        const afterFirst = find(
          await listAll(connector, { updatedAfter: new Date(h.now() - 60 * MINUTE) }),
          order.marketplaceOrderId,
        );
        // A marketplace that ships whole orders (Etsy) calls the order shipped after its first package.
        expect(afterFirst.status).toBe(fixture.shipsWholeOrder ? "shipped" : "partially_shipped");

        const secondResult = await connector.confirmShipment(second);
        const expected = [first, second].map((p) => ({
          trackingNumber: p.trackingNumber,
          carrier: p.carrier.code,
          lines: fixture.shipsWholeOrder ? null : p.lines,
        }));
        expect(await h.packagesSeenByMarketplace(order.marketplaceOrderId)).toEqual(expected);
        if (firstResult.marketplaceShipmentId !== null)
          expect(secondResult.marketplaceShipmentId).not.toBe(firstResult.marketplaceShipmentId);

        // A resend (a crash between "sent" and "recorded") is answered as done, and the marketplace keeps two packages.
        await expect(connector.confirmShipment(first)).resolves.toEqual(firstResult);
        expect(await h.packagesSeenByMarketplace(order.marketplaceOrderId)).toEqual(expected);

        await h.settleListing();
        const shipped = find(
          await listAll(connector, { updatedAfter: new Date(h.now() - 60 * MINUTE) }),
          order.marketplaceOrderId,
        );
        expect(shipped.status).toBe("shipped");
        expect(shipped.lines.map((l) => l.quantityShipped)).toEqual(shipped.lines.map((l) => l.quantity));
      });
    });

    describe("errors mapped to our kinds", () => {
      const anHourAgo = (): ListOrdersParams => ({ updatedAfter: new Date(h.now() - 60 * MINUTE) });

      it("429 → rate_limited, with the marketplace's Retry-After when it states one", async () => {
        const connector = h.connector();
        await h.injectFault("http_429");
        const err = await connectorError(connector.listUpdatedOrders(anHourAgo()));
        expect(err.kind).toBe("rate_limited");
        expect(err.details).toMatchObject({ marketplace: fixture.marketplace, httpStatus: 429 });
        if (fixture.retryAfterMsOn429 !== undefined) expect(err.details.retryAfterMs).toBe(fixture.retryAfterMsOn429);
        else if (err.details.retryAfterMs !== undefined) expect(err.details.retryAfterMs).toBeGreaterThanOrEqual(0);
      });

      it("500 and 503 → retryable, when listing and when confirming a shipment", async () => {
        const connector = h.connector();
        const order = await seedAndList(connector);
        await h.injectFault("http_500");
        expect(await connectorError(connector.listUpdatedOrders(anHourAgo()))).toMatchObject({
          kind: "retryable",
          details: { httpStatus: 500 },
        });
        const pkg: ShipmentConfirmation = {
          marketplaceOrderId: order.marketplaceOrderId,
          packageReference: "1",
          carrier: connector.resolveCarrier("UPS"),
          trackingNumber: "1Z999AA10123456784",
          shippedAt: new Date(h.now()),
          lines: order.lines.map((l) => ({ marketplaceLineId: l.marketplaceLineId, quantity: l.quantity })),
          salesChannel: order.salesChannel ?? null,
          destinationCountry: order.shippingAddress?.countryCode ?? null,
        };
        expect(await connectorError(connector.confirmShipment(pkg))).toMatchObject({
          kind: "retryable",
          details: { httpStatus: 500 },
        });
        await h.clearFaults();
        await h.injectFault("http_503");
        expect(await connectorError(connector.listUpdatedOrders(anHourAgo()))).toMatchObject({
          kind: "retryable",
          details: { httpStatus: 503 },
        });
      });

      it("an access token the marketplace keeps calling expired → auth_expired (after the connector's one refresh)", async () => {
        const connector = h.connector();
        await h.injectFault("expired_access_token");
        expect((await connectorError(connector.listUpdatedOrders(anHourAgo()))).kind).toBe("auth_expired");
      });

      it("a revoked grant (the refresh token is refused) → auth_expired", async () => {
        const connector = h.connector();
        await listAll(connector, anHourAgo()); // an access token in hand
        await h.revokeGrant();
        expect((await connectorError(connector.listUpdatedOrders(anHourAgo()))).kind).toBe("auth_expired");
        expect((await connectorError(h.connector().listUpdatedOrders(anHourAgo()))).kind).toBe("auth_expired");
      });

      it("a 400 validation error → permanent", async () => {
        const connector = h.connector();
        const order = await seedAndList(connector);
        const err = await connectorError(h.provokeBadRequest(connector, order));
        expect(err.kind).toBe("permanent");
        expect(err.details).toMatchObject({ marketplace: fixture.marketplace, httpStatus: 400 });
      });

      it("a timeout → retryable", async () => {
        // An access token in hand (the account's connectors share it), so only the hung API call meets the short timeout.
        await listAll(h.connector(), anHourAgo());
        await h.injectFault("timeout");
        const err = await connectorError(h.connector({ timeoutMs: 300 }).listUpdatedOrders(anHourAgo()));
        expect(err.kind).toBe("retryable");
        expect(err.message).toMatch(new RegExp(`^${MARKETPLACE_DISPLAY_NAMES[fixture.marketplace]} .* timed out`));
      });

      it("a body cut off mid-JSON → retryable ConnectorError", async () => {
        const connector = h.connector();
        await h.injectFault("malformed_body");
        const err = await connectorError(connector.listUpdatedOrders(anHourAgo()));
        expect(err.kind).toBe("retryable");
        expect(err.details.marketplace).toBe(fixture.marketplace);
      });

      it.each(CONTRACT_BREAKS)(
        "well-formed JSON that breaks the API's contract (%s): that order comes back unreadable with its raw payload, or the page fails as a ConnectorError; never a TypeError",
        async (kind) => {
          const connector = h.connector();
          const { marketplaceOrderId } = await h.seedOrder(orderSpec());
          await h.settleListing();
          await h.tamper(fixture.contractBreaks[kind]);
          let listing: Listing;
          try {
            listing = await listAll(connector, anHourAgo());
          } catch {
            // A break of the page itself (no order to name): a ConnectorError, retried by the poll.
            const err = await connectorError(listAll(connector, anHourAgo()));
            expect(["permanent", "retryable"]).toContain(err.kind);
            expect(err.details.marketplace).toBe(fixture.marketplace);
            return;
          }
          expect(listing.ids).not.toContain(marketplaceOrderId);
          const unreadable = listing.pages.flatMap((p) => p.unreadable ?? []);
          const it = unreadable.find((u) => u.marketplaceOrderId === marketplaceOrderId);
          expect(it, `${marketplaceOrderId} among the unreadable orders`).toBeDefined();
          expect(it!.reason).toMatch(/could not be mapped/);
          expect(it!.raw).toBeTruthy();
        },
      );
    });

    describe("resolveCarrier", () => {
      it("maps UPS, USPS and FedEx to the marketplace's codes, and an unknown carrier to its other code with the name kept", () => {
        const connector = h.connector();
        const { UPS, USPS, FedEx, other } = fixture.carrierCodes;
        expect(connector.resolveCarrier("UPS")).toEqual({ code: UPS, name: "UPS" });
        expect(connector.resolveCarrier("USPS")).toEqual({ code: USPS, name: "USPS" });
        expect(connector.resolveCarrier("FedEx")).toEqual({ code: FedEx, name: "FedEx" });
        expect(connector.resolveCarrier("Bob's Bike Couriers")).toEqual({ code: other, name: "Bob's Bike Couriers" });
      });
    });
  });
}
