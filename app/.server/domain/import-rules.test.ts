import { describe, expect, it } from "vitest";
import { parseAccountSettingsForm, type AccountSettings } from "./account-settings-form";
import { marketplaceChoiceOf, parseMarketplaceChoice } from "./amazon-marketplace-choice";
import { DEFAULT_IMPORT_RULES, importRulesOf } from "./import-rules";
import { aliasLocalPart, presentShopOrder } from "./shop-order-presentation";

const current: AccountSettings = { syncEnabled: true, syncMinutes: 5, rules: DEFAULT_IMPORT_RULES, marketplaces: null };
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("importRulesOf", () => {
  it("reads each stored rule, and one stored wrongly (or missing) as its default", () => {
    expect(importRulesOf({})).toEqual(DEFAULT_IMPORT_RULES);
    expect(importRulesOf(null)).toEqual(DEFAULT_IMPORT_RULES);
    const rules = importRulesOf({ stock: "refuse", unmatchedProducts: "explode", tags: "not a list", extra: 1 });
    expect(rules).toEqual({ ...DEFAULT_IMPORT_RULES, stock: "refuse" });
    expect(rules).not.toHaveProperty("extra");
  });
});

describe("parseAccountSettingsForm", () => {
  it("keeps what is not posted, and reads booleans, minutes and tags", () => {
    const parsed = parseAccountSettingsForm(
      form({ syncMinutes: " 15 ", sendShopConfirmation: "true", tags: " a, ,b , a " }),
      current,
    );
    expect(parsed).toEqual({
      ok: true,
      settings: {
        syncEnabled: true,
        syncMinutes: 15,
        rules: { ...DEFAULT_IMPORT_RULES, sendShopConfirmation: true, tags: ["a", "b", "a"] },
        marketplaces: null,
      },
    });
  });
  it("checks the rules that depend on each other together", () => {
    expect(parseAccountSettingsForm(form({ contact: "merchant" }), current)).toEqual({
      ok: false,
      field: "merchantName",
    });
    expect(
      parseAccountSettingsForm(form({ contact: "merchant", merchantName: "Ada", merchantEmail: "a@b.co" }), current).ok,
    ).toBe(true);
    expect(parseAccountSettingsForm(form({ email: "fixed" }), current)).toEqual({ ok: false, field: "fixedEmail" });
    expect(parseAccountSettingsForm(form({ email: "alias", aliasDomain: "localhost" }), current)).toEqual({
      ok: false,
      field: "aliasDomain",
    });
  });
  it("refuses an oversized value before reading it", () => {
    expect(parseAccountSettingsForm(form({ merchantPhone: "9".repeat(5_000) }), current)).toEqual({
      ok: false,
      field: "merchantPhone",
    });
  });
});

describe("presentShopOrder", () => {
  const order = {
    marketplace: "amazon" as const,
    marketplaceOrderId: "113-0000001-0000001",
    accountName: "Amazon US",
    buyerName: "Bea Buyer",
    buyerEmail: "bea@marketplace.example",
    buyerPhone: "+1 555 0199",
  };
  it("by default: the buyer, the marketplace's tags, the order id in the note and the attributes, no receipt", () => {
    const { presentation, decisions } = presentShopOrder(order, DEFAULT_IMPORT_RULES);
    expect(presentation).toEqual({
      buyer: { name: "Bea Buyer", email: "bea@marketplace.example", phone: "+1 555 0199" },
      tags: ["OrderBridge", "Amazon"],
      name: null,
      sourceLabel: null,
      note: "Amazon order 113-0000001-0000001",
      orderIdAttribute: { key: "Amazon order", value: "113-0000001-0000001" },
      sendConfirmation: false,
    });
    expect(decisions).toEqual([]);
  });
  it("an alias address is a safe local part of the order id at the merchant's domain", () => {
    const { presentation } = presentShopOrder(order, {
      ...DEFAULT_IMPORT_RULES,
      email: "alias",
      aliasDomain: "o.example",
    });
    expect(presentation.buyer.email).toBe("113-0000001-0000001@o.example");
    expect(aliasLocalPart("  Ab C/1 ")).toBe("ab-c/1");
    expect(aliasLocalPart("@@@")).toBe("order");
  });
  it("no confirmation is asked for an order without an email", () => {
    const { presentation, decisions } = presentShopOrder(order, {
      ...DEFAULT_IMPORT_RULES,
      email: "remove",
      sendShopConfirmation: true,
    });
    expect(presentation.sendConfirmation).toBe(false);
    expect(decisions).toEqual([{ rule: "email", mode: "remove", email: null }]);
  });
});

describe("the Amazon marketplaces an account imports", () => {
  const settings = {
    sellerId: "A1",
    marketplaceIds: ["ATVPDKIKX0DER"],
    participations: [
      { marketplaceId: "ATVPDKIKX0DER", name: "Amazon.com", isParticipating: true },
      { marketplaceId: "A2EUQ1WTGCTBG2", name: "Amazon.ca", isParticipating: true },
      { marketplaceId: "A1AM78C64UM0Y8", name: "Amazon.com.mx", isParticipating: false },
      { name: "no id" },
    ],
  };
  it("offers the participations stored at connect time, and keeps the choice in their order", () => {
    const choice = marketplaceChoiceOf(settings)!;
    expect(choice.chosen).toEqual(["ATVPDKIKX0DER"]);
    expect(choice.options.map((o) => o.id)).toEqual(["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8"]);
    expect(parseMarketplaceChoice("A2EUQ1WTGCTBG2, ATVPDKIKX0DER", choice.options)).toEqual([
      "ATVPDKIKX0DER",
      "A2EUQ1WTGCTBG2",
    ]);
    expect(marketplaceChoiceOf({ sellerId: "A1" })).toBeNull();
  });
  it("refuses none, an unknown one and one where the seller no longer sells", () => {
    const { options } = marketplaceChoiceOf(settings)!;
    expect(parseMarketplaceChoice(" , ", options)).toBeNull();
    expect(parseMarketplaceChoice("ATVPDKIKX0DER,XX", options)).toBeNull();
    expect(parseMarketplaceChoice("A1AM78C64UM0Y8", options)).toBeNull();
  });
});
