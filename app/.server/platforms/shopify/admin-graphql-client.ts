import { StepError, TransientError } from "../../errors";
import { SHOPIFY_API_VERSION } from "./api-version";

export interface AdminGraphqlClientOptions {
  /** https://{shop} against the real API, the emulator's base URL in sandbox/tests. */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } };
}

/**
 * Transport for the Shopify Admin GraphQL API. Throttling (THROTTLED in a 200, or a 429) and 5xx become
 * TransientError with a wait computed from the cost extension; a rejected token or a GraphQL error is a StepError.
 */
export class AdminGraphqlClient {
  constructor(private readonly opts: AdminGraphqlClientOptions) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const url = `${this.opts.baseUrl.replace(/\/$/, "")}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": this.opts.accessToken },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new TransientError(`Shopify did not answer: ${(e as Error).message}`);
    }
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("retry-after") ?? "1");
      throw new TransientError("Shopify rate limit (429)", Math.max(1, retryAfter) * 1000);
    }
    if (res.status >= 500) throw new TransientError(`Shopify answered ${res.status}`);
    if (res.status === 401 || res.status === 403) {
      throw new StepError("shop_auth", `Shopify rejected the app's access token (${res.status}); reinstall or reauthorise the app`);
    }
    const text = await res.text();
    let body: GraphqlResponse<T>;
    try {
      body = JSON.parse(text) as GraphqlResponse<T>;
    } catch {
      throw new TransientError(`Shopify answered a malformed body (${res.status})`);
    }
    if (res.status >= 400) {
      throw new StepError("shopify_bad_request", `Shopify rejected the request (${res.status}): ${text.slice(0, 300)}`);
    }
    const throttled = body.errors?.find((e) => e.extensions?.code === "THROTTLED");
    if (throttled) {
      const cost = body.extensions?.cost;
      const need = cost?.requestedQueryCost ?? 50;
      const status = cost?.throttleStatus;
      const waitMs = status ? Math.ceil(((need - status.currentlyAvailable) / Math.max(1, status.restoreRate)) * 1000) : 1000;
      throw new TransientError("Shopify throttled the request", Math.max(100, waitMs));
    }
    if (body.errors?.length) {
      throw new StepError("shopify_graphql", `Shopify GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`);
    }
    if (!body.data) throw new TransientError("Shopify answered without data");
    return body.data;
  }
}
