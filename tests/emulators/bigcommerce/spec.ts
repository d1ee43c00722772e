/**
 * Request (and, for tests, response) validation against BigCommerce's OpenAPI files in the shared specs
 * folder (`specsDir()/bigcommerce/reference/...`, read at run time, never copied). Note: the Orders v2 file,
 * `orders.v2.oas2.yml`, is OpenAPI 3.0.0 despite its name, so one OAS3 validator serves v2 and v3.
 *
 * Built on ajv (strict: false, so `x-*`, `example`, `discriminator` pass). Each file is parsed once per
 * process; each operation compiles its validators the first time it is used. Before compiling, the
 * document is adapted to JSON Schema where OAS 3.0 differs (`nullable` without `type`, boolean
 * `exclusiveMinimum`, Swagger's `x-nullable` left in the catalog files, descriptions saying the value
 * "is `null`" where the type forgot it), unknown formats (`double`, `int32`...) are registered as
 * annotations, and string amounts whose description says "Float, Float-As-String, Integer" accept
 * numbers too, as the text says.
 *
 * Parameters follow OAS 3.0 rules: query values are strings coerced by the schema's type; arrays use
 * `style: form` (`explode: false` → comma-separated, otherwise repeated keys). Bodies are checked against
 * `requestBody.content["application/json"].schema`, then for `readOnly` fields and, when asked, for
 * top-level fields the schema does not declare (Orders v2 refuses them).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { specsDir } from "../kit/emulator-server";

// ajv and ajv-formats are CommonJS; under ESM their default export may arrive wrapped.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

type Json = Record<string, any>;

export const SPECS = {
  ordersV2: "reference/orders.v2.oas2.yml",
  variants: "reference/catalog/product-variants_catalog.v3.yml",
  products: "reference/catalog/products_catalog.v3.yml",
  webhooks: "reference/webhooks.v3.yml",
} as const;

export type SpecFile = (typeof SPECS)[keyof typeof SPECS];

export function bigcommerceSpecPath(file: string): string {
  return join(specsDir(), "bigcommerce", file);
}

export interface ParameterObject {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
  style?: string;
  explode?: boolean;
}

export interface SpecIssue {
  location: "query" | "path" | "body";
  /** Parameter name, or the body field as a path ("billing_address.zip", "products[0].quantity"). */
  field: string;
  kind: "required" | "type" | "enum" | "format" | "constraint" | "readOnly" | "unknown" | "unparseable";
  /** ajv's wording, e.g. "must be integer". */
  reason: string;
}

export interface RequestInput {
  query: URLSearchParams;
  params: Record<string, string>;
  rawBody: string;
  body: unknown;
}

export interface ValidateOptions {
  /** Query keys the operation does not declare: reported as "unknown", or ignored (default). */
  unknownQuery?: "reject" | "ignore";
  /** Top-level body fields the schema does not declare: reported as "unknown", or ignored (default). */
  unknownBodyFields?: "reject" | "ignore";
}

export interface ValidatedRequest {
  issues: SpecIssue[];
  /** Query and path values coerced to their declared types; absent parameters are left out. */
  values: Record<string, unknown>;
  body: unknown;
}

const COMPOSITE = new Set(["anyOf", "oneOf", "allOf", "if", "then", "else", "not"]);

function isObject(v: unknown): v is Json {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Adapts OAS 3.0 schema nodes to what ajv compiles, in place; collects the formats used. */
function adapt(node: unknown, formats: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) adapt(n, formats);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.format === "string") formats.add(node.format);
  if (node["x-nullable"] === true && node.type !== undefined) node.nullable = true;
  // Descriptions that say the value may be null ("This value is `null` for complex products").
  if (node.type !== undefined && typeof node.description === "string" && /\b(?:is|be) `?null`?(?![\w-])/.test(node.description)) node.nullable = true;
  if (node.nullable !== undefined && node.type === undefined) delete node.nullable;
  for (const [bound, limit] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (node[bound] === true && typeof node[limit] === "number") {
      node[bound] = node[limit];
      delete node[limit];
    } else if (typeof node[bound] === "boolean") delete node[bound];
  }
  if (node.type === "string" && typeof node.description === "string" && /Float-As-String/.test(node.description)) {
    node.type = ["string", "number"];
  }
  for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") adapt(v, formats);
}

function rewriteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, base));
  if (isObject(node)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? base + v : rewriteRefs(v, base);
    return out;
  }
  return node;
}

/** "/products/0/quantity" → "products[0].quantity". */
export function pointerToField(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  }
  return out;
}

const join2 = (a: string, b: string) => (a ? `${a}.${b}` : b);

function kindOf(e: ErrorObject): SpecIssue["kind"] {
  switch (e.keyword) {
    case "type":
    case "enum":
    case "required":
    case "format":
      return e.keyword;
    default:
      return "constraint";
  }
}

export class OpenApiSpec {
  readonly doc: Json;
  private readonly ajv: InstanceType<typeof AjvModule>;
  private readonly base: string;
  private readonly ops = new Map<string, SpecOperation>();

  constructor(readonly file: string) {
    this.doc = parse(readFileSync(bigcommerceSpecPath(file), "utf8")) as Json;
    const formats = new Set<string>();
    adapt(this.doc.components, formats);
    adapt(this.doc.paths, formats);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    for (const f of formats) if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
    this.base = `https://specs.invalid/bigcommerce/${file}`;
    this.ajv.addSchema({ $id: this.base, components: this.doc.components });
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(rewriteRefs(schema, this.base) as Json);
  }

  /** Follows local `$ref`s ("#/components/..."). */
  resolve<T = Json>(node: unknown): T {
    let n = node as Json;
    for (let i = 0; i < 20 && isObject(n) && typeof n.$ref === "string" && n.$ref.startsWith("#/"); i++) {
      n = n.$ref
        .slice(2)
        .split("/")
        .map((s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc: Json | undefined, key: string) => acc?.[key], this.doc) as Json;
    }
    return n as T;
  }

  /** A component schema by name, e.g. "orderCustomProduct_Post". */
  schema(name: string): Json {
    const s = this.doc.components?.schemas?.[name];
    if (!s) throw new Error(`${name} is not a schema in ${this.file}`);
    return s;
  }

  /** The operation by operationId; validators compile on first use. */
  operation(operationId: string): SpecOperation {
    let op = this.ops.get(operationId);
    if (op) return op;
    for (const [path, rawItem] of Object.entries(this.doc.paths as Json)) {
      const item = rawItem as Json;
      for (const [method, raw] of Object.entries(item)) {
        if (!isObject(raw) || (raw as Json).operationId !== operationId) continue;
        const def = raw as Json;
        const params = new Map<string, ParameterObject>();
        for (const p of [...(item.parameters ?? []), ...(def.parameters ?? [])]) {
          const rp = this.resolve<ParameterObject>(p);
          params.set(`${rp.in}:${rp.name}`, rp);
        }
        const body = def.requestBody ? this.resolve<Json>(def.requestBody) : undefined;
        op = new SpecOperation(this, operationId, method.toUpperCase(), path, [...params.values()], body, (def.responses ?? {}) as Json);
        this.ops.set(operationId, op);
        return op;
      }
    }
    throw new Error(`${operationId} is not an operation in ${this.file}`);
  }

  /** Properties an object schema declares, through `$ref` and `allOf`. */
  properties(schema: unknown): Record<string, Json> {
    const s = this.resolve(schema);
    if (!isObject(s)) return {};
    let out: Record<string, Json> = { ...((s.properties ?? {}) as Record<string, Json>) };
    for (const part of (s.allOf ?? []) as unknown[]) out = { ...out, ...this.properties(part) };
    return out;
  }
}

export class SpecOperation {
  private compiled: { param: ParameterObject; validate: ValidateFunction }[] | null = null;
  private bodyValidator: ValidateFunction | null = null;
  private readonly responseValidators = new Map<string, ValidateFunction | null>();
  readonly bodySchema: Json | undefined;
  readonly bodyRequired: boolean;

  constructor(
    readonly spec: OpenApiSpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: ParameterObject[],
    requestBody: Json | undefined,
    private readonly responses: Json,
  ) {
    this.bodySchema = requestBody?.content?.["application/json"]?.schema;
    this.bodyRequired = requestBody?.required === true;
  }

  /** Query parameter names the operation declares. */
  queryNames(): string[] {
    return this.parameters.filter((p) => p.in === "query").map((p) => p.name);
  }

  private ensureCompiled(): { param: ParameterObject; validate: ValidateFunction }[] {
    if (this.compiled) return this.compiled;
    this.compiled = this.parameters
      .filter((p) => p.in === "query" || p.in === "path")
      .map((param) => ({ param, validate: this.spec.compile(param.schema ?? {}) }));
    if (this.bodySchema) this.bodyValidator = this.spec.compile(this.bodySchema);
    return this.compiled;
  }

  private coerce(param: ParameterObject, raw: string[]): unknown {
    const schema = this.spec.resolve(param.schema ?? {});
    if (schema.type === "array") {
      const explode = param.explode ?? (param.style ?? "form") === "form";
      const parts = explode ? raw : raw.flatMap((r) => r.split(","));
      const itemType = this.spec.resolve(schema.items ?? {}).type as string | undefined;
      return parts.filter((s) => s !== "").map((p) => coerceScalar(itemType, p));
    }
    return coerceScalar(schema.type as string | undefined, raw[raw.length - 1]);
  }

  validateRequest(input: RequestInput, opts: ValidateOptions = {}): ValidatedRequest {
    const validators = this.ensureCompiled();
    const issues: SpecIssue[] = [];
    const values: Record<string, unknown> = {};
    for (const { param, validate } of validators) {
      const location = param.in as "query" | "path";
      const raw = (location === "path" ? (input.params[param.name] === undefined ? [] : [input.params[param.name]]) : input.query.getAll(param.name)).filter(
        (r) => r !== "",
      );
      if (raw.length === 0) {
        if (param.required) issues.push({ location, field: param.name, kind: "required", reason: "is required" });
        continue;
      }
      const value = this.coerce(param, raw);
      if (!validate(value)) {
        const e = validate.errors?.[0];
        issues.push({ location, field: param.name, kind: e ? kindOf(e) : "constraint", reason: e?.message ?? "is invalid" });
      }
      values[param.name] = value;
    }
    if (opts.unknownQuery === "reject") {
      const known = new Set(this.queryNames());
      for (const key of new Set(input.query.keys())) {
        if (!known.has(key)) issues.push({ location: "query", field: key, kind: "unknown", reason: "is not a parameter of this operation" });
      }
    }

    let body: unknown = undefined;
    if (this.bodySchema) {
      if (input.rawBody.trim() === "") {
        if (this.bodyRequired) issues.push({ location: "body", field: "body", kind: "required", reason: "a request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({ location: "body", field: "body", kind: "unparseable", reason: "the body is not valid JSON" });
      } else {
        body = input.body;
        issues.push(...this.bodyIssues(body, opts));
      }
    }
    return { issues: dedupe(issues), values, body };
  }

  private bodyIssues(body: unknown, opts: ValidateOptions): SpecIssue[] {
    const out: SpecIssue[] = [];
    if (opts.unknownBodyFields === "reject" && isObject(body)) {
      const declared = this.spec.properties(this.bodySchema);
      for (const key of Object.keys(body)) {
        if (!(key in declared)) out.push({ location: "body", field: key, kind: "unknown", reason: "is not a field of this resource" });
      }
    }
    this.readOnlyIssues(this.bodySchema, body, "", out);
    const validate = this.bodyValidator!;
    if (!validate(body)) out.push(...ajvIssues(validate.errors ?? []));
    return out;
  }

  private readOnlyIssues(schema: unknown, value: unknown, at: string, out: SpecIssue[]): void {
    const s = this.spec.resolve(schema);
    if (!isObject(s)) return;
    if (Array.isArray(value)) {
      if (s.items) value.forEach((v, i) => this.readOnlyIssues(s.items, v, `${at}[${i}]`, out));
      return;
    }
    if (!isObject(value)) return;
    const props = this.spec.properties(s);
    for (const [k, v] of Object.entries(value)) {
      const p = props[k] ? this.spec.resolve(props[k]) : undefined;
      if (!p) continue;
      if (p.readOnly === true) out.push({ location: "body", field: join2(at, k), kind: "readOnly", reason: "is read-only" });
      else this.readOnlyIssues(p, v, join2(at, k), out);
    }
  }

  /** Errors of a response against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    const key = String(status);
    let validate = this.responseValidators.get(key);
    if (validate === undefined) {
      const res = this.spec.resolve<Json | undefined>(this.responses[key] ?? this.responses.default);
      if (!res) return [`status ${status} is not documented for ${this.operationId}`];
      const schema = res.content?.["application/json"]?.schema as Json | undefined;
      validate = schema ? this.spec.compile(schema) : null;
      this.responseValidators.set(key, validate);
    }
    if (validate === null) return body === undefined || body === "" ? [] : [`status ${status} of ${this.operationId} has no body in the spec`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

/** Validates a value against one component schema of a spec (e.g. the custom-product form). */
export function validateAgainst(spec: OpenApiSpec, schemaName: string, value: unknown, at: string): SpecIssue[] {
  const validate = schemaValidators.get(`${spec.file}#${schemaName}`) ?? spec.compile({ $ref: `#/components/schemas/${schemaName}` });
  schemaValidators.set(`${spec.file}#${schemaName}`, validate);
  if (validate(value)) return [];
  return ajvIssues(validate.errors ?? []).map((i) => ({ ...i, field: i.field === "body" ? at : at + (i.field.startsWith("[") ? "" : ".") + i.field }));
}
const schemaValidators = new Map<string, ValidateFunction>();

function ajvIssues(errors: ErrorObject[]): SpecIssue[] {
  const concrete = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const use = concrete.length ? concrete : errors.slice(0, 1);
  return use.map((e) => {
    const at = pointerToField(e.instancePath);
    const field = e.keyword === "required" ? join2(at, (e.params as { missingProperty: string }).missingProperty) : at || "body";
    return { location: "body" as const, field, kind: kindOf(e), reason: e.message ?? "is invalid" };
  });
}

function coerceScalar(type: string | undefined, s: string): unknown {
  switch (type) {
    case "integer":
      return /^[+-]?\d+$/.test(s) ? Number(s) : s;
    case "number":
      return s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s;
    case "boolean":
      return /^(true|1)$/i.test(s) ? true : /^(false|0)$/i.test(s) ? false : s;
    default:
      return s;
  }
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.location}|${i.field}|${i.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const cache = new Map<string, OpenApiSpec>();

/** One parsed spec per file per process. */
export function loadSpec(file: SpecFile): OpenApiSpec {
  let spec = cache.get(file);
  if (!spec) {
    spec = new OpenApiSpec(file);
    cache.set(file, spec);
  }
  return spec;
}
