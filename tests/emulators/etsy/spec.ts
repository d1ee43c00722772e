/**
 * Validates requests (and, in tests, responses) against Etsy's official OpenAPI 3.0 document
 * (`specsDir()/etsy/oas/3.0.0.json`). The file is read at run time and never copied into the repo.
 *
 * The document is large (about 840 kB, 100 operations), so it is parsed once per process and each
 * operation is compiled only when first used. Loading, the ajv instance (`$ref`s, `x-*` keywords,
 * formats) and response checks come from ../kit/openapi-validator.ts. OpenAPI's `nullable` is native
 * to ajv 8. The spec's own "ISO 3166-1 alpha-2" format is checked as two capital letters.
 *
 * Requests follow OpenAPI 3 rules. Query and path values arrive as strings and are coerced to their
 * schema's type (integer, number, boolean; arrays as repeated keys or comma lists). Each parameter is
 * then checked against its own schema (type, minimum/maximum, enum...). Bodies are read according to
 * their content type. Form fields (`application/x-www-form-urlencoded`, what the spec declares) are
 * coerced the same way as query values. JSON bodies, which Etsy's 2026 spec uses, are checked as they
 * are, against the same schema.
 */
import {
  bodyErrorField,
  coerceScalar as coerceValue,
  dedupeBy,
  type ErrorObject,
  issueKind,
  type Json,
  jsonContentSchema,
  pointerIndexSuffix,
  readParameters,
  ResponseValidators,
  SpecDocument,
  specsLoader,
  type ValidateFunction,
} from "../kit/openapi-validator";

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

/** ajv's message, with the allowed values for enums ("must be one of: created, updated, receipt_id"). */
function describe(e: ErrorObject): string {
  if (e.keyword === "enum")
    return `must be one of: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")}`;
  return e.message ?? "is invalid";
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
  return coerceValue(type, s, { trimIntegers: true });
}

export class EtsySpec extends SpecDocument<SpecOperation> {
  constructor(file = ETSY_SPEC_FILE) {
    // The spec's own name for a country code (Shop, shipping profiles): checked, not ignored with a warning.
    super(file, { formats: { "ISO 3166-1 alpha-2": /^[A-Z]{2}$/ } });
  }

  /** The operation by operationId, compiled on first use. */
  operation(operationId: string): SpecOperation {
    return this.cachedOperation(operationId, () => {
      const found = this.findOperation(operationId);
      if (!found) throw new Error(`${operationId} not found in the Etsy spec`);
      return new SpecOperation(
        this,
        operationId,
        found.method,
        found.path,
        found.parameters as OasParameter[],
        found.def,
      );
    });
  }
}

export class SpecOperation {
  private readonly paramValidators: { param: OasParameter; validate: ValidateFunction }[] = [];
  /** Per request content type: the body schema, its validator and its properties' types (for form coercion). */
  private readonly bodies = new Map<
    string,
    { validate: ValidateFunction; types: Record<string, string | undefined> }
  >();
  private readonly bodyRequired: boolean;
  private readonly responses: ResponseValidators;

  constructor(
    spec: EtsySpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: OasParameter[],
    def: Json,
  ) {
    for (const param of parameters) {
      if (param.in !== "query" && param.in !== "path") continue;
      this.paramValidators.push({ param, validate: spec.compile(param.schema ?? {}) });
    }
    const requestBody = def.requestBody as
      { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    this.bodyRequired = requestBody?.required === true;
    for (const [type, media] of Object.entries(requestBody?.content ?? {})) {
      const schema = media.schema ?? {};
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const types = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, schemaType(v)]));
      this.bodies.set(type, { validate: spec.compile(schema), types });
    }
    const responses = (def.responses ?? {}) as Record<string, Json>;
    this.responses = new ResponseValidators(spec, operationId, {
      response: (status) => responses[status] ?? responses.default,
      schema: jsonContentSchema,
      bodyWithoutSchema: (status) => `status ${status} of ${operationId} has no body in the spec`,
    });
  }

  /** Does the operation take a body at all? */
  get hasBody(): boolean {
    return this.bodies.size > 0;
  }

  validateRequest(input: RequestInput): ValidatedRequest {
    const issues: SpecIssue[] = [];
    const values = readParameters(this.paramValidators, input, {
      coerce: (param, raw) => {
        const type = schemaType(param.schema);
        if (type !== "array") return coerceScalar(type, raw[raw.length - 1]!);
        return raw
          .flatMap((r) => r.split(","))
          .map((p) => coerceScalar(schemaType((param.schema?.items ?? {}) as Json), p));
      },
      missing: (param, location) =>
        issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` }),
      invalid: (param, location, errors) => {
        for (const e of errors) {
          issues.push({
            location,
            name: param.name,
            kind: issueKind(e),
            message: `${param.name}${pointerIndexSuffix(e.instancePath)} ${describe(e)}`,
          });
        }
      },
    });

    let body: Record<string, unknown> = {};
    if (this.hasBody) {
      const parsed = this.readBody(input, issues);
      if (parsed) body = parsed;
    }
    return { issues: dedupeBy(issues, (i) => `${i.location}|${i.name}|${i.kind}`), values, body };
  }

  private readBody(input: RequestInput, issues: SpecIssue[]): Record<string, unknown> | null {
    if (input.rawBody.trim() === "") {
      if (this.bodyRequired)
        issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
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
      issues.push({
        location: "body",
        name: "body",
        kind: "unparseable",
        message: "The request body is not a JSON object",
      });
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
        const name = bodyErrorField(e, (pointer) => pointer.split("/").slice(1).join("."));
        issues.push({ location: "body", name, kind: issueKind(e), message: `${name} ${describe(e)}` });
      }
    }
    return body as Record<string, unknown>;
  }

  /** Errors of a response against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    return this.responses.check(status, body);
  }
}

const loadSpecFile = specsLoader((file) => new EtsySpec(file));

/** The parsed spec, once per process. */
export function loadEtsySpec(): EtsySpec {
  return loadSpecFile(ETSY_SPEC_FILE);
}

/** How Etsy-style 400s read: the first problem names the parameter (e.g. "limit must be <= 100"). */
export function issuesMessage(issues: SpecIssue[]): string {
  return issues.map((i) => i.message).join("; ");
}
