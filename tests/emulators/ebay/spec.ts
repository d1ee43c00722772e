/**
 * The eBay Sell Fulfillment OpenAPI 3 contract (`specsDir()/ebay/specs/sell_fulfillment_v1_oas3.json`, read
 * at run time, never copied), compiled with ajv:
 *  - each operation's parameters (query, path, header) and JSON request body, for request validation;
 *  - each operation's response schemas, so tests can check the emulator answers what the spec promises;
 *  - the documented error ids and their messages (`x-response-codes`), for errors.ts.
 *
 * Every `components/schemas` entry is registered once under a base id, so `$ref`s resolve. ajv runs with
 * `strict: false` (the spec has `x-*` keywords and OAS formats such as `int32`).
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

export const FULFILLMENT_SPEC_FILE = "ebay/specs/sell_fulfillment_v1_oas3.json";
/** The path prefix of every operation (the spec's `servers[].variables.basePath`). */
export const FULFILLMENT_BASE_PATH = "/sell/fulfillment/v1";

export interface OasParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
}

export interface SpecIssue {
  location: "query" | "path" | "header" | "body";
  /** Parameter name, or the body field as a dotted path ("lineItems[0].quantity"). */
  name: string;
  kind: "required" | "type" | "enum" | "format" | "constraint" | "unparseable";
  message: string;
}

export interface RequestInput {
  query: URLSearchParams;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
}

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

/** "/lineItems/0/quantity" → "lineItems[0].quantity". */
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

export class FulfillmentSpec {
  readonly doc: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Json } };
  /** errorId → documented description, from every operation's `x-response-codes`. */
  readonly errorDescriptions = new Map<number, string>();
  private readonly ajv: InstanceType<typeof AjvModule>;
  private readonly base = "https://specs.invalid/ebay/sell_fulfillment_v1_oas3.json";
  private readonly ops = new Map<string, SpecOperation>();

  constructor(file = FULFILLMENT_SPEC_FILE) {
    this.doc = JSON.parse(readFileSync(join(specsDir(), file), "utf8"));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: this.base, components: this.doc.components });
    for (const item of Object.values(this.doc.paths)) {
      for (const op of Object.values(item)) {
        const responses = (op as Json).responses as Record<string, Json> | undefined;
        for (const res of Object.values(responses ?? {})) {
          const codes = (res["x-response-codes"] as { errors?: Record<string, { description?: string }> } | undefined)?.errors;
          for (const [id, e] of Object.entries(codes ?? {})) {
            if (e.description && !this.errorDescriptions.has(Number(id))) this.errorDescriptions.set(Number(id), e.description);
          }
        }
      }
    }
  }

  get version(): string {
    return String((this.doc.info as Json).version);
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(rewriteRefs(schema, this.base) as Json);
  }

  /** A named schema of `components/schemas`, compiled. */
  schema(name: string): ValidateFunction {
    return this.compile({ $ref: `#/components/schemas/${name}` });
  }

  operation(operationId: string): SpecOperation {
    let op = this.ops.get(operationId);
    if (op) return op;
    for (const [path, item] of Object.entries(this.doc.paths)) {
      for (const [method, raw] of Object.entries(item)) {
        const def = raw as Json;
        if (def.operationId !== operationId) continue;
        op = new SpecOperation(this, operationId, method.toUpperCase(), FULFILLMENT_BASE_PATH + path, def);
        this.ops.set(operationId, op);
        return op;
      }
    }
    throw new Error(`${operationId} not found in ${FULFILLMENT_SPEC_FILE}`);
  }
}

export class SpecOperation {
  readonly parameters: OasParameter[];
  private readonly paramValidators: { param: OasParameter; validate: ValidateFunction }[] = [];
  private readonly bodyRequired: boolean;
  private readonly bodyValidator: ValidateFunction | undefined;
  private readonly responses: Record<string, Json>;
  private readonly responseValidators = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly spec: FulfillmentSpec,
    readonly operationId: string,
    readonly method: string,
    /** Full path template, e.g. "/sell/fulfillment/v1/order/{orderId}". */
    readonly path: string,
    def: Json,
  ) {
    this.parameters = (def.parameters ?? []) as OasParameter[];
    for (const param of this.parameters) {
      if (param.in === "cookie") continue;
      this.paramValidators.push({ param, validate: spec.compile(param.schema ?? {}) });
    }
    const body = def.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    this.bodyRequired = body?.required === true;
    const schema = body?.content?.["application/json"]?.schema;
    this.bodyValidator = schema ? spec.compile(schema) : undefined;
    this.responses = (def.responses ?? {}) as Record<string, Json>;
  }

  /** The error ids this operation documents for a status ("400" → [32100, 32200, ...]). */
  documentedErrorIds(status: number): number[] {
    const codes = (this.responses[String(status)]?.["x-response-codes"] as { errors?: Json } | undefined)?.errors;
    return Object.keys(codes ?? {}).map(Number);
  }

  validateRequest(input: RequestInput): { issues: SpecIssue[]; body: unknown } {
    const issues: SpecIssue[] = [];
    for (const { param, validate } of this.paramValidators) {
      const location = param.in as "query" | "path" | "header";
      let raw: string | undefined;
      if (location === "path") raw = input.params[param.name];
      else if (location === "query") raw = input.query.get(param.name) ?? undefined;
      else {
        const h = input.headers[param.name.toLowerCase()];
        raw = Array.isArray(h) ? h[0] : h;
      }
      if (raw === undefined || raw === "") {
        if (param.required) issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` });
        continue;
      }
      // Every parameter of this spec is typed string; no coercion is needed.
      if (!validate(raw)) {
        for (const e of validate.errors ?? []) {
          issues.push({ location, name: param.name, kind: kindOf(e), message: `${param.name} ${e.message}` });
        }
      }
    }

    let body: unknown = undefined;
    if (this.bodyValidator || this.bodyRequired) {
      if (input.rawBody.trim() === "") {
        if (this.bodyRequired) issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({ location: "body", name: "body", kind: "unparseable", message: "The request body is not valid JSON" });
      } else {
        body = input.body;
        const validate = this.bodyValidator;
        if (validate && !validate(body)) {
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
    return { issues, body };
  }

  /** Errors of a response body against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    const key = String(status);
    let validate = this.responseValidators.get(key);
    if (validate === undefined) {
      const res = this.responses[key];
      if (!res) return [`status ${status} is not documented for ${this.operationId}`];
      const schema = (res.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema;
      validate = schema ? this.spec.compile(schema) : null;
      this.responseValidators.set(key, validate);
    }
    if (validate === null) return [];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

let cached: FulfillmentSpec | undefined;

/** One parsed spec per process. */
export function loadFulfillmentSpec(): FulfillmentSpec {
  cached ??= new FulfillmentSpec();
  return cached;
}
