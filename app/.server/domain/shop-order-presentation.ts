import type { Marketplace } from "#connectors/types.ts";
import type { ImportRules } from "./import-rules";
import { marketplaceName } from "./marketplace-names";
import type { ImportRuleDecision } from "./timeline-events";

/**
 * How a shop order presents its marketplace order, by the account's import rules: the contact it carries (the
 * buyer's, or the merchant's own), its email, tags, name, source label and where the marketplace order id is
 * written. Pure. What the rules changed is returned as decisions, for the order's timeline.
 */

export interface PresentedOrder {
  marketplace: Marketplace;
  marketplaceOrderId: string;
  accountName: string;
  buyerName: string | null;
  buyerEmail: string | null;
  buyerPhone: string | null;
}

export interface ShopOrderPresentation {
  buyer: { name: string | null; email: string | null; phone: string | null };
  tags: string[];
  /** null: the shop numbers the order itself. */
  name: string | null;
  /** null: the platform's own default label ("OrderBridge Amazon", "OrderBridge (Amazon)"). */
  sourceLabel: string | null;
  note: string | null;
  /** The marketplace order id as a note attribute (Shopify's additional details), or none. */
  orderIdAttribute: { key: string; value: string } | null;
  sendConfirmation: boolean;
}

/** A decision a rule made about how the shop order presents the order, as its timeline says it. */
export type PresentationDecision = Exclude<ImportRuleDecision, { rule: "custom_lines" }>;

/** The local part of an alias address from a marketplace order id: what RFC 5322 allows unquoted, lowercased. */
export function aliasLocalPart(marketplaceOrderId: string): string {
  const local = marketplaceOrderId
    .toLowerCase()
    .replace(/[^a-z0-9!#$%&'*+/=?^_`{|}~-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return local || "order";
}

function emailOf(order: PresentedOrder, rules: ImportRules): { email: string | null; decision?: PresentationDecision } {
  switch (rules.email) {
    case "keep":
      return { email: order.buyerEmail };
    case "remove":
      return { email: null, decision: { rule: "email", mode: "remove", email: null } };
    case "fixed":
      return { email: rules.fixedEmail, decision: { rule: "email", mode: "fixed", email: rules.fixedEmail } };
    case "alias": {
      const email = `${aliasLocalPart(order.marketplaceOrderId)}@${rules.aliasDomain}`;
      return { email, decision: { rule: "email", mode: "alias", email } };
    }
  }
}

export function presentShopOrder(
  order: PresentedOrder,
  rules: ImportRules,
): { presentation: ShopOrderPresentation; decisions: PresentationDecision[] } {
  const mName = marketplaceName(order.marketplace);
  const decisions: PresentationDecision[] = [];
  let buyer: ShopOrderPresentation["buyer"];
  if (rules.contact === "merchant") {
    buyer = { name: rules.merchantName, email: rules.merchantEmail, phone: rules.merchantPhone || null };
    decisions.push({ rule: "merchant_contact" });
  } else {
    const { email, decision } = emailOf(order, rules);
    buyer = { name: order.buyerName, email, phone: order.buyerPhone };
    if (decision) decisions.push(decision);
  }
  if (rules.sendShopConfirmation && buyer.email) decisions.push({ rule: "confirmation_sent" });
  const tags = [
    ...new Set(
      rules.tags
        .map((t) => t.replaceAll("{marketplace}", mName).replaceAll("{account}", order.accountName).trim())
        .filter((t) => t !== ""),
    ),
  ];
  return {
    presentation: {
      buyer,
      tags,
      name: rules.orderNamePrefix ? `${rules.orderNamePrefix}${order.marketplaceOrderId}` : null,
      sourceLabel: rules.sourceLabel || null,
      note: rules.orderIdInNote ? `${mName} order ${order.marketplaceOrderId}` : null,
      orderIdAttribute: rules.orderIdAsAttribute ? { key: `${mName} order`, value: order.marketplaceOrderId } : null,
      sendConfirmation: rules.sendShopConfirmation && buyer.email !== null,
    },
    decisions,
  };
}
