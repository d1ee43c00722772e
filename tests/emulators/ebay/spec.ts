/**
 * The eBay Sell Fulfillment OpenAPI 3 contract (`specsDir()/ebay/specs/sell_fulfillment_v1_oas3.json`, read
 * at run time, never copied), compiled with ajv:
 *  - each operation's parameters (query, path, header) and JSON request body, for request validation;
 *  - each operation's response schemas, so tests can check the emulator answers what the spec promises;
 *  - the documented error ids and their messages (`x-response-codes`), for errors.ts.
 *
 * Loading, the ajv instance (`$ref`s through `components`, `x-*` keywords, OAS formats such as `int32`) and
 * response checks come from ../kit/openapi-validator.ts. Parameters here are all strings, so none is coerced.
 */
import {
  bodyErrorField,
  issueKind,
  type Json,
  jsonContentSchema,
  ResponseValidators,
  SpecDocument,
  specsLoader,
  type ValidateFunction,
} from "../kit/openapi-validator";

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

export class FulfillmentSpec extends SpecDocument<SpecOperation> {
  /** errorId → documented description, from every operation's `x-response-codes`. */
  readonly errorDescriptions = new Map<number, string>();

  constructor(file = FULFILLMENT_SPEC_FILE) {
    super(file);
    for (const item of Object.values(this.doc.paths as Record<string, Json>)) {
      for (const op of Object.values(item)) {
        const responses = (op as Json).responses as Record<string, Json> | undefined;
        for (const res of Object.values(responses ?? {})) {
          const codes = (res["x-response-codes"] as { errors?: Record<string, { description?: string }> } | undefined)
            ?.errors;
          for (const [id, e] of Object.entries(codes ?? {})) {
            if (e.description && !this.errorDescriptions.has(Number(id)))
              this.errorDescriptions.set(Number(id), e.description);
          }
        }
      }
    }
  }

  get version(): string {
    return String((this.doc.info as Json).version);
  }

  /** A named schema of `components/schemas`, compiled. */
  schema(name: string): ValidateFunction {
    return this.compile({ $ref: `#/components/schemas/${name}` });
  }

  operation(operationId: string): SpecOperation {
    return this.cachedOperation(operationId, () => {
      const found = this.findOperation(operationId);
      if (!found) throw new Error(`${operationId} not found in ${FULFILLMENT_SPEC_FILE}`);
      return new SpecOperation(
        this,
        operationId,
        found.method,
        FULFILLMENT_BASE_PATH + found.path,
        found.parameters as OasParameter[],
        found.def,
      );
    });
  }
}

export class SpecOperation {
  readonly parameters: OasParameter[];
  private readonly paramValidators: { param: OasParameter; validate: ValidateFunction }[] = [];
  private readonly bodyRequired: boolean;
  private readonly bodyValidator: ValidateFunction | undefined;
  private readonly responses: Record<string, Json>;
  private readonly responseValidators: ResponseValidators;

  constructor(
    spec: FulfillmentSpec,
    readonly operationId: string,
    readonly method: string,
    /** Full path template, e.g. "/sell/fulfillment/v1/order/{orderId}". */
    readonly path: string,
    parameters: OasParameter[],
    def: Json,
  ) {
    this.parameters = parameters;
    for (const param of this.parameters) {
      if (param.in === "cookie") continue;
      this.paramValidators.push({ param, validate: spec.compile(param.schema ?? {}) });
    }
    const body = def.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    this.bodyRequired = body?.required === true;
    const schema = jsonContentSchema(body);
    this.bodyValidator = schema ? spec.compile(schema) : undefined;
    const responses = (def.responses ?? {}) as Record<string, Json>;
    this.responses = responses;
    // No `default` response here, and a body where the spec documents none is not flagged.
    this.responseValidators = new ResponseValidators(spec, operationId, {
      response: (status) => responses[status],
      schema: jsonContentSchema,
    });
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
        if (param.required)
          issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` });
        continue;
      }
      // Every parameter of this spec is typed string; no coercion is needed.
      if (!validate(raw)) {
        for (const e of validate.errors ?? []) {
          issues.push({ location, name: param.name, kind: issueKind(e), message: `${param.name} ${e.message}` });
        }
      }
    }

    let body: unknown = undefined;
    if (this.bodyValidator || this.bodyRequired) {
      if (input.rawBody.trim() === "") {
        if (this.bodyRequired)
          issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({
          location: "body",
          name: "body",
          kind: "unparseable",
          message: "The request body is not valid JSON",
        });
      } else {
        body = input.body;
        const validate = this.bodyValidator;
        if (validate && !validate(body)) {
          for (const e of validate.errors ?? []) {
            const name = bodyErrorField(e);
            issues.push({ location: "body", name, kind: issueKind(e), message: `${name} ${e.message}` });
          }
        }
      }
    }
    return { issues, body };
  }

  /** Errors of a response body against the spec's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    return this.responseValidators.check(status, body);
  }
}

const loadSpecFile = specsLoader((file) => new FulfillmentSpec(file));

/** One parsed spec per process. */
export function loadFulfillmentSpec(): FulfillmentSpec {
  return loadSpecFile(FULFILLMENT_SPEC_FILE);
}
