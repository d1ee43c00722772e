/**
 * `POST /admin/api/<SHOPIFY_API_VERSION>/graphql.json`: authentication by `X-Shopify-Access-Token`, body checks (400),
 * parse and validation against the Admin schema, variable coercion, calculated cost with the leaky bucket
 * (THROTTLED, MAX_COST_EXCEEDED), execution with graphql-js, and `extensions.cost` on every executed answer.
 */
import { randomUUID } from "node:crypto";
import { execute, getOperationAST, type GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import type { EmulatorRequest, EmulatorResponse } from "../kit/emulator-server";
import { actualQueryCost, MAX_QUERY_COST, requestedQueryCost } from "./cost";
import {
  coerceVariables,
  executionError,
  operationNotFound,
  syntaxError,
  validationError,
  type ShopifyGraphqlError,
} from "./graphql-errors";
import { fieldResolver, mutationRoot, queryRoot, type ResolverContext } from "./resolvers";
import { adminSchema, API_VERSION, prepare } from "./schema";
import type { ShopifyState } from "./state";
import type { CostThrottle } from "./throttle";

export const INVALID_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function reply(body: unknown, status = 200): EmulatorResponse {
  return { status, headers: { "x-request-id": randomUUID(), "x-shopify-api-version": API_VERSION }, body };
}

function errorsOnly(errors: ShopifyGraphqlError[], extensions?: Record<string, unknown>): EmulatorResponse {
  return reply(extensions ? { errors, extensions } : { errors });
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

function readBody(req: EmulatorRequest): GraphqlBody | null {
  if (String(req.headers["content-type"] ?? "").includes("application/graphql")) {
    return req.rawBody.trim() ? { query: req.rawBody, variables: {} } : null;
  }
  const b = req.body;
  if (!b || typeof b !== "object" || Array.isArray(b)) return null;
  const { query, operationName } = b as Record<string, unknown>;
  let { variables } = b as Record<string, unknown>;
  if (typeof query !== "string" || !query.trim()) return null;
  if (typeof variables === "string") {
    try {
      variables = JSON.parse(variables);
    } catch {
      return null;
    }
  }
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) return null;
  if (operationName != null && typeof operationName !== "string") return null;
  return {
    query,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: (operationName as string | undefined) || undefined,
  };
}

export function graphqlHandler(state: ShopifyState, throttle: CostThrottle) {
  return async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    if (req.params.version !== API_VERSION) {
      return reply(
        { errors: `The Shopify emulator serves API version ${API_VERSION} only (asked for ${req.params.version})` },
        404,
      );
    }
    const shop = state.shopByToken(headerValue(req.headers["x-shopify-access-token"]));
    if (!shop) return reply(INVALID_TOKEN_BODY, 401);

    const body = readBody(req);
    if (!body) return reply({ errors: { query: "Required parameter missing or invalid" } }, 400);

    const prepared = prepare(body.query);
    if (!prepared.ok) {
      return errorsOnly(
        prepared.syntax
          ? prepared.errors.map(syntaxError)
          : prepared.errors.map((e) => validationError(e, prepared.document)),
      );
    }
    const doc = prepared.document;
    const operation = getOperationAST(doc, body.operationName);
    if (!operation) {
      const count = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
      return errorsOnly([operationNotFound(body.operationName, count)]);
    }
    if (operation.operation === "subscription") {
      return errorsOnly([
        { message: "Subscriptions are not supported by the Admin API", extensions: { code: "BAD_REQUEST" } },
      ]);
    }
    const schema = adminSchema();
    const coerced = coerceVariables(schema, operation, body.variables);
    if (!coerced.ok) return errorsOnly(coerced.errors);

    const requested = requestedQueryCost(schema, doc, operation, coerced.values);
    const costBase = { requestedQueryCost: requested, actualQueryCost: null as number | null };
    if (requested > MAX_QUERY_COST) {
      return errorsOnly(
        [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: {
              code: "MAX_COST_EXCEEDED",
              cost: requested,
              maxCost: MAX_QUERY_COST,
              documentation: "https://shopify.dev/api/usage/rate-limits",
            },
          },
        ],
        { cost: { ...costBase, throttleStatus: throttle.status(shop.domain) } },
      );
    }
    if (!throttle.take(shop.domain, requested)) {
      return errorsOnly(
        [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        { cost: { ...costBase, throttleStatus: throttle.status(shop.domain) } },
      );
    }

    const ctx: ResolverContext = { state, shop, search: [] };
    const result = await execute({
      schema,
      document: doc,
      operationName: body.operationName,
      rootValue: rootFor(operation),
      contextValue: ctx,
      variableValues: body.variables,
      fieldResolver,
    });
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const actual = Math.min(requested, actualQueryCost(schema, doc, operation, coerced.values, data));
    throttle.refund(shop.domain, requested - actual);

    const out: Record<string, unknown> = {};
    if (result.errors?.length) out.errors = result.errors.map((e: GraphQLError) => executionError(e));
    out.data = data;
    const extensions: Record<string, unknown> = {
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttle.status(shop.domain) },
    };
    if (ctx.search.length) extensions.search = ctx.search;
    out.extensions = extensions;
    return reply(out);
  };
}

function rootFor(op: OperationDefinitionNode) {
  return op.operation === "mutation" ? mutationRoot() : queryRoot();
}
