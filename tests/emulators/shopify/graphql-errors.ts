/**
 * GraphQL errors the way Shopify's Admin API (graphql-ruby) words them, built from graphql-js errors:
 * HTTP 200 with `{errors: [{message, locations, path?, extensions: {code, ...}}]}`. Validation rules that
 * graphql-ruby words differently are translated (codes such as `undefinedField`, `argumentNotAccepted`,
 * `missingRequiredArguments`, `variableMismatch`); anything else keeps graphql-js's message.
 */
import {
  type GraphQLError,
  Kind,
  coerceInputValue,
  print,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  isInputType,
  isNonNullType,
  valueFromAST,
} from "graphql";

export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

function locations(e: GraphQLError): { line: number; column: number }[] | undefined {
  return e.locations?.map((l) => ({ line: l.line, column: l.column }));
}

const TOKEN_NAMES: Record<string, string> = {
  "{": "LCURLY",
  "}": "RCURLY",
  "(": "LPAREN",
  ")": "RPAREN",
  "[": "LBRACKET",
  "]": "RBRACKET",
  ":": "COLON",
  $: "VAR_SIGN",
  "!": "BANG",
  "=": "EQUALS",
  "@": "DIR_SIGN",
  "...": "ELLIPSIS",
  "|": "PIPE",
  "&": "AMP",
};

/** A syntax error: `Parse error on "}" (RCURLY) at [1, 10]`, or `Unexpected end of document`. */
export function syntaxError(e: GraphQLError): ShopifyGraphqlError {
  const loc = e.locations?.[0];
  const found = /(?:found|Unexpected) (.+?)\.?$/.exec(e.message)?.[1] ?? "";
  let message: string;
  if (found === "<EOF>") message = "Unexpected end of document";
  else {
    let token = found;
    let name = "UNKNOWN_CHAR";
    const punct = /^"(.+)"$/.exec(found);
    if (punct && TOKEN_NAMES[punct[1]]) name = TOKEN_NAMES[punct[1]];
    else if (/^Name /.test(found)) {
      token = found.replace(/^Name /, "");
      name = "IDENTIFIER";
    } else if (/^String /.test(found)) {
      token = found.replace(/^String /, "");
      name = "STRING";
    } else if (/^Int /.test(found)) {
      token = `"${found.replace(/^Int "?|"$/g, "")}"`;
      name = "INT";
    } else if (/^Float /.test(found)) {
      token = `"${found.replace(/^Float "?|"$/g, "")}"`;
      name = "FLOAT";
    }
    message = found ? `Parse error on ${token} (${name})` : e.message.replace(/^Syntax Error: /, "Parse error: ");
    if (loc) message += ` at [${loc.line}, ${loc.column}]`;
  }
  return { message, locations: locations(e), extensions: { code: "PARSE_ERROR" } };
}

/** The enclosing field and argument names of a node in the document. */
function contextOf(doc: DocumentNode | undefined, target: ASTNode | undefined): { field?: string; argument?: string } {
  if (!doc || !target) return {};
  const out: { field?: string; argument?: string } = {};
  visit(doc, {
    enter(node, _key, parent, _path, ancestors) {
      if (node !== target) return undefined;
      // `ancestors` stops before the parent.
      const chain = [...ancestors, parent].filter(
        (a): a is ASTNode => !Array.isArray(a) && typeof a === "object" && a !== null && "kind" in a,
      );
      for (let i = chain.length - 1; i >= 0; i--) {
        const a = chain[i];
        if (a.kind === Kind.ARGUMENT && out.argument === undefined) out.argument = a.name.value;
        if (a.kind === Kind.FIELD) {
          out.field = a.name.value;
          break;
        }
      }
      if (node.kind === Kind.ARGUMENT) out.argument = node.name.value;
      return false;
    },
  });
  return out;
}

function operationLabel(name: string | undefined): string {
  return name ? name : "anonymous query";
}

/** A validation error in graphql-ruby's words, with its static-validation code. */
export function validationError(e: GraphQLError, doc?: DocumentNode): ShopifyGraphqlError {
  const locs = locations(e);
  const msg = e.message;
  let m: RegExpExecArray | null;
  const out = (message: string, extensions: Record<string, unknown>): ShopifyGraphqlError => ({
    message,
    locations: locs,
    extensions,
  });

  if ((m = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(msg))) {
    return out(`Field '${m[1]}' doesn't exist on type '${m[2]}'`, {
      code: "undefinedField",
      typeName: m[2],
      fieldName: m[1],
    });
  }
  if ((m = /^Unknown argument "(.+?)" on field "(.+?)\.(.+?)"\./.exec(msg))) {
    return out(`Field '${m[3]}' doesn't accept argument '${m[1]}'`, {
      code: "argumentNotAccepted",
      name: m[3],
      typeName: "Field",
      argumentName: m[1],
    });
  }
  if ((m = /^Field "(.+?)" argument "(.+?)" of type ".+?" is required, but it was not provided\./.exec(msg))) {
    return out(`Field '${m[1]}' is missing required arguments: ${m[2]}`, {
      code: "missingRequiredArguments",
      className: "Field",
      name: m[1],
      arguments: m[2],
    });
  }
  if ((m = /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./.exec(msg))) {
    const ctx = contextOf(doc, e.nodes?.[1]);
    const kind = m[2].replace(/!$/, "") === m[3].replace(/!$/, "") ? "Nullability mismatch" : "Type mismatch";
    const arg = ctx.argument ?? "argument";
    return out(`${kind} on variable $${m[1]} and argument ${arg} (${m[2]} / ${m[3]})`, {
      code: "variableMismatch",
      variableName: m[1],
      typeName: m[2],
      argumentName: arg,
      errorMessage: kind,
    });
  }
  if ((m = /^Variable "\$(.+?)" is never used(?: in operation "(.+?)")?\./.exec(msg))) {
    return out(`Variable $${m[1]} is declared by ${operationLabel(m[2])} but not used`, {
      code: "variableNotUsed",
      variableName: m[1],
    });
  }
  if ((m = /^Variable "\$(.+?)" is not defined(?: by operation "(.+?)")?\./.exec(msg))) {
    return out(`Variable $${m[1]} is used by ${operationLabel(m[2])} but not declared`, {
      code: "variableNotDefined",
      variableName: m[1],
    });
  }
  if ((m = /^Field "(.+?)" of type "(.+?)" must have a selection of subfields\./.exec(msg))) {
    return out(
      `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      {
        code: "selectionMismatch",
        nodeName: `field '${m[1]}'`,
        typeName: m[2].replace(/[[\]!]/g, ""),
      },
    );
  }
  if ((m = /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\./.exec(msg))) {
    return out(
      `Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has selections [...])`,
      {
        code: "selectionMismatch",
        nodeName: `field '${m[1]}'`,
        typeName: m[2].replace(/[[\]!]/g, ""),
      },
    );
  }
  if (
    /^Expected value of type |^Field ".+?" is not defined by type |^Field ".+?" of required type .+? was not provided|^\w+ cannot represent |^Could not coerce value |^Value ".+?" does not exist in ".+?" enum/.test(
      msg,
    )
  ) {
    const node = e.nodes?.[0];
    const ctx = contextOf(doc, node);
    const expected =
      /^Expected value of type "(.+?)"/.exec(msg)?.[1] ??
      /^(\w+) cannot represent /.exec(msg)?.[1] ??
      / to (\w+)$/.exec(msg)?.[1] ??
      /is not defined by type "(.+?)"/.exec(msg)?.[1] ??
      /^Field "(.+?)\./.exec(msg)?.[1] ??
      /does not exist in "(.+?)" enum/.exec(msg)?.[1];
    const value = node ? print(node) : "";
    if (ctx.argument && ctx.field) {
      return out(
        `Argument '${ctx.argument}' on Field '${ctx.field}' has an invalid value (${value}). Expected type '${expected ?? "input"}'.`,
        { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: ctx.argument, detail: msg },
      );
    }
    return out(msg, { code: "argumentLiteralsIncompatible", detail: msg });
  }
  if ((m = /^Unknown type "(.+?)"\./.exec(msg))) {
    return out(`${m[1]} isn't a defined input type`, { code: "variableRequiresValidType", typeName: m[1] });
  }
  if ((m = /^Unknown fragment "(.+?)"\./.exec(msg))) {
    return out(`Fragment ${m[1]} was used, but not defined`, { code: "useAndDefineFragment", fragmentName: m[1] });
  }
  if ((m = /^Fragment "(.+?)" is never used\./.exec(msg))) {
    return out(`Fragment ${m[1]} was defined, but not used`, { code: "useAndDefineFragment", fragmentName: m[1] });
  }
  if (
    (m = /^Fragment (?:"(.+?)" )?cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\./.exec(
      msg,
    ))
  ) {
    return out(`Fragment ${m[1] ?? "on " + m[3]} on ${m[3]} can't be spread inside ${m[2]}`, {
      code: "fragmentSpreadTypeMismatch",
      typeName: m[3],
    });
  }
  return out(msg, { code: "GRAPHQL_VALIDATION_FAILED" });
}

/** Choosing the operation to run: graphql-ruby's wording. */
export function operationNotFound(operationName: string | undefined, count: number): ShopifyGraphqlError {
  if (operationName)
    return { message: `No operation named "${operationName}"`, extensions: { code: "OPERATION_NOT_FOUND" } };
  if (count > 1) return { message: "An operation name is required", extensions: { code: "OPERATION_NAME_REQUIRED" } };
  return { message: "No query string was present", extensions: { code: "OPERATION_NOT_FOUND" } };
}

function explanation(e: GraphQLError, invalidValue: unknown): string {
  const msg = e.message;
  let m: RegExpExecArray | null;
  if ((m = /^(\w+) cannot represent/.exec(msg)))
    return `Could not coerce value ${JSON.stringify(invalidValue)} to ${m[1]}`;
  if ((m = /^Expected type "(.+?)" to be an object\./.exec(msg)))
    return `Expected ${JSON.stringify(invalidValue)} to be a key-value object.`;
  if ((m = /^Field "(.+?)" is not defined by type "(.+?)"\./.exec(msg))) return `Field is not defined on ${m[2]}`;
  if (/^Field ".+?" of required type ".+?" was not provided\./.test(msg) || /^Expected non-nullable type/.test(msg))
    return "Expected value to not be null";
  if ((m = /^Value "(.+?)" does not exist in "(.+?)" enum\./.exec(msg))) return `Expected "${m[1]}" to be one of: ...`;
  if ((m = /^Expected type "(.+?)"\. (.+)$/.exec(msg))) return m[2];
  return msg;
}

/**
 * Coerces the operation's variables like graphql-js does, but reports problems the way Shopify does:
 * `Variable $order of type OrderCreateOrderInput! was provided invalid value for lineItems.0.quantity (...)`
 * with `extensions.value` and `extensions.problems[{path, explanation}]`.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): { ok: true; values: Record<string, unknown> } | { ok: false; errors: ShopifyGraphqlError[] } {
  const values: Record<string, unknown> = {};
  const errors: ShopifyGraphqlError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    if (!type || !isInputType(type)) continue; // validation has reported it
    const typeStr = print(def.type);
    const loc = def.loc ? [{ line: def.loc.startToken.line, column: def.loc.startToken.column }] : undefined;
    const given = Object.prototype.hasOwnProperty.call(inputs, name);
    const raw = inputs[name];
    if (!given || raw === undefined) {
      if (def.defaultValue) values[name] = valueFromAST(def.defaultValue, type);
      else if (isNonNullType(type)) {
        errors.push({
          message: `Variable $${name} of type ${typeStr} was provided invalid value`,
          locations: loc,
          extensions: {
            code: "INVALID_VARIABLE",
            value: null,
            problems: [{ path: [], explanation: "Expected value to not be null" }],
          },
        });
      }
      continue;
    }
    const problems: { path: (string | number)[]; explanation: string }[] = [];
    const coerced = coerceInputValue(raw, type, (path, invalidValue, error) => {
      let p = [...path];
      const missing = /^Field "(.+?)" (?:of required type .+ was not provided|is not defined by type)/.exec(
        error.message,
      );
      if (missing) p = [...p, missing[1]];
      problems.push({ path: p, explanation: explanation(error, invalidValue) });
    });
    if (problems.length) {
      const first = problems[0];
      const where = first.path.length
        ? ` for ${first.path.join(".")} (${first.explanation})`
        : ` (${first.explanation})`;
      errors.push({
        message: `Variable $${name} of type ${typeStr} was provided invalid value${where}`,
        locations: loc,
        extensions: { code: "INVALID_VARIABLE", value: raw, problems },
      });
    } else values[name] = coerced;
  }
  return errors.length ? { ok: false, errors } : { ok: true, values };
}

/** An execution error (resolver failure) in Shopify's shape. */
export function executionError(e: GraphQLError): ShopifyGraphqlError {
  const out: ShopifyGraphqlError = { message: e.message };
  const locs = locations(e);
  if (locs) out.locations = locs;
  if (e.path) out.path = [...e.path];
  const ext = e.extensions && Object.keys(e.extensions).length ? { ...e.extensions } : undefined;
  if (ext) out.extensions = ext;
  return out;
}
