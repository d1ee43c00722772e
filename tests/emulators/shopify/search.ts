/**
 * Shopify's search syntax (the `query:` argument of connections): `field:value` terms with optional
 * comparators (`created_at:>=2025-01-01`), quoted values, prefix wildcards (`sku:ABC*`), implicit AND,
 * `AND`, `OR`, `NOT` / `-term` and parentheses. Bare words are "default" terms matched against several fields.
 * https://shopify.dev/docs/api/usage/search-syntax
 */

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export type SearchNode =
  | { kind: "and"; items: SearchNode[] }
  | { kind: "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; field: string | null; cmp: Comparator; value: string };

type Token = { t: "(" | ")" | "word"; text: string; quoted?: boolean; startsQuoted?: boolean };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      out.push({ t: c, text: c });
      i++;
      continue;
    }
    // A word runs to whitespace or a paren; quoted sections inside it (sku:"A B") stay together and a
    // backslash escapes the next character (source_identifier:amazon\:111).
    let text = "";
    let quoted = false;
    const startsQuoted = c === '"' || c === "'";
    while (i < input.length && !/\s/.test(input[i]) && input[i] !== "(" && input[i] !== ")") {
      const q = input[i];
      if (q === "\\" && i + 1 < input.length) {
        text += input[i + 1];
        i += 2;
        continue;
      }
      if (q === '"' || q === "'") {
        quoted = true;
        i++;
        while (i < input.length && input[i] !== q) {
          if (input[i] === "\\" && i + 1 < input.length) i++;
          text += input[i++];
        }
        i++;
        continue;
      }
      text += input[i++];
    }
    out.push({ t: "word", text, quoted, startsQuoted });
  }
  return out;
}

function term(tok: Token): SearchNode {
  if (tok.startsQuoted) return { kind: "term", field: null, cmp: ":", value: tok.text };
  const m = /^([a-z_.]+):(>=|<=|>|<)?(.*)$/i.exec(tok.text);
  if (!m) return { kind: "term", field: null, cmp: ":", value: tok.text };
  return { kind: "term", field: m[1].toLowerCase(), cmp: (m[2] as Comparator | undefined) ?? ":", value: m[3] };
}

export function parseSearch(input: string): SearchNode | null {
  const toks = tokenize(input);
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (tok: Token | undefined, op: string) => tok?.t === "word" && !tok.quoted && tok.text === op;

  function parseOr(): SearchNode | null {
    const items: SearchNode[] = [];
    const first = parseAnd();
    if (first) items.push(first);
    while (isOp(peek(), "OR")) {
      pos++;
      const next = parseAnd();
      if (next) items.push(next);
    }
    if (!items.length) return null;
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  function parseAnd(): SearchNode | null {
    const items: SearchNode[] = [];
    for (;;) {
      const tok = peek();
      if (!tok || tok.t === ")" || isOp(tok, "OR")) break;
      if (isOp(tok, "AND")) {
        pos++;
        continue;
      }
      const u = parseUnary();
      if (u) items.push(u);
    }
    if (!items.length) return null;
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  function parseUnary(): SearchNode | null {
    const tok = toks[pos++];
    if (isOp(tok, "NOT")) {
      const item = parseUnary();
      return item ? { kind: "not", item } : null;
    }
    if (tok.t === "(") {
      const inner = parseOr();
      if (peek()?.t === ")") pos++;
      return inner;
    }
    if (tok.t === ")") return null;
    if (!tok.quoted && tok.text.startsWith("-") && tok.text.length > 1) {
      return { kind: "not", item: term({ ...tok, text: tok.text.slice(1) }) };
    }
    return term(tok);
  }

  const node = parseOr();
  // Unbalanced closing parens: parse what follows as further AND terms.
  while (pos < toks.length) {
    pos++;
    const rest = parseOr();
    if (rest && node) return { kind: "and", items: [node, rest] };
  }
  return node;
}

/** Evaluates a term for one record: true/false, or null when the field is not searchable (ignored). */
export type TermMatcher<T> = (record: T, term: Extract<SearchNode, { kind: "term" }>) => boolean | null;

export function matches<T>(node: SearchNode | null, record: T, match: TermMatcher<T>): boolean {
  if (!node) return true;
  switch (node.kind) {
    case "and":
      return node.items.every((n) => matches(n, record, match));
    case "or":
      return node.items.some((n) => matches(n, record, match));
    case "not":
      return !matches(node.item, record, match);
    case "term":
      return match(record, node) ?? true;
  }
}

/** Field names in the query that are not in `known` (Shopify reports them as search warnings). */
export function unknownFields(node: SearchNode | null, known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const walk = (n: SearchNode | null) => {
    if (!n) return;
    if (n.kind === "term") {
      if (n.field !== null && !known.has(n.field)) out.add(n.field);
    } else if (n.kind === "not") walk(n.item);
    else n.items.forEach(walk);
  };
  walk(node);
  return [...out];
}

// ---- helpers for term matchers ----

/** Case-insensitive equality with a trailing `*` as prefix wildcard. */
export function textEquals(actual: string | null | undefined, value: string): boolean {
  if (actual == null) return false;
  const a = actual.toLowerCase();
  const v = value.toLowerCase();
  if (v.endsWith("*")) return a.startsWith(v.slice(0, -1));
  return a === v;
}

/**
 * How Shopify matches a term on a tokenized text field such as a variant's `sku` (https://shopify.dev/docs/api/usage/search-syntax;
 * "prefix search is performed automatically", https://help.shopify.com/en/manual/online-store/storefront-search):
 * value and field are split into tokens at whitespace and punctuation, case-insensitively, and the value's tokens
 * must appear in the field in a row, the last one as a prefix. So `sku:MUG` finds MUG, MUG-1 and BIG-MUG, and
 * `sku:SHOE-TRAIL-4` finds SHOE-TRAIL-42: an app that wants one SKU must keep the exact matches itself.
 */
export function tokenPrefixMatch(actual: string | null | undefined, value: string): boolean {
  if (actual == null) return false;
  const tokens = (s: string) =>
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const field = tokens(actual);
  const want = tokens(value.replace(/\*$/, ""));
  if (!want.length) return false;
  const last = want.length - 1;
  for (let i = 0; i + want.length <= field.length; i++) {
    if (want.every((w, k) => (k === last ? field[i + k].startsWith(w) : field[i + k] === w))) return true;
  }
  return false;
}

export function textContains(actual: string | null | undefined, value: string): boolean {
  if (actual == null) return false;
  return actual.toLowerCase().includes(value.toLowerCase().replace(/\*$/, ""));
}

export function compareNumber(actual: number, cmp: Comparator, value: string): boolean {
  const v = Number(value);
  if (!Number.isFinite(v)) return false;
  switch (cmp) {
    case ":":
      return actual === v;
    case ">":
      return actual > v;
    case ">=":
      return actual >= v;
    case "<":
      return actual < v;
    case "<=":
      return actual <= v;
  }
}

/** Dates compare as instants; a bare date (`2025-01-01`) means midnight UTC. */
export function compareDate(actualIso: string, cmp: Comparator, value: string): boolean {
  const a = Date.parse(actualIso);
  const v = Date.parse(value);
  if (Number.isNaN(v)) return false;
  if (cmp === ":" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return actualIso.slice(0, 10) === value;
  return compareNumber(a, cmp, String(v));
}
