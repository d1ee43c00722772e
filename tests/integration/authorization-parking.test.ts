import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getAccount } from "#db/queries/marketplace-accounts.ts";
import { getShop } from "#db/queries/shops.ts";
import { listTimeline } from "#db/queries/timeline.ts";
import { jobs, shopifySessions, shops, type JobType } from "#db/schema/index.ts";
import { enqueueAuthorizationChecks, enqueueDuePolls } from "#app/.server/jobs/scheduler.ts";
import { saveConnectedAccount } from "#app/.server/services/connect-state.ts";
import { recordShopInstalled } from "#app/.server/services/shop-installation.ts";
import { etsyShopFor } from "../sandbox/sandbox-marketplaces";
import { SANDBOX_ETSY_APP } from "../sandbox/sandbox-apps";
import { listingLagMs, startHarness, type Harness } from "../setup/app-harness";
import { waitFor } from "../setup/wait-for";

/**
 * A refused authorisation parks work instead of killing it, and the work resumes by itself when the authorisation is
 * back: the shop's token (Shopify), a marketplace account's grant (Etsy), and an uninstall.
 */
describe("refused authorisations park work until they are back", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      pairs: [
        { marketplace: "amazon", platform: "shopify" },
        { marketplace: "etsy", platform: "shopify" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const amazon = () => h.pair("amazon", "shopify");
  const etsy = () => h.pair("etsy", "shopify");
  const jobsOf = (type: JobType) =>
    h.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.shopId, h.shopId), eq(jobs.type, type)))
      .all();
  const realToken = () => h.emulators.shopify.getShop(amazon().shop.domain).accessToken;
  /** Our copy of the shop's token no longer works (revoked at Shopify, as far as the app can tell). */
  const refuseShopToken = () =>
    h.db
      .update(shops)
      .set({ accessTokenEncrypted: h.app.ctx.secrets.encrypt("shpat_revoked") })
      .where(eq(shops.id, h.shopId))
      .run();

  /** The admin home's HTML as the server renders it (sandbox mode: the shop named in the query). */
  const adminHome = async () => {
    const res = await fetch(`${h.http.url}/app?shop=${amazon().shop.domain}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("a 401 that a second call does not confirm is retried, and nothing is parked or dead", async () => {
    await h.shopify.addFault({ kind: "expired_token", match: "graphql.json", times: 1 });
    const { order } = await h.placeLinkedOrder(amazon(), 1);
    expect(order.shopOrderId).toBeTruthy();
    const retried = listTimeline(h.db, h.shopId, order.id).find((e) => e.kind === "shop_order.retrying");
    expect(retried?.message).toMatch(/refused the app's access token once, then answered 200; retrying/);
    expect(getShop(h.db, h.shopId)!.authLostAt).toBeNull();
    expect(
      h.db
        .select()
        .from(jobs)
        .all()
        .filter((j) => j.status === "parked" || j.status === "dead"),
    ).toEqual([]);
  });

  it("a refused shop token parks the order's creation without spending attempts; a new token resumes it", async () => {
    refuseShopToken();
    const id = await h.placeAndPoll(amazon(), 2);
    const order = await waitFor(() => h.orderOf(amazon(), id), { what: "order imported" });
    const parked = await waitFor(
      () => jobsOf("create-shop-order").find((j) => j.status === "parked" && j.payload.orderId === order.id),
      { what: "create-shop-order parked" },
    );
    expect(parked.parkedOn).toBe(`shop:${h.shopId}`);
    expect(parked.attempts).toBe(0);
    expect(parked.lastError).toMatch(/Shopify refused the app's access token twice/);
    expect(await adminHome()).toContain("Shopify no longer accepts OrderBridge&#x27;s access to this store");
    const shop = getShop(h.db, h.shopId)!;
    expect(shop.authLostAt).not.toBeNull();
    expect(shop.authLostReason).toMatch(/authorise it again/);
    expect(h.orderOf(amazon(), id)!.fulfillmentStatus).not.toBe("failed");
    const waiting = listTimeline(h.db, h.shopId, order.id).find((e) => e.kind === "order.waiting_for_authorization");
    expect(waiting?.message).toMatch(/^Creating the Shopify order waits: Shopify no longer accepts/);
    // Reconciliation, which needs the token, is not scheduled while it is refused.
    expect(jobsOf("reconcile-shop").filter((j) => j.status === "queued")).toEqual([]);

    // The merchant opens the app: OAuth gives a new token (afterAuth records it) and the parked work runs now.
    recordShopInstalled(h.app.ctx, { platform: "shopify", domain: amazon().shop.domain, accessToken: realToken() });
    const linked = await h.linkedOrder(amazon(), id);
    expect(linked.fulfillmentStatus).toBe("unshipped");
    expect(getShop(h.db, h.shopId)!.authLostAt).toBeNull();
    expect(jobsOf("create-shop-order").filter((j) => j.status === "parked")).toEqual([]);
    expect(await adminHome()).not.toContain("no longer accepts OrderBridge");
  });

  it("the periodic check finds a token accepted again and resumes the parked work by itself", async () => {
    refuseShopToken();
    const id = await h.placeAndPoll(amazon(), 3);
    await waitFor(() => jobsOf("create-shop-order").find((j) => j.status === "parked"), { what: "parked" });
    // Still refused: the check concludes nothing and the work stays parked.
    h.app.ctx.env.AUTH_RECHECK_INTERVAL_SECONDS = 1;
    try {
      expect(enqueueAuthorizationChecks(h.app.ctx)).toBe(1);
      expect(enqueueAuthorizationChecks(h.app.ctx)).toBe(0); // one live check per refused authorisation
      await waitFor(() => jobsOf("check-authorization").find((j) => j.status === "succeeded"), { what: "checked" });
      expect(jobsOf("create-shop-order").filter((j) => j.status === "parked")).toHaveLength(1);
      // The token works again (restored on the platform's side): the next check resumes the order.
      h.db
        .update(shops)
        .set({ accessTokenEncrypted: h.app.ctx.secrets.encrypt(realToken()) })
        .where(eq(shops.id, h.shopId))
        .run();
      expect(enqueueAuthorizationChecks(h.app.ctx)).toBe(1);
      await h.linkedOrder(amazon(), id);
      expect(getShop(h.db, h.shopId)!.authLostAt).toBeNull();
    } finally {
      h.app.ctx.env.AUTH_RECHECK_INTERVAL_SECONDS = 600;
    }
  });

  it("an Etsy grant refused twice expires the account: polling stops, and reconnecting resumes from the cursor", async () => {
    const { userId } = etsyShopFor("shopify");
    const etsyShop = etsyShopFor("shopify");
    h.emulators.etsy.revokeRefreshTokens(etsyShop.shopId);
    h.emulators.etsy.expireAccessTokens(etsyShop.shopId);
    const first = await h.placeAndPoll(etsy(), 4);
    const poll = await waitFor(
      () => jobsOf("poll-account").find((j) => j.status === "parked" && j.payload.accountId === etsy().account.id),
      { what: "Etsy poll parked" },
    );
    expect(poll.parkedOn).toBe(`account:${etsy().account.id}`);
    expect(poll.lastError).toMatch(/Etsy no longer accepts this account's authorisation .*invalid_grant.*reconnect/);
    const expired = getAccount(h.db, h.shopId, etsy().account.id)!;
    expect(expired.authLostAt).not.toBeNull();
    const cursor = expired.cursor;
    // The merchant is told on the admin home, with a Reconnect button on the account.
    const home = await adminHome();
    expect(home).toContain("Etsy (Etsy) no longer accepts OrderBridge&#x27;s authorisation");
    expect(home).toMatch(/1 step is waiting: its orders are not imported/);
    expect(home).toContain("Reconnect needed");
    expect(home).toContain("Reconnect Etsy");
    // Not polled while expired (the parked poll holds its key; the scheduler skips the account anyway).
    await h.pollNow([etsy().account.id]);
    expect(
      jobsOf("poll-account").filter((j) => j.payload.accountId === etsy().account.id && j.status === "queued"),
    ).toEqual([]);
    // An order placed meanwhile is not lost: the merchant reconnects (a new consent, a new refresh token).
    const second = await etsy().placeOrder(5);
    const refreshToken = `${userId}.reconnected`;
    h.emulators.etsy.seedShop({
      shopId: etsyShop.shopId,
      userId,
      keystring: SANDBOX_ETSY_APP.keystring,
      refreshToken,
      shopName: etsyShop.shopName,
    });
    saveConnectedAccount(h.app.ctx, {
      shopId: h.shopId,
      marketplace: "etsy",
      seller: { key: "shopId", value: etsyShop.shopId },
      name: "Etsy",
      settings: {},
      credentials: { keystring: SANDBOX_ETSY_APP.keystring, sharedSecret: SANDBOX_ETSY_APP.sharedSecret, refreshToken },
    });
    const back = getAccount(h.db, h.shopId, etsy().account.id)!;
    expect(back.authLostAt).toBeNull();
    expect(back.cursor?.getTime()).toBe(cursor?.getTime());
    await h.linkedOrder(etsy(), first);
    await h.linkedOrder(etsy(), second);
  });

  it("an uninstall stops polling and parks the shop's work; a reinstall resumes it", async () => {
    const domain = amazon().shop.domain;
    const id = await amazon().placeOrder(6);
    h.emulators.shopify.uninstall(domain);
    await waitFor(() => getShop(h.db, h.shopId)!.uninstalledAt, { what: "app/uninstalled received" });
    expect(h.db.select().from(shopifySessions).where(eq(shopifySessions.shop, domain)).all()).toEqual([]);
    h.db.update(shops).set({ reconciledAt: null }).where(eq(shops.id, h.shopId)).run();
    await h.pollNow();
    expect(jobsOf("poll-account").filter((j) => j.status === "queued" || j.status === "running")).toEqual([]);
    expect(enqueueDuePolls(h.app.ctx)).toBe(0);

    const { accessToken } = h.emulators.shopify.install(domain);
    recordShopInstalled(h.app.ctx, { platform: "shopify", domain, accessToken });
    await new Promise((r) => setTimeout(r, listingLagMs()));
    await h.pollNow([amazon().account.id]);
    await h.linkedOrder(amazon(), id);
  });
});
