/**
 * The app's `shopify.app.toml` as Shopify reads it: client id, access scopes, webhook API version and the
 * `[[webhooks.subscriptions]]` (topics or compliance_topics → uri). The emulator delivers webhooks for
 * exactly these subscriptions, so a topic missing from the TOML is never delivered, as in production.
 */
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";

export interface WebhookSubscription {
  topics: string[];
  /** A path relative to the app URL (`/webhooks`) or an absolute https URL. */
  uri: string;
  name?: string;
  filter?: string;
  includeFields?: string[];
  compliance: boolean;
}

export interface AppConfig {
  clientId: string | null;
  scopes: string[];
  apiVersion: string;
  subscriptions: WebhookSubscription[];
}

/** The repository's shopify.app.toml. */
export function defaultAppConfigPath(): string {
  return new URL("../../../shopify.app.toml", import.meta.url).pathname;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function parseAppConfig(text: string): AppConfig {
  const toml = parse(text) as Record<string, unknown>;
  const access = (toml.access_scopes ?? {}) as Record<string, unknown>;
  const webhooks = (toml.webhooks ?? {}) as Record<string, unknown>;
  const subs = Array.isArray(webhooks.subscriptions) ? (webhooks.subscriptions as Record<string, unknown>[]) : [];
  return {
    clientId: str(toml.client_id) ?? null,
    scopes: (str(access.scopes) ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    apiVersion: str(webhooks.api_version) ?? SHOPIFY_API_VERSION,
    subscriptions: subs
      .filter((s) => typeof s.uri === "string")
      .flatMap((s) => {
        const base = {
          uri: s.uri as string,
          name: str(s.name),
          filter: str(s.filter),
          includeFields: s.include_fields ? strList(s.include_fields) : undefined,
        };
        const out: WebhookSubscription[] = [];
        if (strList(s.topics).length) out.push({ ...base, topics: strList(s.topics), compliance: false });
        if (strList(s.compliance_topics).length)
          out.push({ ...base, topics: strList(s.compliance_topics), compliance: true });
        return out;
      }),
  };
}

export function loadAppConfig(path = defaultAppConfigPath()): AppConfig {
  return parseAppConfig(readFileSync(path, "utf8"));
}
