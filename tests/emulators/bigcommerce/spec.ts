/**
 * Request (and, for tests, response) validation against BigCommerce's OpenAPI files in the shared specs
 * folder (`specsDir()/bigcommerce/reference/...`, read at run time, never copied). Note: the Orders v2 file,
 * `orders.v2.oas2.yml`, is OpenAPI 3.0.0 despite its name, so one OAS3 validator serves v2 and v3.
 *
 * Loading (YAML), the ajv instance (strict: false, so `x-*`, `example`, `discriminator` pass), `$ref`s and
 * response checks come from ../kit/openapi-validator.ts. Each file is parsed once per process; each
 * operation compiles its validators the first time it is used. Before compiling, the
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
import {
  bodyErrorField,
  dedupeBy,
  type ErrorObject,
  isObject,
  issueKind,
  type Json,
  coerceScalar as coerceValue,
  jsonContentSchema,
  readParameters,
  ResponseValidators,
  SpecDocument,
  specFilePath,
  specsLoader,
  type ValidateFunction,
} from "../kit/openapi-validator";

export const SPECS = {
  ordersV2: "reference/orders.v2.oas2.yml",
  variants: "reference/catalog/product-variants_catalog.v3.yml",
  products: "reference/catalog/products_catalog.v3.yml",
  webhooks: "reference/webhooks.v3.yml",
} as const;

export type SpecFile = (typeof SPECS)[keyof typeof SPECS];

export function bigcommerceSpecPath(file: string): string {
  return specFilePath(`bigcommerce/${file}`);
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

/** Adapts OAS 3.0 schema nodes to what ajv compiles, in place. */
function adapt(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) adapt(n);
    return;
  }
  if (!isObject(node)) return;
  if (node["x-nullable"] === true && node.type !== undefined) node.nullable = true;
  // Descriptions that say the value may be null ("This value is `null` for complex products").
  if (
    node.type !== undefined &&
    typeof node.description === "string" &&
    /\b(?:is|be) `?null`?(?![\w-])/.test(node.description)
  )
    node.nullable = true;
  if (node.nullable !== undefined && node.type === undefined) delete node.nullable;
  for (const [bound, limit] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (node[bound] === true && typeof node[limit] === "number") {
      node[bound] = node[limit];
      delete node[limit];
    } else if (typeof node[bound] === "boolean") delete node[bound];
  }
  if (node.type === "string" && typeof node.description === "string" && /Float-As-String/.test(node.description)) {
    node.type = ["string", "number"];
  }
  for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") adapt(v);
}

const join2 = (a: string, b: string) => (a ? `${a}.${b}` : b);

export class OpenApiSpec extends SpecDocument<SpecOperation> {
  constructor(readonly file: string) {
    super(`bigcommerce/${file}`, {
      prepare: (doc) => {
        adapt(doc.components);
        adapt(doc.paths);
      },
      annotateUnknownFormats: true,
      quiet: true,
    });
  }

  /** A component schema by name, e.g. "orderCustomProduct_Post". */
  schema(name: string): Json {
    const s = this.doc.components?.schemas?.[name];
    if (!s) throw new Error(`${name} is not a schema in ${this.file}`);
    return s;
  }

  /** The operation by operationId; validators compile on first use. */
  operation(operationId: string): SpecOperation {
    return this.cachedOperation(operationId, () => {
      const found = this.findOperation(operationId);
      if (!found) throw new Error(`${operationId} is not an operation in ${this.file}`);
      const body = found.def.requestBody ? this.resolve<Json>(found.def.requestBody) : undefined;
      return new SpecOperation(
        this,
        operationId,
        found.method,
        found.path,
        found.parameters as ParameterObject[],
        body,
        (found.def.responses ?? {}) as Json,
      );
    });
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
  private readonly responseValidators: ResponseValidators;
  readonly bodySchema: Json | undefined;
  readonly bodyRequired: boolean;

  constructor(
    readonly spec: OpenApiSpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: ParameterObject[],
    requestBody: Json | undefined,
    responses: Json,
  ) {
    this.bodySchema = jsonContentSchema(requestBody);
    this.bodyRequired = requestBody?.required === true;
    this.responseValidators = new ResponseValidators(spec, operationId, {
      response: (status) => spec.resolve<Json | undefined>(responses[status] ?? responses.default),
      schema: jsonContentSchema,
      bodyWithoutSchema: (status) => `status ${status} of ${operationId} has no body in the spec`,
    });
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
    const issues: SpecIssue[] = [];
    const values = readParameters(this.ensureCompiled(), input, {
      coerce: (param, raw) => this.coerce(param, raw),
      missing: (param, location) =>
        issues.push({ location, field: param.name, kind: "required", reason: "is required" }),
      invalid: (param, location, errors) => {
        const e = errors[0];
        issues.push({
          location,
          field: param.name,
          kind: e ? issueKind(e) : "constraint",
          reason: e?.message ?? "is invalid",
        });
      },
    });
    if (opts.unknownQuery === "reject") {
      const known = new Set(this.queryNames());
      for (const key of new Set(input.query.keys())) {
        if (!known.has(key))
          issues.push({
            location: "query",
            field: key,
            kind: "unknown",
            reason: "is not a parameter of this operation",
          });
      }
    }

    let body: unknown = undefined;
    if (this.bodySchema) {
      if (input.rawBody.trim() === "") {
        if (this.bodyRequired)
          issues.push({ location: "body", field: "body", kind: "required", reason: "a request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({ location: "body", field: "body", kind: "unparseable", reason: "the body is not valid JSON" });
      } else {
        body = input.body;
        issues.push(...this.bodyIssues(body, opts));
      }
    }
    return { issues: dedupeBy(issues, (i) => `${i.location}|${i.field}|${i.kind}`), values, body };
  }

  private bodyIssues(body: unknown, opts: ValidateOptions): SpecIssue[] {
    const out: SpecIssue[] = [];
    if (opts.unknownBodyFields === "reject" && isObject(body)) {
      const declared = this.spec.properties(this.bodySchema);
      for (const key of Object.keys(body)) {
        if (!(key in declared))
          out.push({ location: "body", field: key, kind: "unknown", reason: "is not a field of this resource" });
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
      if (p.readOnly === true)
        out.push({ location: "body", field: join2(at, k), kind: "readOnly", reason: "is read-only" });
      else this.readOnlyIssues(p, v, join2(at, k), out);
    }
  }

  /** Errors of a response against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    return this.responseValidators.check(status, body);
  }
}

/** Validates a value against one component schema of a spec (e.g. the custom-product form). */
export function validateAgainst(spec: OpenApiSpec, schemaName: string, value: unknown, at: string): SpecIssue[] {
  const validate =
    schemaValidators.get(`${spec.file}#${schemaName}`) ?? spec.compile({ $ref: `#/components/schemas/${schemaName}` });
  schemaValidators.set(`${spec.file}#${schemaName}`, validate);
  if (validate(value)) return [];
  return ajvIssues(validate.errors ?? []).map((i) => ({
    ...i,
    field: i.field === "body" ? at : at + (i.field.startsWith("[") ? "" : ".") + i.field,
  }));
}
const schemaValidators = new Map<string, ValidateFunction>();

function ajvIssues(errors: ErrorObject[]): SpecIssue[] {
  const concrete = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const use = concrete.length ? concrete : errors.slice(0, 1);
  return use.map((e) => {
    const field = bodyErrorField(e);
    return { location: "body" as const, field, kind: issueKind(e), reason: e.message ?? "is invalid" };
  });
}

/** BigCommerce reads "1"/"0" as booleans too. */
function coerceScalar(type: string | undefined, s: string): unknown {
  return coerceValue(type, s, { numericBooleans: true });
}

/** One parsed spec per file per process. */
export const loadSpec: (file: SpecFile) => OpenApiSpec = specsLoader((file) => new OpenApiSpec(file));
