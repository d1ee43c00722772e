/**
 * Validates requests and responses against the official Swagger 2.0 models in the shared specs folder
 * (`specsDir()/amazon-sp-api/...`, read at run time, never copied). Loading, the ajv instance (the whole
 * `definitions` section registered once, so every `$ref` resolves; `x-*` keywords pass) and response checks
 * come from ../kit/openapi-validator.ts; the Swagger 2.0 parameter rules below are Amazon's own.
 *
 * Requests follow Swagger 2.0 parameter rules: query values arrive as strings and are coerced by the
 * parameter's declared type (integer, number, boolean, array as CSV or repeated keys), then each parameter
 * is checked against its own schema (type, enum, required, maxItems, minimum/maximum...). The body is
 * checked against the `in: body` parameter's schema. The route modules turn the issues into SP-API errors.
 */
import {
  bodyErrorField,
  coerceScalar,
  dedupeBy,
  issueKind,
  type Json,
  pointerIndexSuffix,
  readParameters,
  ResponseValidators,
  SpecDocument,
  specsLoader,
  type ValidateFunction,
} from "../kit/openapi-validator";

export { jsonPointerToPath } from "../kit/openapi-validator";

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
  "type",
  "items",
  "enum",
  "format",
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "multipleOf",
  "default",
];

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

export class SwaggerSpec extends SpecDocument<SpecOperation> {
  /** `file` relative to the Amazon specs folder, e.g. "models/orders-api-model/ordersV0.json". */
  constructor(readonly file: string) {
    super(`amazon-sp-api/${file}`);
  }

  /** The operation by operationId (with the path it is served on). */
  operation(operationId: string, constraints: ParameterConstraints = {}): SpecOperation {
    return this.cachedOperation(`${operationId} ${JSON.stringify(constraints)}`, () => {
      const found = this.findOperation(operationId);
      if (!found) throw new Error(`${operationId} not found in ${this.file}`);
      const params = found.parameters as SwaggerParameter[];
      return new SpecOperation(
        this,
        operationId,
        found.method,
        found.path,
        params,
        found.def.responses as Json,
        constraints,
      );
    });
  }
}

export class SpecOperation {
  private readonly paramValidators: { param: SwaggerParameter; validate: ValidateFunction }[] = [];
  private readonly bodyParam: SwaggerParameter | undefined;
  private readonly bodyValidator: ValidateFunction | undefined;
  private readonly responseValidators: ResponseValidators;

  constructor(
    spec: SwaggerSpec,
    readonly operationId: string,
    readonly method: string,
    readonly path: string,
    readonly parameters: SwaggerParameter[],
    responses: Json,
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
    this.responseValidators = new ResponseValidators(spec, operationId, {
      response: (status) => (responses[status] ?? responses.default) as Json | undefined,
      schema: (res) => res.schema as Json | undefined,
      bodyWithoutSchema: (status) => `status ${status} of ${operationId} has no body in the model`,
    });
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
    const values = readParameters(this.paramValidators, input, {
      coerce: (param, raw) => this.coerce(param, raw),
      isEmpty: (param, value) => param.type === "array" && (value as unknown[]).length === 0,
      missing: (param, location) =>
        issues.push({ location, name: param.name, kind: "required", message: `${param.name} is required` }),
      invalid: (param, location, errors) => {
        for (const e of errors) {
          issues.push({
            location,
            name: param.name,
            kind: issueKind(e),
            message: `${param.name}${pointerIndexSuffix(e.instancePath)} ${e.message}`,
          });
        }
      },
    });

    let body: unknown = undefined;
    if (this.bodyParam) {
      if (input.rawBody.trim() === "") {
        if (this.bodyParam.required)
          issues.push({ location: "body", name: "body", kind: "required", message: "A request body is required" });
      } else if (typeof input.body === "string") {
        issues.push({
          location: "body",
          name: "body",
          kind: "unparseable",
          message: "The request body is not valid JSON",
        });
      } else {
        body = dropNulls(input.body);
        const validate = this.bodyValidator!;
        if (!validate(body)) {
          for (const e of validate.errors ?? []) {
            const name = bodyErrorField(e);
            issues.push({ location: "body", name, kind: issueKind(e), message: `${name} ${e.message}` });
          }
        }
      }
    }
    return { issues: dedupeBy(issues, (i) => `${i.location}|${i.name}|${i.kind}`), values, body };
  }

  /** Errors of a response against the model's schema for that status ([] when it conforms). */
  validateResponse(status: number, body: unknown): string[] {
    return this.responseValidators.check(status, body);
  }
}

/** One parsed spec per file per process (the files are large; parsing them once is enough). */
export const loadSpec = specsLoader((file) => new SwaggerSpec(file));

export const ORDERS_V0_SPEC = "models/orders-api-model/ordersV0.json";
export const ORDERS_2026_SPEC = "models/orders-api-model/orders_2026-01-01.json";
export const TOKENS_SPEC = "models/tokens-api-model/tokens_2021-03-01.json";
export const SELLERS_SPEC = "models/sellers-api-model/sellers.json";
