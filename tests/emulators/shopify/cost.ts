/**
 * Calculated query cost, as Shopify documents it for the Admin GraphQL API
 * (https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits):
 *  - scalars and enums cost 0, objects 1 (lists of objects count once),
 *  - a connection costs 2 + (first|last) × the cost of one node with its selection,
 *  - interfaces and unions cost the most expensive of their possible selections,
 *  - each mutation field costs 10.
 * The requested cost is computed before execution from the arguments; the actual cost afterwards from the
 * data (connections count the nodes really returned).
 */
import {
  Kind,
  getNamedType,
  getArgumentValues,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function fragmentsOf(doc: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}

function isConnection(t: GraphQLNamedType): boolean {
  if (!isObjectType(t) || !t.name.endsWith("Connection")) return false;
  const f = t.getFields();
  return "pageInfo" in f && ("edges" in f || "nodes" in f);
}

/** Walks a selection set, calling `field` for every field that applies to `parent` (fragments flattened). */
function eachField(
  ctx: Ctx,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  field: (node: FieldNode, parent: GraphQLCompositeType) => number,
): number {
  let base = 0;
  const perType = new Map<string, number>();
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      base += field(sel, parent);
      continue;
    }
    const frag = sel.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments[sel.name.value] : sel;
    if (!frag) continue;
    const condName = frag.typeCondition?.name.value;
    const cond = condName ? ctx.schema.getType(condName) : parent;
    if (!cond || !isCompositeType(cond)) continue;
    const c = eachField(ctx, frag.selectionSet, cond, field);
    // On an abstract parent, fragments on different concrete types never apply together: take the maximum.
    if (isAbstractType(parent) && cond !== parent && !isAbstractType(cond))
      perType.set(cond.name, (perType.get(cond.name) ?? 0) + c);
    else base += c;
  }
  return base + Math.max(0, ...perType.values());
}

function fieldDef(parent: GraphQLCompositeType, name: string) {
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

function requestedField(ctx: Ctx, node: FieldNode, parent: GraphQLCompositeType): number {
  const name = node.name.value;
  if (name.startsWith("__")) return 0;
  const def = fieldDef(parent, name);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  if (isConnection(named)) {
    let size = 0;
    try {
      const args = getArgumentValues(def, node, ctx.variables) as { first?: number | null; last?: number | null };
      size = Math.max(args.first ?? 0, args.last ?? 0);
    } catch {
      size = 0;
    }
    let perNode = 0;
    let other = 0;
    if (node.selectionSet) {
      other = eachField(ctx, node.selectionSet, named, (sub, conn) => {
        const subName = sub.name.value;
        if (subName === "nodes" || subName === "edges") {
          const nodeCost = subName === "nodes" ? requestedField(ctx, sub, conn) : edgeNodeCost(ctx, sub, conn);
          perNode = Math.max(perNode, nodeCost);
          return 0;
        }
        if (subName === "pageInfo") return 0;
        return requestedField(ctx, sub, conn);
      });
    }
    return 2 + size * perNode + other;
  }
  return (
    1 + (node.selectionSet ? eachField(ctx, node.selectionSet, named, (sub, p) => requestedField(ctx, sub, p)) : 0)
  );
}

/** Cost of the `node` inside `edges { node { ... } }` (edges themselves are free). */
function edgeNodeCost(ctx: Ctx, edges: FieldNode, conn: GraphQLCompositeType): number {
  const def = fieldDef(conn, "edges");
  if (!def || !edges.selectionSet) return 0;
  const edgeType = getNamedType(def.type) as GraphQLCompositeType;
  return eachField(ctx, edges.selectionSet, edgeType, (sub, p) =>
    sub.name.value === "node" ? requestedField(ctx, sub, p) : 0,
  );
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const ctx: Ctx = { schema, fragments: fragmentsOf(doc), variables };
  if (op.operation === "mutation") {
    const root = schema.getMutationType()!;
    return eachField(ctx, op.selectionSet, root, (n) => (n.name.value.startsWith("__") ? 0 : MUTATION_COST));
  }
  const root = schema.getQueryType()!;
  return eachField(ctx, op.selectionSet, root, (n, p) => requestedField(ctx, n, p));
}

// ---- actual cost, from the returned data ----

type Data = Record<string, unknown>;

function actualField(ctx: Ctx, node: FieldNode, parent: GraphQLCompositeType, value: unknown): number {
  const name = node.name.value;
  if (name.startsWith("__") || value === undefined) return 0;
  const def = fieldDef(parent, name);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  if (value === null) return 1;
  const sub = node.selectionSet;
  if (isConnection(named)) {
    const conn = value as Data;
    let perNodes = 0;
    let other = 0;
    if (sub) {
      other = walk(ctx, sub, named, conn, (f, p, v) => {
        const n = f.name.value;
        if (n === "nodes" && Array.isArray(v)) {
          perNodes = Math.max(
            perNodes,
            v.reduce((s: number, item) => s + actualObject(ctx, f, p, item), 0),
          );
          return 0;
        }
        if (n === "edges" && Array.isArray(v)) {
          const edgeType = getNamedType(fieldDef(p, "edges")!.type) as GraphQLCompositeType;
          const total = v.reduce(
            (s: number, edge) =>
              s +
              (f.selectionSet
                ? walk(ctx, f.selectionSet, edgeType, edge as Data, (ef, ep, ev) =>
                    ef.name.value === "node" ? actualObject(ctx, ef, ep, ev) : 0,
                  )
                : 0),
            0,
          );
          perNodes = Math.max(perNodes, total);
          return 0;
        }
        if (n === "pageInfo") return 0;
        return actualField(ctx, f, p, v);
      });
    }
    return 2 + perNodes + other;
  }
  if (Array.isArray(value)) {
    const each = value.map((item) =>
      sub && item ? walk(ctx, sub, named, item as Data, (f, p, v) => actualField(ctx, f, p, v)) : 0,
    );
    return 1 + Math.max(0, ...each);
  }
  return 1 + (sub ? walk(ctx, sub, named, value as Data, (f, p, v) => actualField(ctx, f, p, v)) : 0);
}

/** One returned node of a connection: 1 + its selection. */
function actualObject(ctx: Ctx, node: FieldNode, parent: GraphQLCompositeType, value: unknown): number {
  if (value == null) return 0;
  const def = fieldDef(parent, node.name.value);
  if (!def || !node.selectionSet) return 1;
  const named = getNamedType(def.type) as GraphQLCompositeType;
  return 1 + walk(ctx, node.selectionSet, named, value as Data, (f, p, v) => actualField(ctx, f, p, v));
}

function walk(
  ctx: Ctx,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  value: Data,
  fn: (f: FieldNode, p: GraphQLCompositeType, v: unknown) => number,
): number {
  return eachField(ctx, set, parent, (f, p) => fn(f, p, value[f.alias?.value ?? f.name.value]));
}

export function actualQueryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: Data | null | undefined,
): number {
  const ctx: Ctx = { schema, fragments: fragmentsOf(doc), variables };
  if (op.operation === "mutation") return requestedQueryCost(schema, doc, op, variables);
  if (!data) return 0;
  const root = schema.getQueryType()!;
  return walk(ctx, op.selectionSet, root, data, (f, p, v) => actualField(ctx, f, p, v));
}
