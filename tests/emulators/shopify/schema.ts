/**
 * The Shopify Admin GraphQL schema of the app's API version (SHOPIFY_API_VERSION, 2026-07), built once per process
 * from Shopify's own introspection JSON in the shared specs folder (never copied into the repo), plus a cache of
 * parsed and validated documents.
 *
 * `buildClientSchema` gives custom scalars pass-through coercion. Shopify rejects malformed values for a few
 * of them, so DateTime, Decimal, Money, URL and UnsignedInt64 get input coercion that fails like Shopify's
 * ("Could not coerce value ... to DateTime").
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildClientSchema,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ValueNode,
} from "graphql";
import { SHOPIFY_API_VERSION } from "#app/.server/platforms/shopify/api-version.ts";
import { specsDir } from "../kit/emulator-server";

/** The one version the emulator serves: the app's. */
export const API_VERSION = SHOPIFY_API_VERSION;

/** Shopify's introspection of the Admin API at API_VERSION (shipped in @shopify/dev-mcp, gunzipped in the specs). */
export function schemaPath(): string {
  return join(specsDir(), "shopify", "npm-dev-mcp-1.16.0", "dist", "data", `admin_${API_VERSION}.json`);
}

type Check = (v: unknown) => boolean;

const SCALAR_CHECKS: Record<string, Check> = {
  DateTime: (v) =>
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  Date: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
  Decimal: (v) =>
    (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)),
  Money: (v) =>
    (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)),
  UnsignedInt64: (v) =>
    (typeof v === "number" && Number.isInteger(v) && v >= 0) || (typeof v === "string" && /^\d+$/.test(v)),
  URL: (v) => {
    if (typeof v !== "string") return false;
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  },
};

function literalValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    default:
      return undefined;
  }
}

function strictScalars(schema: GraphQLSchema): void {
  for (const [name, check] of Object.entries(SCALAR_CHECKS)) {
    const t = schema.getType(name);
    if (!(t instanceof GraphQLScalarType)) continue;
    const coerce = (v: unknown, node?: ValueNode) => {
      if (!check(v))
        throw new GraphQLError(
          `Could not coerce value ${JSON.stringify(v)} to ${name}`,
          node ? { nodes: node } : undefined,
        );
      return v;
    };
    // buildClientSchema offers no hook for scalar behaviour, so the built scalars' coercion is replaced here.
    const mutable = t as unknown as { parseValue: (v: unknown) => unknown; parseLiteral: (n: ValueNode) => unknown };
    mutable.parseValue = (v: unknown) => coerce(v);
    mutable.parseLiteral = (node: ValueNode) => coerce(literalValue(node), node);
  }
}

let schema: GraphQLSchema | null = null;

/** The Admin schema, loaded on first use (about 0.3 s) and shared by every emulator in the process. */
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const json = JSON.parse(readFileSync(schemaPath(), "utf8")) as { data: IntrospectionQuery };
    const built = buildClientSchema(json.data);
    strictScalars(built);
    schema = built;
  }
  return schema;
}

export type Prepared =
  | { ok: true; document: DocumentNode }
  | { ok: false; syntax: boolean; errors: readonly GraphQLError[]; document?: DocumentNode };

const cache = new Map<string, Prepared>();
const CACHE_MAX = 500;

/** Parses and validates a document against the schema; results are cached by query text. */
export function prepare(query: string): Prepared {
  const hit = cache.get(query);
  if (hit) return hit;
  let result: Prepared;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    result = { ok: false, syntax: true, errors: [e as GraphQLError] };
    remember(query, result);
    return result;
  }
  const errors = validate(adminSchema(), document);
  result = errors.length ? { ok: false, syntax: false, errors, document } : { ok: true, document };
  remember(query, result);
  return result;
}

function remember(query: string, result: Prepared): void {
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(query, result);
}
