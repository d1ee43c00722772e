/**
 * Validates requests (and, in tests, responses) against Etsy's official OpenAPI 3.0 document
 * (`specsDir()/etsy/oas/3.0.0.json`). The file is read at run time and never copied into the repo.
 *
 * The document is large (about 840 kB, 100 operations), so it is parsed once per process and each
 * operation is compiled only when first used. Compiling means one ajv instance with the
 * `components` section registered under a base $id, so every `$ref` resolves. ajv runs with
 * strict: false, so `x-resource-id` and other `x-*` keywords pass. OpenAPI's `nullable` is native to ajv 8.
 *
 * Requests follow OpenAPI 3 rules. Query and path values arrive as strings and are coerced to their
 * schema's type (integer, number, boolean; arrays as repeated keys or comma lists). Each parameter is
 * then checked against its own schema (type, minimum/maximum, enum...). Bodies are read according to
 * their content type. Form fields (`application/x-www-form-urlencoded`, what the spec declares) are
 * coerced the same way as query values. JSON bodies, which Etsy's 2026 spec uses, are checked as they
 * are, against the same schema.
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

export const ETSY_SPEC_FILE = "etsy/oas/3.0.0.json";

export interface OasParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
  style?: string;
  explode?: boolean;
}

export interface SpecIssue {
  location: "query" | "path" | "body";
  /** Parameter name, or the body field ("tracking_code"). */
  name: string;
  kind: "required" | "type" | "enum" | "format" | "constraint" | "unparseable" | "content_type";
  message: string;
}

export interface RequestInput {
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
  rawBody: string;
  contentType: string | undefined;
}

export interface ValidatedRequest {
  issues: SpecIssue[];
  /** Query and path values coerced to their declared types. Absent parameters are left out. */
  values: Record<string, unknown>;
  /** The body as an object with coerced values ({} when empty). */
  body: Record<string, unknown>;
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

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

/** ajv's message, with the allowed values for enums ("must be one of: created, updated, receipt_id"). */
function describe(e: ErrorObject): string {
  if (e.keyword === "enum") return `must be one of: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")}`;
  return e.message ?? "is invalid";
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

/** The declared scalar type of a schema, looking through a single `allOf`. */
function schemaType(schema: Json | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === "string") return schema.type;
  const allOf = schema.allOf as Json[] | undefined;
  return allOf && allOf.length === 1 ? schemaType(allOf[0]) : undefined;
}

/**
 * Coerces one string value the way a web framework reads query/form values. Booleans must be
 * "true"/"false" (any case). The real API's leniency toward "1"/"0" is unknown, so the emulator is strict.
 */
export function coerceScalar(type: string | undefined, s: string): unknown {
  switch (type) {
    case "integer":
      return /^[+-]?\d+$/.test(s.trim()) ? Number(s) : s;
    case "number":
      return s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s;
    case "boolean":
      return /^true$/i.test(s) ? true : /^false$/i.test(s) ? false : s;
    default:
      return s;
  }
}

export class EtsySpec {
  readonly doc: Json & { paths: Record<string, Record<string, Json>>; components: Json };
  private readonly ajv: InstanceType<typeof AjvModule>;
  private readonly base = "https://specs.invalid/etsy/oas/3.0.0.json";
  private readonly ops = new Map<string, SpecOperation>();

  constructor(file = ETSY_SPEC_FILE) {
    this.doc = JSON.parse(readFileSync(join(specsDir(), file), "utf8"));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    // The spec's own name for a country code (Shop, shipping profiles): checked, not ignored with a warning.
    this.ajv.addFormat("ISO 3166-1 alpha-2", /^[A-Z]{2}$/);
    this.ajv.addSchema({ $id: this.base, components: this.doc.components });
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(rewriteRefs(schema, this.base) as Json);
  }

  /** The operation by operationId, compiled on first use. */
  operation(operationId: string): SpecOperation {
    let op = this.ops.get(operationId);
    if (op) return op;
    for (const [path, item] of Object.entries(this.doc.paths)) {
      const shared = (item.parameters ?? []) as unknown as OasParameter[];
      for (const [method, raw] of Object.entries(item)) {
        if (method === "parameters") continue;
        const def = raw as Json;
        if (def.operationId !== operationId) continue;
        op = new SpecOperation(this, operationId, method.toUpperCase(), path, [...shared, ...((def.parameters ?? []) as OasParameter[])], def);
        this.ops.set(operationId, op);
        return op;
      }
    }
    throw new Error(`${operationId} not found in the Etsy spec`);
  }
}

export class SpecOperation {
  private readonly paramValidators: { param: OasParameter; validate: ValidateFunction }[] = [];
  /** Per request content type: the body schema, its validator and its properties' types (for form coercion). */
  private readonly bodies = new Map<string, { validate: ValidateFunction; types: Record<string, string | undefined> }>();
  private readonly bodyRequired: boolean;
  private readonly responseValidators = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly spec: EtsySpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: OasParameter[],
    private readonly def: Json,
  ) {
    for (const param of parameters) {
      if (param.in !== "query" && param.in !== "path") continue;
      this.paramValidators.push({ param, validate: spec.compile(param.schema ?? {}) });
    }
    const requestBody = def.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    this.bodyRequired = requestBody?.required === true;
    for (const [type, media] of Object.entries(requestBody?.content ?? {})) {
      const schema = media.schema ?? {};
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const types = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, schemaType(v)]));
      this.bodies.set(type, { validate: spec.compile(schema), types });
    }
  }

  /** Does the operation take a body at all? */
  get hasBody(): boolean {
    return this.bodies.size > 0;
  }

  validateRequest(input: RequestInput): ValidatedRequest {
    const issues: SpecIssue[] = [];
    const values: Record<string, unknown> = {};
    for (const { param, validate } of this.paramValidators) {
      const location = param.in as "query" | "path";
      const raw = (location === "path" ? (input.params[param.name] === undefined ? [] : [input.params[param.name]!]) : input.query.getAll(param.name)).filter(
        (r) => r !== "",
      );
      if (raw.length === 0) {
        if (param.required) issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` });
        continue;
      }
      const type = schemaType(param.schema);
      const value =
        type === "array"
          ? raw.flatMap((r) => r.split(",")).map((p) => coerceScalar(schemaType((param.schema?.items ?? {}) as Json), p))
          : coerceScalar(type, raw[raw.length - 1]!);
      if (!validate(value)) {
        for (const e of validate.errors ?? []) {
          issues.push({ location, name: param.name, kind: kindOf(e), message: `${param.name}${pointerSuffix(e.instancePath)} ${describe(e)}` });
        }
      }
      values[param.name] = value;
    }

    let body: Record<string, unknown> = {};
    if (this.hasBody) {
      const parsed = this.readBody(input, issues);
      if (parsed) body = parsed;
    }
    return { issues: dedupe(issues), values, body };
  }

  private readBody(input: RequestInput, issues: SpecIssue[]): Record<string, unknown> | null {
    if (input.rawBody.trim() === "") {
      if (this.bodyRequired) issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
      return null;
    }
    const contentType = (input.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const isForm = contentType === FORM;
    const isJson = contentType === JSON_TYPE || contentType.endsWith("+json");
    if (!isForm && !isJson) {
      issues.push({
        location: "body",
        name: "body",
        kind: "content_type",
        message: `Unsupported content type ${JSON.stringify(contentType || "(none)")}; send ${FORM} or ${JSON_TYPE}`,
      });
      return null;
    }
    // The spec declares form bodies; JSON ones (2026 spec) are checked against the same schema.
    const media = this.bodies.get(isForm ? FORM : JSON_TYPE) ?? this.bodies.get(FORM) ?? [...this.bodies.values()][0]!;
    let body: unknown = input.body;
    if (isJson && (typeof body !== "object" || body === null || Array.isArray(body))) {
      issues.push({ location: "body", name: "body", kind: "unparseable", message: "The request body is not a JSON object" });
      return null;
    }
    if (isForm) {
      const form = new URLSearchParams(input.rawBody);
      const out: Record<string, unknown> = {};
      for (const key of new Set(form.keys())) out[key] = coerceScalar(media.types[key], form.getAll(key).at(-1)!);
      body = out;
    }
    if (!media.validate(body)) {
      for (const e of media.validate.errors ?? []) {
        const at = e.instancePath.split("/").slice(1).join(".");
        const name = e.keyword === "required" ? [at, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".") : at || "body";
        issues.push({ location: "body", name, kind: kindOf(e), message: `${name} ${describe(e)}` });
      }
    }
    return body as Record<string, unknown>;
  }

  /** Errors of a response against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    const key = String(status);
    let validate = this.responseValidators.get(key);
    if (validate === undefined) {
      const responses = (this.def.responses ?? {}) as Record<string, { content?: Record<string, { schema?: Json }> }>;
      const res = responses[key] ?? responses.default;
      if (!res) {
        this.responseValidators.set(key, null);
        return [`status ${status} is not documented for ${this.operationId}`];
      }
      const schema = res.content?.[JSON_TYPE]?.schema;
      validate = schema ? this.spec.compile(schema) : null;
      this.responseValidators.set(key, validate);
    }
    if (validate === null) return body === undefined || body === "" ? [] : [`status ${status} of ${this.operationId} has no body in the spec`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

/** "/2" → "[2]": which item of an array parameter failed. */
function pointerSuffix(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => `[${s}]`)
    .join("");
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

let cached: EtsySpec | undefined;

/** The parsed spec, once per process. */
export function loadEtsySpec(): EtsySpec {
  cached ??= new EtsySpec();
  return cached;
}

/** How Etsy-style 400s read: the first problem names the parameter (e.g. "limit must be <= 100"). */
export function issuesMessage(issues: SpecIssue[]): string {
  return issues.map((i) => i.message).join("; ");
}
