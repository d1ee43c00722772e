/**
 * Validates requests and responses against the official Swagger 2.0 models in the shared specs folder
 * (`specsDir()/amazon-sp-api/...`, read at run time, never copied). Built on ajv (strict: false, so the
 * models' `x-*` keywords pass) with the whole `definitions` section registered once, so every `$ref`
 * resolves.
 *
 * Requests follow Swagger 2.0 parameter rules: query values arrive as strings and are coerced by the
 * parameter's declared type (integer, number, boolean, array as CSV or repeated keys), then each parameter
 * is checked against its own schema (type, enum, required, maxItems, minimum/maximum...). The body is
 * checked against the `in: body` parameter's schema. The route modules turn the issues into SP-API errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { specsDir } from "../kit/emulator-server";

// ajv and ajv-formats are CommonJS; under ESM their default export may arrive wrapped.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

type Json = Record<string, unknown>;

export interface SwaggerParameter {
  name: string;
  in: "query" | "path" | "header" | "body" | "formData";
  required?: boolean;
  type?: string;
  items?: Json;
  collectionFormat?: "csv" | "ssv" | "tsv" | "pipes" | "multi";
  schema?: Json;
  [k: string]: unknown;
}

export interface SpecIssue {
  location: "query" | "path" | "body";
  /** Parameter name, or the body field as a dotted path ("packageDetail.orderItems[0].quantity"). */
  name: string;
  kind: "required" | "type" | "enum" | "format" | "constraint" | "unparseable";
  message: string;
}

export interface RequestInput {
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export interface ValidatedRequest {
  issues: SpecIssue[];
  /** Query and path values coerced to their declared types; absent parameters are left out. */
  values: Record<string, unknown>;
  body: unknown;
}

/** Extra schema keywords for a parameter, for constraints the model states only in prose or elsewhere. */
export type ParameterConstraints = Record<string, Json>;

const SCHEMA_KEYS = [
  "type", "items", "enum", "format", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
  "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "default",
];

function rewriteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, base));
  if (node && typeof node === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? base + v : rewriteRefs(v, base);
    }
    return out;
  }
  return node;
}

/** JSON has no undefined; Amazon's Java backends read `"field": null` as "absent", so we drop nulls first. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** "/packageDetail/orderItems/0/quantity" → "packageDetail.orderItems[0].quantity". */
export function jsonPointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  }
  return out;
}

function kindOf(e: ErrorObject): SpecIssue["kind"] {
  switch (e.keyword) {
    case "type":
      return "type";
    case "enum":
      return "enum";
    case "required":
      return "required";
    case "format":
      return "format";
    default:
      return "constraint";
  }
}

export class SwaggerSpec {
  readonly doc: Json & { paths: Record<string, Record<string, Json>>; definitions: Json };
  private readonly ajv: InstanceType<typeof AjvModule>;
  private readonly base: string;
  private readonly ops = new Map<string, SpecOperation>();

  /** `file` relative to the Amazon specs folder, e.g. "models/orders-api-model/ordersV0.json". */
  constructor(readonly file: string) {
    const full = join(specsDir(), "amazon-sp-api", file);
    this.doc = JSON.parse(readFileSync(full, "utf8"));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.base = `https://specs.invalid/amazon-sp-api/${file}`;
    this.ajv.addSchema({ $id: this.base, definitions: this.doc.definitions });
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(rewriteRefs(schema, this.base) as Json);
  }

  /** The operation by operationId (with the path it is served on). */
  operation(operationId: string, constraints: ParameterConstraints = {}): SpecOperation {
    const key = `${operationId} ${JSON.stringify(constraints)}`;
    let op = this.ops.get(key);
    if (op) return op;
    for (const [path, item] of Object.entries(this.doc.paths)) {
      const shared = (item.parameters ?? []) as unknown as SwaggerParameter[];
      for (const [method, raw] of Object.entries(item)) {
        if (method === "parameters") continue;
        const def = raw as Json;
        if (def.operationId !== operationId) continue;
        const params = [...shared, ...((def.parameters ?? []) as SwaggerParameter[])];
        op = new SpecOperation(this, operationId, method.toUpperCase(), path, params, def.responses as Json, constraints);
        this.ops.set(key, op);
        return op;
      }
    }
    throw new Error(`${operationId} not found in ${this.file}`);
  }
}

export class SpecOperation {
  private readonly paramValidators: { param: SwaggerParameter; validate: ValidateFunction }[] = [];
  private readonly bodyParam: SwaggerParameter | undefined;
  private readonly bodyValidator: ValidateFunction | undefined;
  private readonly responseValidators = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly spec: SwaggerSpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: SwaggerParameter[],
    private readonly responses: Json,
    constraints: ParameterConstraints,
  ) {
    for (const param of parameters) {
      if (param.in === "body") continue;
      if (param.in !== "query" && param.in !== "path") continue;
      const schema: Json = {};
      for (const k of SCHEMA_KEYS) if (param[k] !== undefined) schema[k] = param[k];
      const extra = constraints[param.name];
      if (extra) {
        for (const [k, v] of Object.entries(extra)) {
          schema[k] = k === "items" && schema.items ? { ...(schema.items as Json), ...(v as Json) } : v;
        }
      }
      this.paramValidators.push({ param, validate: spec.compile(schema) });
    }
    this.bodyParam = parameters.find((p) => p.in === "body");
    this.bodyValidator = this.bodyParam?.schema ? spec.compile(this.bodyParam.schema) : undefined;
  }

  /** Coerces one query/path parameter from its string form(s), per Swagger 2.0. */
  private coerce(param: SwaggerParameter, raw: string[]): unknown {
    if (param.type === "array") {
      const sep = { csv: ",", ssv: " ", tsv: "\t", pipes: "|", multi: "," }[param.collectionFormat ?? "csv"];
      // Repeated keys are accepted too (several clients send MarketplaceIds=A&MarketplaceIds=B).
      const parts = raw.flatMap((r) => r.split(sep)).filter((s) => s !== "");
      const itemType = (param.items?.type as string | undefined) ?? "string";
      return parts.map((p) => coerceScalar(itemType, p));
    }
    return coerceScalar(param.type ?? "string", raw[0]);
  }

  validateRequest(input: RequestInput): ValidatedRequest {
    const issues: SpecIssue[] = [];
    const values: Record<string, unknown> = {};
    for (const { param, validate } of this.paramValidators) {
      const location = param.in as "query" | "path";
      let raw: string[];
      if (location === "path") raw = input.params[param.name] === undefined ? [] : [input.params[param.name]];
      else raw = input.query.getAll(param.name);
      raw = raw.filter((r) => r !== "");
      if (raw.length === 0) {
        if (param.required) issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` });
        continue;
      }
      const value = this.coerce(param, raw);
      if (param.type === "array" && (value as unknown[]).length === 0 && param.required) {
        issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` });
        continue;
      }
      if (!validate(value)) {
        for (const e of validate.errors ?? []) {
          issues.push({ location, name: param.name, kind: kindOf(e), message: `${param.name}${itemSuffix(e.instancePath)} ${e.message}` });
        }
      }
      values[param.name] = value;
    }

    let body: unknown = undefined;
    if (this.bodyParam) {
      if (input.rawBody.trim() === "") {
        if (this.bodyParam.required) issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({ location: "body", name: "body", kind: "unparseable", message: "The request body is not valid JSON" });
      } else {
        body = dropNulls(input.body);
        const validate = this.bodyValidator!;
        if (!validate(body)) {
          for (const e of validate.errors ?? []) {
            const at = jsonPointerToPath(e.instancePath);
            const name =
              e.keyword === "required"
                ? [at, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".")
                : at || "body";
            issues.push({ location: "body", name, kind: kindOf(e), message: `${name} ${e.message}` });
          }
        }
      }
    }
    return { issues: dedupe(issues), values, body };
  }

  /** Errors of a response against the model's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    const key = String(status);
    let validate = this.responseValidators.get(key);
    if (validate === undefined) {
      const res = (this.responses[key] ?? this.responses.default) as Json | undefined;
      if (!res) {
        this.responseValidators.set(key, null);
        return [`status ${status} is not documented for ${this.operationId}`];
      }
      const schema = res.schema as Json | undefined;
      validate = schema ? this.spec.compile(schema) : null;
      this.responseValidators.set(key, validate);
    }
    if (validate === null) {
      return body === undefined || body === "" ? [] : [`status ${status} of ${this.operationId} has no body in the model`];
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

/** "/2" → "[2]": which item of an array parameter failed. */
function itemSuffix(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => `[${s}]`)
    .join("");
}

function coerceScalar(type: string, s: string): unknown {
  switch (type) {
    case "integer":
      return /^[+-]?\d+$/.test(s) ? Number(s) : s;
    case "number":
      return s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s;
    case "boolean":
      return /^true$/i.test(s) ? true : /^false$/i.test(s) ? false : s;
    default:
      return s;
  }
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.location}|${i.name}|${i.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

let cache: Map<string, SwaggerSpec> | undefined;

/** One parsed spec per file per process (the files are large; parsing them once is enough). */
export function loadSpec(file: string): SwaggerSpec {
  cache ??= new Map();
  let spec = cache.get(file);
  if (!spec) {
    spec = new SwaggerSpec(file);
    cache.set(file, spec);
  }
  return spec;
}

export const ORDERS_V0_SPEC = "models/orders-api-model/ordersV0.json";
export const ORDERS_2026_SPEC = "models/orders-api-model/orders_2026-01-01.json";
export const TOKENS_SPEC = "models/tokens-api-model/tokens_2021-03-01.json";
