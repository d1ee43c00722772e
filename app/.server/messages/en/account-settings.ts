import {
  MAX_EMAIL_LENGTH,
  MAX_PREFIX_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  MAX_TEXT_LENGTH,
  SYNC_MINUTES,
  type ImportRuleField,
} from "#app/.server/domain/import-rules.ts";

/** The admin's words for an account's settings page and the rules it sets, English. */

export type SettingsField = ImportRuleField | "syncEnabled" | "syncMinutes" | "marketplaceIds";

export const settingsText = {
  saved: (name: string) => `Settings of ${name} saved. The next import uses them.`,
  invalid: "Some settings could not be saved; nothing was changed. See the field marked below.",
} as const;

/** Why a field's value was refused; the value itself is never repeated (it may be a million characters). */
export const SETTINGS_FIELD_ERRORS: Record<SettingsField, string> = {
  syncEnabled: "Choose whether orders are imported.",
  marketplaceIds: "Choose at least one of the marketplaces where this seller sells.",
  syncMinutes: `Sync every ${SYNC_MINUTES.min} to ${SYNC_MINUTES.max} minutes (24 hours), in whole minutes.`,
  unmatchedProducts: "Choose what happens to an order whose products the shop does not sell.",
  stock: "Choose what happens when the shop's stock is short.",
  contact: "Choose whose name and phone the shop order carries.",
  merchantName: `Give the name the shop orders carry instead of the buyer's (${MAX_TEXT_LENGTH} characters at most).`,
  merchantEmail: `Give a valid email address (${MAX_EMAIL_LENGTH} characters at most) for the shop orders instead of the buyer's.`,
  merchantPhone: "Keep the phone number to 30 characters.",
  email: "Choose which email address the shop order carries.",
  fixedEmail: `Give a valid email address (${MAX_EMAIL_LENGTH} characters at most) to use on every order.`,
  aliasDomain: "Give a domain you own, such as orders.example.com, for the order addresses.",
  sendShopConfirmation: "Choose whether the shop emails its own order confirmation.",
  tags: `Use at most ${MAX_TAGS} tags, separated by commas, each ${MAX_TAG_LENGTH} characters at most.`,
  orderNamePrefix: `Keep the order name prefix to ${MAX_PREFIX_LENGTH} characters: letters, digits, "-", "_" or "#".`,
  sourceLabel: `Keep the source label to ${MAX_TEXT_LENGTH} characters.`,
  orderIdInNote: "Choose whether the marketplace order id goes in the order's note.",
  orderIdAsAttribute: "Choose whether the marketplace order id goes in the order's additional details.",
};

/** The page's labels, options and help, English. Platform-only settings say so in their help. */
export const settingsLabels = {
  title: "Import settings",
  sections: {
    sync: "Order sync",
    products: "Products and stock",
    customer: "Customer data",
    shopOrder: "The shop order",
  },
  syncEnabled: "Import orders from this account",
  syncMinutes: "Sync every (minutes)",
  marketplaceIds: "Amazon marketplaces to import",
  marketplaceIdsHelp:
    "The seller's marketplaces in this region; one where the seller no longer sells cannot be chosen.",
  syncMinutesHelp: "From 1 minute to 1440 (24 hours). OrderBridge also imports at once when you switch the sync on.",
  unmatchedProducts: {
    label: "When a product is not in the shop",
    options: {
      hold: "Hold the order and name the unknown SKUs (map them, then it is created)",
      custom_line: "Create the order with custom lines (title, SKU and price, linked to no product)",
    },
  },
  stock: {
    label: "When the shop's stock is short",
    options: {
      oversell: "Create the order anyway (the shop oversells)",
      refuse: "Hold the order as out of stock; it is created by itself when stock comes back",
    },
  },
  contact: {
    label: "Name and phone on the shop order",
    options: {
      buyer: "The buyer's",
      merchant: "Mine (the buyer's details stay on the marketplace; the shipping address is kept)",
    },
  },
  merchantName: "Your name",
  merchantEmail: "Your email",
  merchantPhone: "Your phone (optional)",
  email: {
    label: "Buyer's email on the shop order",
    options: {
      keep: "The marketplace's address",
      remove: "None",
      fixed: "A fixed address",
      alias: "An alias at your domain: {order id}@your domain",
    },
  },
  fixedEmail: "Address used on every order",
  aliasDomain: "Domain for the aliases (e.g. orders.example.com)",
  sendShopConfirmation: "Let the shop email its own order confirmation to the buyer",
  sendShopConfirmationHelp: "Shopify only; marketplaces already confirm the order to the buyer.",
  tags: "Tags (comma-separated)",
  tagsHelp: "Shopify only. {marketplace} and {account} are replaced by the marketplace's and the account's names.",
  orderNamePrefix: "Order name prefix",
  orderNamePrefixHelp:
    "Shopify only. With a prefix, the order is named prefix + marketplace order id (e.g. AMZ-113-…); empty keeps the shop's numbering.",
  sourceLabel: "Source label",
  sourceLabelHelp:
    "Shown as the order's source (Shopify channel, BigCommerce external source). Empty: OrderBridge and the marketplace.",
  orderIdInNote: "Write the marketplace order id in the order's note",
  orderIdAsAttribute: "Show the marketplace order id in the order's additional details",
  orderIdAsAttributeHelp: "Shopify only.",
  save: "Save settings",
} as const;
