/**
 * The Amazon connector against the Amazon SP-API emulator (a real HTTP server, tests/emulators/amazon):
 * LWA, listing with paging and the 2-minute lag, confirmShipment, usage plans and injected faults.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAmazonEmulator, type AmazonEmulator } from "#tests/emulators/amazon/index.ts";
import { ConnectorError, type MarketplaceConnector, type ShipmentConfirmation, type ConnectorContext } from "../types";
import { createAmazonConnector } from "./connector";
import { clearLwaTokenCache } from "./lwa";
import { clearRestrictedDataTokens } from "./restricted-data-tokens";
import { resetAmazonRateLimits } from "./usage-plans";

/** Emulated seconds per real second: the 2-minute lag passes in one real second. */
const TIME_SCALE = 120;
const SELLER = {
  sellerId: "A3EMULATEDSELLER",
  clientId: "amzn1.application-oa2-client.emulator",
  clientSecret: "emulator-secret",
  refreshToken: "Atzr|emulator-refresh",
  marketplaceIds: ["ATVPDKIKX0DER"],
};

let emulator: AmazonEmulator;
let baseUrl: string;
let accountId = 1000;

beforeAll(async () => {
  emulator = createAmazonEmulator({ timeScale: TIME_SCALE, limitsEnabled: true });
  baseUrl = await emulator.listen(0);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await emulator.reset();
  clearLwaTokenCache();
  clearRestrictedDataTokens();
  resetAmazonRateLimits();
  accountId += 1;
  const res = await control("POST", "/__sandbox/sellers", SELLER);
  expect(res.status).toBe(201);
});

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function fault(kind: string, match: string, times = 1, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await control("POST", "/__sandbox/faults", { kind, match, times, ...extra });
  expect(res.status).toBe(201);
}

interface SeededOrder {
  amazonOrderId: string;
  status: string;
  items: { orderItemId: string; quantityOrdered: number }[];
  packages: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    trackingNumber: string;
    items: { orderItemId: string; quantity: number }[];
  }[];
}

/** The control API shows an order as the v0 `Order` plus `OrderItems` and `Packages`; we read what we check. */
function sandboxOrder(raw: Record<string, unknown>): SeededOrder {
  type Raw = Record<string, unknown>;
  return {
    amazonOrderId: String(raw.AmazonOrderId),
    status: String(raw.OrderStatus),
    items: (raw.OrderItems as Raw[]).map((i) => ({
      orderItemId: String(i.OrderItemId),
      quantityOrdered: Number(i.QuantityOrdered),
    })),
    packages: ((raw.Packages ?? []) as Raw[]).map((p) => ({
      packageReferenceId: String(p.packageReferenceId),
      carrierCode: String(p.carrierCode),
      ...(p.carrierName ? { carrierName: String(p.carrierName) } : {}),
      trackingNumber: String(p.trackingNumber),
      items: (p.orderItems as Raw[]).map((i) => ({ orderItemId: String(i.orderItemId), quantity: Number(i.quantity) })),
    })),
  };
}

async function seedOrder(
  items: { sku: string; title: string; quantity: number; unitPrice: string }[],
): Promise<SeededOrder> {
  const res = await control("POST", "/__sandbox/orders", {
    sellerId: SELLER.sellerId,
    items,
    shippingAddress: {
      name: "Jordan Ellis",
      addressLine1: "2121 7th Ave",
      city: "Seattle",
      stateOrRegion: "WA",
      postalCode: "98109",
      countryCode: "US",
    },
  });
  expect(res.status).toBe(201);
  return sandboxOrder((await res.json()) as Record<string, unknown>);
}

async function orderState(amazonOrderId: string): Promise<SeededOrder> {
  const res = await control("GET", `/__sandbox/orders/${amazonOrderId}`);
  expect(res.status).toBe(200);
  return sandboxOrder((await res.json()) as Record<string, unknown>);
}

function connector(
  overrides: Partial<ConnectorContext> = {},
  settings: Record<string, unknown> = {},
): MarketplaceConnector {
  return createAmazonConnector({
    accountId,
    region: "na",
    settings: { sellerId: SELLER.sellerId, marketplaceIds: SELLER.marketplaceIds, ...settings },
    credentials: { clientId: SELLER.clientId, clientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken },
    endpoints: { apiBaseUrl: baseUrl, authBaseUrl: baseUrl },
    rateLimit: { enabled: true, timeScale: TIME_SCALE },
    timeoutMs: 5_000,
    ...overrides,
  });
}

/** An instant an hour before emulated now (the emulator's clock runs ahead of the wall clock). */
function anHourAgo(): Date {
  return new Date(emulator.now() - 3600_000);
}

/** Sleeps past Amazon's 2-minute lag (121 emulated seconds), plus a second: its bound is floored to the second. */
async function waitOutListingLag(): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.ceil((121 * 1000) / TIME_SCALE) + 1_100));
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe.each(["v0", "2026-01-01"] as const)("listing with Orders API %s", (ordersApiVersion) => {
  it("holds back orders for the 2-minute lag, then pages through them with a stable coveredUntil", async () => {
    const seeded = [];
    for (let i = 1; i <= 5; i++) {
      seeded.push(await seedOrder([{ sku: `SKU-${i}`, title: `Item ${i}`, quantity: i, unitPrice: "19.99" }]));
    }
    const amazon = connector({}, { ordersApiVersion, maxResultsPerPage: 2 });
    const since = anHourAgo();

    const early = await amazon.listUpdatedOrders({ updatedAfter: since });
    expect(early.orders).toEqual([]);
    expect(early.nextPageToken).toBeNull();
    // Amazon's bound lags its now by two emulated minutes (about one real second at TIME_SCALE)
    expect(early.coveredUntil!.getTime()).toBeLessThanOrEqual(
      emulator.now() - Math.floor((120_000 / TIME_SCALE) * 0.9),
    );

    await waitOutListingLag();

    const pages = [];
    let token: string | null = null;
    do {
      const page = await amazon.listUpdatedOrders({ updatedAfter: since }, token);
      pages.push(page);
      token = page.nextPageToken;
    } while (token && pages.length < 10);

    expect(pages.map((p) => p.orders.length)).toEqual([2, 2, 1]);
    const orders = pages.flatMap((p) => p.orders);
    expect(orders.map((o) => o.marketplaceOrderId).sort()).toEqual(seeded.map((o) => o.amazonOrderId).sort());
    expect(new Set(pages.map((p) => p.coveredUntil!.toISOString())).size).toBe(1);
    for (const o of orders) expect(o.updatedAt.getTime()).toBeLessThanOrEqual(pages[0]!.coveredUntil!.getTime());

    const third = orders.find((o) => o.lines[0]!.sku === "SKU-3")!;
    expect(third.status).toBe("unshipped");
    expect(third.currency).toBe("USD");
    expect(third.salesChannel).toBe("ATVPDKIKX0DER");
    expect(third.lines[0]).toMatchObject({
      quantity: 3,
      quantityShipped: 0,
      unitPrice: { amount: 1999, currency: "USD" },
    });
    expect(third.totals.subtotal).toEqual({ amount: 3 * 1999, currency: "USD" });
    expect(third.shippingAddress).toMatchObject({ name: "Jordan Ellis", line1: "2121 7th Ave", countryCode: "US" });
  });
});

describe("listing (v0 details)", () => {
  it("pages getOrderItems", async () => {
    expect((await control("POST", "/__sandbox/settings", { orderItemsPageSize: 1 })).status).toBe(200);
    const seeded = await seedOrder([
      { sku: "A", title: "A", quantity: 1, unitPrice: "1.00" },
      { sku: "B", title: "B", quantity: 2, unitPrice: "2.00" },
      { sku: "C", title: "C", quantity: 3, unitPrice: "3.00" },
    ]);
    await waitOutListingLag();
    const page = await connector().listUpdatedOrders({ updatedAfter: anHourAgo() });
    const order = page.orders.find((o) => o.marketplaceOrderId === seeded.amazonOrderId)!;
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([
      ["A", 1, 100],
      ["B", 2, 200],
      ["C", 3, 300],
    ]);
  });
});

describe("listing (v0) where Amazon enforces Restricted Data Tokens for PII", () => {
  const requests = async () =>
    (await (await control("GET", "/__sandbox/requests")).json()) as { method: string; path: string; status: number }[];

  it("lists with one RDT: the buyer's name and street come with getOrders, and no getOrderAddress call is made", async () => {
    expect((await control("POST", "/__sandbox/settings", { requireRdtForPii: true })).status).toBe(200);
    try {
      const first = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
      const second = await seedOrder([{ sku: "CUP", title: "Cup", quantity: 2, unitPrice: "4.50" }]);
      await waitOutListingLag();
      const amazon = connector({}, { maxResultsPerPage: 1 });
      const pages = [];
      let token: string | null = null;
      do {
        const page = await amazon.listUpdatedOrders({ updatedAfter: anHourAgo() }, token);
        pages.push(page);
        token = page.nextPageToken;
      } while (token && pages.length < 5);
      const orders = pages.flatMap((p) => p.orders);
      expect(orders.map((o) => o.marketplaceOrderId).sort()).toEqual(
        [first.amazonOrderId, second.amazonOrderId].sort(),
      );
      for (const o of orders) {
        expect(o.shippingAddress).toMatchObject({
          name: "Jordan Ellis",
          line1: "2121 7th Ave",
          city: "Seattle",
          countryCode: "US",
        });
      }
      const log = await requests();
      expect(log.filter((r) => r.path === "/tokens/2021-03-01/restrictedDataToken").map((r) => r.status)).toEqual([
        200,
      ]);
      expect(log.filter((r) => r.path.endsWith("/address"))).toEqual([]);
      expect(log.filter((r) => r.path === "/orders/v0/orders").every((r) => r.status === 200)).toBe(true);
    } finally {
      await control("POST", "/__sandbox/settings", { requireRdtForPii: false });
    }
  });
});

describe("confirmShipment", () => {
  function shipmentFor(order: SeededOrder, amazon: MarketplaceConnector): ShipmentConfirmation {
    return {
      marketplaceOrderId: order.amazonOrderId,
      packageReference: "1",
      carrier: amazon.resolveCarrier("UPS"),
      trackingNumber: "1Z999AA10123456784",
      shippedAt: new Date(emulator.now() - 60_000),
      shippingMethod: "UPS Ground",
      lines: order.items.map((i) => ({ marketplaceLineId: i.orderItemId, quantity: i.quantityOrdered })),
      salesChannel: "ATVPDKIKX0DER",
    };
  }

  it("is accepted, visible in the emulator, and safe to repeat", async () => {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 2, unitPrice: "9.99" }]);
    const amazon = connector();
    const input = shipmentFor(seeded, amazon);

    await expect(amazon.confirmShipment(input)).resolves.toEqual({ marketplaceShipmentId: "1" });
    await expect(amazon.confirmShipment(input)).resolves.toEqual({ marketplaceShipmentId: "1" });

    const state = await orderState(seeded.amazonOrderId);
    expect(state.status).toBe("Shipped");
    expect(state.packages).toHaveLength(1);
    expect(state.packages[0]).toMatchObject({
      packageReferenceId: "1",
      carrierCode: "UPS",
      trackingNumber: "1Z999AA10123456784",
      items: [{ orderItemId: seeded.items[0]!.orderItemId, quantity: 2 }],
    });

    // The 2026 listing reports the package back.
    await waitOutListingLag();
    const page = await connector({}, { ordersApiVersion: "2026-01-01" }).listUpdatedOrders({
      updatedAfter: anHourAgo(),
    });
    const listed = page.orders.find((o) => o.marketplaceOrderId === seeded.amazonOrderId)!;
    expect(listed.status).toBe("shipped");
    expect(listed.shipments).toEqual([
      { carrier: "UPS", trackingNumber: "1Z999AA10123456784", shippedAt: expect.any(Date) },
    ]);
  });

  it("a 200 with a body where Amazon answers 204 is not believed: the order is read back, and a retry sends it", async () => {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    const amazon = connector();
    const input = shipmentFor(seeded, amazon);
    await fault("malformed_body", "shipmentConfirmation");
    await expect(amazon.confirmShipment(input)).rejects.toMatchObject({
      kind: "retryable",
      details: { code: "unexpected_answer", httpStatus: 200 },
    });
    expect((await orderState(seeded.amazonOrderId)).packages).toHaveLength(0);
    await expect(amazon.confirmShipment(input)).resolves.toEqual({ marketplaceShipmentId: "1" });
    expect((await orderState(seeded.amazonOrderId)).packages).toHaveLength(1);
  });

  it("sends an unlisted carrier as Other with its name", async () => {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    const amazon = connector();
    await amazon.confirmShipment({ ...shipmentFor(seeded, amazon), carrier: amazon.resolveCarrier("Evri") });
    const state = await orderState(seeded.amazonOrderId);
    expect(state.packages[0]).toMatchObject({ carrierCode: "Other", carrierName: "Evri" });
  });

  it("maps Amazon's 400 for an unknown order item to permanent with its code", async () => {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    const amazon = connector();
    const err = await rejection(
      amazon.confirmShipment({
        ...shipmentFor(seeded, amazon),
        lines: [{ marketplaceLineId: "99999999999999", quantity: 1 }],
      }),
    );
    expect(err.kind).toBe("permanent");
    expect(err.details).toMatchObject({ httpStatus: 400, code: "InvalidInput", operation: "confirmShipment" });
    expect(err.message).toMatch(/OrderItemId is invalid/);
  });

  it("maps an unknown order to permanent (404)", async () => {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    const amazon = connector();
    const err = await rejection(
      amazon.confirmShipment({ ...shipmentFor(seeded, amazon), marketplaceOrderId: "111-0000000-0000000" }),
    );
    expect(err.kind).toBe("permanent");
    expect(err.details.httpStatus).toBe(404);
  });
});

describe("usage plans", () => {
  /** A slower scale for these tests, so a burst outruns the refill (confirmShipment: burst 10, 2 rps). */
  const SLOW_SCALE = 5;

  async function withEmulatorScale(scale: number, fn: () => Promise<void>): Promise<void> {
    expect((await control("POST", "/__sandbox/limits", { timeScale: scale, enabled: true })).status).toBe(200);
    try {
      await fn();
    } finally {
      await control("POST", "/__sandbox/limits", { timeScale: TIME_SCALE, enabled: true });
    }
  }

  async function repeatedConfirmation(packageReference: string): Promise<ShipmentConfirmation> {
    const seeded = await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    // Identical repeats are idempotent (204), so only the usage plan can fail them.
    return {
      marketplaceOrderId: seeded.amazonOrderId,
      packageReference,
      carrier: { code: "USPS", name: "USPS" },
      trackingNumber: "9400111899223197428490",
      shippedAt: new Date(emulator.now() - 60_000),
      lines: [{ marketplaceLineId: seeded.items[0]!.orderItemId, quantity: 1 }],
    };
  }

  it("client-side buckets pace a burst of confirmations under the emulator's limit", async () => {
    await withEmulatorScale(SLOW_SCALE, async () => {
      const input = await repeatedConfirmation("7");
      const amazon = connector({ rateLimit: { enabled: true, timeScale: SLOW_SCALE } });
      const started = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 14 }, () => amazon.confirmShipment(input)));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      // 10 from the burst, 4 more at 2 rps × SLOW_SCALE = one per 100 ms
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      const log = (await (await control("GET", "/__sandbox/requests")).json()) as { path: string; status: number }[];
      const statuses = log.filter((r) => r.path.endsWith("/shipmentConfirmation")).map((r) => r.status);
      // Our bucket and Amazon's are never exactly in phase: at most one 429, absorbed by the resend.
      expect(statuses.filter((s) => s === 204)).toHaveLength(14);
      expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(1);
    });
  });

  it("without client-side limits the emulator answers 429, mapped to rate_limited", async () => {
    await withEmulatorScale(SLOW_SCALE, async () => {
      const input = await repeatedConfirmation("8");
      const amazon = connector({ rateLimit: { enabled: false, timeScale: SLOW_SCALE } });
      const results = await Promise.allSettled(Array.from({ length: 14 }, () => amazon.confirmShipment(input)));
      const failures = results
        .filter((r): r is PromiseRejectedResult => r.status === "rejected")
        .map((r) => r.reason as ConnectorError);
      expect(failures.length).toBeGreaterThan(0);
      for (const e of failures) {
        expect(e).toBeInstanceOf(ConnectorError);
        expect(e.kind).toBe("rate_limited");
        expect(e.details).toMatchObject({ httpStatus: 429, code: "QuotaExceeded" });
      }
    });
  });
});

describe("faults", () => {
  const list = (amazon = connector()) => amazon.listUpdatedOrders({ updatedAfter: anHourAgo() });

  it("one 429 → the client waits for Retry-After and resends", async () => {
    await fault("http_429", "GET /orders/v0/orders/");
    await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    await waitOutListingLag();
    // the fault hits getOrderItems (0.5 rps: a short refill), which is resent after Retry-After (1 s)
    const page = await list();
    expect(page.orders).toHaveLength(1);
    const log = (await (await control("GET", "/__sandbox/requests")).json()) as { path: string; status: number }[];
    expect(log.filter((r) => r.path.endsWith("/orderItems")).map((r) => r.status)).toEqual([429, 200]);
  });

  it("429 again after the resend → rate_limited with Retry-After", async () => {
    await fault("http_429", "GET /orders/v0/orders", 2);
    const err = await rejection(list());
    expect(err.kind).toBe("rate_limited");
    expect(err.details).toMatchObject({
      httpStatus: 429,
      retryAfterMs: 1000,
      code: "QuotaExceeded",
      operation: "getOrders",
    });
  });

  it("503 → retryable", async () => {
    await fault("http_503", "GET /orders/v0/orders");
    const err = await rejection(list());
    expect(err.kind).toBe("retryable");
    expect(err.details).toMatchObject({ httpStatus: 503, code: "ServiceUnavailable" });
  });

  it("an expired access token once → refreshed and retried transparently", async () => {
    await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    await waitOutListingLag();
    await fault("expired_token", "/orderItems"); // getOrderItems goes with the LWA access token
    const page = await list();
    expect(page.orders).toHaveLength(1);
    const log = (await (await control("GET", "/__sandbox/requests")).json()) as { path: string; status: number }[];
    expect(log.filter((r) => r.path === "/auth/o2/token")).toHaveLength(2);
  });

  it("an expired RDT once on getOrders → a new RDT, and the page listed with it", async () => {
    await seedOrder([{ sku: "MUG", title: "Mug", quantity: 1, unitPrice: "9.99" }]);
    await waitOutListingLag();
    await fault("expired_token", "GET /orders/v0/orders");
    const page = await list();
    expect(page.orders).toHaveLength(1);
    const log = (await (await control("GET", "/__sandbox/requests")).json()) as { path: string; status: number }[];
    expect(log.filter((r) => r.path === "/tokens/2021-03-01/restrictedDataToken").map((r) => r.status)).toEqual([
      200, 200,
    ]);
    expect(log.filter((r) => r.path === "/orders/v0/orders").map((r) => r.status)).toEqual([403, 200]);
  });

  it("a token really expired in the emulator → refreshed and retried", async () => {
    const amazon = connector();
    await list(amazon);
    expect(emulator.expireAccessTokens(SELLER.sellerId)).toBeGreaterThan(0);
    await expect(list(amazon)).resolves.toMatchObject({ orders: [] });
  });

  it("an expired token that stays expired → auth_expired", async () => {
    await fault("expired_token", "GET /orders/v0/orders", 2);
    const err = await rejection(list());
    expect(err.kind).toBe("auth_expired");
    expect(err.details).toMatchObject({ httpStatus: 403, code: "Unauthorized" });
  });

  it("wrong LWA credentials → auth_expired", async () => {
    const err = await rejection(
      list(
        connector({
          credentials: { clientId: SELLER.clientId, clientSecret: SELLER.clientSecret, refreshToken: "Atzr|revoked" },
        }),
      ),
    );
    expect(err.kind).toBe("auth_expired");
    expect(err.details).toMatchObject({ operation: "lwaToken", code: "invalid_grant" });
  });

  it("malformed body → retryable", async () => {
    await fault("malformed_body", "GET /orders/v0/orders");
    const err = await rejection(list());
    expect(err.kind).toBe("retryable");
    expect(err.message).toBe("Amazon getOrders answered a malformed body (HTTP 200)");
  });

  it("timeout → retryable", async () => {
    await fault("timeout", "GET /orders/v0/orders", 1, { delayMs: 2_000 });
    const err = await rejection(list(connector({ timeoutMs: 200 })));
    expect(err.kind).toBe("retryable");
    expect(err.message).toBe("Amazon getOrders timed out after 200 ms");
  });
});
