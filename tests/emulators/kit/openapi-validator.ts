/**
 * What the emulators' OpenAPI validators share (Amazon's Swagger 2.0 models, eBay's, Etsy's and BigCommerce's
 * OpenAPI 3.0 documents). Each emulator keeps its own rules in its folder: how parameters are coerced and
 * reported, its error envelope, Swagger 2.0 parameters for Amazon, BigCommerce's schema adaptations.
 *
 *  - SpecDocument: one spec file of `specsDir()` (SPECS_DIR, or ../shared/specs), read at run time and never
 *    copied, parsed as JSON or YAML by its extension. One ajv instance per file (ajv-formats added; strict:
 *    false, so `x-*` keywords, `example` and `discriminator` pass) with the file's `components` and
 *    `definitions` registered under a base $id, so every local `$ref` resolves. Operations are found by
 *    operationId and built once, on first use (the files are large and most operations are never served).
 *  - readParameters: the query/path loop (raw strings → coerced value → schema check).
 *  - ResponseValidators: a response body against the schema documented for its status, compiled per status
 *    on first use, with the errors as readable lines (for the spec-conformance tests).
 *  - helpers: coerceScalar, issueKind, jsonPointerToPath, bodyErrorField, dedupeBy, specsLoader.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { specsDir } from "./emulator-server";

export type { ErrorObject, ValidateFunction } from "ajv";

// ajv and ajv-formats are CommonJS; under ESM their default export may arrive wrapped.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

export type Json = Record<string, any>;

/** A spec file's absolute path: `file` is relative to the specs folder ("etsy/oas/3.0.0.json"). */
export function specFilePath(file: string): string {
  return join(specsDir(), file);
}

/** A spec file, parsed: YAML for `.yml`/`.yaml`, JSON otherwise. */
export function readSpecFile(file: string): Json {
  const text = readFileSync(specFilePath(file), "utf8");
  return (/\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text)) as Json;
}

export function isObject(v: unknown): v is Json {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Prefixes every local `$ref` ("#/components/...") with `base`, so it resolves in the shared ajv instance. */
export function rewriteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, base));
  if (isObject(node)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(node))
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? base + v : rewriteRefs(v, base);
    return out;
  }
  return node;
}

export interface SpecDocumentOptions {
  /** Changes the parsed document in place before anything compiles (e.g. OAS 3.0 → JSON Schema fixes). */
  prepare?: (doc: Json) => void;
  /** Formats of the spec's own to check (a pattern) or to accept as annotations (true). */
  formats?: Record<string, RegExp | true>;
  /** Register every other format the document names, which ajv-formats lacks, as an annotation. */
  annotateUnknownFormats?: boolean;
  /** Keep ajv from logging (e.g. "unknown format ignored"). */
  quiet?: boolean;
}

/** Where an operation is: path template, method (upper case) and its definition. */
export interface FoundOperation {
  path: string;
  method: string;
  def: Json;
  /** The path item's and the operation's parameters, `$ref`s followed; the operation's win on a name clash. */
  parameters: Json[];
}

/** One spec file with its ajv instance and the operations built so far. */
export class SpecDocument<Op = unknown> {
  readonly doc: Json;
  private readonly ajv: InstanceType<typeof AjvModule>;
  private readonly base: string;
  private readonly ops = new Map<string, Op>();

  /** `specFile` relative to the specs folder. */
  constructor(
    readonly specFile: string,
    opts: SpecDocumentOptions = {},
  ) {
    this.doc = readSpecFile(specFile);
    opts.prepare?.(this.doc);
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      ...(opts.quiet ? { logger: false as const } : {}),
    });
    addFormats(this.ajv);
    for (const [name, format] of Object.entries(opts.formats ?? {})) this.ajv.addFormat(name, format);
    if (opts.annotateUnknownFormats)
      for (const f of formatsIn(this.doc)) if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
    this.base = `https://specs.invalid/${specFile}`;
    const shared: Json = { $id: this.base };
    for (const section of ["components", "definitions"])
      if (this.doc[section] !== undefined) shared[section] = this.doc[section];
    this.ajv.addSchema(shared);
  }

  compile(schema: Json): ValidateFunction {
    return this.ajv.compile(rewriteRefs(schema, this.base) as Json);
  }

  /** Follows local `$ref`s ("#/components/...") to the node they name. */
  resolve<T = Json>(node: unknown): T {
    let n = node as Json;
    for (let i = 0; i < 20 && isObject(n) && typeof n.$ref === "string" && n.$ref.startsWith("#/"); i++) {
      n = (n.$ref as string)
        .slice(2)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc: Json | undefined, key) => acc?.[key], this.doc) as Json;
    }
    return n as T;
  }

  /** The operation by operationId, or undefined. */
  findOperation(operationId: string): FoundOperation | undefined {
    for (const [path, rawItem] of Object.entries((this.doc.paths ?? {}) as Json)) {
      const item = rawItem as Json;
      for (const [method, raw] of Object.entries(item)) {
        if (method === "parameters" || !isObject(raw) || raw.operationId !== operationId) continue;
        const params = new Map<string, Json>();
        for (const p of [...((item.parameters ?? []) as unknown[]), ...((raw.parameters ?? []) as unknown[])]) {
          const resolved = this.resolve(p);
          params.set(`${resolved.in}:${resolved.name}`, resolved);
        }
        return { path, method: method.toUpperCase(), def: raw, parameters: [...params.values()] };
      }
    }
    return undefined;
  }

  /** The operation stored under `key`, built by `build` the first time it is asked for. */
  protected cachedOperation(key: string, build: () => Op): Op {
    let op = this.ops.get(key);
    if (op === undefined) {
      op = build();
      this.ops.set(key, op);
    }
    return op;
  }
}

function formatsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) formatsIn(n, out);
  else if (isObject(node)) {
    if (typeof node.format === "string") out.add(node.format);
    for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") formatsIn(v, out);
  }
  return out;
}

/** One parsed spec per file per process: `load(file)` builds it once. */
export function specsLoader<S>(build: (file: string) => S): (file: string) => S {
  const cache = new Map<string, S>();
  return (file) => {
    let spec = cache.get(file);
    if (!spec) {
      spec = build(file);
      cache.set(file, spec);
    }
    return spec;
  };
}

export type IssueKind = "required" | "type" | "enum" | "format" | "constraint";

/** What kind of problem an ajv error is. */
export function issueKind(e: ErrorObject): IssueKind {
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

/** "/lineItems/0/quantity" → "lineItems[0].quantity". */
export function jsonPointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  }
  return out;
}

/** "/2" → "[2]": which item of an array parameter failed. */
export function pointerIndexSuffix(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => `[${s}]`)
    .join("");
}

/** The body field an ajv error is about: the missing property for `required`, "body" for the whole body. */
export function bodyErrorField(e: ErrorObject, pathOf: (pointer: string) => string = jsonPointerToPath): string {
  const at = pathOf(e.instancePath);
  if (e.keyword === "required")
    return [at, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".");
  return at || "body";
}

export interface CoerceOptions {
  /** Read integers with surrounding white space (" 5" → 5). */
  trimIntegers?: boolean;
  /** Read "1"/"0" as booleans, besides "true"/"false". */
  numericBooleans?: boolean;
}

/** One query, path or form value read by its schema type; left a string when it does not parse (ajv reports it). */
export function coerceScalar(type: string | undefined, s: string, opts: CoerceOptions = {}): unknown {
  switch (type) {
    case "integer":
      return /^[+-]?\d+$/.test(opts.trimIntegers ? s.trim() : s) ? Number(s) : s;
    case "number":
      return s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s;
    case "boolean":
      if (opts.numericBooleans) return /^(true|1)$/i.test(s) ? true : /^(false|0)$/i.test(s) ? false : s;
      return /^true$/i.test(s) ? true : /^false$/i.test(s) ? false : s;
    default:
      return s;
  }
}

/** The first of each group of items with the same key. */
export function dedupeBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = keyOf(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface ParameterLike {
  name: string;
  in: string;
  required?: boolean;
}

export interface ParameterInput {
  query: URLSearchParams;
  params: Record<string, string>;
}

export interface ParameterRules<P extends ParameterLike> {
  /** The value of a parameter from its non-empty raw strings (one for a path parameter, each query repeat). */
  coerce(param: P, raw: string[]): unknown;
  /** A required parameter absent (or empty after coercion, when `isEmpty` says so). */
  missing(param: P, location: "query" | "path"): void;
  /** A value its schema refuses, with ajv's errors. */
  invalid(param: P, location: "query" | "path", errors: ErrorObject[]): void;
  /** A value that counts as absent for a required parameter (e.g. an array with no items). */
  isEmpty?(param: P, value: unknown): boolean;
}

/**
 * Reads each query and path parameter of `validators` from the request, coerces it and checks it against its
 * schema, reporting through `rules`. Empty strings count as absent. Returns the values of the parameters present.
 */
export function readParameters<P extends ParameterLike>(
  validators: { param: P; validate: ValidateFunction }[],
  input: ParameterInput,
  rules: ParameterRules<P>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { param, validate } of validators) {
    const location = param.in as "query" | "path";
    const fromPath = input.params[param.name];
    const raw = (
      location === "path" ? (fromPath === undefined ? [] : [fromPath]) : input.query.getAll(param.name)
    ).filter((r) => r !== "");
    if (raw.length === 0) {
      if (param.required) rules.missing(param, location);
      continue;
    }
    const value = rules.coerce(param, raw);
    if (param.required && rules.isEmpty?.(param, value)) {
      rules.missing(param, location);
      continue;
    }
    if (!validate(value)) rules.invalid(param, location, validate.errors ?? []);
    values[param.name] = value;
  }
  return values;
}

export interface ResponseRules {
  /** The response documented for a status ("200"), following `default` where the spec's rules say so. */
  response(status: string): Json | undefined;
  /** Its body schema: `content["application/json"].schema` in OAS 3, `schema` in Swagger 2.0. */
  schema(response: Json): Json | undefined;
  /**
   * A body sent where the documented response has none: named as an error ("… has no body in the spec"),
   * or accepted when undefined.
   */
  bodyWithoutSchema?: (status: number) => string;
}

/** Checks response bodies of one operation against the schemas its spec documents, compiled per status. */
export class ResponseValidators {
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly spec: Pick<SpecDocument, "compile">,
    private readonly operationId: string,
    private readonly rules: ResponseRules,
  ) {}

  /** Errors of a response against the spec's schema for its status ([] when it conforms). */
  check(status: number, body: unknown): string[] {
    const key = String(status);
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const res = this.rules.response(key);
      if (!res) return [`status ${status} is not documented for ${this.operationId}`];
      const schema = this.rules.schema(res);
      validate = schema ? this.spec.compile(schema) : null;
      this.validators.set(key, validate);
    }
    if (validate === null) {
      if (!this.rules.bodyWithoutSchema || body === undefined || body === "") return [];
      return [this.rules.bodyWithoutSchema(status)];
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

/** The JSON body schema of an OAS 3 response or request body. */
export function jsonContentSchema(node: Json | undefined): Json | undefined {
  return (node?.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema;
}
