import { z } from "zod";

/**
 * The merchant's rules for importing one marketplace account's orders (docs/decisions/030): what the shop order
 * carries and what an order needs before it is created. Pure: the schema, the defaults, and the form's validation.
 *
 * Stored as JSON on the account (`marketplace_accounts.import_rules`); a stored value is read through
 * `importRulesOf`, so a rule added later, or one a bug stored wrongly, reads as its default instead of failing an
 * import. The sync switch and frequency are the account's own columns (`enabled`, `poll_interval_seconds`), as the
 * scheduler reads them; the settings page edits them with the rest.
 */

/** Sync frequency bounds, in minutes: 1 minute to 24 hours. New accounts poll every 5 minutes. */
export const SYNC_MINUTES = { min: 1, max: 24 * 60, default: 5 } as const;

/** Shopify keeps at most 250 tags on an order, each at most 40 characters (shopify.dev Order.tags). */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
/** Longest free text kept in a rule (names, labels, prefixes, addresses). */
export const MAX_TEXT_LENGTH = 100;
/** RFC 5321: an address is at most 254 characters. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PREFIX_LENGTH = 20;

/** Tokens a tag may carry: replaced by the marketplace's name and the account's. */
export const TAG_TOKENS = ["{marketplace}", "{account}"] as const;

export const UNMATCHED_PRODUCTS = ["hold", "custom_line"] as const;
export const STOCK_RULES = ["oversell", "refuse"] as const;
export const CONTACT_RULES = ["buyer", "merchant"] as const;
export const EMAIL_RULES = ["keep", "remove", "fixed", "alias"] as const;

const text = (max: number) => z.string().trim().max(max);
const email = z.string().trim().max(MAX_EMAIL_LENGTH).email();
/** A domain name: labels of letters, digits and hyphens, with a dot (RFC 1035), e.g. orders.merchant.com. */
const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_TEXT_LENGTH)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/);

export const ImportRulesSchema = z.object({
  /** An order line whose SKU the shop does not sell: hold the order (failed, SKUs named) or create a custom line. */
  unmatchedProducts: z.enum(UNMATCHED_PRODUCTS).default("hold"),
  /** The shop's available stock is short: create anyway (the shop oversells) or hold the order until stock rises. */
  stock: z.enum(STOCK_RULES).default("oversell"),
  /** Whose name and phone the shop order carries: the buyer's, or the merchant's own (the address stays the buyer's). */
  contact: z.enum(CONTACT_RULES).default("buyer"),
  merchantName: text(MAX_TEXT_LENGTH).default(""),
  merchantEmail: z.union([z.literal(""), email]).default(""),
  merchantPhone: text(30).default(""),
  /** The buyer's email on the shop order: the marketplace's, none, a fixed one, or `{order id}@aliasDomain`. */
  email: z.enum(EMAIL_RULES).default("keep"),
  fixedEmail: z.union([z.literal(""), email]).default(""),
  aliasDomain: z.union([z.literal(""), domainName]).default(""),
  /** Whether the shop sends its own order confirmation to the buyer (Shopify's receipt). */
  sendShopConfirmation: z.boolean().default(false),
  /** Tags on the shop order (Shopify), with TAG_TOKENS. */
  tags: z.array(text(MAX_TAG_LENGTH).min(1)).max(MAX_TAGS).default(["OrderBridge", "{marketplace}"]),
  /** Shopify order name: prefix + marketplace order id (e.g. "AMZ-113-…"); empty keeps the shop's own numbering. */
  orderNamePrefix: text(MAX_PREFIX_LENGTH).default(""),
  /** Source label (Shopify source name, BigCommerce external source); empty: "OrderBridge <marketplace>". */
  sourceLabel: text(MAX_TEXT_LENGTH).default(""),
  /** Where the marketplace order id is written for the merchant's staff: the order's note, its attributes. */
  orderIdInNote: z.boolean().default(true),
  orderIdAsAttribute: z.boolean().default(true),
});

export type ImportRules = z.output<typeof ImportRulesSchema>;
export type ImportRuleField = keyof ImportRules;

export const DEFAULT_IMPORT_RULES: ImportRules = ImportRulesSchema.parse({});

/**
 * The rules stored on an account, each one that does not read (missing, or stored by an older version) as its
 * default: an import is never failed by how its rules were stored.
 */
export function importRulesOf(stored: unknown): ImportRules {
  const record = stored !== null && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ImportRulesSchema.shape)) {
    const parsed = (schema as z.ZodTypeAny).safeParse(record[key]);
    out[key] = parsed.success ? parsed.data : (DEFAULT_IMPORT_RULES as Record<string, unknown>)[key];
  }
  return out as ImportRules;
}
