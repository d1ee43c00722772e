/**
 * Relay connections as Shopify serves them: `first`/`after` or `last`/`before` (one of first or last is
 * required, at most 250), `reverse`, opaque cursors, `edges { cursor node }`, `nodes` and `pageInfo`.
 */
import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export const MAX_PAGE_SIZE = 250;

function cursorFor(id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) })).toString("base64");
}

function idOfCursor(cursor: string): number | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    return typeof v.last_id === "number" ? v.last_id : null;
  } catch {
    return null;
  }
}

export function connection<T extends { id: number }>(
  items: readonly T[],
  args: ConnectionArgs,
  view: (item: T) => unknown,
  requirePageSize = true,
) {
  if (requirePageSize && args.first == null && args.last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const k of ["first", "last"] as const) {
    const v = args[k];
    if (v != null && (v < 0 || v > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The \`${k}\` argument must be between 0 and ${MAX_PAGE_SIZE}`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
  let list = args.reverse ? [...items].reverse() : [...items];
  let start = 0;
  let end = list.length;
  for (const [k, c] of [
    ["after", args.after],
    ["before", args.before],
  ] as const) {
    if (c == null) continue;
    const id = idOfCursor(c);
    if (id === null)
      throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
        extensions: { code: "BAD_REQUEST", argumentName: k },
      });
    const i = list.findIndex((x) => x.id === id);
    if (k === "after") start = i < 0 ? list.length : i + 1;
    else end = i < 0 ? end : i;
  }
  list = list.slice(start, Math.max(start, end));
  let hasNextPage = end < items.length;
  let hasPreviousPage = start > 0;
  if (args.first != null && list.length > args.first) {
    list = list.slice(0, args.first);
    hasNextPage = true;
  }
  if (args.last != null && list.length > args.last) {
    list = list.slice(list.length - args.last);
    hasPreviousPage = true;
  }
  const edges = list.map((item) => ({ cursor: cursorFor(item.id), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
